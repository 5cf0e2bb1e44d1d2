package dev.trustmirror.verifier.policy;

import static dev.trustmirror.verifier.policy.PolicyJson.allowOnly;
import static dev.trustmirror.verifier.policy.PolicyJson.array;
import static dev.trustmirror.verifier.policy.PolicyJson.member;
import static dev.trustmirror.verifier.policy.PolicyJson.object;
import static dev.trustmirror.verifier.policy.PolicyJson.required;
import static dev.trustmirror.verifier.policy.PolicyJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.verifier.policy.InvalidImageTrustPolicyException.Rule;
import dev.trustmirror.verifier.policy.LabelSelector.Operator;
import dev.trustmirror.verifier.policy.LabelSelector.Requirement;
import dev.trustmirror.verifier.text.UntrustedText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code spec.namespaceSelector}, with the label syntax of Kubernetes: keys {@code
 * [prefix/]name} (prefix a DNS subdomain of at most 253 characters, name at most 63 characters of
 * letters, digits, {@code -_.} starting and ending alphanumeric), values empty or like a name.
 */
final class SelectorParser {
  private static final int MAX_ENTRIES = 64;
  private static final Pattern LABEL_NAME =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private SelectorParser() {}

  static LabelSelector selector(JsonNode spec) throws InvalidImageTrustPolicyException {
    Optional<JsonNode> node = member(spec, "namespaceSelector");
    if (node.isEmpty()) {
      return LabelSelector.EVERYTHING;
    }
    String path = "spec.namespaceSelector";
    JsonNode selector = object(node.get(), path);
    allowOnly(selector, path, List.of("matchLabels", "matchExpressions"));
    Map<String, String> labels = new LinkedHashMap<>();
    Optional<JsonNode> matchLabels = member(selector, "matchLabels");
    if (matchLabels.isPresent()) {
      JsonNode map = object(matchLabels.get(), path + ".matchLabels");
      if (map.size() > MAX_ENTRIES) {
        throw new InvalidImageTrustPolicyException(
            Rule.TOO_LONG, path + ".matchLabels", "has more than " + MAX_ENTRIES + " labels");
      }
      for (Map.Entry<String, JsonNode> entry : map.properties()) {
        String entryPath = path + ".matchLabels." + entry.getKey();
        labels.put(key(entry.getKey(), entryPath), value(entry.getValue(), entryPath));
      }
    }
    List<Requirement> requirements = new ArrayList<>();
    Optional<JsonNode> expressions = member(selector, "matchExpressions");
    if (expressions.isPresent()) {
      JsonNode list = array(expressions.get(), path + ".matchExpressions", 0, MAX_ENTRIES);
      for (int i = 0; i < list.size(); i++) {
        requirements.add(requirement(list.get(i), path + ".matchExpressions[" + i + "]"));
      }
    }
    return new LabelSelector(labels, requirements);
  }

  private static Requirement requirement(JsonNode node, String path)
      throws InvalidImageTrustPolicyException {
    object(node, path);
    allowOnly(node, path, List.of("key", "operator", "values"));
    String key =
        key(text(required(node, "key", path + ".key"), path + ".key", 1, 317), path + ".key");
    String operatorText =
        text(required(node, "operator", path + ".operator"), path + ".operator", 0, 64);
    Operator operator =
        Operator.fromSpec(operatorText)
            .orElseThrow(
                () ->
                    new InvalidImageTrustPolicyException(
                        Rule.INVALID_VALUE,
                        path + ".operator",
                        "is '"
                            + UntrustedText.of(operatorText)
                            + "', not In, NotIn, Exists or DoesNotExist"));
    List<String> values = new ArrayList<>();
    Optional<JsonNode> valuesNode = member(node, "values");
    if (valuesNode.isPresent()) {
      JsonNode list = array(valuesNode.get(), path + ".values", 0, 256);
      for (int i = 0; i < list.size(); i++) {
        values.add(value(list.get(i), path + ".values[" + i + "]"));
      }
    }
    boolean needsValues = operator == Operator.IN || operator == Operator.NOT_IN;
    if (needsValues == values.isEmpty()) {
      throw new InvalidImageTrustPolicyException(
          Rule.INVALID_SELECTOR,
          path + ".values",
          needsValues
              ? "is empty, but " + operator.specName() + " needs at least one value"
              : "is given, but " + operator.specName() + " takes no values");
    }
    return new Requirement(key, operator, values);
  }

  private static String key(String key, String path) throws InvalidImageTrustPolicyException {
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? "" : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    boolean valid =
        name.length() <= 63
            && LABEL_NAME.matcher(name).matches()
            && (slash < 0 || (prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches()));
    if (!valid) {
      throw new InvalidImageTrustPolicyException(
          Rule.INVALID_SELECTOR,
          path,
          "has the label key '" + UntrustedText.of(key) + "', which is not [prefix/]name");
    }
    return key;
  }

  private static String value(JsonNode node, String path) throws InvalidImageTrustPolicyException {
    String value = text(node, path, 0, 63);
    if (!value.isEmpty() && !LABEL_NAME.matcher(value).matches()) {
      throw new InvalidImageTrustPolicyException(
          Rule.INVALID_SELECTOR,
          path,
          "('" + UntrustedText.of(value) + "') is not a label value (letters, digits, '-_.')");
    }
    return value;
  }
}
