package dev.trustmirror.bundles;

import dev.trustmirror.bundles.BundleManifest.FileDigest;
import dev.trustmirror.bundles.BundleRefusedException.Rule;
import dev.trustmirror.bundles.archive.ArchiveLimits;
import dev.trustmirror.bundles.archive.ArchiveRefusedException;
import dev.trustmirror.bundles.archive.DeterministicTarGzWriter;
import dev.trustmirror.bundles.archive.EntryNames;
import dev.trustmirror.bundles.archive.SafeTarGzReader;
import dev.trustmirror.tuf.VerifiedRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An offline bundle: one deterministic {@code .tar.gz} that carries a verified repository across an
 * air gap. It holds {@code manifest.json} ({@link BundleManifest}), optionally {@code
 * manifest.json.sig} (an admin's ECDSA P-256 signature of the manifest's exact bytes), and {@code
 * repository/<path>} for every file of the published layout, byte for byte.
 *
 * <p>A value of this type has passed the archive rules (safe, bounded reading), the manifest check
 * (every file present with its length and SHA-256, nothing unlisted) and, when a key was given, the
 * signature check. It has <em>not</em> been verified by the TUF client: importing does that (see
 * {@code BundleSource} in sync-agent).
 */
public final class OfflineBundle {
  /** The manifest entry. */
  public static final String MANIFEST = "manifest.json";

  /** The detached signature entry. */
  public static final String SIGNATURE = "manifest.json.sig";

  /** The directory of the repository's files. */
  public static final String REPOSITORY = "repository";

  private static final EntryNames ENTRIES =
      EntryNames.of(Set.of(MANIFEST, SIGNATURE), Set.of(REPOSITORY));

  private final String name;
  private final BundleManifest manifest;
  private final byte[] manifestBytes;
  private final SignatureStatus signature;
  private final SortedMap<String, byte[]> files;

  private OfflineBundle(
      String name,
      BundleManifest manifest,
      byte[] manifestBytes,
      SignatureStatus signature,
      SortedMap<String, byte[]> files) {
    this.name = name;
    this.manifest = manifest;
    this.manifestBytes = manifestBytes;
    this.signature = signature;
    this.files = Collections.unmodifiableSortedMap(files);
  }

  /**
   * Writes a verified repository as a bundle.
   *
   * @param source where the repository was read, without credentials (goes into the manifest)
   * @param pinnedRoot the root it was verified from (its SHA-256 goes into the manifest)
   * @param created the export time: the manifest's {@code created} and every entry's mtime
   * @param signKey the admin's P-256 key; when present, {@code manifest.json.sig} is written
   * @param out receives the {@code .tar.gz}; not closed
   * @return the manifest written
   */
  public static BundleManifest write(
      VerifiedRepository repository,
      String source,
      byte[] pinnedRoot,
      java.time.Instant created,
      Optional<PrivateKey> signKey,
      OutputStream out)
      throws IOException {
    BundleManifest manifest = BundleManifest.of(repository, source, pinnedRoot, created);
    byte[] manifestBytes = manifest.toJson();
    SortedMap<String, byte[]> entries = new TreeMap<>();
    entries.put(MANIFEST, manifestBytes);
    signKey.ifPresent(k -> entries.put(SIGNATURE, ManifestSignature.sign(manifestBytes, k)));
    for (String path : repository.paths()) {
      entries.put(REPOSITORY + "/" + path, repository.bytes(path));
    }
    DeterministicTarGzWriter.write(entries, manifest.created(), out);
    return manifest;
  }

