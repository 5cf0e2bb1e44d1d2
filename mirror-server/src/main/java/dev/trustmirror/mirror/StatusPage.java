package dev.trustmirror.mirror;

import dev.trustmirror.tuf.VerifiedRepository;
import dev.trustmirror.tuf.expiry.ExpiryLevel;
import dev.trustmirror.tuf.expiry.ExpiryReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The status page for people at {@code /}: which generation is served and where it comes from (a
 * directory, or a TrustRoot and its resourceVersion), each role's version, expiry and a countdown
 * coloured by the thresholds of {@code trust-mirror status}, the last successful sync, and the
 * exact client settings. One self-contained HTML document: inline CSS, a tiny inline script that
 * only updates the countdowns, no external assets (the cluster is offline). Every value is
 * HTML-escaped; the Content-Security-Policy allows only this style and this script, by hash.
 */
final class StatusPage {
  private static final String STYLE =
      "body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f6f8fa;color:#1f2328}"
          + "main{max-width:960px;margin:0 auto;padding:24px}"
          + "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}"
          + "table{border-collapse:collapse;width:100%;background:#fff}"
          + "th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #d0d7de}"
          + "th{background:#eaeef2}td.num{font-variant-numeric:tabular-nums}"
          + "dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}"
          + "dt{font-weight:600}dd{margin:0;word-break:break-all}"
          + "pre{background:#fff;border:1px solid #d0d7de;padding:10px;overflow-x:auto}"
          + ".badge{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;"
          + "color:#fff}"
          + ".ok .badge,.badge.ok{background:#1a7f37}.warning .badge,.badge.warning{background:#bf8700}"
          + ".critical .badge,.badge.critical{background:#cf222e}"
          + ".expired .badge,.badge.expired{background:#82071e}"
          + "tr.warning td{background:#fff8c5}tr.critical td,tr.expired td{background:#ffebe9}"
          + "p.note{color:#59636e;font-size:13px}";
  private static final String SCRIPT =
      "(function(){var t0=Date.now();"
          + "var cells=document.querySelectorAll('[data-seconds-left]');"
          + "function two(n){return (n<10?'0':'')+n;}"
          + "function fmt(s){var neg=s<=0;s=Math.abs(s);"
          + "var d=Math.floor(s/86400),h=Math.floor(s%86400/3600),m=Math.floor(s%3600/60),x=s%60;"
          + "var t=(d>0?d+'d ':'')+two(h)+'h '+two(m)+'m '+two(x)+'s';"
          + "return neg?'expired '+t+' ago':t;}"
          + "function tick(){var gone=Math.floor((Date.now()-t0)/1000);"
          + "cells.forEach(function(c){"
          + "c.textContent=fmt(parseInt(c.getAttribute('data-seconds-left'),10)-gone);});}"
          + "setInterval(tick,1000);})();";

  /** The {@code Content-Security-Policy} of the page: nothing but its own style and script. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src '"
          + sha256Source(STYLE)
          + "'; script-src '"
          + sha256Source(SCRIPT)
          + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private StatusPage() {}

  /**
   * What the page shows.
   *
   * @param served the generation being served
   * @param source where it comes from (a directory, or a TrustRoot and its resourceVersion)
   * @param mirrorUrl the URL clients use, without a trailing slash
   * @param readiness what {@code /readyz} answers now
   * @param now the server's clock
   * @param warn warning threshold
   * @param critical critical threshold
   */
  record View(
      ServedRepository served,
      SourceDescription source,
      String mirrorUrl,
      Readiness readiness,
      Instant now,
      Duration warn,
      Duration critical) {}

