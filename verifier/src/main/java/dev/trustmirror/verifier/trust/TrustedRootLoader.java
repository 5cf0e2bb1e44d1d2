package dev.trustmirror.verifier.trust;

import dev.trustmirror.tuf.PublishedDirectory;
import dev.trustmirror.tuf.PublishedRepository;
import dev.trustmirror.tuf.TufRefusalException;
import dev.trustmirror.tuf.VerifiedRepository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the trusted root the verifier uses, from one of the three places the command line offers: a
 * file ({@code --trusted-root FILE}), a published directory ({@code --repo DIR}, verified again
 * with the TUF client), or a verified repository (from a {@code TrustRoot} resource, {@code
 * --trustroot NAME}, which the kube module's {@code TrustRootReader} verifies).
 */
public final class TrustedRootLoader {
  /** The name of the target that holds the trusted root in Sigstore's TUF repository. */
  public static final String TARGET_NAME = "trusted_root.json";

  private TrustedRootLoader() {}

  /**
   * Reads a {@code trusted_root.json} file. Its authenticity is the operator's choice of file.
   *
   * @throws IOException when the file cannot be read
   * @throws TrustedRootRefusedException when it is too large or not a trusted root
   */
  public static TrustedRoot fromFile(Path file) throws IOException, TrustedRootRefusedException {
    String origin = file.toString();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // read one byte more than allowed so that an oversize file is refused, not truncated
      bytes = in.readNBytes(TrustedRoot.MAX_BYTES + 1);
    }
    return TrustedRoot.parse(bytes, origin);
  }

  /**
   * The target {@value #TARGET_NAME} of a repository the TUF client verified.
   *
   * @throws TrustedRootRefusedException when the repository lists no such target, or it does not
   *     parse
   */
  public static TrustedRoot fromRepository(VerifiedRepository repository)
      throws TrustedRootRefusedException {
    return fromRepository(repository, TARGET_NAME);
  }

  /** The target {@code targetName} of a repository the TUF client verified. */
  public static TrustedRoot fromRepository(VerifiedRepository repository, String targetName)
      throws TrustedRootRefusedException {
    String origin =
        "target "
            + targetName
            + " of the verified repository (root v"
            + repository.rootVersion()
            + ", timestamp v"
            + repository.timestampVersion()
            + ")";
    byte[] bytes =
        repository
            .findTarget(targetName)
            .orElseThrow(
                () ->
                    new TrustedRootRefusedException(
                        TrustedRootRefusedException.Rule.TARGET_MISSING,
                        origin,
                        "the targets role lists no such target (it has "
                            + repository.targetNames().size()
                            + " targets)",
                        null));
    return TrustedRoot.parse(bytes, origin);
  }

  /**
   * The trusted root of a published directory ({@code out/current}, {@code out/state}): the
   * directory is verified again with the TUF client ({@link PublishedDirectory#verify}) before its
   * target is read.
   *
   * @throws IOException when nothing was published or the state is unreadable
   * @throws TufRefusalException when the published files do not verify
   * @throws TrustedRootRefusedException when the verified repository has no usable trusted root
   */
  public static TrustedRoot fromPublishedDirectory(Path out)
      throws IOException, TufRefusalException, TrustedRootRefusedException {
    PublishedRepository published = PublishedDirectory.verify(out);
    return fromRepository(published.repository());
  }
}
