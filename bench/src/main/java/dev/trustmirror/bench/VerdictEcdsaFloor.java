package dev.trustmirror.bench;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ECDSA floor of a verification: the exact ECDSA verifications it performs (algorithm, key,
 * message, signature), recorded once through a JCA provider put first for the duration of the
 * recording, then replayed with the JDK's own provider (SunEC). The recording provider is removed
 * before anything is measured.
 */
public final class VerdictEcdsaFloor {
  /** The JDK's ECDSA provider. */
  static final String JDK_PROVIDER = "SunEC";

  private static final String NAME = "TrustMirrorBenchEcdsaRecorder";
  private static final List<Recorded> RECORDED = new ArrayList<>();

  /** One ECDSA verification as it was made, and its result. */
  record Recorded(
      String algorithm, PublicKey key, byte[] message, byte[] signature, boolean verified) {}

  private final List<Recorded> verifications;

  private VerdictEcdsaFloor(List<Recorded> verifications) {
    this.verifications = List.copyOf(verifications);
  }

  /**
   * Records the ECDSA verifications of one run of {@code work} (run a few times before, so that
   * what is cached after the first run, as certificate signatures the JDK remembers, is not
   * counted).
   */
  static synchronized VerdictEcdsaFloor record(Runnable work) {
    for (int i = 0; i < 3; i++) {
      work.run();
    }
    RECORDED.clear();
    Security.insertProviderAt(new RecordingProvider(), 1);
    try {
      work.run();
    } finally {
      Security.removeProvider(NAME);
    }
    return new VerdictEcdsaFloor(RECORDED);
  }

  /** How many verifications, by algorithm. */
  Map<String, Integer> counts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Recorded r : verifications) {
      counts.merge(r.algorithm() + "/" + r.key().getAlgorithm(), 1, Integer::sum);
    }
    return counts;
  }

  /** The number of verifications. */
  int size() {
    return verifications.size();
  }

  /**
   * Replays every verification with SunEC; returns how many gave the recorded result (all of them,
   * when replayed right).
   */
  int replay() {
    int same = 0;
    try {
      for (Recorded r : verifications) {
        Signature signature = Signature.getInstance(r.algorithm(), JDK_PROVIDER);
        signature.initVerify(r.key());
        signature.update(r.message());
        if (signature.verify(r.signature()) == r.verified()) {
          same++;
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tried to replay an ECDSA verification but failed", e);
    }
    return same;
  }

  @Override
  public String toString() {
    return verifications.size() + " ECDSA verifications " + counts();
  }

  /** Serves ECDSA signature verification through {@link Recording}, for recording only. */
  static final class RecordingProvider extends Provider {
    private static final long serialVersionUID = 1L;

    RecordingProvider() {
      super(NAME, "1.0", "records ECDSA verifications");
      put("Signature.SHA256withECDSA", Sha256.class.getName());
      put("Signature.SHA384withECDSA", Sha384.class.getName());
      put("Signature.SHA512withECDSA", Sha512.class.getName());
      put("Signature.NONEwithECDSA", None.class.getName());
    }
  }

  /** Delegates to SunEC and records each {@code verify}. */
  abstract static class Recording extends SignatureSpi {
    private final String algorithm;
    private final Signature delegate;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private PublicKey key;

    Recording(String algorithm) throws NoSuchAlgorithmException, NoSuchProviderException {
      this.algorithm = algorithm;
      this.delegate = Signature.getInstance(algorithm, JDK_PROVIDER);
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
      key = publicKey;
      message.reset();
      delegate.initVerify(publicKey);
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
      throw new InvalidKeyException("verification only");
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
      message.write(b);
      delegate.update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
      message.write(b, off, len);
      delegate.update(b, off, len);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
      throw new SignatureException("verification only");
    }

    @Override
    protected boolean engineVerify(byte[] signature) throws SignatureException {
      byte[] signed = message.toByteArray();
      message.reset();
      boolean verified = delegate.verify(signature);
      synchronized (VerdictEcdsaFloor.class) {
        RECORDED.add(new Recorded(algorithm, key, signed, signature.clone(), verified));
      }
      return verified;
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
      throw new UnsupportedOperationException();
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
      throw new UnsupportedOperationException();
    }
  }

  /** SHA256withECDSA. */
  public static final class Sha256 extends Recording {
    /** Called by the JCA. */
    public Sha256() throws NoSuchAlgorithmException, NoSuchProviderException {
      super("SHA256withECDSA");
    }
  }

  /** SHA384withECDSA. */
  public static final class Sha384 extends Recording {
    /** Called by the JCA. */
    public Sha384() throws NoSuchAlgorithmException, NoSuchProviderException {
      super("SHA384withECDSA");
    }
  }

  /** SHA512withECDSA. */
  public static final class Sha512 extends Recording {
    /** Called by the JCA. */
    public Sha512() throws NoSuchAlgorithmException, NoSuchProviderException {
      super("SHA512withECDSA");
    }
  }

  /** NONEwithECDSA (bundle message signatures over a digest). */
  public static final class None extends Recording {
    /** Called by the JCA. */
    public None() throws NoSuchAlgorithmException, NoSuchProviderException {
      super("NONEwithECDSA");
    }
  }
}