  static String render(View v) {
    VerifiedRepository repo = v.served().repository();
    ExpiryReport report = ExpiryReport.evaluate(repo.roles(), v.now(), v.warn(), v.critical());
    String level = report.level().label();
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>trust-mirror: ")
        .append(esc(v.served().generationName()))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body><main>\n<h1>trust-mirror</h1>\n<p class=\"")
        .append(level)
        .append("\"><span class=\"badge\" id=\"overall\">")
        .append(esc(report.level().name()))
        .append("</span> ")
        .append(esc(v.readiness().message()))
        .append("</p>\n<h2>Repository</h2>\n<dl>");
    item(h, v.source().label(), v.source().value());
    item(h, "Generation", v.served().generationName());
    item(h, "Last successful sync", repo.verifiedAt().toString());
    item(h, "Loaded by this server", v.served().loadedAt().toString());
    item(h, "Files", Integer.toString(v.served().fileCount()));
    item(h, "Server time", v.now().toString());
    h.append("</dl>\n<h2>Roles</h2>\n<table id=\"roles\"><thead><tr><th>Role</th><th>Version</th>")
        .append("<th>Expires</th><th>Time left</th><th>Level</th></tr></thead><tbody>\n");
    for (ExpiryReport.RoleExpiry r : report.roles()) {
      String cls = r.level().label();
      h.append("<tr class=\"")
          .append(cls)
          .append("\"><td>")
          .append(esc(r.role()))
          .append("</td><td class=\"num\">")
          .append(r.version())
          .append("</td><td><time datetime=\"")
          .append(esc(r.expires().toString()))
          .append("\">")
          .append(esc(r.expires().toString()))
          .append("</time></td><td class=\"num\" data-seconds-left=\"")
          .append(r.secondsLeft())
          .append("\">")
          .append(esc(countdown(r.secondsLeft())))
          .append("</td><td><span class=\"badge\">")
          .append(esc(levelName(r.level())))
          .append("</span></td></tr>\n");
    }
    h.append("</tbody></table>\n<p class=\"note\">Amber within ")
        .append(esc(countdown(v.warn().getSeconds())))
        .append(", red within ")
        .append(esc(countdown(v.critical().getSeconds())))
        .append(" of expiry, as <code>trust-mirror status</code>.</p>\n");
    clientSettings(h, v.mirrorUrl(), repo);
    h.append("<script>").append(SCRIPT).append("</script>\n</main></body></html>\n");
    return h.toString();
  }

  private static void clientSettings(StringBuilder h, String url, VerifiedRepository repo) {
    String root = repo.rootVersion() + ".root.json";
    List<String> lines = ClientSettings.lines(url, repo.rootVersion());
    h.append("<h2>Client settings</h2>\n<p>TUF mirror URL (<code>--tuf-mirror</code>, Kyverno")
        .append(" <code>tufMirror</code>, policy-controller <code>mirror</code>):</p>\n")
        .append("<pre id=\"tuf-mirror\">")
        .append(esc(lines.get(0)))
        .append("</pre>\n<p>cosign:</p>\n<pre id=\"cosign\">")
        .append(esc(lines.get(1)))
        .append("</pre>\n<p class=\"note\">SHA-256 of ")
        .append(esc(root))
        .append(": <code id=\"root-sha256\">")
        .append(ServedFile.sha256Hex(repo.trustedRootBytes()))
        .append("</code>. Compare it with a copy obtained out of band before trusting it.</p>\n");
  }

  private static void item(StringBuilder h, String name, String value) {
    h.append("<dt>").append(esc(name)).append("</dt><dd>").append(esc(value)).append("</dd>");
  }

  private static String levelName(ExpiryLevel level) {
    return level.name();
  }

  /** {@code 3d 04h 05m 06s}, or {@code expired 2h 00m 00s ago}; mirrors the page's script. */
  static String countdown(long secondsLeft) {
    long s = Math.abs(secondsLeft);
    long d = s / 86400;
    String t =
        (d > 0 ? d + "d " : "")
            + String.format(
                Locale.ROOT, "%02dh %02dm %02ds", s % 86400 / 3600, s % 3600 / 60, s % 60);
    return secondsLeft <= 0 ? "expired " + t + " ago" : t;
  }

  /** HTML-escapes text for element content and double-quoted attribute values. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String sha256Source(String inline) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
