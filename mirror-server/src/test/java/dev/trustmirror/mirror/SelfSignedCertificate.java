package dev.trustmirror.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A fresh EC key and self-signed certificate for 127.0.0.1, made with the JDK's keytool and written
 * as the PEM pair a server is given (and cert-manager writes): {@code tls.crt} and {@code tls.key}.
 */
final class SelfSignedCertificate {
  private SelfSignedCertificate() {}

  /**
   * Writes a new pair over {@code cert} and {@code key} (each replaced by an atomic rename) and
   * returns the certificate.
   */
  static X509Certificate write(Path cert, Path key) throws Exception {
    Path dir = Files.createTempDirectory(cert.toAbsolutePath().getParent(), "keytool-");
    Path store = dir.resolve("server.p12");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=trust-mirror test " + UUID.randomUUID(),
                "-ext",
                "san=ip:127.0.0.1",
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    Key privateKey = ks.getKey("server", "changeit".toCharArray());
    Certificate certificate = ks.getCertificate("server");
    replace(dir, cert, pem("CERTIFICATE", certificate.getEncoded()));
    replace(dir, key, pem("PRIVATE KEY", privateKey.getEncoded()));
    Files.delete(store);
    Files.delete(dir);
    return (X509Certificate) certificate;
  }

  private static String pem(String type, byte[] der) {
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
  }

  private static void replace(Path dir, Path target, String content) throws IOException {
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
