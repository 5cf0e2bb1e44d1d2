package dev.trustmirror.kube.trustroot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trustmirror.kube.trustroot.SigstoreKeysNote.Kind;
import dev.trustmirror.kube.trustroot.TrustRootRefusedException.Rule;
import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.tuf.VerifiedRepository;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code spec.sigstoreKeys} form, checked field by field against the real {@code
 * trusted_root.json} of history point 08 (read here with plain Jackson, independently).
 */
class SigstoreKeysFormTest {
  static JsonNode trustedRoot;
  static JsonNode keys;
  static GeneratedTrustRoot generated;

  @BeforeAll
  static void generate() throws Exception {
    VerifiedRepository repo = TestRepositories.history08();
    trustedRoot = Resources.JSON.readTree(repo.findTarget("trusted_root.json").orElseThrow());
    generated =
        TrustRootResources.generate(
            "sigstore", TrustRootForm.SIGSTORE_KEYS, repo, TestRepositories.history08Root());
    keys = Resources.tree(generated).path("spec").path("sigstoreKeys");
  }

  @Test
  void holdsOnlyTheFieldsOfPolicyControllersV1alpha1Types() {
    assertThat(Resources.tree(generated).get("spec").size()).isEqualTo(1);
    List<String> fields = new ArrayList<>();
    keys.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly("certificateAuthorities", "ctLogs", "tLogs", "timestampAuthorities");
    for (JsonNode ca : keys.get("certificateAuthorities")) {
      assertThat(names(ca)).containsExactly("certChain", "subject", "uri");
    }
    for (JsonNode log : keys.get("tLogs")) {
      assertThat(names(log)).containsExactly("baseURL", "hashAlgorithm", "publicKey");
    }
  }

  @Test
  void certificateAuthoritiesCarryTheirWholeChainAsPem() throws Exception {
    assertAuthorities(
        trustedRoot.get("certificateAuthorities"), keys.get("certificateAuthorities"));
    assertThat(keys.get("certificateAuthorities")).hasSize(2);
    assertThat(keys.at("/certificateAuthorities/1/certChain").asText()).isNotEmpty();
  }

  @Test
  void timestampAuthoritiesCarryTheirWholeChainAsPem() throws Exception {
    assertAuthorities(trustedRoot.get("timestampAuthorities"), keys.get("timestampAuthorities"));
    assertThat(keys.get("timestampAuthorities")).hasSize(1);
  }

  @Test
  void logsCarryTheirKeyAsPemAndTheHashAsPolicyControllerSpellsIt() {
    assertLogs(trustedRoot.get("tlogs"), keys.get("tLogs"));
    assertLogs(trustedRoot.get("ctlogs"), keys.get("ctLogs"));
    assertThat(keys.get("tLogs")).hasSize(2);
    assertThat(keys.get("ctLogs")).hasSize(2);
  }

