package dev.trustmirror.verifier.registry;

import java.util.List;
import java.util.Optional;

/**
 * {@code HEAD /v2/<name>/manifests/<tag-or-digest>}: the manifest exists (else {@link
 * RegistryNotFoundException}) and, when the registry says, its digest ({@code
 * Docker-Content-Digest}).
 */
final class ManifestHeadCall implements RegistryCall<Optional<Digest>> {

  private final Repository repository;
  private final String reference;

  ManifestHeadCall(Repository repository, String reference) {
    this.repository = repository;
    this.reference = reference;
  }

  @Override
  public Repository repository() {
    return repository;
  }

  @Override
  public Method method() {
    return Method.HEAD;
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
    return 0;
  }

  @Override
  public Optional<Digest.Algorithm> hashWith() {
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "resolve " + repository + (reference.contains(":") ? "@" : ":") + reference;
  }

  @Override
  public Optional<Digest> handle(RegistryResponse response) throws RegistryRefusalException {
    if (response.status() == 404) {
      throw new RegistryNotFoundException(
          response.uri().toString(),
          RegistryNotFoundException.Kind.MANIFEST,
          repository,
          reference,
          response.registryErrors());
    }
    if (response.status() != 200) {
      throw unexpected(response);
    }
    return response.dockerContentDigest();
  }
}
