package dev.trustmirror.testkit.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our canonical JSON is the one the real Sigstore repository signed. */
class RealSigstoreDataTest {

  private static final Path HEAD = TestData.sigstoreRootSigning().resolve("history/08-60cf2ce8b2");

  @Test
  void everySignatureOfRealRoot15VerifiesOverOurCanonicalForm() throws Exception {
    JsonNode root = TestData.readJson(HEAD.resolve("15.root.json"));
    byte[] canonical = CanonicalJson.encode(root.get("signed"));
    JsonNode keys = root.get("signed").get("keys");

    assertThat(root.get("signatures")).hasSize(5);
    for (JsonNode signature : root.get("signatures")) {
      JsonNode key = keys.get(signature.get("keyid").asText());
      assertThat(key).as("key %s", signature.get("keyid")).isNotNull();
      assertThat(SignatureChecks.verifies(key, canonical, signature.get("sig").asText()))
          .as("signature by %s", signature.get("keyid"))
          .isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
  void realRootIsSignedByThresholdOfPreviousAndOwnKeys(int version) throws Exception {
    JsonNode previous = TestData.readJson(HEAD.resolve((version - 1) + ".root.json"));
    JsonNode root = TestData.readJson(HEAD.resolve(version + ".root.json"));

    assertThat(SignatureChecks.validSigners(root, previous, "root"))
        .hasSizeGreaterThanOrEqualTo(threshold(previous, "root"));
    assertThat(SignatureChecks.validSigners(root, root, "root"))
        .hasSizeGreaterThanOrEqualTo(threshold(root, "root"));
  }

  @Test
  void realTopLevelMetadataVerifiesAgainstRoot15() throws Exception {
    JsonNode root = TestData.readJson(HEAD.resolve("15.root.json"));
    for (String[] file :
        new String[][] {
          {"timestamp.json", "timestamp"},
          {"165.snapshot.json", "snapshot"},
          {"14.targets.json", "targets"}
        }) {
      JsonNode metadata = TestData.readJson(HEAD.resolve(file[0]));
      assertThat(SignatureChecks.validSigners(metadata, root, file[1]))
          .as(file[0])
          .hasSizeGreaterThanOrEqualTo(threshold(root, file[1]));
    }
  }

  @Test
  void realDelegatedRoleVerifiesAgainstItsDelegation() throws Exception {
    JsonNode delegations =
        TestData.readJson(HEAD.resolve("14.targets.json")).at("/signed/delegations");
    JsonNode role = delegations.get("roles").get(0);
    JsonNode delegated = TestData.readJson(HEAD.resolve("8.registry.npmjs.org.json"));

    assertThat(SignatureChecks.validSigners(delegated, delegations.get("keys"), role.get("keyids")))
        .hasSize(role.get("threshold").asInt());
  }

  private static int threshold(JsonNode root, String role) {
    return root.get("signed").get("roles").get(role).get("threshold").asInt();
  }
}
