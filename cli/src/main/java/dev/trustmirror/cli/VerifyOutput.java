package dev.trustmirror.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trustmirror.verifier.image.ImageVerification;
import dev.trustmirror.verifier.registry.RegistryRefusalException;
import dev.trustmirror.verifier.registry.RegistryUnavailableException;
import dev.trustmirror.verifier.sigstore.Reason;
import dev.trustmirror.verifier.sigstore.SignatureVerifier;
import dev.trustmirror.verifier.sigstore.TimeSource;
import dev.trustmirror.verifier.sigstore.Verdict;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * How {@code verify image} and {@code verify-bundle} print a verdict: one line for a verified image
 * (authority, signer, signing time and where that time comes from), every reason for a refusal; or
 * the verdict as JSON ({@code -o json}), always on stdout.
 */
final class VerifyOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Output formats. */
  enum Format {
    text,
    json
  }

  private VerifyOutput() {}

  /** Prints the result of {@code verify image} and returns the exit code. */
  static int image(
      ImageVerification result,
      SignatureVerifier verifier,
      Format format,
      PrintWriter out,
      PrintWriter err) {
    String subject = result.reference().toString();
    if (result instanceof ImageVerification.Judged judged) {
      if (result.reference().digest().isEmpty()) {
        subject += "@" + judged.digest();
      }
      if (format == Format.json) {
        ObjectNode json = verdict(judged.verdict(), verifier);
        json.put("reference", result.reference().toString());
        json.put("outcome", outcome(result));
        out.println(json.toPrettyString());
      } else {
        text(subject, judged.verdict(), out);
      }
      return judged.verified() ? ExitCodes.OK : ExitCodes.REFUSED;
    }
    if (result instanceof ImageVerification.RegistryRefused refused) {
      RegistryRefusalException e = refused.refusal();
      if (format == Format.json) {
        out.println(registryError(result, e.reason(), e.location(), e.getMessage()));
      } else {
        err.println("REFUSED by the registry (" + e.reason() + "): " + e.getMessage());
        err.println("Nothing was verified: " + subject + " is not verified.");
      }
      return ExitCodes.REFUSED;
    }
    RegistryUnavailableException e = ((ImageVerification.RegistryUnavailable) result).failure();
    if (format == Format.json) {
      out.println(registryError(result, "Unavailable", e.location(), e.getMessage()));
    } else {
      err.println("UNAVAILABLE: " + e.getMessage());
      err.println("Nothing was verified: " + subject + " is not verified.");
    }
    return ExitCodes.IO;
  }

  /** Prints the verdict of {@code verify-bundle} and returns the exit code. */
  static int bundle(
      String subject, Verdict verdict, SignatureVerifier verifier, Format format, PrintWriter out) {
    if (format == Format.json) {
      ObjectNode json = verdict(verdict, verifier);
      json.put("subject", subject);
      json.put("outcome", verdict.verified() ? "verified" : "refused");
      out.println(json.toPrettyString());
    } else {
      text(subject, verdict, out);
    }
    return verdict.verified() ? ExitCodes.OK : ExitCodes.REFUSED;
  }

  private static void text(String subject, Verdict verdict, PrintWriter out) {
    if (verdict.match().isPresent()) {
      Verdict.Match m = verdict.match().get();
      out.println(
          "VERIFIED "
              + subject
              + ": signature "
              + m.signature()
              + " by "
              + m.authority()
              + ", signer "
              + m.signer()
              + ", signed "
              + m.signingTime()
              + " ("
              + source(m.timeSource())
              + ")");
      return;
    }
    out.println(
        "REFUSED "
            + subject
            + ": no signature satisfies the policy ("
            + verdict.reasons().size()
            + (verdict.reasons().size() == 1 ? " reason" : " reasons")
            + ")");
    for (Reason reason : verdict.reasons()) {
      out.println("  - " + reason + " [" + reason.code() + "]");
    }
  }

  /** Where a signing time comes from, in words. */
  static String source(TimeSource source) {
    return switch (source) {
      case TLOG -> "time from the transparency log";
      case TSA -> "time from an RFC 3161 timestamp";
      case NOW -> "no trusted signing time: checked at the verifier's now";
    };
  }

  private static String outcome(ImageVerification result) {
    return result.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static ObjectNode verdict(Verdict verdict, SignatureVerifier verifier) {
    ObjectNode json = JSON.createObjectNode();
    json.put("digest", verdict.image().toString());
    json.put("verified", verdict.verified());
    verdict
        .match()
        .ifPresent(
            m ->
                json.putObject("match")
                    .put("signature", m.signature())
                    .put("authority", m.authority())
                    .put("signer", m.signer())
                    .put("signingTime", m.signingTime().toString())
                    .put("timeSource", m.timeSource().name().toLowerCase(Locale.ROOT)));
    ArrayNode reasons = json.putArray("reasons");
    for (Reason reason : verdict.reasons()) {
      ObjectNode r = reasons.addObject();
      r.put("signature", reason.signature());
      reason.authority().ifPresent(a -> r.put("authority", a));
      r.put("code", reason.code().name());
      r.put("message", reason.message());
    }
    json.put("policy", verifier.policyIdentity());
    json.putObject("trustedRoot")
        .put("identity", verifier.policy().trustedRoot().identity())
        .put("origin", verifier.policy().trustedRoot().origin());
    return json;
  }

  private static String registryError(
      ImageVerification result, String reason, String location, String message) {
    ObjectNode json = JSON.createObjectNode();
    json.put("reference", result.reference().toString());
    json.put("outcome", outcome(result));
    json.put("verified", false);
    json.putObject("error")
        .put("reason", reason)
        .put("location", location)
        .put("message", String.valueOf(message));
    return json.toPrettyString();
  }
}
