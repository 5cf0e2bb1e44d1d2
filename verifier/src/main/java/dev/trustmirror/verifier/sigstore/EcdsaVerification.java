package dev.trustmirror.verifier.sigstore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECField;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * Every ECDSA verification of the verifier: payload and bundle signatures, SETs, checkpoints, SCTs
 * and the signing certificate's signature. On P-256, P-384 and P-521 it uses BouncyCastle's
 * lightweight {@link ECDSASigner} over its optimized curve implementations ({@link
 * CustomNamedCurves}), five to ten times faster than the JDK 17 SunEC provider on the same machine
 * (ADR 0019), never registered as a JCA provider; anything else (other curves, algorithms the table
 * below lacks) goes to the JDK's {@link Signature} as before.
 *
 * <p>The acceptance rules are the JDK's: the signature is strict DER ({@code SEQUENCE} of two
 * {@code INTEGER}s, definite minimal lengths, no redundant leading zero, nothing after the
 * sequence; like the JDK, an integer is read as an unsigned magnitude), r and s are in [1, n-1],
 * the hash is truncated to the order's bit length, and low-S is not required. A malformed encoding
 * throws {@link SignatureException} as the JDK does; a well-formed signature that does not verify
 * returns {@code false}. The differential test {@code EcdsaVerificationTest} holds both to the same
 * answers.
 *
 * <p>Keys of the trusted root and of the policy are long-lived: {@link #trust(PublicKey)} prepares
 * them once (curve identified, point decoded, BouncyCastle's precomputation kept with the point);
 * any other key, such as a new signing certificate's, is prepared on every call.
 *
 * <p>Public only for the benchmark: {@link #recording(Supplier)} returns the verifications a piece
 * of work made, which {@link Operation#replay()} repeats with this same implementation (the "ECDSA
 * floor" of docs/performance.md).
 */
public final class EcdsaVerification {
  private static final List<Curve> CURVES =
      List.of(curve("secp256r1"), curve("secp384r1"), curve("secp521r1"));

  /** JCA signature name to hash name; NONE is the message itself (already a digest). */
  private static final Map<String, String> HASHES =
      Map.of(
          "SHA256withECDSA", "SHA-256",
          "SHA384withECDSA", "SHA-384",
          "SHA512withECDSA", "SHA-512",
          "NONEwithECDSA", "NONE");

  /** The JDK's NONEwithECDSA accepts digests up to this length. */
  private static final int RAW_MAX = 64;

  /** Keys prepared once, by identity; weak, so that a dropped trusted root frees its keys. */
  private static final Cache<PublicKey, Prepared> TRUSTED =
      Caffeine.newBuilder().weakKeys().build();

  private static final ThreadLocal<List<Operation>> RECORDING = new ThreadLocal<>();

  private EcdsaVerification() {}

  /** An ECDSA curve BouncyCastle optimizes, and its domain. */
  private record Curve(X9ECParameters x9, ECDomainParameters domain) {}

  /** A key ready for {@link ECDSASigner}. */
  private record Prepared(ECPublicKeyParameters parameters) {}

  /**
   * One ECDSA verification as the verifier made it: the key object (prepared once when trusted),
   * the JCA algorithm name, the signed bytes, the signature, and the result.
   *
   * @param algorithm JCA name, e.g. {@code SHA256withECDSA}
   * @param key the key as passed
   * @param message the signed bytes (the digest for {@code NONEwithECDSA})
   * @param signature the DER signature
   * @param verified whether it verified
   */
  public record Operation(
      String algorithm, PublicKey key, byte[] message, byte[] signature, boolean verified) {
    /** Verifies again with the same implementation; whether the result is the recorded one. */
    public boolean replay() {
      boolean result;
      try {
        result = verifyUnrecorded(key, algorithm, message, signature);
      } catch (SignatureException e) {
        result = false;
      }
      return result == verified;
    }
  }

  /** What a piece of work returned, and the ECDSA verifications it made on this thread. */
  public record Recorded<T>(T result, List<Operation> operations) {}

  /**
   * Runs {@code work} on this thread and returns its result with the ECDSA verifications it made.
   */
  public static <T> Recorded<T> recording(Supplier<T> work) {
    List<Operation> operations = new ArrayList<>();
    List<Operation> outer = RECORDING.get();
    RECORDING.set(operations);
    try {
      return new Recorded<>(work.get(), List.copyOf(operations));
    } finally {
      if (outer == null) {
        RECORDING.remove();
      } else {
        RECORDING.set(outer);
      }
    }
  }

  /**
   * Marks {@code key} as long-lived (trusted root, policy): it is prepared once and reused for as
   * long as the key object is alive. Keys this class does not handle are ignored.
   */
  static void trust(PublicKey key) {
    if (TRUSTED.getIfPresent(key) == null) {
      prepare(key).ifPresent(p -> TRUSTED.put(key, p));
    }
  }

  /**
   * Whether this class verifies {@code algorithm} with {@code key} itself (not through the JDK).
   */
  static boolean handles(PublicKey key, String algorithm) {
    return HASHES.containsKey(algorithm) && curveOf(key).isPresent();
  }

  /**
   * Whether {@code signature} over {@code message} verifies with {@code key} under the JCA {@code
   * algorithm} ({@code SHA256withECDSA}, {@code SHA384withECDSA}, {@code SHA512withECDSA}, {@code
   * NONEwithECDSA}, or any other the JDK knows).
   *
   * @throws SignatureException when the signature is not strict DER (as the JDK throws)
   */
  static boolean verify(PublicKey key, String algorithm, byte[] message, byte[] signature)
      throws SignatureException {
    boolean verified;
    try {
      verified = verifyUnrecorded(key, algorithm, message, signature);
    } catch (SignatureException e) {
      record(key, algorithm, message, signature, false);
      throw e;
    }
    record(key, algorithm, message, signature, verified);
    return verified;
  }

  private static void record(
      PublicKey key, String algorithm, byte[] message, byte[] signature, boolean verified) {
    List<Operation> operations = RECORDING.get();
    if (operations != null) {
      operations.add(new Operation(algorithm, key, message.clone(), signature.clone(), verified));
    }
  }

  private static boolean verifyUnrecorded(
      PublicKey key, String algorithm, byte[] message, byte[] signature) throws SignatureException {
    String hash = HASHES.get(algorithm);
    Optional<Prepared> prepared =
        hash == null ? Optional.empty() : Optional.ofNullable(TRUSTED.getIfPresent(key));
    if (hash != null && prepared.isEmpty()) {
      prepared = prepare(key);
    }
    if (prepared.isEmpty()) {
      return withJdk(key, algorithm, message, signature);
    }
    BigInteger[] rs = decodeDer(signature);
    byte[] digest;
    if (hash.equals("NONE")) {
      if (message.length > RAW_MAX) {
        throw new SignatureException("Message digest is too long");
      }
      digest = message;
    } else {
      digest = digest(hash, message);
    }
    ECDSASigner signer = new ECDSASigner();
    signer.init(false, prepared.get().parameters());
    // ECDSASigner: r and s in [1, n-1], hash truncated to the order's bit length
    return signer.verifySignature(digest, rs[0], rs[1]);
  }

  private static boolean withJdk(PublicKey key, String algorithm, byte[] message, byte[] signature)
      throws SignatureException {
    try {
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (SignatureException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new SignatureException(
          "Tried to verify " + algorithm + " with a " + key.getAlgorithm() + " key but failed", e);
    }
  }

  private static Optional<Prepared> prepare(PublicKey key) {
    Optional<Curve> curve = curveOf(key);
    if (curve.isEmpty()) {
      return Optional.empty();
    }
    ECPublicKey ec = (ECPublicKey) key;
    try {
      // validates the point: on the curve, not at infinity
      return Optional.of(
          new Prepared(
              new ECPublicKeyParameters(
                  curve
                      .get()
                      .x9()
                      .getCurve()
                      .validatePoint(ec.getW().getAffineX(), ec.getW().getAffineY()),
                  curve.get().domain())));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Curve> curveOf(PublicKey key) {
    if (!(key instanceof ECPublicKey ec)) {
      return Optional.empty();
    }
    ECParameterSpec spec = ec.getParams();
    for (Curve curve : CURVES) {
      if (sameCurve(spec, curve.x9())) {
        return Optional.of(curve);
      }
    }
    return Optional.empty();
  }

  private static boolean sameCurve(ECParameterSpec spec, X9ECParameters x9) {
    ECField field = spec.getCurve().getField();
    return spec.getOrder().equals(x9.getN())
        && spec.getCofactor() == x9.getH().intValueExact()
        && field instanceof ECFieldFp fp
        && fp.getP().equals(x9.getCurve().getField().getCharacteristic())
        && spec.getCurve().getA().equals(x9.getCurve().getA().toBigInteger())
        && spec.getCurve().getB().equals(x9.getCurve().getB().toBigInteger())
        && spec.getGenerator().getAffineX().equals(x9.getG().getAffineXCoord().toBigInteger())
        && spec.getGenerator().getAffineY().equals(x9.getG().getAffineYCoord().toBigInteger());
  }

  /**
   * r and s of a DER {@code ECDSA-Sig-Value}, read as the JDK reads them (strict DER, integers as
   * unsigned magnitudes).
   */
  static BigInteger[] decodeDer(byte[] der) throws SignatureException {
    int[] at = {0};
    int end = header(der, at, 0x30, der.length);
    if (end != der.length) {
      throw malformed("bytes after the signature");
    }
    BigInteger r = integer(der, at, end);
    BigInteger s = integer(der, at, end);
    if (at[0] != end) {
      throw malformed("more than two values");
    }
    return new BigInteger[] {r, s};
  }

  private static BigInteger integer(byte[] der, int[] at, int limit) throws SignatureException {
    int end = header(der, at, 0x02, limit);
    int start = at[0];
    int length = end - start;
    if (length == 0) {
      throw malformed("an empty integer");
    }
    if (length >= 2 && der[start] == 0 && der[start + 1] >= 0) {
      throw malformed("redundant leading zeros");
    }
    at[0] = end;
    byte[] magnitude = new byte[length];
    System.arraycopy(der, start, magnitude, 0, length);
    return new BigInteger(1, magnitude);
  }

  /** Reads a tag and a DER length; returns where the content ends, with at[0] at its start. */
  private static int header(byte[] der, int[] at, int tag, int limit) throws SignatureException {
    int i = at[0];
    if (i + 2 > limit || (der[i] & 0xff) != tag) {
      throw malformed("not the expected tag");
    }
    int first = der[i + 1] & 0xff;
    i += 2;
    int length;
    if (first < 0x80) {
      length = first;
    } else {
      int count = first & 0x7f;
      if (count == 0 || count > 4) {
        throw malformed("an indefinite or oversized length");
      }
      if (i + count > limit || der[i] == 0) {
        throw malformed("a truncated length or redundant length bytes");
      }
      long value = 0;
      for (int k = 0; k < count; k++) {
        value = (value << 8) | (der[i + k] & 0xff);
      }
      i += count;
      if (value < 0x80) {
        throw malformed("the long form for a short length");
      }
      if (value > limit - i) {
        throw malformed("a length past the end");
      }
      length = (int) value;
    }
    if (length > limit - i) {
      throw malformed("a length past the end");
    }
    at[0] = i;
    return i + length;
  }

  private static SignatureException malformed(String why) {
    return new SignatureException("Invalid encoding for signature: " + why);
  }

  private static byte[] digest(String hash, byte[] message) {
    try {
      return MessageDigest.getInstance(hash).digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(hash + " is always available", e);
    }
  }

  private static Curve curve(String name) {
    X9ECParameters x9 = CustomNamedCurves.getByName(name);
    return new Curve(x9, new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH()));
  }
}
