package dev.trustmirror.verifier.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link EcdsaVerification} against the JDK's SunEC, which the verifier used before: the same
 * answer (verifies, does not verify, malformed) for valid signatures, tampered messages, other
 * keys, high-S twins, out-of-range r and s, and hostile DER (non-minimal and long-form lengths,
 * redundant or missing sign bytes, trailing bytes, extra values, wrong tags, truncations, random
 * byte flips), with many random keys on P-256, P-384 and P-521 (seeded: a failure repeats).
 */
class EcdsaVerificationTest {
  private static final int KEYS = 12;
  private static final int MUTANTS = 40;

  private enum Outcome {
    VERIFIES,
    DOES_NOT_VERIFY,
    MALFORMED
  }

  @ParameterizedTest
  @CsvSource({
    "secp256r1, SHA256withECDSA",
    "secp256r1, SHA384withECDSA",
    "secp384r1, SHA384withECDSA",
    "secp384r1, SHA256withECDSA",
    "secp384r1, SHA512withECDSA",
    "secp521r1, SHA512withECDSA",
    "secp521r1, SHA256withECDSA"
  })
  void answersAsTheJdkDoes(String curve, String algorithm) throws Exception {
    SecureRandom keyRandom = SecureRandom.getInstance("SHA1PRNG");
    keyRandom.setSeed((curve + algorithm).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Random random = new Random(curve.hashCode() * 31L + algorithm.hashCode());
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve), keyRandom);
    KeyPair other = generator.generateKeyPair();
    int compared = 0;
    int verified = 0;
    int malformed = 0;
    for (int k = 0; k < KEYS; k++) {
      KeyPair pair = generator.generateKeyPair();
      byte[] message = new byte[random.nextInt(300)];
      random.nextBytes(message);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(pair.getPrivate(), keyRandom);
      signer.update(message);
      byte[] signature = signer.sign();
      BigInteger n = ((ECPublicKey) pair.getPublic()).getParams().getOrder();
      List<byte[]> candidates = variants(signature, n, random);
      for (byte[] candidate : candidates) {
        Outcome jdk = jdk(pair.getPublic(), algorithm, message, candidate);
        assertThat(ours(pair.getPublic(), algorithm, message, candidate))
            .as("%s %s signature %s", curve, algorithm, HexFormat.of().formatHex(candidate))
            .isEqualTo(jdk);
        verified += jdk == Outcome.VERIFIES ? 1 : 0;
        malformed += jdk == Outcome.MALFORMED ? 1 : 0;
        compared++;
      }
      byte[] tampered = message.clone();
      if (tampered.length > 0) {
        tampered[random.nextInt(tampered.length)] ^= 1;
        assertThat(ours(pair.getPublic(), algorithm, tampered, signature))
            .isEqualTo(jdk(pair.getPublic(), algorithm, tampered, signature))
            .isEqualTo(Outcome.DOES_NOT_VERIFY);
      }
      assertThat(ours(other.getPublic(), algorithm, message, signature))
          .isEqualTo(jdk(other.getPublic(), algorithm, message, signature))
          .isEqualTo(Outcome.DOES_NOT_VERIFY);
      // a trusted (prepared once) key answers as a fresh one
      EcdsaVerification.trust(pair.getPublic());
      assertThat(ours(pair.getPublic(), algorithm, message, signature)).isEqualTo(Outcome.VERIFIES);
    }
    // the variants cover all three outcomes, so the comparison above says something
    assertThat(verified).isGreaterThanOrEqualTo(2 * KEYS);
    assertThat(malformed).isGreaterThan(KEYS);
    assertThat(compared - verified - malformed).isGreaterThan(KEYS);
  }

  @Test
  void digestSignaturesAnswerAsTheJdkNoneWithEcdsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    byte[] message = "subject".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(pair.getPrivate());
    signer.update(message);
    byte[] signature = signer.sign();
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);

    assertThat(ours(pair.getPublic(), "NONEwithECDSA", digest, signature))
        .isEqualTo(jdk(pair.getPublic(), "NONEwithECDSA", digest, signature))
        .isEqualTo(Outcome.VERIFIES);
    byte[] tooLong = new byte[65];
    assertThat(ours(pair.getPublic(), "NONEwithECDSA", tooLong, signature))
        .isEqualTo(jdk(pair.getPublic(), "NONEwithECDSA", tooLong, signature))
        .isEqualTo(Outcome.MALFORMED);
  }

  @Test
  void recordsTheVerificationsOfAPieceOfWorkForReplay() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair pair = generator.generateKeyPair();
    byte[] message = {1, 2, 3};
    Signature signer = Signature.getInstance("SHA384withECDSA");
    signer.initSign(pair.getPrivate());
    signer.update(message);
    byte[] signature = signer.sign();

    EcdsaVerification.Recorded<Boolean> recorded =
        EcdsaVerification.recording(
            () -> {
              boolean first = Signatures.verify(pair.getPublic(), message, signature);
              boolean second = Signatures.verify(pair.getPublic(), new byte[] {9}, signature);
              return first && !second;
            });

    assertThat(recorded.result()).isTrue();
    // P-384: SHA-256 first, then SHA-384 (Signatures' order), for both messages
    assertThat(recorded.operations())
        .extracting(EcdsaVerification.Operation::algorithm, EcdsaVerification.Operation::verified)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("SHA256withECDSA", false),
            org.assertj.core.groups.Tuple.tuple("SHA384withECDSA", true),
            org.assertj.core.groups.Tuple.tuple("SHA256withECDSA", false),
            org.assertj.core.groups.Tuple.tuple("SHA384withECDSA", false));
    assertThat(recorded.operations()).allMatch(EcdsaVerification.Operation::replay);
    // nothing is recorded outside recording()
    Signatures.verify(pair.getPublic(), message, signature);
    assertThat(recorded.operations()).hasSize(4);
  }

  @Test
  void rejectsNonCanonicalDerWithTypedFailure() throws SignatureException {
    // r = 1, s = 1 with a redundant leading zero in r
    assertThatThrownBy(() -> EcdsaVerification.decodeDer(hex("3007020200010201 01")))
        .isInstanceOf(SignatureException.class);
    // trailing byte after the sequence
    assertThatThrownBy(() -> EcdsaVerification.decodeDer(hex("300602010102010100")))
        .isInstanceOf(SignatureException.class);
    // long form for a short length
    assertThatThrownBy(() -> EcdsaVerification.decodeDer(hex("30810602010102010 1")))
        .isInstanceOf(SignatureException.class);
    // indefinite length
    assertThatThrownBy(() -> EcdsaVerification.decodeDer(hex("3080020101020101 0000")))
        .isInstanceOf(SignatureException.class);
    assertThat(EcdsaVerification.decodeDer(hex("3006020101020102")))
        .containsExactly(BigInteger.ONE, BigInteger.TWO);
    // like the JDK, an integer without its sign byte is read as a magnitude
    assertThat(EcdsaVerification.decodeDer(hex("3006020180020101")))
        .containsExactly(BigInteger.valueOf(128), BigInteger.ONE);
  }

  private static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replace(" ", ""));
  }

  /** The signature, crafted variants and random mutants. */
  private static List<byte[]> variants(byte[] signature, BigInteger n, Random random)
      throws Exception {
    BigInteger[] rs = EcdsaVerification.decodeDer(signature);
    BigInteger r = rs[0];
    BigInteger s = rs[1];
    List<byte[]> out = new ArrayList<>();
    out.add(signature);
    out.add(der(r, n.subtract(s))); // high-S twin: valid, low-S is not required
    out.add(der(s, r));
    out.add(der(BigInteger.ZERO, s));
    out.add(der(r, BigInteger.ZERO));
    out.add(der(n, s));
    out.add(der(r.add(n), s));
    out.add(der(r, s.add(n)));
    out.add(der(BigInteger.ONE, BigInteger.ONE));
    out.add(raw(0x30, concat(integer(r, 1), integer(s, 0)))); // redundant zero
    out.add(raw(0x30, concat(integer(r, 0), integer(s, 0), integer(s, 0)))); // three values
    out.add(raw(0x30, concat(integer(r, 0)))); // one value
    out.add(concat(signature, new byte[] {0})); // trailing
    out.add(raw(0x31, concat(integer(r, 0), integer(s, 0)))); // SET, not SEQUENCE
    out.add(longForm(signature));
    out.add(unpadded(r, s));
    out.add(concat(new byte[] {0x30, (byte) 0x80}, body(signature), new byte[] {0, 0}));
    out.add(new byte[0]);
    out.add(java.util.Arrays.copyOf(signature, signature.length - 1));
    out.add(p1363(r, s, n));
    for (int i = 0; i < MUTANTS; i++) {
      out.add(FuzzedMutation.mutate(signature, random));
    }
    return out;
  }

  private static Outcome ours(PublicKey key, String algorithm, byte[] message, byte[] signature) {
    try {
      return EcdsaVerification.verify(key, algorithm, message, signature)
          ? Outcome.VERIFIES
          : Outcome.DOES_NOT_VERIFY;
    } catch (SignatureException e) {
      return Outcome.MALFORMED;
    }
  }

  private static Outcome jdk(PublicKey key, String algorithm, byte[] message, byte[] signature)
      throws GeneralSecurityException {
    Signature verifier = Signature.getInstance(algorithm, "SunEC");
    verifier.initVerify(key);
    try {
      verifier.update(message);
      return verifier.verify(signature) ? Outcome.VERIFIES : Outcome.DOES_NOT_VERIFY;
    } catch (SignatureException | RuntimeException e) {
      // SunEC's NONEwithECDSA fails a too long digest with an index exception in update()
      return Outcome.MALFORMED;
    }
  }

  private static byte[] der(BigInteger r, BigInteger s) {
    return raw(0x30, concat(integer(r, 0), integer(s, 0)));
  }

  /** A DER INTEGER with {@code extraZeros} redundant leading zero bytes. */
  private static byte[] integer(BigInteger value, int extraZeros) {
    byte[] minimal = value.toByteArray();
    return raw(0x02, concat(new byte[extraZeros], minimal));
  }

  /** r and s as INTEGERs without the sign byte a high first bit needs. */
  private static byte[] unpadded(BigInteger r, BigInteger s) {
    return raw(0x30, concat(raw(0x02, magnitude(r)), raw(0x02, magnitude(s))));
  }

  private static byte[] magnitude(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes.length > 1 && bytes[0] == 0
        ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length)
        : bytes;
  }

  private static byte[] p1363(BigInteger r, BigInteger s, BigInteger n) {
    int size = (n.bitLength() + 7) / 8;
    byte[] out = new byte[2 * size];
    byte[] rb = magnitude(r);
    byte[] sb = magnitude(s);
    System.arraycopy(rb, 0, out, size - rb.length, rb.length);
    System.arraycopy(sb, 0, out, 2 * size - sb.length, sb.length);
    return out;
  }

  /** The same sequence with its length in the long form (two bytes where one would do). */
  private static byte[] longForm(byte[] signature) {
    byte[] body = body(signature);
    return concat(new byte[] {0x30, (byte) 0x81, (byte) body.length}, body);
  }

  private static byte[] body(byte[] signature) {
    int offset = (signature[1] & 0x80) == 0 ? 2 : 2 + (signature[1] & 0x7f);
    return java.util.Arrays.copyOfRange(signature, offset, signature.length);
  }

  private static byte[] raw(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (content.length < 0x80) {
      out.write(content.length);
    } else {
      out.write(0x81);
      out.write(content.length);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Random flips, insertions, deletions and truncations, as {@code FuzzedInputTest} does. */
  private static final class FuzzedMutation {
    private FuzzedMutation() {}

    static byte[] mutate(byte[] input, Random random) {
      int at = random.nextInt(input.length);
      switch (random.nextInt(4)) {
        case 0 -> {
          byte[] out = input.clone();
          out[at] ^= (byte) (1 + random.nextInt(255));
          return out;
        }
        case 1 -> {
          return concat(
              java.util.Arrays.copyOf(input, at),
              new byte[] {(byte) random.nextInt(256)},
              java.util.Arrays.copyOfRange(input, at, input.length));
        }
        case 2 -> {
          return concat(
              java.util.Arrays.copyOf(input, at),
              java.util.Arrays.copyOfRange(input, at + 1, input.length));
        }
        default -> {
          return java.util.Arrays.copyOf(input, at);
        }
      }
    }
  }
}
