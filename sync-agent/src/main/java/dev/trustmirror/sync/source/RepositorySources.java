package dev.trustmirror.sync.source;

import dev.trustmirror.bundles.PemKeys;
import dev.trustmirror.bundles.archive.ArchiveLimits;
import dev.trustmirror.tuf.RepositorySource;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Opens the {@link RepositorySource} a source URL names:
 *
 * <ul>
 *   <li>{@code http://}, {@code https://}: a published layout over HTTP(S), through {@code --proxy}
 *       if set;
 *   <li>{@code git+https://}, {@code git+http://}, {@code git://}, {@code git+file://}: a git
 *       repository in root-signing's tuf-on-ci layout, cloned with JGit;
 *   <li>{@code file://} or a plain path: a published layout in a directory;
 *   <li>{@code bundle:FILE}: the {@code repository/} files of an offline bundle ({@link
 *       BundleSource}), signed by {@code --verify-key} when that option is set.
 * </ul>
 *
 * Nothing is read or connected until the source's first {@code prepare()} or {@code fetch()}.
 */
public final class RepositorySources {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private RepositorySources() {}

  /**
   * Opens the source {@code sourceUrl} names.
   *
   * @throws IllegalArgumentException when the URL is malformed, its scheme is not supported, or an
   *     option does not apply to it (a usage error)
   * @throws IOException when a file an option names cannot be read ({@code --ca-file}, {@code
   *     --verify-key})
   */
  public static RepositorySource open(String sourceUrl, SourceOptions options) throws IOException {
    Objects.requireNonNull(sourceUrl, "sourceUrl");
    Objects.requireNonNull(options, "options");
    String url = sourceUrl.strip();
    if (url.isEmpty()) {
      throw new IllegalArgumentException("The source URL is empty");
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("bundle:")) {
      return bundle(url, options);
    }
    if (options.verifyKey().isPresent()) {
      throw new IllegalArgumentException(
          "--verify-key applies to bundle: sources only, not to " + withoutCredentials(url));
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return HttpSource.create(parse(url), options);
    }
    if (lower.startsWith("git+https://")
        || lower.startsWith("git+http://")
        || lower.startsWith("git+file://")) {
      return git(url, url.substring("git+".length()), options);
    }
    if (lower.startsWith("git://")) {
      return git(url, url, options);
    }
    if (lower.startsWith("file:")) {
      try {
        return new DirectorySource(Path.of(parse(url)));
      } catch (IllegalArgumentException | FileSystemNotFoundException e) {
        throw new IllegalArgumentException("Not a usable file URL: " + url, e);
      }
    }
    if (SCHEME.matcher(url).find()) {
      throw new IllegalArgumentException(
          "Unsupported source '"
              + url
              + "': expected http(s)://, git+https://, git+http://, git://, git+file://,"
              + " file:// or a directory path");
    }
    try {
      return new DirectorySource(Path.of(url));
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("Not a usable directory path: " + url, e);
    }
  }

  private static RepositorySource bundle(String url, SourceOptions options) throws IOException {
    String file = url.substring("bundle:".length());
    if (file.isBlank()) {
      throw new IllegalArgumentException(
          "The bundle source '" + url + "' names no file: expected bundle:/path/to/bundle.tar.gz");
    }
    Optional<PublicKey> key = Optional.empty();
    if (options.verifyKey().isPresent()) {
      Path pem = options.verifyKey().get();
      try {
        key = Optional.of(PemKeys.publicKey(Files.readAllBytes(pem), pem.toString()));
      } catch (InvalidKeyException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    try {
      return new BundleSource(Path.of(file), key, ArchiveLimits.defaults());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("Not a usable bundle path: " + url, e);
    }
  }

  private static RepositorySource git(String sourceUrl, String remote, SourceOptions options) {
    boolean overHttp = remote.toLowerCase(Locale.ROOT).startsWith("http");
    // JGit's HTTP transport takes its proxy and TLS trust from the JVM, not from these options.
    if (overHttp && options.proxy().isPresent()) {
      throw new IllegalArgumentException(
          "--proxy is not supported for git sources yet ("
              + sourceUrl
              + "); use the JVM's -Dhttps.proxyHost and -Dhttps.proxyPort, or an http(s) source");
    }
    if (overHttp && options.caFile().isPresent()) {
      throw new IllegalArgumentException(
          "--ca-file is not supported for git sources yet ("
              + sourceUrl
              + "); use the JVM's -Djavax.net.ssl.trustStore, or an http(s) source");
    }
    parse(remote);
    String shown = withoutCredentials(sourceUrl);
    GitMirror mirror =
        new GitMirror(
            remote, withoutCredentials(remote), options.gitCacheDir(), options.readTimeout());
    return new GitSource(shown, mirror, options);
  }

  /**
   * The URL with any {@code user:token@} replaced by {@code ***@}, for messages, logs and bundle
   * manifests.
   */
  public static String withoutCredentials(String url) {
    return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1***@");
  }

  private static URI parse(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Malformed source URL '" + url + "': " + e.getReason(), e);
    }
  }
}
