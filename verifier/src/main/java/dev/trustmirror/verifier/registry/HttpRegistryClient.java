package dev.trustmirror.verifier.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link RegistryClient} over {@link RegistryTransport}: composes the calls. */
final class HttpRegistryClient implements RegistryClient {
  /** Pages of a paginated referrers listing followed at most. */
  static final int MAX_REFERRER_PAGES = 16;

  /** The largest array the JVM allocates. */
  private static final long MAX_BLOB_BYTES = Integer.MAX_VALUE - 8;

  private final RegistryTransport transport;
  private final RegistryClientOptions options;

  HttpRegistryClient(RegistryTransport transport, RegistryClientOptions options) {
    this.transport = transport;
    this.options = options;
  }

  @Override
  public Digest resolve(ImageReference image)
      throws RegistryRefusalException, RegistryUnavailableException {
    Repository repository = image.repository();
    if (image.digest().isPresent()) {
      Digest digest = image.digest().get();
      Optional<Digest> header =
          transport.execute(new ManifestHeadCall(repository, digest.toString()));
      if (header.isPresent() && !header.get().equals(digest)) {
        throw new DigestMismatchException(
            location(repository, "manifests/" + digest),
            DigestMismatchException.Source.HEADER,
            digest,
            header.get());
      }
      return digest;
    }
    Tag tag = image.tagOrLatest();
    Optional<Digest> header = transport.execute(new ManifestHeadCall(repository, tag.name()));
    if (header.isPresent()) {
      return header.get();
    }
    // No Docker-Content-Digest: the digest of the bytes the tag serves.
    return manifest(repository, tag).digest();
  }

  @Override
  public ManifestContent manifest(Repository repository, Digest digest)
      throws RegistryRefusalException, RegistryUnavailableException {
    ManifestGetCall call = ManifestGetCall.byDigest(repository, digest, options.maxManifestBytes());
    return transport.execute(call).orElseThrow(() -> notFound(repository, call, digest.toString()));
  }

  @Override
  public ManifestContent manifest(Repository repository, Tag tag)
      throws RegistryRefusalException, RegistryUnavailableException {
    ManifestGetCall call = ManifestGetCall.byTag(repository, tag, options.maxManifestBytes());
    return transport.execute(call).orElseThrow(() -> notFound(repository, call, tag.name()));
  }

  @Override
  public Optional<ManifestContent> tagManifest(Repository repository, Tag tag)
      throws RegistryRefusalException, RegistryUnavailableException {
    return transport.execute(ManifestGetCall.byTag(repository, tag, options.maxManifestBytes()));
  }

  @Override
  public byte[] blob(Repository repository, Digest digest, long maxBytes)
      throws RegistryRefusalException, RegistryUnavailableException {
    if (maxBytes < 0 || maxBytes > MAX_BLOB_BYTES) {
      throw new IllegalArgumentException(
          "maxBytes must be 0 to " + MAX_BLOB_BYTES + ", not " + maxBytes);
    }
    return transport.execute(new BlobCall(repository, digest, maxBytes));
  }

  @Override
  public List<Descriptor> referrers(
      Repository repository, Digest subject, Optional<String> artifactType)
      throws RegistryRefusalException, RegistryUnavailableException {
    ReferrersCall call =
        ReferrersCall.first(repository, subject, artifactType, options.maxManifestBytes());
    Optional<ReferrersCall.Page> page = transport.execute(call);
    List<Descriptor> all = new ArrayList<>();
    if (page.isEmpty()) {
      all.addAll(fromTagSchema(repository, subject));
    } else {
      for (int pages = 1; ; pages++) {
        all.addAll(page.get().index().manifests());
        Optional<String> next = page.get().next();
        if (next.isEmpty() || pages == MAX_REFERRER_PAGES) {
          break;
        }
        page = transport.execute(call.next(next.get()));
        if (page.isEmpty()) {
          break;
        }
      }
    }
    // Registries may ignore the artifactType filter (OCI-Filters-Applied says whether they did).
    return all.stream()
        .filter(d -> artifactType.isEmpty() || d.artifactType().equals(artifactType))
        .toList();
  }

  /** OCI 1.1 "Referrers Tag Schema": the index tagged {@code <alg>-<hex>}, or none. */
  private List<Descriptor> fromTagSchema(Repository repository, Digest subject)
      throws RegistryRefusalException, RegistryUnavailableException {
    Tag tag = Tag.referrersFallback(subject);
    Optional<ManifestContent> content = tagManifest(repository, tag);
    if (content.isEmpty()) {
      return List.of();
    }
    if (!(content.get().manifest() instanceof ImageIndex index)) {
      throw new MalformedManifestException(
          MalformedManifestException.Rule.UNEXPECTED_KIND,
          location(repository, "manifests/" + tag),
          null,
          "the referrers tag " + tag + " holds a " + content.get().mediaType() + ", not an index");
    }
    return index.manifests();
  }

  private RegistryNotFoundException notFound(
      Repository repository, RegistryCall<?> call, String reference) {
    return new RegistryNotFoundException(
        location(repository, call.path()),
        RegistryNotFoundException.Kind.MANIFEST,
        repository,
        reference,
        "");
  }

  private String location(Repository repository, String path) {
    String relative =
        path.startsWith(repository.path() + "/") ? path : repository.path() + "/" + path;
    return transport.baseUri(repository.registry()).resolve(relative).toString();
  }
}
