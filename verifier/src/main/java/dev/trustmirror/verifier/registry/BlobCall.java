package dev.trustmirror.verifier.registry;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v2/<name>/blobs/<digest>} (usually redirected to storage): the bytes, at most the
 * caller's limit, hashed while read and checked against the digest.
 */
final class BlobCall implements RegistryCall<byte[]> {
  private final Repository repository;
  private final Digest digest;
  private final long maxBytes;

  BlobCall(Repository repository, Digest digest, long maxBytes) {
    this.repository = repository;
    this.digest = digest;
    this.maxBytes = maxBytes;
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
    return repository.path() + "/blobs/" + digest;
  }

  @Override
  public List<String> accept() {
    return List.of();
  }

  @Override
  public long maxBodyBytes() {
    return maxBytes;
  }

  @Override
  public Optional<Digest.Algorithm> hashWith() {
    return Optional.of(digest.algorithm());
  }

  @Override
  public String describe() {
    return "read the blob " + repository + "@" + digest;
  }

  @Override
  public byte[] handle(RegistryResponse response) throws RegistryRefusalException {
    if (response.status() == 404) {
      throw new RegistryNotFoundException(
          response.uri().toString(),
          RegistryNotFoundException.Kind.BLOB,
          repository,
          digest.toString(),
          response.registryErrors());
    }
    if (response.status() != 200) {
      throw unexpected(response);
    }
    Digest found = response.bodyDigest().orElseThrow();
    if (!found.equals(digest)) {
      throw new DigestMismatchException(
          response.uri().toString(), DigestMismatchException.Source.CONTENT, digest, found);
    }
    return response.body();
  }
}
