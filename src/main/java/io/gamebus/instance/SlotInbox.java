package io.gamebus.instance;

import io.gamebus.bus.InstanceBound;
import io.gamebus.bus.LocalInstances;
import io.gamebus.game.Generation;
import io.vertx.core.Context;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An instance's door for session traffic from the gateways of its node ({@link LocalInstances}).
 * A message goes from the gateway's thread straight into the serving game's mailbox when the
 * slot would have done just that: its session has joined the serving game, no move or handover
 * is under way for it, and nothing the gateways sent before it is still on its way through the
 * slot. Everything else goes through the slot's event loop, in order, as event-bus traffic does.
 * This saves a request one thread hop of three.
 *
 * <p>The slot opens and closes the direct way from its event loop ({@link #serve},
 * {@link #allow}, {@link #deny}); gateways call {@link #accept} from theirs.
 */
final class SlotInbox implements LocalInstances.Inbox {
  private final Context slot;
  private final Consumer<InstanceBound> viaSlot;
  /** Sessions whose messages may go straight to {@link #target}. */
  private final Set<String> direct = new HashSet<>();
  private Generation target;
  /** Batches handed to the slot's event loop and not yet through, and holds: until none, nothing goes direct. */
  private int inSlot;

  /**
   * @param slot    the slot's context
   * @param viaSlot what the slot does with a session's traffic, on its context
   */
  SlotInbox(Context slot, Consumer<InstanceBound> viaSlot) {
    this.slot = slot;
    this.viaSlot = viaSlot;
  }

  @Override
  public void accept(List<InstanceBound> items) {
    List<InstanceBound> rest = items;
    synchronized (this) {
      if (inSlot == 0 && target != null) {
        int ready = 0;
        while (ready < items.size() && items.get(ready) instanceof InstanceBound.Deliver deliver
            && direct.contains(deliver.session())) {
          ready++;
        }
        if (ready > 0 && target.offerAll(items.subList(0, ready))) {
          rest = items.subList(ready, items.size());
        }
      }
      if (rest.isEmpty()) {
        return;
      }
      inSlot++;
    }
    List<InstanceBound> slow = List.copyOf(rest);
    slot.runOnContext(v -> {
      try {
        slow.forEach(viaSlot);
      } finally {
        synchronized (this) {
          inSlot--;
        }
      }
    });
  }

  /**
   * Until {@link #release()}, nothing goes direct: the slot is telling gateways about players
   * the game has not been given yet, and a message sent once a gateway heard of them must reach
   * the game after them. Called on the slot's event loop, around that task.
   */
  synchronized void hold() {
    inSlot++;
  }

  /** See {@link #hold()}. */
  synchronized void release() {
    inSlot--;
  }

  /** The game now serving (null: none, or none to be reached directly); no session goes direct yet. */
  synchronized void serve(Generation serving) {
    target = serving;
    direct.clear();
  }

  /** The serving game has been given this session's join: its messages may go direct. */
  synchronized void allow(String session) {
    if (target != null) {
      direct.add(session);
    }
  }

  /** The session left the instance, or is leaving it: its messages go through the slot. */
  synchronized void deny(String session) {
    direct.remove(session);
  }
}
