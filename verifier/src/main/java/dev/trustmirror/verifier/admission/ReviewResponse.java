package dev.trustmirror.verifier.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The {@code admission.k8s.io/v1} AdmissionReview the webhook answers with. */
final class ReviewResponse {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReviewResponse() {}

  /** Admitted, with warnings and a JSON Patch when there are any. */
  static byte[] allowed(String uid, List<String> warnings, Optional<byte[]> patch) {
    ObjectNode review = review();
    ObjectNode response = response(review, uid, true, warnings);
    patch.ifPresent(
        p -> {
          response.put("patchType", "JSONPatch");
          response.put("patch", Base64.getEncoder().encodeToString(p));
        });
    return write(review);
  }

  /**
   * Denied.
   *
   * @param code the HTTP-like status code of the refusal (403 by a policy, 400 for a malformed
   *     review, 500 for an error)
   * @param reason the status reason ({@code Forbidden}, {@code BadRequest}, {@code InternalError})
   */
  static byte[] denied(String uid, int code, String reason, String message, List<String> warnings) {
    ObjectNode review = review();
    ObjectNode status = response(review, uid, false, warnings).putObject("status");
    status.put("code", code);
    status.put("reason", reason);
    status.put("message", message);
    return write(review);
  }

  private static ObjectNode review() {
    ObjectNode review = MAPPER.createObjectNode();
    review.put("apiVersion", ReviewParser.API_VERSION);
    review.put("kind", "AdmissionReview");
    return review;
  }

  private static ObjectNode response(
      ObjectNode review, String uid, boolean allowed, List<String> warnings) {
    ObjectNode response = review.putObject("response");
    response.put("uid", uid);
    response.put("allowed", allowed);
    if (!warnings.isEmpty()) {
      ArrayNode list = response.putArray("warnings");
      warnings.forEach(list::add);
    }
    return response;
  }

  private static byte[] write(ObjectNode review) {
    try {
      return MAPPER.writeValueAsBytes(review);
    } catch (Exception e) {
      throw new IllegalStateException("A response of strings always serialises", e);
    }
  }
}
