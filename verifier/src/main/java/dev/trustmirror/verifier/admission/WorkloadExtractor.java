package dev.trustmirror.verifier.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.verifier.admission.MalformedReviewException.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds every image an object runs: the containers, init containers and ephemeral containers of its
 * pod spec (a Pod's own, or the template of a controller), each with the JSON Pointer of its {@code
 * image} field; and where its registry credentials come from. Strict about types (an {@code image}
 * that is not a string is malformed, not skipped); a container without an image is skipped, since a
 * template may leave it to be filled in (a Pod without an image fails the API server's own
 * validation).
 */
final class WorkloadExtractor {
  private WorkloadExtractor() {}

  static Workload extract(
      AdmissionRequest request, WorkloadKind kind, JsonNode object, int maxImages)
      throws MalformedReviewException {
    Optional<String> uid = Optional.of(request.uid());
    JsonNode metadata = object.path("metadata");
    String namespace =
        request.namespace().or(() -> nonEmptyText(metadata.get("namespace"))).orElse("");
    if (namespace.isEmpty()) {
      throw new MalformedReviewException(
          Rule.MISSING, "request.namespace", uid, "is absent (and the object names none)");
    }
    String name =
        nonEmptyText(metadata.get("name"))
            .or(request::name)
            .or(() -> nonEmptyText(metadata.get("generateName")).map(g -> g + "*"))
            .orElse("");
    JsonNode podSpec = podSpec(object, kind, uid);
    List<ContainerImage> images = images(podSpec, kind, uid, maxImages);
    PullAuth pullAuth =
        new PullAuth(
            namespace, serviceAccount(podSpec, kind, uid), pullSecrets(podSpec, kind, uid));
    return new Workload(
        kind,
        request.kind().apiVersion(),
        namespace,
        name,
        nonEmptyText(metadata.get("uid")),
        images,
        pullAuth);
  }

  /** The images of {@code object}, for comparing an UPDATE with the stored object. */
  static List<ContainerImage> images(JsonNode object, WorkloadKind kind, String uid, int maxImages)
      throws MalformedReviewException {
    return images(podSpec(object, kind, Optional.of(uid)), kind, Optional.of(uid), maxImages);
  }

  private static JsonNode podSpec(JsonNode object, WorkloadKind kind, Optional<String> uid)
      throws MalformedReviewException {
    JsonNode podSpec = object.at(kind.podSpecPointer());
    if (!podSpec.isObject()) {
      throw new MalformedReviewException(
          Rule.MALFORMED_OBJECT,
          field(kind.podSpecPointer()),
          uid,
          "is " + (podSpec.isMissingNode() ? "absent" : "not an object") + " in a " + kind.kind());
    }
    return podSpec;
  }

  private static List<ContainerImage> images(
      JsonNode podSpec, WorkloadKind kind, Optional<String> uid, int maxImages)
      throws MalformedReviewException {
    List<ContainerImage> images = new ArrayList<>();
    for (ContainerType type : ContainerType.values()) {
      String listPointer = kind.podSpecPointer() + "/" + type.field();
      JsonNode list = podSpec.get(type.field());
      if (list == null || list.isNull()) {
        continue;
      }
      if (!list.isArray()) {
        throw new MalformedReviewException(
            Rule.MALFORMED_OBJECT, field(listPointer), uid, "is not a list");
      }
      for (int i = 0; i < list.size(); i++) {
        String pointer = listPointer + "/" + i;
        JsonNode container = list.get(i);
        if (!container.isObject()) {
          throw new MalformedReviewException(
              Rule.MALFORMED_OBJECT, field(pointer), uid, "is not an object");
        }
        String containerName = optionalText(container, "name", pointer, uid).orElse("");
        Optional<String> image = optionalText(container, "image", pointer, uid);
        if (image.isEmpty() || image.get().isEmpty()) {
          continue;
        }
        if (images.size() == maxImages) {
          throw new MalformedReviewException(
              Rule.TOO_MANY_IMAGES,
              field(kind.podSpecPointer()),
              uid,
              "runs more than " + maxImages + " images; the webhook checks at most that many");
        }
        images.add(new ContainerImage(pointer + "/image", type, containerName, image.get()));
      }
    }
    return images;
  }

  private static List<String> pullSecrets(JsonNode podSpec, WorkloadKind kind, Optional<String> uid)
      throws MalformedReviewException {
    String pointer = kind.podSpecPointer() + "/imagePullSecrets";
    JsonNode list = podSpec.get("imagePullSecrets");
    List<String> names = new ArrayList<>();
    if (list == null || list.isNull()) {
      return names;
    }
    if (!list.isArray()) {
      throw new MalformedReviewException(
          Rule.MALFORMED_OBJECT, field(pointer), uid, "is not a list");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode entry = list.get(i);
      if (!entry.isObject()) {
        throw new MalformedReviewException(
            Rule.MALFORMED_OBJECT, field(pointer + "/" + i), uid, "is not an object");
      }
      optionalText(entry, "name", pointer + "/" + i, uid)
          .filter(n -> !n.isEmpty())
          .ifPresent(names::add);
    }
    return names;
  }

  private static String serviceAccount(JsonNode podSpec, WorkloadKind kind, Optional<String> uid)
      throws MalformedReviewException {
    Optional<String> name = optionalText(podSpec, "serviceAccountName", kind.podSpecPointer(), uid);
    if (name.isEmpty() || name.get().isEmpty()) {
      // serviceAccount is the deprecated alias the API server still fills in
      name = optionalText(podSpec, "serviceAccount", kind.podSpecPointer(), uid);
    }
    return name.filter(n -> !n.isEmpty()).orElse("default");
  }

  private static Optional<String> optionalText(
      JsonNode parent, String member, String pointer, Optional<String> uid)
      throws MalformedReviewException {
    JsonNode value = parent.get(member);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new MalformedReviewException(
          Rule.MALFORMED_OBJECT, field(pointer + "/" + member), uid, "is not a string");
    }
    return Optional.of(value.textValue());
  }

  private static Optional<String> nonEmptyText(JsonNode value) {
    return value != null && value.isTextual() && !value.textValue().isEmpty()
        ? Optional.of(value.textValue())
        : Optional.empty();
  }

  /** {@code request.object} and the pointer: {@code request.object/spec/containers/0}. */
  private static String field(String pointer) {
    return "request.object" + pointer;
  }
}