  /**
   * Reads a bundle safely and checks it against its manifest and, if a key is given, its signature.
   *
   * @param in the {@code .tar.gz}; not closed
   * @param name the bundle's name for messages (its path)
   * @param verifyKey when present, a valid signature by this key is required
   * @throws ArchiveRefusedException when the archive breaks a reading rule (corrupt, truncated,
   *     unsafe entry, over a limit)
   * @throws BundleRefusedException when the manifest, a file or the signature is wrong
   * @throws IOException when {@code in} cannot be read
   */
  public static OfflineBundle read(
      InputStream in, String name, Optional<PublicKey> verifyKey, ArchiveLimits limits)
      throws ArchiveRefusedException, BundleRefusedException, IOException {
    SortedMap<String, byte[]> entries = SafeTarGzReader.read(in, name, limits, ENTRIES);
    byte[] manifestBytes = entries.get(MANIFEST);
    if (manifestBytes == null) {
      throw new BundleRefusedException(
          Rule.MANIFEST_MISSING, name, MANIFEST, "the bundle has no " + MANIFEST);
    }
    SignatureStatus signature =
        checkSignature(name, manifestBytes, entries.get(SIGNATURE), verifyKey);
    BundleManifest manifest = BundleManifest.parse(manifestBytes, name);
    SortedMap<String, byte[]> files = new TreeMap<>();
    entries.forEach(
        (path, bytes) -> {
          if (path.startsWith(REPOSITORY + "/")) {
            files.put(path.substring(REPOSITORY.length() + 1), bytes);
          }
        });
    checkFiles(name, manifest, files);
    return new OfflineBundle(name, manifest, manifestBytes, signature, files);
  }

  /** Signature first: once it verifies, the manifest that lists the files is the admin's. */
  private static SignatureStatus checkSignature(
      String name, byte[] manifest, byte[] signature, Optional<PublicKey> key)
      throws BundleRefusedException {
    if (key.isEmpty()) {
      return signature == null ? SignatureStatus.UNSIGNED : SignatureStatus.NOT_CHECKED;
    }
    if (signature == null) {
      throw new BundleRefusedException(
          Rule.SIGNATURE_MISSING,
          name,
          SIGNATURE,
          "a verification key was given but the bundle is unsigned (no " + SIGNATURE + ")");
    }
    if (!ManifestSignature.verify(manifest, signature, key.get())) {
      throw new BundleRefusedException(
          Rule.SIGNATURE_INVALID,
          name,
          SIGNATURE,
          "the signature of "
              + MANIFEST
              + " does not verify with the given key (signed by another key, or the manifest"
              + " was changed after signing)");
    }
    return SignatureStatus.VERIFIED;
  }

  private static void checkFiles(
      String name, BundleManifest manifest, SortedMap<String, byte[]> files)
      throws BundleRefusedException {
    for (Map.Entry<String, FileDigest> listed : manifest.files().entrySet()) {
      String path = listed.getKey();
      FileDigest want = listed.getValue();
      byte[] bytes = files.get(path);
      if (bytes == null) {
        throw new BundleRefusedException(
            Rule.FILE_MISSING, name, path, "the manifest lists it but the bundle lacks it");
      }
      if (bytes.length != want.length()) {
        throw new BundleRefusedException(
            Rule.LENGTH_MISMATCH,
            name,
            path,
            "expected " + want.length() + " bytes (manifest), found " + bytes.length);
      }
      String got = BundleManifest.sha256Hex(bytes);
      if (!got.equals(want.sha256())) {
        throw new BundleRefusedException(
            Rule.HASH_MISMATCH,
            name,
            path,
            "expected sha256 " + want.sha256() + " (manifest), found " + got);
      }
    }
    for (String path : files.keySet()) {
      if (!manifest.files().containsKey(path)) {
        throw new BundleRefusedException(
            Rule.UNLISTED_FILE,
            name,
            path,
            "it is in " + REPOSITORY + "/ but the manifest does not list it");
      }
    }
  }

  /** The bundle's name as given when reading (its path). */
  public String name() {
    return name;
  }

  /** The parsed manifest. */
  public BundleManifest manifest() {
    return manifest;
  }

  /** The exact bytes of {@code manifest.json}, as signed. */
  public byte[] manifestBytes() {
    return manifestBytes.clone();
  }

  /** What is known about the signature. */
  public SignatureStatus signature() {
    return signature;
  }

  /**
   * Every file of {@code repository/} by its path in the published layout. The arrays are shared,
   * not copied (a repository can be large): callers must not modify them.
   */
  public SortedMap<String, byte[]> repositoryFiles() {
    return files;
  }
}
