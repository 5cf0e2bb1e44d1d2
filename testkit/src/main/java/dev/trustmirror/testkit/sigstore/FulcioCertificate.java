package dev.trustmirror.testkit.sigstore;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A leaf certificate issued by a {@link TestFulcio}, with everything a test needs around it.
 *
 * @param leaf the code-signing certificate (with its embedded SCT list, unless the request said
 *     otherwise)
 * @param precertificate the RFC 6962 precertificate (poison extension, no SCTs) the SCT was
 *     computed over
 * @param chain the issuing chain without the leaf: intermediate, then root
 * @param key the ephemeral key the leaf certifies; it signs the artifact
 * @param request what was asked for
 */
public record FulcioCertificate(
    X509Certificate leaf,
    X509Certificate precertificate,
    List<X509Certificate> chain,
    SigningKey key,
    LeafRequest request) {

  /** Copies the chain. */
  public FulcioCertificate {
    chain = List.copyOf(chain);
  }

  /** Leaf, intermediate, root. */
  public List<X509Certificate> certificatePath() {
    List<X509Certificate> path = new ArrayList<>();
    path.add(leaf);
    path.addAll(chain);
    return List.copyOf(path);
  }

  /** The leaf as PEM (cosign's {@code dev.sigstore.cosign/certificate} annotation). */
  public String leafPem() {
    return Pem.certificate(leaf);
  }

  /** Intermediate and root as concatenated PEM, each with its trailing newline. */
  public String chainPem() {
    return Pem.certificates(chain);
  }
}
