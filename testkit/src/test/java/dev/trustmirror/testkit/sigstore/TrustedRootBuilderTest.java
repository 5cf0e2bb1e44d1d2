package dev.trustmirror.testkit.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.trustmirror.testkit.data.SigstoreTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our trusted_root.json is spelled like the real one and sigstore-java reads it as we meant. */
class TrustedRootBuilderTest {

  static final ObjectMapper JSON = new ObjectMapper();

  final SigstoreFixtures sigstore = SigstoreFixtures.create(51, SigstoreFixtures.DEFAULT_TIME);

  @Test
  void sigstoreJavaParsesEveryServiceWithItsKeysChainsAndWindows() throws Exception {
    Instant caEnd = Instant.parse("2030-01-01T00:00:00Z");
    SigstoreTrustedRoot root =
        SigstoreJava.trustedRoot(
            TrustedRootBuilder.create()
                .transparencyLog(sigstore.rekor())
                .certificateAuthority(
                    sigstore.fulcio(), sigstore.fulcio().validFrom(), Optional.of(caEnd))
                .ctLog(sigstore.ctLog())
                .timestampAuthority(sigstore.tsa()));

    assertThat(root.getCAs()).hasSize(1);
    assertThat(new ArrayList<Object>(root.getCAs().get(0).getCertPath().getCertificates()))
        .containsExactlyElementsOf(sigstore.fulcio().chain());
    assertThat(root.getCAs().get(0).getValidFor().getStart())
        .isEqualTo(sigstore.fulcio().validFrom());
    assertThat(root.getCAs().get(0).getValidFor().getEnd()).contains(caEnd);
    assertThat(root.getCAs().get(0).getUri().toString()).isEqualTo("https://fulcio.test");
    assertThat(root.getCAs().get(0).getSubject().getCommonName()).isEqualTo("sigstore");
    assertThat(root.getTLogs()).hasSize(1);
    assertThat(root.getTLogs().get(0).getLogId().getKeyId()).isEqualTo(sigstore.rekor().logId());
    assertThat(root.getTLogs().get(0).getPublicKey().toJavaPublicKey().getEncoded())
        .isEqualTo(sigstore.rekor().key().publicKey().getEncoded());
    assertThat(root.getTLogs().get(0).getBaseUrl().getHost()).isEqualTo("rekor.test");
    assertThat(root.getCTLogs()).hasSize(1);
    assertThat(root.getCTLogs().get(0).getLogId().getKeyId()).isEqualTo(sigstore.ctLog().logId());
    assertThat(root.getCTLogs().get(0).getPublicKey().getValidFor().getEnd()).isEmpty();
    assertThat(root.getTSAs()).hasSize(1);
    assertThat(new ArrayList<Object>(root.getTSAs().get(0).getCertPath().getCertificates()))
        .containsExactlyElementsOf(sigstore.tsa().chain());
  }

  @Test
  void spellsEveryMemberAsTheRealTrustedRootDoes() throws Exception {
    JsonNode ours =
        JSON.readTree(
            TrustedRootBuilder.create()
                .transparencyLog(sigstore.rekor())
                .certificateAuthority(
                    sigstore.fulcio(),
                    Instant.EPOCH,
                    Optional.of(Instant.parse("2030-01-01T00:00:00Z")))
                .ctLog(
                    sigstore.ctLog(),
                    Instant.EPOCH,
                    Optional.of(Instant.parse("2030-01-01T00:00:00Z")))
                .timestampAuthority(sigstore.tsa())
                .toBytes());
    JsonNode real = JSON.readTree(realTrustedRoot().toFile());

    assertThat(paths(ours, "")).isEqualTo(paths(real, ""));
    assertThat(fieldNames(ours)).containsExactlyElementsOf(fieldNames(real));
    assertThat(ours.get("mediaType").asText()).isEqualTo(real.get("mediaType").asText());
  }

  @Test
  void writesTheSameBytesItRenders(@TempDir Path dir) throws Exception {
    TrustedRootBuilder builder = sigstore.trustedRoot();

    Path file = builder.writeTo(dir.resolve("nested/trusted_root.json"));

    assertThat(Files.readAllBytes(file)).isEqualTo(builder.toBytes());
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  static Path realTrustedRoot() throws Exception {
    Path targets = SigstoreTestData.historyPoint(8).directory().resolve("targets");
    try (Stream<Path> files = Files.list(targets)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".trusted_root.json"))
          .findFirst()
          .orElseThrow();
    }
  }

  /** Every member path, arrays flattened: {@code tlogs[].publicKey.rawBytes}. */
  static TreeSet<String> paths(JsonNode node, String prefix) {
    TreeSet<String> paths = new TreeSet<>();
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        String path = prefix.isEmpty() ? member.getKey() : prefix + "." + member.getKey();
        paths.add(path);
        paths.addAll(paths(member.getValue(), path));
      }
    } else if (node.isArray()) {
      node.forEach(element -> paths.addAll(paths(element, prefix + "[]")));
    }
    return paths;
  }

  static java.util.List<String> fieldNames(JsonNode node) {
    var names = new ArrayList<String>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
