package dev.trustmirror.testkit.process;

import java.net.URI;
import java.nio.file.Path;

/** Generates the nginx configuration of a {@link NginxServer}: pure text, no I/O. */
final class NginxConfig {
  private NginxConfig() {}

  /** Static files from {@code root}, no directory listing, directories and missing files 404. */
  static String staticFiles(Path prefix, int port, Path root, boolean runAsRoot) {
    String location =
        "    root "
            + quote(root.toAbsolutePath().toString())
            + ";\n"
            + "    autoindex off;\n"
            // $uri only (not $uri/): a directory is not a file, so it is 404 like a missing one.
            + "    location / { try_files $uri =404; }\n";
    return common(prefix, port, location, runAsRoot);
  }

  /** A reverse proxy in front of {@code upstream} (a "bastion"). */
  static String reverseProxy(Path prefix, int port, URI upstream, boolean runAsRoot) {
    String target = upstream.toString().endsWith("/") ? upstream.toString() : upstream + "/";
    String location =
        "    location / {\n"
            + "      proxy_pass "
            + target
            + ";\n"
            + "      proxy_http_version 1.1;\n"
            + "      proxy_set_header Connection \"\";\n"
            + "      add_header X-Bastion trust-mirror-testkit always;\n"
            + "    }\n";
    return common(prefix, port, location, runAsRoot);
  }

  /**
   * A TLS-terminating reverse proxy in front of {@code upstream}: {@code proxy_pass} without a URI
   * part, so the request URI is passed unchanged; bodies of any size; no response buffering.
   */
  static String tlsReverseProxy(
      Path prefix, int port, URI upstream, Path certificate, Path key, boolean runAsRoot) {
    String target = upstream.getScheme() + "://" + upstream.getRawAuthority();
    String body =
        "    ssl_certificate "
            + quote(certificate.toAbsolutePath().toString())
            + ";\n"
            + "    ssl_certificate_key "
            + quote(key.toAbsolutePath().toString())
            + ";\n"
            + "    ssl_protocols TLSv1.2 TLSv1.3;\n"
            + "    client_max_body_size 0;\n"
            + "    location / {\n"
            + "      proxy_pass "
            + target
            + ";\n"
            + "      proxy_http_version 1.1;\n"
            + "      proxy_set_header Connection \"\";\n"
            + "      proxy_set_header Host $http_host;\n"
            + "      proxy_set_header X-Forwarded-Proto https;\n"
            + "      proxy_buffering off;\n"
            + "      proxy_request_buffering off;\n"
            + "    }\n";
    return common(prefix, port, " ssl", body, runAsRoot);
  }

  private static String common(Path prefix, int port, String serverBody, boolean runAsRoot) {
    return common(prefix, port, "", serverBody, runAsRoot);
  }

  private static String common(
      Path prefix, int port, String listenOptions, String serverBody, boolean runAsRoot) {
    String dir = prefix.toAbsolutePath().toString();
    // As root, nginx workers would switch to "nobody", who cannot read 0700 temporary dirs.
    return (runAsRoot ? "user root;\n" : "")
        + "worker_processes 1;\n"
        // stderr goes to <prefix>/error.log (see NginxServer), so start-up failures land there too.
        + "error_log stderr info;\n"
        + "pid "
        + quote(dir + "/nginx.pid")
        + ";\n"
        + "events { worker_connections 128; }\n"
        + "http {\n"
        + "  access_log "
        + quote(dir + "/access.log")
        + ";\n"
        // The compiled-in temp paths are under /var/lib/nginx: keep everything in the prefix.
        + tempPath("client_body_temp_path", dir, "body")
        + tempPath("proxy_temp_path", dir, "proxy")
        + tempPath("fastcgi_temp_path", dir, "fastcgi")
        + tempPath("uwsgi_temp_path", dir, "uwsgi")
        + tempPath("scgi_temp_path", dir, "scgi")
        + "  types { application/json json; text/plain pub pem; }\n"
        + "  default_type application/octet-stream;\n"
        + "  server {\n"
        + "    listen "
        + LocalProcess.LOOPBACK
        + ":"
        + port
        + listenOptions
        + ";\n"
        + "    server_name localhost;\n"
        + serverBody
        + "  }\n"
        + "}\n";
  }

  private static String tempPath(String directive, String dir, String name) {
    return "  " + directive + " " + quote(dir + "/" + name) + ";\n";
  }

  private static String quote(String value) {
    if (value.contains("\"") || value.contains("\\") || value.contains("$")) {
      throw new IllegalArgumentException("Unsupported character in nginx path: " + value);
    }
    return "\"" + value + "\"";
  }
}
