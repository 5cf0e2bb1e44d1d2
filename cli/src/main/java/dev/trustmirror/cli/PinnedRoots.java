package dev.trustmirror.cli;

import dev.trustmirror.kube.trustroot.TrustAnchor;
import dev.trustmirror.tuf.TrustState;
import dev.trustmirror.tuf.TufRefusalException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where TrustRoot verification starts for {@code serve --trustroot} and {@code webhook}. */
final class PinnedRoots {
  private PinnedRoots() {}

  /**
   * {@code --root}, checked to be a TUF root now rather than refused at every change later; else
   * the resources' own roots, with a warning on {@code err}.
   *
   * @param what the resources, for the warning ("TrustRoot sigstore", "each TrustRoot")
   * @throws TufRefusalException when the file is not a usable root
   */
  static TrustAnchor anchor(Optional<Path> root, String what, PrintWriter err)
      throws IOException, TufRefusalException {
    if (root.isEmpty()) {
      err.println(
          "WARNING: no --root: the root inside "
              + what
              + " is trusted as it is, which proves the repository is consistent, not whose it is."
              + " Pin one with --root FILE.");
      return TrustAnchor.resourceRoot();
    }
    byte[] pinned;
    try {
      pinned = Files.readAllBytes(root.get());
    } catch (IOException e) {
      throw new IOException("Tried to read the root " + root.get() + " but failed because " + e, e);
    }
    TrustState.pin(pinned);
    return TrustAnchor.pinnedRoot(pinned);
  }
}
