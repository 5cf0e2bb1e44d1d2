package dev.trustmirror.kube.publish;

import dev.trustmirror.tuf.expiry.ExpiryLevel;
import dev.trustmirror.tuf.expiry.ExpiryReport;
import dev.trustmirror.tuf.expiry.ExpiryReport.RoleExpiry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rate limit of the ExpiresSoon Event: once per role, role version and level. A role that is back
 * to OK (renewed) is forgotten, so that its next approach to expiry is announced again. Kept in
 * memory; after a restart the Event's deterministic name keeps it from being said twice.
 */
final class ExpiryAnnouncements {
  private final Map<String, String> announced = new HashMap<>();

  /** The roles of {@code report} to announce now: at WARNING or worse, not announced so. */
  synchronized List<RoleExpiry> due(ExpiryReport report) {
    List<RoleExpiry> due = new ArrayList<>();
    for (RoleExpiry r : report.roles()) {
      if (r.level() == ExpiryLevel.OK) {
        announced.remove(r.role());
      } else if (!key(r).equals(announced.get(r.role()))) {
        due.add(r);
      }
    }
    return due;
  }

  /** Remembers that {@code r} was announced. */
  synchronized void announced(RoleExpiry r) {
    announced.put(r.role(), key(r));
  }

  private static String key(RoleExpiry r) {
    return r.version() + "/" + r.level();
  }
}
