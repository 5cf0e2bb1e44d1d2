package dev.trustmirror.verifier.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an AdmissionReview's {@code request} the webhook uses.
 *
 * @param uid the request's uid, echoed in the response
 * @param kind the kind of the object
 * @param subResource the subresource ({@code ephemeralcontainers}), if any
 * @param name the object's name, if known
 * @param namespace the object's namespace, if any
 * @param operation the operation
 * @param dryRun whether the request has no side effects (no Event then)
 * @param object the object as it would be stored (CREATE, UPDATE)
 * @param oldObject the object as stored before (UPDATE)
 */
record AdmissionRequest(
    String uid,
    GroupVersionKind kind,
    Optional<String> subResource,
    Optional<String> name,
    Optional<String> namespace,
    Operation operation,
    boolean dryRun,
    Optional<JsonNode> object,
    Optional<JsonNode> oldObject) {
  AdmissionRequest {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subResource, "subResource");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(oldObject, "oldObject");
  }
}
