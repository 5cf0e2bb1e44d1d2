package dev.trustmirror.kube.trustroot;

import dev.trustmirror.tuf.TrustState;
import java.util.Objects;

/**
 * Where the TUF verification of a {@code TrustRoot} starts. Only {@link #resourceRoot()} trusts
 * anything the resource says on its own; the other two start from what the caller already trusts.
 */
public sealed interface TrustAnchor {

  /**
   * From the resource's own {@code spec.repository.root}, as policy-controller does. This proves
   * the resource is a consistent, unexpired TUF repository, not whose it is: anyone who can write
   * the resource can write a root. Use it for a resource the caller itself just made.
   */
  static TrustAnchor resourceRoot() {
    return ResourceRoot.INSTANCE;
  }

  /**
   * From a root the operator pinned ({@code N.root.json}). The resource's {@code
   * spec.repository.root} must then be one of the roots the verification accepted, so that
   * policy-controller, which starts from it, walks the same chain.
   */
  static TrustAnchor pinnedRoot(byte[] rootJson) {
    return new PinnedRoot(rootJson.clone());
  }

  /**
   * From the trust state of the last accepted read (a long-running watcher): a resource older than
   * that one is refused ({@link dev.trustmirror.tuf.RollbackException}). The resource's root must
   * be in the verified chain, as for {@link #pinnedRoot}.
   */
  static TrustAnchor previousState(TrustState state) {
    return new PreviousState(Objects.requireNonNull(state));
  }

  /** See {@link TrustAnchor#resourceRoot()}. */
  enum ResourceRoot implements TrustAnchor {
    INSTANCE
  }

  /** See {@link TrustAnchor#pinnedRoot(byte[])}. */
  final class PinnedRoot implements TrustAnchor {
    private final byte[] rootJson;

    private PinnedRoot(byte[] rootJson) {
      this.rootJson = rootJson;
    }

    /** A copy of the pinned root's exact bytes. */
    public byte[] rootJson() {
      return rootJson.clone();
    }
  }

  /**
   * See {@link TrustAnchor#previousState(TrustState)}.
   *
   * @param state the trust state of the last accepted read
   */
  record PreviousState(TrustState state) implements TrustAnchor {}
}
