package dev.trustmirror.verifier.sigstore;

import static dev.trustmirror.verifier.sigstore.Fixtures.IMAGE;
import static dev.trustmirror.verifier.sigstore.Fixtures.LATER;
import static dev.trustmirror.verifier.sigstore.Fixtures.SIGSTORE;
import static dev.trustmirror.verifier.sigstore.Fixtures.certificate;
import static dev.trustmirror.verifier.sigstore.Fixtures.digest;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;

/**
 * Random byte flips, insertions, deletions and truncations of annotations, payloads and bundles
 * (seeded, so a failure repeats). Every mutant gives a verdict, never an exception, never an
 * internal error; a mutant is accepted only when it still means exactly the same as the original
 * (same payload, signature, certificate, log entry and timestamp after parsing: a flipped bit that
 * base64 ignores, a member nobody reads), otherwise it is refused.
 */
class FuzzedInputTest {
  private static final int ROUNDS = 400;

  private enum Mutation {
    FLIP,
    INSERT,
    DELETE,
    TRUNCATE
  }

  private static byte[] mutate(byte[] input, Random random) {
    if (input.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    int at = random.nextInt(input.length);
    Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
    byte[] out;
    switch (mutation) {
      case FLIP -> {
        out = input.clone();
        out[at] ^= (byte) (1 + random.nextInt(255));
      }
      case INSERT -> {
        out = new byte[input.length + 1];
        System.arraycopy(input, 0, out, 0, at);
        out[at] = (byte) random.nextInt(256);
        System.arraycopy(input, at, out, at + 1, input.length - at);
      }
      case DELETE -> {
        out = new byte[input.length - 1];
        System.arraycopy(input, 0, out, 0, at);
        System.arraycopy(input, at + 1, out, at, input.length - at - 1);
      }
      default -> out = java.util.Arrays.copyOf(input, at);
    }
    return out;
  }

  @Test
  void mutatedCosignLayersAreRefusedUnlessTheyMeanTheSame() {
    CosignLayer original =
        Fixtures.layer(
            SIGSTORE
                .cosign()
                .request(IMAGE)
                .certificate(certificate())
                .transparencyLog(true)
                .timestamp(true)
                .sign());
    SignatureVerifier verifier = Fixtures.keyless(false, LATER);
    assertThat(verifier.verifyCosign(digest(IMAGE), List.of(original)).verified()).isTrue();
    String meaning = meaning(original);
    Random random = new Random(20261122);
    List<String> keys = new ArrayList<>(new java.util.TreeSet<>(original.annotations().keySet()));
    int refused = 0;
    for (int round = 0; round < ROUNDS; round++) {
      int target = random.nextInt(keys.size() + 1);
      CosignLayer mutant;
      if (target == keys.size()) {
        mutant = new CosignLayer(mutate(original.payload(), random), original.annotations());
      } else {
        Map<String, String> annotations = new HashMap<>(original.annotations());
        String key = keys.get(target);
        byte[] value = mutate(annotations.get(key).getBytes(StandardCharsets.UTF_8), random);
        annotations.put(key, new String(value, StandardCharsets.UTF_8));
        mutant = new CosignLayer(original.payload(), annotations);
      }

      Verdict verdict = verifier.verifyCosign(digest(IMAGE), List.of(mutant));

      assertThat(verdict.codes()).as("round %d", round).doesNotContain(RefusalCode.INTERNAL_ERROR);
      if (!meaning.equals(meaning(mutant))) {
        assertThat(verdict.verified()).as("round %d: %s", round, verdict.summary()).isFalse();
      }
      refused += verdict.verified() ? 0 : 1;
    }
    // the few accepted mutants are those base64 or the chain annotation ignore
    assertThat(refused).isGreaterThan(ROUNDS * 8 / 10);
  }

  @Test
  void mutatedBundlesAreRefusedUnlessTheyMeanTheSame() {
    SignatureVerifier verifier = Fixtures.keyless(false, LATER);
    for (boolean dsse : new boolean[] {false, true}) {
      byte[] original =
          SIGSTORE
              .bundles()
              .request(IMAGE)
              .certificate(certificate())
              .dsse(dsse)
              .timestamp(true)
              .build()
              .getBytes(StandardCharsets.UTF_8);
      assertThat(verifier.verifyBundles(digest(IMAGE), List.of(original)).verified()).isTrue();
      String meaning = meaning(original);
      Random random = new Random(dsse ? 7 : 11);
      for (int round = 0; round < ROUNDS; round++) {
        byte[] mutant = mutate(original, random);

        Verdict verdict = verifier.verifyBundles(digest(IMAGE), List.of(mutant));

        assertThat(verdict.codes())
            .as("round %d", round)
            .doesNotContain(RefusalCode.INTERNAL_ERROR);
        if (!meaning.equals(meaning(mutant))) {
          assertThat(verdict.verified())
              .as(
                  "round %d: %s, input changed at %s",
                  round, verdict.summary(), diff(original, mutant))
              .isFalse();
        }
      }
    }
  }

  @Test
  void mutatedRealKeylessLayersNeverEscapeAsExceptions() {
    CosignLayer original = RealData.layers(RealData.KEYLESS).get(0);
    SignatureVerifier verifier =
        SignatureVerifier.create(
            VerificationPolicy.keyless(
                List.of(
                    new KeylessIdentity(
                        IdentityMatcher.exact(RealData.ISSUER),
                        IdentityMatcher.exact(RealData.EMAIL))),
                false,
                RealData.trustedRoot()),
            RealData.CLOCK);
    String meaning = meaning(original);
    Random random = new Random(5);
    List<String> keys = new ArrayList<>(new java.util.TreeSet<>(original.annotations().keySet()));
    for (int round = 0; round < ROUNDS / 2; round++) {
      Map<String, String> annotations = new HashMap<>(original.annotations());
      String key = keys.get(random.nextInt(keys.size()));
      annotations.put(
          key,
          new String(
              mutate(annotations.get(key).getBytes(StandardCharsets.UTF_8), random),
              StandardCharsets.UTF_8));
      CosignLayer mutant = new CosignLayer(original.payload(), annotations);

      Verdict verdict =
          verifier.verifyCosign(RealData.manifestDigest(RealData.KEYLESS), List.of(mutant));

      assertThat(verdict.codes()).doesNotContain(RefusalCode.INTERNAL_ERROR);
      if (!meaning.equals(meaning(mutant))) {
        assertThat(verdict.verified()).as("round %d: %s", round, verdict.summary()).isFalse();
      }
    }
  }

  /** Where two inputs first differ, with context. */
  private static String diff(byte[] a, byte[] b) {
    int i = 0;
    while (i < a.length && i < b.length && a[i] == b[i]) {
      i++;
    }
    int from = Math.max(0, i - 60);
    return "'"
        + new String(a, from, Math.min(a.length, i + 30) - from, StandardCharsets.UTF_8)
        + "' became '"
        + new String(b, from, Math.min(b.length, i + 30) - from, StandardCharsets.UTF_8)
        + "'";
  }

  /** Everything verification reads from a layer, or "malformed". */
  private static String meaning(CosignLayer layer) {
    try {
      CosignSignature s = CosignSignature.parse(layer);
      StringBuilder b = new StringBuilder();
      b.append(hex(s.payloadBytes())).append('|').append(hex(s.signature())).append('|');
      if (s.certificate().isPresent()) {
        b.append(hex(encoded(s.certificate().get())));
      }
      b.append('|');
      s.rekorEntry().ifPresent(e -> b.append(entry(e)));
      b.append('|');
      s.rfc3161Timestamp().ifPresent(t -> b.append(timestamp(t)));
      return b.toString();
    } catch (MalformedSignatureException e) {
      return "malformed";
    }
  }

  /** Everything verification reads from a bundle, or "malformed". */
  private static String meaning(byte[] bundle) {
    try {
      SigstoreBundle b = SigstoreBundle.parse(bundle);
      StringBuilder out = new StringBuilder(b.version().name()).append('|');
      for (X509Certificate c : b.certificates()) {
        out.append(hex(encoded(c))).append(',');
      }
      out.append('|').append(b.publicKeyHint().orElse("")).append('|');
      b.tlogEntries().forEach(e -> out.append(entry(e)).append(','));
      out.append('|');
      b.rfc3161Timestamps().forEach(t -> out.append(timestamp(t)).append(','));
      out.append('|');
      b.messageSignature()
          .ifPresent(
              m ->
                  out.append(m.digestAlgorithm().orElse(""))
                      .append(hex(m.digest()))
                      .append(hex(m.signature())));
      b.dsseEnvelope()
          .ifPresent(
              d ->
                  out.append(d.payloadType())
                      .append(hex(d.payload()))
                      .append(hex(d.signatures().get(0))));
      return out.toString();
    } catch (MalformedSignatureException e) {
      return "malformed";
    }
  }

  private static String entry(TransparencyLogEntry e) {
    StringBuilder b =
        new StringBuilder()
            .append(e.logIndex())
            .append(e.logIdHex())
            .append(e.integratedTime())
            .append(hex(e.body()))
            .append(e.signedEntryTimestamp().map(FuzzedInputTest::hex).orElse("-"));
    e.inclusionProof()
        .ifPresent(
            p -> {
              b.append(p.logIndex()).append(hex(p.rootHash())).append(p.treeSize());
              p.hashes().forEach(h -> b.append(hex(h)));
              b.append(p.checkpoint().map(FuzzedInputTest::checkpoint).orElse("-"));
            });
    return b.toString();
  }

  /**
   * What verification reads from a checkpoint: the signed text and each signature line decoded
   * (base64 without its padding decodes to the same bytes, so such a mutant means the same).
   */
  private static String checkpoint(String envelope) {
    return SignedNote.parse(envelope)
        .map(
            n -> {
              StringBuilder b = new StringBuilder(hex(n.textBytes()));
              n.signatures()
                  .forEach(
                      l ->
                          b.append('/')
                              .append(l.name())
                              .append(hex(l.keyHint()))
                              .append(hex(l.signature())));
              return b.toString();
            })
        .orElse("unparsable " + envelope);
  }

  /**
   * What a timestamp's verification reads: the status, the signed TSTInfo, the signer's ID, signed
   * attributes and signature. The certificates a token embeds are not signed and not used (the
   * trusted root's TSA certificate is), so changing them changes nothing.
   */
  private static String timestamp(byte[] encoded) {
    try {
      TimeStampResponse response = new TimeStampResponse(encoded);
      TimeStampToken token = response.getTimeStampToken();
      if (token == null) {
        return "status " + response.getStatus();
      }
      SignerInformation signer =
          token.toCMSSignedData().getSignerInfos().getSigners().iterator().next();
      return response.getStatus()
          + hex(token.getTimeStampInfo().getEncoded())
          + signer.getSID().getIssuer()
          + signer.getSID().getSerialNumber()
          + hex(signer.getEncodedSignedAttributes())
          + hex(signer.getSignature())
          + signer.getDigestAlgOID()
          + signer.getEncryptionAlgOID();
    } catch (Exception e) {
      return hex(encoded);
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
