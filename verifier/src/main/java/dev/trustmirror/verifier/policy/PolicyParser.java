package dev.trustmirror.verifier.policy;

import static dev.trustmirror.verifier.policy.PolicyJson.allowOnly;
import static dev.trustmirror.verifier.policy.PolicyJson.array;
import static dev.trustmirror.verifier.policy.PolicyJson.member;
import static dev.trustmirror.verifier.policy.PolicyJson.object;
import static dev.trustmirror.verifier.policy.PolicyJson.required;
import static dev.trustmirror.verifier.policy.PolicyJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmirror.verifier.policy.InvalidImageTrustPolicyException.Rule;
import dev.trustmirror.verifier.text.UntrustedText;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an {@code ImageTrustPolicy} resource, checking every rule of the CRD (helm chart {@code
 * templates/crds/imagetrustpolicies.yaml}) again: the API server checks them too, but a policy may
 * come from a file, an older CRD, or an API server without CEL validation.
 */
final class PolicyParser {
  static final String UNNAMED = "(unnamed)";

  /** DNS-1123 subdomain: names of TrustRoots, Secrets and namespaces. */
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private static final ObjectMapper RESOURCE_MAPPER = new ObjectMapper();

  private PolicyParser() {}

  static ImageTrustPolicy parse(byte[] json) throws InvalidImageTrustPolicyException {
    return parse(PolicyJson.readObject(json));
  }

  static byte[] toJson(GenericKubernetesResource resource) throws InvalidImageTrustPolicyException {
    try {
      return RESOURCE_MAPPER.writeValueAsBytes(resource);
    } catch (Exception e) {
      throw new InvalidImageTrustPolicyException(
          Rule.NOT_JSON, "", "cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  static LoadedPolicy load(GenericKubernetesResource resource) {
    try {
      return load(toJson(resource));
    } catch (InvalidImageTrustPolicyException e) {
      String name =
          resource.getMetadata() != null && resource.getMetadata().getName() != null
              ? resource.getMetadata().getName()
              : UNNAMED;
      return new InvalidPolicy(
          name,
          0,
          PolicyScope.EVERYTHING,
          FailurePolicy.BLOCK,
          e.rule(),
          e.field(),
          e.getMessage());
    }
  }

  static LoadedPolicy load(byte[] json) {
    JsonNode root;
    try {
      root = PolicyJson.readObject(json);
    } catch (InvalidImageTrustPolicyException e) {
      return new InvalidPolicy(
          UNNAMED,
          0,
          PolicyScope.EVERYTHING,
          FailurePolicy.BLOCK,
          e.rule(),
          e.field(),
          e.getMessage());
    }
    try {
      return parse(root);
    } catch (InvalidImageTrustPolicyException e) {
      return PartialPolicy.of(root, e);
    }
  }

  static ImageTrustPolicy parse(JsonNode root) throws InvalidImageTrustPolicyException {
    allowOnly(root, "", List.of("apiVersion", "kind", "metadata", "spec", "status"));
    String apiVersion = text(required(root, "apiVersion", "apiVersion"), "apiVersion", 0, 256);
    String kind = text(required(root, "kind", "kind"), "kind", 0, 256);
    if (!apiVersion.equals(ImageTrustPolicy.API_VERSION) || !kind.equals(ImageTrustPolicy.KIND)) {
      throw new InvalidImageTrustPolicyException(
          Rule.WRONG_RESOURCE,
          "apiVersion",
          "and kind are '"
              + UntrustedText.of(apiVersion)
              + " "
              + UntrustedText.of(kind)
              + "', not '"
              + ImageTrustPolicy.API_VERSION
              + " "
              + ImageTrustPolicy.KIND
              + "'");
    }
    JsonNode metadata = object(required(root, "metadata", "metadata"), "metadata");
    String name = text(required(metadata, "name", "metadata.name"), "metadata.name", 1, 253);
    JsonNode spec = object(required(root, "spec", "spec"), "spec");
    allowOnly(
        spec,
        "spec",
        List.of(
            "images",
            "exclude",
            "authorities",
            "trustRootRef",
            "ignoreTlog",
            "failurePolicy",
            "namespaceSelector"));
    List<ImageGlob> images = globs(spec, "images", 1);
    List<ImageGlob> exclude =
        member(spec, "exclude").isPresent() ? globs(spec, "exclude", 0) : List.of();
    List<Authority> authorities = AuthorityParser.authorities(spec);
    Optional<String> trustRootRef = Optional.empty();
    Optional<JsonNode> ref = member(spec, "trustRootRef");
    if (ref.isPresent()) {
      trustRootRef = Optional.of(dnsName(ref.get(), "spec.trustRootRef", 253));
    }
    boolean ignoreTlog =
        member(spec, "ignoreTlog").isPresent()
            && PolicyJson.bool(spec.get("ignoreTlog"), "spec.ignoreTlog");
    return new ImageTrustPolicy(
        name,
        generation(root),
        new PolicyScope(images, exclude, SelectorParser.selector(spec)),
        authorities,
        trustRootRef,
        ignoreTlog,
        failurePolicy(spec));
  }

  static List<ImageGlob> globs(JsonNode spec, String member, int min)
      throws InvalidImageTrustPolicyException {
    String path = "spec." + member;
    JsonNode list = array(required(spec, member, path), path, min, 256);
    List<ImageGlob> globs = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String itemPath = path + "[" + i + "]";
      globs.add(ImageGlob.parse(text(list.get(i), itemPath, 1, ImageGlob.MAX_LENGTH), itemPath));
    }
    return globs;
  }

  static FailurePolicy failurePolicy(JsonNode spec) throws InvalidImageTrustPolicyException {
    Optional<JsonNode> value = member(spec, "failurePolicy");
    if (value.isEmpty()) {
      return FailurePolicy.BLOCK;
    }
    String text = text(value.get(), "spec.failurePolicy", 0, 64);
    return FailurePolicy.fromSpec(text)
        .orElseThrow(
            () ->
                new InvalidImageTrustPolicyException(
                    Rule.INVALID_VALUE,
                    "spec.failurePolicy",
                    "is '" + UntrustedText.of(text) + "', not Block or Warn"));
  }

  /** {@code metadata.generation}, leniently: 0 when absent or not a non-negative integer. */
  static long generation(JsonNode root) {
    JsonNode generation = root.path("metadata").path("generation");
    return generation.canConvertToLong()
            && generation.isIntegralNumber()
            && generation.asLong() >= 0
        ? generation.asLong()
        : 0;
  }

  static String dnsName(JsonNode value, String path, int max)
      throws InvalidImageTrustPolicyException {
    String text = text(value, path, 1, max);
    if (!DNS_SUBDOMAIN.matcher(text).matches()) {
      throw new InvalidImageTrustPolicyException(
          Rule.INVALID_VALUE,
          path,
          "('"
              + UntrustedText.of(text)
              + "') is not a Kubernetes name (lowercase letters, digits, '-' and '.')");
    }
    return text;
  }
}
