package io.gamebus.bench;

import java.util.List;

/** What the connections do once they all got their welcome. */
interface Workload {

    /** Starts the traffic; called once, from the main thread. */
    void start(List<Peer> peers);

    /** The measured window starts now (the generator's own stats were just reset). */
    default void windowStarted() {
    }

    /** Stops sending; answers still arriving are ignored. */
    void stop();

    /** Workload-specific {@code key=value} fields of the RESULT line. */
    String fields(Stats.Window window);
}
