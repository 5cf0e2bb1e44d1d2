package dev.trustmirror.sync.source;

import dev.trustmirror.bundles.BundleRefusedException;
import dev.trustmirror.bundles.OfflineBundle;
import dev.trustmirror.bundles.archive.ArchiveLimits;
import dev.trustmirror.bundles.archive.ArchiveRefusedException;
import dev.trustmirror.tuf.FileTooLargeException;
import dev.trustmirror.tuf.InMemorySource;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.SourceUnavailableException;
import dev.trustmirror.tuf.TufRefusalException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code repository/} files of an offline bundle ({@code bundle:/media/usb/sigstore.tar.gz}),
 * served to the TUF client like any other source. Importing a bundle is therefore an ordinary sync:
 * full TUF verification from the trust state, anti-rollback, the atomic generation publish.
 *
 * <p>The bundle is read once, safely and in memory, by {@link #load()}: archive rules and limits,
 * the manifest check and, with a verification key, the signature check. Call {@link #load()} before
 * the sync to get a refused bundle as a {@link TufRefusalException}; {@link #prepare()} loads too,
 * but {@link RepositorySource#prepare()} can only report a {@link SourceUnavailableException}, so a
 * refusal found there is wrapped in one (its cause is the refusal).
 */
public final class BundleSource implements RepositorySource {
  private final Path file;
  private final Optional<PublicKey> verifyKey;
  private final ArchiveLimits limits;
  private OfflineBundle bundle;
  private InMemorySource files;

  BundleSource(Path file, Optional<PublicKey> verifyKey, ArchiveLimits limits) {
    this.file = Objects.requireNonNull(file).toAbsolutePath().normalize();
    this.verifyKey = Objects.requireNonNull(verifyKey);
    this.limits = Objects.requireNonNull(limits);
  }

  /**
   * Opens a bundle file and reads and checks it now.
   *
   * @param verifyKey when present, the bundle must carry a valid signature by this key
   * @throws ArchiveRefusedException when the archive breaks a reading rule or limit
   * @throws BundleRefusedException when the manifest, a file or the signature is wrong
   * @throws SourceUnavailableException when the file cannot be read
   */
  public static BundleSource open(Path file, Optional<PublicKey> verifyKey, ArchiveLimits limits)
      throws TufRefusalException, SourceUnavailableException {
    BundleSource source = new BundleSource(file, verifyKey, limits);
    source.load();
    return source;
  }

  /**
   * Reads and checks the bundle, once; later calls return the same result.
   *
   * @return the checked bundle
   * @throws ArchiveRefusedException when the archive breaks a reading rule or limit
   * @throws BundleRefusedException when the manifest, a file or the signature is wrong
   * @throws SourceUnavailableException when the file cannot be read
   */
  public synchronized OfflineBundle load() throws TufRefusalException, SourceUnavailableException {
    if (bundle == null) {
      try (InputStream in = Files.newInputStream(file)) {
        bundle = OfflineBundle.read(in, file.toString(), verifyKey, limits);
      } catch (NoSuchFileException e) {
        throw new SourceUnavailableException(file.toString(), "the bundle does not exist", e);
      } catch (IOException e) {
        throw new SourceUnavailableException(file.toString(), e.toString(), e);
      }
      files = InMemorySource.of(describe(), bundle.repositoryFiles());
    }
    return bundle;
  }

  @Override
  public void prepare() throws SourceUnavailableException {
    try {
      load();
    } catch (TufRefusalException e) {
      throw new SourceUnavailableException(
          file.toString(), "the bundle was refused (" + e.reason() + "): " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> fetch(String path, long maxLength)
      throws FileTooLargeException, SourceUnavailableException {
    PublishedPaths.check(path);
    prepare();
    return files.fetch(path, maxLength);
  }

  @Override
  public String describe() {
    return "bundle " + file;
  }

  @Override
  public String toString() {
    return describe();
  }
}
