package io.gamebus.instance;

import io.gamebus.bus.InstanceBound;

/** The messages to an instance that are about one of its sessions: Deliver, Leave, Rebind. */
final class SessionTraffic {
  private SessionTraffic() {}

  static boolean is(InstanceBound body) {
    return body instanceof InstanceBound.Deliver || body instanceof InstanceBound.Leave
        || body instanceof InstanceBound.Rebind;
  }

  /** The session a Deliver, Leave or Rebind is about. */
  static String sessionOf(InstanceBound item) {
    if (item instanceof InstanceBound.Deliver deliver) {
      return deliver.session();
    }
    if (item instanceof InstanceBound.Leave leave) {
      return leave.session();
    }
    if (item instanceof InstanceBound.Rebind rebind) {
      return rebind.session();
    }
    throw new IllegalArgumentException("not a session's traffic: " + item);
  }
}
