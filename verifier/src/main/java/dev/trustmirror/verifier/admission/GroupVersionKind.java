package dev.trustmirror.verifier.admission;

import java.util.Objects;

/**
 * The kind of the object under review ({@code request.kind}).
 *
 * @param group the API group, empty for the core group
 * @param version the version ({@code v1})
 * @param kind the kind ({@code Deployment})
 */
public record GroupVersionKind(String group, String version, String kind) {
  public GroupVersionKind {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(kind, "kind");
  }

  /** {@code apps/v1}, or {@code v1} for the core group: an object's {@code apiVersion}. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  @Override
  public String toString() {
    return apiVersion() + " " + kind;
  }
}
