package dev.trustmirror.verifier.registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v2/<name>/referrers/<digest>[?artifactType=...]} (OCI distribution 1.1): an index of
 * the manifests whose {@code subject} is the digest. 404 means the registry lacks the API (a
 * registry with it answers an empty index), and the caller falls back to the referrers tag schema.
 */
final class ReferrersCall implements RegistryCall<Optional<ReferrersCall.Page>> {
  /** One page: the index and, when the registry paginates, the path of the next page. */
  record Page(ImageIndex index, Optional<String> next) {}

  private static final Pattern NEXT_LINK =
      Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?", Pattern.CASE_INSENSITIVE);

  private final Repository repository;
  private final Digest subject;
  private final String path;
  private final long maxBytes;

  private ReferrersCall(Repository repository, Digest subject, String path, long maxBytes) {
    this.repository = repository;
    this.subject = subject;
    this.path = path;
    this.maxBytes = maxBytes;
  }

  /** The first page, filtered by {@code artifactType} on registries that filter. */
  static ReferrersCall first(
      Repository repository, Digest subject, Optional<String> artifactType, long maxBytes) {
    String query =
        artifactType
            .map(t -> "?artifactType=" + URLEncoder.encode(t, StandardCharsets.UTF_8))
            .orElse("");
    return new ReferrersCall(
        repository, subject, repository.path() + "/referrers/" + subject + query, maxBytes);
  }

  /** The page at {@code path} (what follows {@code /v2/}, from a {@code Link} header). */
  ReferrersCall next(String nextPath) {
    return new ReferrersCall(repository, subject, nextPath, maxBytes);
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
    return path;
  }

  @Override
  public List<String> accept() {
    return List.of(MediaTypes.OCI_INDEX);
  }

  @Override
  public long maxBodyBytes() {
    return maxBytes;
  }

  @Override
  public Optional<Digest.Algorithm> hashWith() {
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "list the referrers of " + repository + "@" + subject;
  }

  @Override
  public Optional<Page> handle(RegistryResponse response) throws RegistryRefusalException {
    if (response.status() == 404) {
      return Optional.empty();
    }
    if (response.status() != 200) {
      throw unexpected(response);
    }
    String location = response.uri().toString();
    Manifest manifest = Manifest.parse(response.body(), response.contentType(), location, maxBytes);
    if (!(manifest instanceof ImageIndex index)
        || !index.mediaType().equals(MediaTypes.OCI_INDEX)) {
      throw new MalformedManifestException(
          MalformedManifestException.Rule.UNEXPECTED_KIND,
          location,
          null,
          "a referrers response is an OCI image index, not " + manifest.mediaType());
    }
    return Optional.of(new Page(index, nextPage(response)));
  }

  /** The next page's path below {@code /v2/}, when the {@code Link} header names one here. */
  private Optional<String> nextPage(RegistryResponse response) {
    String prefix = "/v2/" + repository.path() + "/referrers/";
    for (String link : response.headers().allValues("link")) {
      Matcher m = NEXT_LINK.matcher(link);
      // Only a relative link into the same listing: never a jump to another repository or host.
      if (m.find()
          && m.group(1).startsWith(prefix)
          && m.group(1).chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        return Optional.of(m.group(1).substring("/v2/".length()));
      }
    }
    return Optional.empty();
  }
}
