package dev.trustmirror.verifier.registry;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v2/<name>/manifests/<tag-or-digest>}: the manifest's exact bytes, checked against the
 * digest asked for (by digest) or the registry's {@code Docker-Content-Digest} (by tag), then
 * parsed. Not found is empty.
 */
final class ManifestGetCall implements RegistryCall<Optional<ManifestContent>> {
  private final Repository repository;
  private final Optional<Digest> digest;
  private final String reference;
  private final long maxBytes;

  private ManifestGetCall(
      Repository repository, Optional<Digest> digest, String reference, long maxBytes) {
    this.repository = repository;
    this.digest = digest;
    this.reference = reference;
    this.maxBytes = maxBytes;
  }

  static ManifestGetCall byDigest(Repository repository, Digest digest, long maxBytes) {
    return new ManifestGetCall(repository, Optional.of(digest), digest.toString(), maxBytes);
  }

  static ManifestGetCall byTag(Repository repository, Tag tag, long maxBytes) {
    return new ManifestGetCall(repository, Optional.empty(), tag.name(), maxBytes);
  }

  @Override
  public Repository repository() {
    return repository;
  }

  @Override
  public Method method() {
    return Method.GET;
  }

  @Override
  public String path() {
    return repository.path() + "/manifests/" + reference;
  }

  @Override
  public List<String> accept() {
    return MediaTypes.MANIFEST_ACCEPT;
  }

  @Override
  public long maxBodyBytes() {
    return maxBytes;
  }

  @Override
  public Optional<Digest.Algorithm> hashWith() {
    return Optional.of(digest.map(Digest::algorithm).orElse(Digest.Algorithm.SHA256));
  }

  @Override
  public String describe() {
    return "read the manifest " + repository + (digest.isPresent() ? "@" : ":") + reference;
  }

  @Override
  public Optional<ManifestContent> handle(RegistryResponse response)
      throws RegistryRefusalException {
    if (response.status() == 404) {
      return Optional.empty();
    }
    if (response.status() != 200) {
      throw unexpected(response);
    }
    String location = response.uri().toString();
    Optional<Digest> header = response.dockerContentDigest();
    byte[] body = response.body();
    Digest expected;
    if (digest.isPresent()) {
      expected = digest.get();
      if (header.isPresent() && !header.get().equals(expected)) {
        throw new DigestMismatchException(
            location, DigestMismatchException.Source.HEADER, expected, header.get());
      }
    } else {
      // By tag: the content decides; a header, when sent, must agree with it.
      Digest computed =
          header
              .map(h -> Digest.of(h.algorithm(), body))
              .orElseGet(() -> response.bodyDigest().orElseThrow());
      if (header.isPresent() && !header.get().equals(computed)) {
        throw new DigestMismatchException(
            location, DigestMismatchException.Source.HEADER, computed, header.get());
      }
      expected = computed;
    }
    return Optional.of(
        ManifestContent.of(expected, body, response.contentType(), location, maxBytes));
  }
}
