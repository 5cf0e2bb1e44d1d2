package dev.trustmirror.verifier.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.verifier.admission.MalformedReviewException.Rule;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReviewParserTest {
  private static final int LIMIT = 4 * 1024 * 1024;
  private static final String UID = "b4c1a6e2-0d5f-4c2b-9a77-3f8e1d2c4b60";

  @Test
  void readsTheRequestTheApiServerSends() throws Exception {
    AdmissionRequest request = ReviewParser.parse(Fixtures.review("pod-create.json"), LIMIT);

    assertThat(request.uid()).isEqualTo(UID);
    assertThat(request.kind()).isEqualTo(new GroupVersionKind("", "v1", "Pod"));
    assertThat(request.operation()).isEqualTo(Operation.CREATE);
    assertThat(request.namespace()).contains("shop");
    assertThat(request.name()).isEmpty();
    assertThat(request.subResource()).isEmpty();
    assertThat(request.dryRun()).isFalse();
    assertThat(request.object()).isPresent();
    assertThat(request.oldObject()).isEmpty();

    AdmissionRequest debug =
        ReviewParser.parse(Fixtures.review("pod-ephemeral-update.json"), LIMIT);
    assertThat(debug.subResource()).contains("ephemeralcontainers");
    assertThat(debug.oldObject()).isPresent();

    AdmissionRequest delete = ReviewParser.parse(Fixtures.review("pod-delete.json"), LIMIT);
    assertThat(delete.operation()).isEqualTo(Operation.DELETE);
    assertThat(delete.object()).isEmpty();
  }

  @Test
  void skipsMembersItDoesNotUseIncludingOnesNewerApiServersAdd() throws Exception {
    ObjectNode review = Fixtures.reviewTree("pod-create.json");
    review.putObject("futureTopLevel").putArray("x").addObject().put("y", 1);
    ((ObjectNode) review.get("request")).putObject("futureRequestField").put("z", true);
    ((ObjectNode) review.get("request")).put("dryRun", true);

    AdmissionRequest request = ReviewParser.parse(Fixtures.bytes(review), LIMIT);

    assertThat(request.uid()).isEqualTo(UID);
    assertThat(request.dryRun()).isTrue();
  }

  static Stream<Arguments> brokenRequests() {
    return Stream.of(
        broken(
            "wrong apiVersion",
            r -> r.put("apiVersion", "admission.k8s.io/v1beta1"),
            Rule.NOT_ADMISSION_REVIEW,
            "apiVersion",
            false),
        broken(
            "wrong kind",
            r -> r.put("kind", "TokenReview"),
            Rule.NOT_ADMISSION_REVIEW,
            "apiVersion",
            false),
        broken("no request", r -> r.remove("request"), Rule.NOT_ADMISSION_REVIEW, "request", false),
        broken(
            "request is a list",
            r -> r.putArray("request"),
            Rule.NOT_ADMISSION_REVIEW,
            "request",
            false),
        broken(
            "no uid",
            r -> request(r).remove("uid"),
            Rule.NOT_ADMISSION_REVIEW,
            "request.uid",
            false),
        broken(
            "uid is a number",
            r -> request(r).put("uid", 42),
            Rule.WRONG_TYPE,
            "request.uid",
            false),
        broken(
            "uid is empty",
            r -> request(r).put("uid", ""),
            Rule.NOT_ADMISSION_REVIEW,
            "request.uid",
            false),
        broken(
            "unknown operation",
            r -> request(r).put("operation", "PATCH"),
            Rule.INVALID_VALUE,
            "request.operation",
            true),
        broken(
            "no operation",
            r -> request(r).remove("operation"),
            Rule.MISSING,
            "request.operation",
            true),
        broken("no kind", r -> request(r).remove("kind"), Rule.MISSING, "request.kind", true),
        broken(
            "kind is a string",
            r -> request(r).put("kind", "Pod"),
            Rule.WRONG_TYPE,
            "request.kind",
            true),
        broken(
            "kind without version",
            r -> ((ObjectNode) request(r).get("kind")).remove("version"),
            Rule.WRONG_TYPE,
            "request.kind.version",
            true),
        broken(
            "object is a string",
            r -> request(r).put("object", "{}"),
            Rule.WRONG_TYPE,
            "request.object",
            true),
        broken(
            "no object on CREATE",
            r -> request(r).putNull("object"),
            Rule.MISSING,
            "request.object",
            true),
        broken(
            "namespace is a number",
            r -> request(r).put("namespace", 1),
            Rule.WRONG_TYPE,
            "request.namespace",
            true),
        broken(
            "dryRun is a string",
            r -> request(r).put("dryRun", "yes"),
            Rule.WRONG_TYPE,
            "request.dryRun",
            true));
  }

  private static ObjectNode request(ObjectNode review) {
    return (ObjectNode) review.get("request");
  }

  private static Arguments broken(
      String name, Consumer<ObjectNode> change, Rule rule, String field, boolean answerable) {
    ObjectNode review = Fixtures.reviewTree("pod-create.json");
    change.accept(review);
    return Arguments.of(name, Fixtures.bytes(review), rule, field, answerable);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRequests")
  void refusesBrokenRequestsNamingRuleFieldAndWhetherItCanAnswer(
      String name, byte[] body, Rule rule, String field, boolean answerable) {
    assertThatThrownBy(() -> ReviewParser.parse(body, LIMIT))
        .isInstanceOfSatisfying(
            MalformedReviewException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(rule);
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.answerable()).isEqualTo(answerable);
              if (answerable) {
                assertThat(e.uid()).contains(UID);
              }
            });
  }

  static Stream<Arguments> notReviews() {
    String deep = "{\"a\":".repeat(150) + "1" + "}".repeat(150);
    String prefix =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u-1\",";
    return Stream.of(
        Arguments.of("empty", "", Rule.NOT_ADMISSION_REVIEW, false),
        Arguments.of("a list", "[]", Rule.NOT_ADMISSION_REVIEW, false),
        Arguments.of("a number", "7", Rule.NOT_ADMISSION_REVIEW, false),
        Arguments.of("not JSON", "{apiVersion: v1}", Rule.NOT_JSON, false),
        Arguments.of("binary", "\u0000\u0001\u00ff", Rule.NOT_JSON, false),
        Arguments.of(
            "duplicate uid", "{\"request\":{\"uid\":\"a\",\"uid\":\"b\"}}", Rule.NOT_JSON, true),
        Arguments.of(
            "duplicate image after the uid",
            prefix + "\"object\":{\"spec\":{\"containers\":[{\"image\":\"a\",\"image\":\"b\"}]}}}}",
            Rule.NOT_JSON,
            true),
        Arguments.of(
            "truncated after the uid", prefix + "\"object\":{\"spec\":", Rule.NOT_JSON, true),
        Arguments.of(
            "nested 150 deep after the uid",
            prefix + "\"object\":" + deep + "}}",
            Rule.NOT_JSON,
            true),
        Arguments.of("two documents", "{} {}", Rule.NOT_JSON, false),
        Arguments.of("trailing garbage", "{}x", Rule.NOT_JSON, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notReviews")
  void refusesBodiesThatAreNotOneAdmissionReview(
      String name, String body, Rule rule, boolean answerable) {
    assertThatThrownBy(() -> ReviewParser.parse(body.getBytes(StandardCharsets.UTF_8), LIMIT))
        .isInstanceOfSatisfying(
            MalformedReviewException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(rule);
              assertThat(e.answerable()).isEqualTo(answerable);
            });
  }

  @Test
  void refusesBodiesOverTheLimitBeforeReadingThem() {
    byte[] body = new byte[1025];
    assertThatThrownBy(() -> ReviewParser.parse(body, 1024))
        .isInstanceOfSatisfying(
            MalformedReviewException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(Rule.TOO_LARGE);
              assertThat(e.uid()).isEmpty();
            });
  }
}
