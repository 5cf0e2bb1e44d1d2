package dev.trustmirror.verifier.admission;

import java.util.Objects;
import java.util.Optional;

/**
 * The object an Event is about ({@code involvedObject} of a core/v1 Event, {@code regarding} of an
 * events.k8s.io/v1 Event).
 *
 * @param apiVersion the object's API version
 * @param kind its kind
 * @param namespace its namespace
 * @param name its name (may end in {@code *} when only its generateName was known)
 * @param uid its uid, once it has one
 */
public record InvolvedObject(
    String apiVersion, String kind, String namespace, String name, Optional<String> uid) {
  public InvolvedObject {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
  }
}
