package dev.trustmirror.bench;

import dev.trustmirror.sync.source.RepositorySources;
import dev.trustmirror.sync.source.SourceOptions;
import dev.trustmirror.tuf.Limits;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufUpdater;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the ECDSA signature verifications of one first update, ours and the peer's, by putting a
 * counting {@code SHA256withECDSA} provider first (it delegates to BouncyCastle, which both clients
 * end up using for their keys anyway). Its own JVM: the extra provider must not touch the timings.
 * Prints {@code key=value} lines.
 */
public final class SignatureCount {
  static final AtomicLong VERIFIES = new AtomicLong();

  private SignatureCount() {}

  /** Entry point; no arguments. */
  public static void main(String[] args) throws Exception {
    // sigstore-java's Verifiers registers BouncyCastle on first use; make sure it is there.
    Class.forName(
        "dev.sigstore.tuf.encryption.Verifiers", true, SignatureCount.class.getClassLoader());
    Security.insertProviderAt(new CountingProvider(), 1);
    try (ServedHistory served = ServedHistory.start()) {
      for (int root : new int[] {1, SigstoreJavaPeer.LOWEST_READABLE_ROOT}) {
        long before = VERIFIES.get();
        try (RepositorySource http =
            RepositorySources.open(served.url(), SourceOptions.defaults())) {
          new TufUpdater(http, served.clock(), Limits.defaults())
              .update(TrustState.pin(served.root(root)));
        }
        System.out.println(
            "ours.first_update.root" + root + ".ecdsa_verifications=" + (VERIFIES.get() - before));
      }
      int root = SigstoreJavaPeer.LOWEST_READABLE_ROOT;
      Path work = Files.createTempDirectory("trust-mirror-bench-sigcount");
      try {
        long before = VERIFIES.get();
        SigstoreJavaPeer.firstUpdate(
            served.url(),
            SigstoreJavaPeer.writeRoot(served.root(root), work),
            Files.createDirectories(work.resolve("store")),
            served.clock());
        System.out.println(
            "peer.first_update.root" + root + ".ecdsa_verifications=" + (VERIFIES.get() - before));
      } finally {
        ServedHistory.deleteTree(work);
      }
    }
  }

  /** A provider whose only service is a counting SHA256withECDSA. */
  static final class CountingProvider extends Provider {
    private static final long serialVersionUID = 1L;

    CountingProvider() {
      super("TrustMirrorBenchCounting", "1.0", "counts SHA256withECDSA verifications");
      put("Signature.SHA256withECDSA", CountingEcdsa.class.getName());
    }
  }

  /** Delegates to BouncyCastle's SHA256withECDSA and counts {@code verify} calls. */
  public static final class CountingEcdsa extends SignatureSpi {
    private final Signature delegate;

    /** Called by the JCA. */
    public CountingEcdsa() throws NoSuchAlgorithmException, NoSuchProviderException {
      delegate = Signature.getInstance("SHA256withECDSA", "BC");
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
      delegate.initVerify(publicKey);
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
      throw new InvalidKeyException("verification only");
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
      delegate.update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
      delegate.update(b, off, len);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
      throw new SignatureException("verification only");
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
      VERIFIES.incrementAndGet();
      return delegate.verify(sigBytes);
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
}
