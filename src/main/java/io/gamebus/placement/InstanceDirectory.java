package io.gamebus.placement;

import io.gamebus.bus.InstanceInfo;
import io.gamebus.bus.RegistryEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This node's view of every game instance and node in the cluster (just this node when not
 * clustered), built from the {@link RegistryEvent}s every node publishes. Read by placement on
 * the gateways' threads, written by one consumer: thread-safe.
 *
 * <p>How stale can it be? Instances report on every change and at least every
 * {@link #REPORT_INTERVAL_MS}; an entry not heard of for {@link #EXPIRY_MS} is dropped. Between
 * reports, a gateway counts the placements it made itself ({@link Entry#pending}), so a burst
 * of hellos spreads out instead of herding onto the instance that looked emptiest.
 */
public final class InstanceDirectory {
  public static final long REPORT_INTERVAL_MS = 2_000;
  public static final long EXPIRY_MS = 3 * REPORT_INTERVAL_MS + 1_000;

  /** One instance: its last report and the placements made here since. */
  public static final class Entry {
    private volatile InstanceInfo info;
    private volatile long heardAt;
    final AtomicInteger pending = new AtomicInteger();
    /**
     * Sessions as of the latest join answered (or when placements started), before {@link #pending}.
     * It only grows while placements are in flight: the node's gateways settle on several event
     * loops, and an older answer arriving last must not undo a newer one.
     */
    private final AtomicInteger base = new AtomicInteger();

    Entry(InstanceInfo info, long now) {
      this.info = info;
      this.heardAt = now;
    }

    public InstanceInfo info() {
      return info;
    }

    /**
     * What placement compares: sessions plus placements in flight. While joins are in flight,
     * an instance's reports already count the ones it has taken but whose answers are still
     * queued here, so "reported + pending" would count them twice and push a burst of hellos
     * onto whichever instances report last. Instead: the count of the last answer plus what is
     * still pending, and never less than the latest report (other gateways place too).
     */
    int load() {
      int inFlight = pending.get();
      int reported = info.sessions();
      return inFlight == 0 ? reported : Math.max(reported, base.get() + inFlight);
    }

    /** A placement to this instance is in flight. */
    void reserve() {
      if (pending.getAndIncrement() == 0) {
        base.set(info.sessions());
      }
    }

    /** A join finished; {@code answer} is the instance's state right after it, or null if refused. */
    void settle(InstanceInfo answer) {
      if (answer != null) {
        base.accumulateAndGet(answer.sessions(), Math::max);
      }
      pending.updateAndGet(n -> Math.max(0, n - 1));
    }
  }

  /** A node as last announced. */
  public record Node(String id, List<String> roles, List<String> gateways, boolean leaving, String member,
                     long heardAt) {}

  private final Map<String, Entry> instances = new ConcurrentHashMap<>();
  private final Map<String, Node> nodes = new ConcurrentHashMap<>();
  /** A lost instance's id to the instance that took its players over. Ids are never reused. */
  private final Map<String, String> successors = new ConcurrentHashMap<>();

  public void apply(RegistryEvent event) {
    long now = System.currentTimeMillis();
    if (event instanceof RegistryEvent.InstanceReport report) {
      report.replaces().forEach(lost -> successors.put(lost, report.instance().id()));
      update(report.instance(), now);
    } else if (event instanceof RegistryEvent.InstanceGone gone) {
      instances.remove(gone.id());
    } else if (event instanceof RegistryEvent.NodeReport node) {
      nodes.put(node.node(), new Node(node.node(), node.roles(), node.gateways(), node.leaving(), node.member(), now));
    }
  }

  /** Records an instance's state as learnt first hand (a join's answer); older news is ignored. */
  public void update(InstanceInfo info, long now) {
    instances.compute(info.id(), (id, entry) -> {
      if (entry == null) {
        return new Entry(info, now);
      }
      if (info.seq() >= entry.info.seq() || !info.node().equals(entry.info.node())) {
        entry.info = info;
      }
      entry.heardAt = now;
      return entry;
    });
  }

  /**
   * Where the players of an instance are: the instance itself, or, after it was lost with its
   * node, the one that took them over (after several losses, the last of the chain); null
   * while none is known.
   */
  public InstanceInfo current(String instanceId) {
    String id = instanceId;
    for (int hops = 0; successors.containsKey(id) && hops < 64; hops++) {
      id = successors.get(id);
    }
    return instance(id);
  }

  /** The instances whose players {@code instanceId} took over, directly or through others. */
  public List<String> predecessorsOf(String instanceId) {
    List<String> out = new ArrayList<>();
    java.util.Deque<String> next = new java.util.ArrayDeque<>(List.of(instanceId));
    while (!next.isEmpty()) {
      String id = next.pop();
      successors.forEach((lost, successor) -> {
        if (successor.equals(id) && !out.contains(lost) && !lost.equals(instanceId)) {
          out.add(lost);
          next.push(lost);
        }
      });
    }
    return out;
  }

  public Entry entry(String instanceId) {
    return instances.get(instanceId);
  }

  public InstanceInfo instance(String instanceId) {
    Entry entry = instances.get(instanceId);
    return entry == null ? null : entry.info;
  }

  /** Every known instance of a game, any state. */
  public List<Entry> entriesOf(String game) {
    List<Entry> out = new ArrayList<>();
    for (Entry entry : instances.values()) {
      if (entry.info.game().equals(game)) {
        out.add(entry);
      }
    }
    return out;
  }

  public Collection<InstanceInfo> instances() {
    List<InstanceInfo> out = new ArrayList<>(instances.size());
    instances.values().forEach(e -> out.add(e.info));
    out.sort(Comparator.comparing(InstanceInfo::id));
    return out;
  }

  public Collection<Node> nodes() {
    return nodes.values();
  }

  public Node node(String id) {
    return nodes.get(id);
  }

  /** The ids of the games nodes not leaving, but for {@code except}, in order: who can take instances. */
  public List<String> gamesNodesBut(String except) {
    List<String> ids = new ArrayList<>();
    for (Node node : nodes.values()) {
      if (node.roles().contains("games") && !node.leaving() && !node.id().equals(except)) {
        ids.add(node.id());
      }
    }
    ids.sort(Comparator.naturalOrder());
    return ids;
  }

  /** Forgets a node and its instances at once (it left the cluster); returns the instances it had. */
  public List<InstanceInfo> forgetNode(String nodeId) {
    nodes.remove(nodeId);
    List<InstanceInfo> lost = new ArrayList<>();
    instances.values().removeIf(e -> {
      if (e.info.node().equals(nodeId)) {
        lost.add(e.info);
        return true;
      }
      return false;
    });
    return lost;
  }

  /** The node with this cluster member id, or null. */
  public Node nodeByMember(String member) {
    return nodes.values().stream().filter(n -> member.equals(n.member())).findFirst().orElse(null);
  }

  /** Drops what has not been heard of for too long. */
  public void expire(long now) {
    instances.values().removeIf(e -> now - e.heardAt > EXPIRY_MS);
    nodes.values().removeIf(n -> now - n.heardAt() > EXPIRY_MS);
  }
}
