package dev.trustmirror.testkit.tuf;

import static dev.trustmirror.testkit.tuf.RoleType.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TamperTest {

  private final RepoBuilder repo = RepoBuilder.create(Instant.parse("2030-01-01T00:00:00Z"));
  private final JsonNode root;

  @TempDir Path tmp;

  TamperTest() throws Exception {
    root = TestData.readJson(repo.metadata(RoleType.ROOT));
  }

  @Test
  void editSignedResignsTheEditedContent() throws Exception {
    byte[] edited =
        Tamper.editSigned(
            repo.metadata(TIMESTAMP), s -> s.put("version", 99), repo.keys().forRole(TIMESTAMP));
    JsonNode envelope = TestData.readJson(edited);

    assertThat(envelope.at("/signed/version").asInt()).isEqualTo(99);
    assertThat(SignatureChecks.validSigners(envelope, root, "timestamp")).hasSize(1);
  }

  @Test
  void editKeepingSignaturesInvalidatesThem() throws Exception {
    byte[] edited =
        Tamper.editSignedKeepingSignatures(repo.metadata(TIMESTAMP), s -> s.put("version", 99));
    JsonNode envelope = TestData.readJson(edited);

    assertThat(envelope.get("signatures")).hasSize(1);
    assertThat(SignatureChecks.validSigners(envelope, root, "timestamp")).isEmpty();
  }

  @Test
  void replaceSignedRewritesAWrittenLayout() throws Exception {
    repo.writePublished(tmp);
    Tamper.replaceSigned(
        tmp, "timestamp.json", s -> s.put("version", 7), List.of(TestKey.generate()));
    JsonNode envelope = TestData.readJson(Files.readAllBytes(tmp.resolve("timestamp.json")));

    assertThat(envelope.at("/signed/version").asInt()).isEqualTo(7);
    assertThat(SignatureChecks.validSigners(envelope, root, "timestamp")).isEmpty();
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  @Test
  void paddingKeepsJsonAndSignature() throws Exception {
    byte[] padded = Tamper.padWithWhitespace(repo.metadata(TIMESTAMP), 100_000);

    assertThat(padded).hasSize(100_000);
    assertThat(SignatureChecks.validSigners(TestData.readJson(padded), root, "timestamp"))
        .hasSize(1);
  }

  @Test
  void structuralEditsDoWhatTheySay() throws Exception {
    byte[] file = repo.metadata(TIMESTAMP);

    assertThat(TestData.readJson(Tamper.removeSigned(file)).has("signed")).isFalse();
    assertThat(Tamper.truncate(file, 10)).hasSize(10);
    assertThat(Tamper.corruptLastByte(file)).hasSameSizeAs(file).isNotEqualTo(file);
    assertThat(
            TestData.readJson(Tamper.addSignatureEntry(file, "ab", ""))
                .get("signatures")
                .get(1)
                .get("keyid")
                .asText())
        .isEqualTo("ab");
  }
}
