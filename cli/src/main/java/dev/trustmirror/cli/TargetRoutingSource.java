package dev.trustmirror.cli;

import dev.trustmirror.tuf.FileTooLargeException;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.SourceUnavailableException;
import java.util.Optional;

/**
 * Metadata from one source, targets from another (the conformance protocol's separate {@code
 * --target-base-url}): {@code targets/X} is read as {@code X} from the target source.
 */
final class TargetRoutingSource implements RepositorySource {
  private final RepositorySource metadata;
  private final RepositorySource targets;

  TargetRoutingSource(RepositorySource metadata, RepositorySource targets) {
    this.metadata = metadata;
    this.targets = targets;
  }

  @Override
  public Optional<byte[]> fetch(String path, long maxLength)
      throws FileTooLargeException, SourceUnavailableException {
    if (path.startsWith("targets/") && targets != metadata) {
      return targets.fetch(path.substring("targets/".length()), maxLength);
    }
    return metadata.fetch(path, maxLength);
  }

  @Override
  public String describe() {
    return metadata.describe();
  }

  @Override
  public void prepare() throws SourceUnavailableException {
    metadata.prepare();
  }
}
