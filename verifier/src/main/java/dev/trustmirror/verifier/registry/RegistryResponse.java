package dev.trustmirror.verifier.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trustmirror.verifier.text.UntrustedText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One HTTP response as a call's pure handler sees it: status, headers, the body (bounded) and its
 * digest when the call asked for one.
 *
 * @param uri the URL that answered (after redirects)
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the body (empty for HEAD; cut at 64 KiB for error statuses)
 * @param bodyDigest the digest of the body, when the call asked for hashing and the status is 2xx
 */
record RegistryResponse(
    URI uri, int status, HttpHeaders headers, byte[] body, Optional<Digest> bodyDigest) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The first value of header {@code name}. */
  Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The {@code Content-Type}, when sent. */
  Optional<String> contentType() {
    return header("content-type");
  }

  /**
   * The {@code Docker-Content-Digest} header, when sent.
   *
   * @throws MalformedManifestException when it is sent but is not a digest
   */
  Optional<Digest> dockerContentDigest() throws MalformedManifestException {
    Optional<String> value = header("docker-content-digest");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Digest.parse(value.get().strip()));
    } catch (InvalidDigestException e) {
      throw new MalformedManifestException(
          MalformedManifestException.Rule.BAD_DIGEST_HEADER,
          uri.toString(),
          null,
          "its Docker-Content-Digest header is not a digest: " + e.getMessage(),
          e);
    }
  }

  /**
   * The codes and messages of a distribution error body ({@code {"errors":[{"code":...}]}}), for
   * messages; empty when the body is something else.
   */
  String registryErrors() {
    if (body.length == 0) {
      return "";
    }
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      List<String> parts = new ArrayList<>();
      for (JsonNode error : errors) {
        parts.add(error.path("code").asText("") + " " + error.path("message").asText(""));
        if (parts.size() == 3) {
          break;
        }
      }
      return UntrustedText.of(String.join("; ", parts).strip());
    } catch (IOException | RuntimeException notJson) {
      return "";
    }
  }
}