  @Test
  void everyValidityEndAndTheEd25519RekorKeyAreReportedNotDroppedSilently() {
    // trusted_root.json: validFor.end on CA 0 (2022-12-31) and CT log 0 (2022-10-31); Rekor v2's
    // log2025-1 key is Ed25519.
    assertThat(generated.notes())
        .extracting(SigstoreKeysNote::kind, SigstoreKeysNote::entry)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                Kind.VALIDITY_END_DROPPED, "certificateAuthorities[0]"),
            org.assertj.core.groups.Tuple.tuple(Kind.VALIDITY_END_DROPPED, "ctLogs[0]"),
            org.assertj.core.groups.Tuple.tuple(Kind.NON_ECDSA_LOG_KEY, "tLogs[1]"));
    assertThat(generated.notes().get(0).detail()).contains("2022-12-31T23:59:59.999Z");
    assertThat(trustedRoot.at("/certificateAuthorities/0/validFor/end").asText())
        .isEqualTo("2022-12-31T23:59:59.999Z");
    assertThat(trustedRoot.at("/ctlogs/0/publicKey/validFor/end").asText())
        .isEqualTo("2022-10-31T23:59:59.999Z");
  }

  @Test
  void refusesARepositoryWithoutTrustedRoot() throws Exception {
    RepoBuilder builder =
        RepoBuilder.create(TestRepositories.GENERATED_AT).removeTarget("trusted_root.json");
    assertRefused(builder, Rule.MISSING_TRUSTED_ROOT, Optional.empty());
  }

  @Test
  void refusesATrustedRootThatIsNotJson() throws Exception {
    assertRefused(withTrustedRoot("not json"), Rule.MALFORMED_TRUSTED_ROOT, Optional.empty());
  }

  @Test
  void refusesAHashAlgorithmPolicyControllerCannotSpell() throws Exception {
    String root = trustedRoot.toString().replaceFirst("\"SHA2_256\"", "\"SHA3_256\"");
    assertRefused(
        withTrustedRoot(root), Rule.MALFORMED_TRUSTED_ROOT, Optional.of("tlogs[0].hashAlgorithm"));
  }

  @Test
  void refusesACertificateThatIsNotOne() throws Exception {
    String notACert = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
    String root =
        trustedRoot
            .toString()
            .replace(
                trustedRoot
                    .at("/certificateAuthorities/0/certChain/certificates/0/rawBytes")
                    .asText(),
                notACert);
    assertRefused(
        withTrustedRoot(root),
        Rule.MALFORMED_TRUSTED_ROOT,
        Optional.of("certificateAuthorities[0].certChain.certificates[0]"));
  }

  @Test
  void refusesAnAuthorityWithoutTheSubjectPolicyControllerRequires() throws Exception {
    String root = trustedRoot.toString().replaceFirst("\"organization\":\"sigstore.dev\",", "");
    assertRefused(
        withTrustedRoot(root),
        Rule.MALFORMED_TRUSTED_ROOT,
        Optional.of("certificateAuthorities[0].subject.organization"));
  }

  private static RepoBuilder withTrustedRoot(String content) {
    return RepoBuilder.create(TestRepositories.GENERATED_AT)
        .addOrChangeTarget("trusted_root.json", content.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertRefused(RepoBuilder builder, Rule rule, Optional<String> field) {
    VerifiedRepository repo = TestRepositories.generated(builder);
    assertThatThrownBy(
            () ->
                TrustRootResources.generate(
                    "x", TrustRootForm.SIGSTORE_KEYS, repo, TestRepositories.rootOf(builder)))
        .isInstanceOfSatisfying(
            TrustRootRefusedException.class,
            e -> {
              assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
              assertThat(e.field()).isEqualTo(field);
            });
  }

  private static void assertAuthorities(JsonNode expected, JsonNode actual) throws Exception {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      JsonNode want = expected.get(i);
      JsonNode got = actual.get(i);
      assertThat(got.at("/subject/organization").asText())
          .isEqualTo(want.at("/subject/organization").asText());
      assertThat(got.at("/subject/commonName").asText())
          .isEqualTo(want.at("/subject/commonName").asText());
      assertThat(got.get("uri").asText()).isEqualTo(want.get("uri").asText());
      String pem = Resources.utf8(Resources.decode(got.get("certChain")));
      assertPemShape(pem, "CERTIFICATE");
      List<byte[]> ders = new ArrayList<>();
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))) {
        ders.add(c.getEncoded());
      }
      JsonNode certs = want.at("/certChain/certificates");
      assertThat(ders).hasSize(certs.size());
      for (int j = 0; j < certs.size(); j++) {
        assertThat(ders.get(j))
            .isEqualTo(Base64.getDecoder().decode(certs.get(j).get("rawBytes").asText()));
      }
    }
  }

  private static void assertLogs(JsonNode expected, JsonNode actual) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      JsonNode want = expected.get(i);
      JsonNode got = actual.get(i);
      assertThat(got.get("baseURL").asText()).isEqualTo(want.get("baseUrl").asText());
      assertThat(want.get("hashAlgorithm").asText()).isEqualTo("SHA2_256");
      assertThat(got.get("hashAlgorithm").asText()).isEqualTo("sha-256");
      String pem = Resources.utf8(Resources.decode(got.get("publicKey")));
      assertPemShape(pem, "PUBLIC KEY");
      String body =
          pem.replace("-----BEGIN PUBLIC KEY-----", "")
              .replace("-----END PUBLIC KEY-----", "")
              .replace("\n", "");
      assertThat(Base64.getDecoder().decode(body))
          .isEqualTo(Base64.getDecoder().decode(want.at("/publicKey/rawBytes").asText()));
    }
  }

  /** As Go's pem.EncodeToMemory writes: BEGIN line, 64-character lines, END line, final \n. */
  private static void assertPemShape(String pem, String type) {
    assertThat(pem)
        .startsWith("-----BEGIN " + type + "-----\n")
        .endsWith("-----END " + type + "-----\n");
    for (String line : pem.split("\n")) {
      assertThat(line.length()).as(line).isLessThanOrEqualTo(64);
    }
  }

  private static List<String> names(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
