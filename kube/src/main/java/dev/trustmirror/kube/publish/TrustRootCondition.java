package dev.trustmirror.kube.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * One entry of a {@code TrustRoot}'s {@code status.conditions}, in the Kubernetes condition shape
 * ({@code metav1.Condition}). trust-mirror writes three types, {@link #READY}, {@link
 * #EXPIRES_SOON} and {@link #SYNC_FAILED}; it reads every well-formed entry, including the ones
 * policy-controller writes on the same resource.
 *
 * @param type the condition type, e.g. {@code trust-mirror.dev/Ready}
 * @param status True, False or Unknown
 * @param reason a CamelCase reason, may be empty
 * @param message a human-readable message, may be empty
 * @param lastTransitionTime when {@code status} last changed, when known
 * @param observedGeneration the {@code metadata.generation} the condition was computed for, when
 *     known
 */
public record TrustRootCondition(
    String type,
    Status status,
    String reason,
    String message,
    Optional<Instant> lastTransitionTime,
    OptionalLong observedGeneration) {

  /**
   * A verified repository is published in the resource and none of its roles has expired. The type
   * carries our domain because policy-controller manages a plain {@code Ready} on the same resource
   * (ADR 0014).
   */
  public static final String READY = "trust-mirror.dev/Ready";

  /** A role of the published repository expires within the warning window (or has expired). */
  public static final String EXPIRES_SOON = "trust-mirror.dev/ExpiresSoon";

  /** The last sync failed; the resource still holds the last good repository. */
  public static final String SYNC_FAILED = "trust-mirror.dev/SyncFailed";

  /** The status of a condition, spelled as Kubernetes spells it. */
  public enum Status {
    TRUE("True"),
    FALSE("False"),
    UNKNOWN("Unknown");

    private final String value;

    Status(String value) {
      this.value = value;
    }

    /** {@code True}, {@code False} or {@code Unknown}. */
    public String value() {
      return value;
    }

    static Optional<Status> parse(String value) {
      for (Status s : values()) {
        if (s.value.equals(value)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  public TrustRootCondition {
    Objects.requireNonNull(type);
    Objects.requireNonNull(status);
    Objects.requireNonNull(reason);
    Objects.requireNonNull(message);
    Objects.requireNonNull(lastTransitionTime);
    Objects.requireNonNull(observedGeneration);
  }

  /** A condition as trust-mirror computes it, before a transition time is assigned. */
  static TrustRootCondition of(
      String type, Status status, String reason, String message, long generation) {
    return new TrustRootCondition(
        type, status, reason, message, Optional.empty(), OptionalLong.of(generation));
  }

  /** True when the type is one trust-mirror writes. */
  public boolean isOurs() {
    return type.equals(READY) || type.equals(EXPIRES_SOON) || type.equals(SYNC_FAILED);
  }

  /** The same condition with another transition time. */
  TrustRootCondition at(Instant transition) {
    return new TrustRootCondition(
        type,
        status,
        reason,
        message,
        Optional.of(transition.truncatedTo(ChronoUnit.SECONDS)),
        observedGeneration);
  }

  /** Equal in everything but the transition time: what decides whether status needs a write. */
  boolean sameAs(TrustRootCondition other) {
    return type.equals(other.type)
        && status == other.status
        && reason.equals(other.reason)
        && message.equals(other.message)
        && observedGeneration.equals(other.observedGeneration);
  }

  /** The JSON object written into {@code status.conditions}. */
  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("status", status.value());
    observedGeneration.ifPresent(g -> m.put("observedGeneration", g));
    lastTransitionTime.ifPresent(t -> m.put("lastTransitionTime", t.toString()));
    m.put("reason", reason);
    m.put("message", message);
    return m;
  }

  /**
   * Every well-formed condition of a resource's {@code status.conditions}, in order. An entry that
   * is not an object, has no non-empty string {@code type}, or whose {@code status} is not True,
   * False or Unknown is left out; a {@code reason} or {@code message} that is not a string reads as
   * empty, a {@code lastTransitionTime} that is not an RFC 3339 time or an {@code
   * observedGeneration} that is not a non-negative integer as absent. Never throws on content.
   */
  public static List<TrustRootCondition> readAll(GenericKubernetesResource resource) {
    JsonNode conditions =
        ResourceJson.MAPPER.valueToTree(resource).path("status").path("conditions");
    List<TrustRootCondition> out = new ArrayList<>();
    if (!conditions.isArray()) {
      return out;
    }
    for (JsonNode c : conditions) {
      parse(c).ifPresent(out::add);
    }
    return out;
  }

  /**
   * The conditions of a resource in a YAML or JSON document (a file), as {@link
   * #readAll(GenericKubernetesResource)} reads them; none when the document is larger than {@code
   * maxBytes}, not one YAML or JSON object, or uses YAML anchors.
   */
  public static List<TrustRootCondition> readAll(byte[] document, long maxBytes) {
    if (document.length > maxBytes) {
      return List.of();
    }
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxBytes + 1));
    loader.setMaxAliasesForCollections(0);
    loader.setNestingDepthLimit(64);
    YAMLMapper yaml =
        YAMLMapper.builder(YAMLFactory.builder().loaderOptions(loader).build()).build();
    try {
      JsonNode tree = yaml.readTree(document);
      if (tree == null || !tree.isObject()) {
        return List.of();
      }
      List<TrustRootCondition> out = new ArrayList<>();
      JsonNode conditions = tree.path("status").path("conditions");
      if (conditions.isArray()) {
        conditions.forEach(c -> parse(c).ifPresent(out::add));
      }
      return out;
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** One entry of {@code status.conditions}; empty when it is not a well-formed condition. */
  static Optional<TrustRootCondition> parse(JsonNode c) {
    if (!c.isObject() || !c.path("type").isTextual() || c.path("type").asText().isEmpty()) {
      return Optional.empty();
    }
    if (!c.path("status").isTextual()) {
      return Optional.empty();
    }
    Optional<Status> status = Status.parse(c.path("status").asText());
    if (status.isEmpty()) {
      return Optional.empty();
    }
    JsonNode generation = c.path("observedGeneration");
    OptionalLong observed =
        generation.isIntegralNumber() && generation.canConvertToLong() && generation.asLong() >= 0
            ? OptionalLong.of(generation.asLong())
            : OptionalLong.empty();
    return Optional.of(
        new TrustRootCondition(
            c.path("type").asText(),
            status.get(),
            textOrEmpty(c.path("reason")),
            textOrEmpty(c.path("message")),
            time(c.path("lastTransitionTime")),
            observed));
  }

  private static String textOrEmpty(JsonNode n) {
    return n.isTextual() ? n.asText() : "";
  }

  private static Optional<Instant> time(JsonNode n) {
    if (!n.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(n.asText()).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
