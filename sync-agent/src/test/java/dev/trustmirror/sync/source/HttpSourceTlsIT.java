package dev.trustmirror.sync.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.trustmirror.tuf.RepositorySource;
import dev.trustmirror.tuf.SourceUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --ca-file}: an HTTPS mirror whose certificate only the extra PEM file vouches for. */
class HttpSourceTlsIT {
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final byte[] TIMESTAMP = "{\"signed\":{}}".getBytes();

  @TempDir static Path tmp;
  private static Path caPem;
  private static HttpsServer server;

  @BeforeAll
  static void startHttpsServer() throws Exception {
    Path keystore = tmp.resolve("server.p12");
    caPem = tmp.resolve("ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=trust-mirror test mirror",
        "-ext",
        "san=ip:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "server",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-file",
        caPem.toString());

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, null);

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.createContext(
        "/timestamp.json",
        exchange -> {
          exchange.sendResponseHeaders(200, TIMESTAMP.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(TIMESTAMP);
          }
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @Test
  void trustsTheServerThroughTheCaFile() throws Exception {
    RepositorySource source =
        RepositorySources.open(url(), SourceOptions.builder().caFile(caPem).build());
    assertThat(source.fetch("timestamp.json", 1024)).hasValue(TIMESTAMP);
  }

  @Test
  void refusesTheServerWithoutTheCaFile() throws Exception {
    RepositorySource source =
        RepositorySources.open(url(), SourceOptions.builder().retries(0).build());
    assertThatThrownBy(() -> source.fetch("timestamp.json", 1024))
        .isInstanceOf(SourceUnavailableException.class)
        .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class)
        .satisfies(e -> assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class));
  }

  @Test
  void keepsTrustingTheJdkDefaultCas() throws Exception {
    X509TrustManager extended = ExtraCaTrust.trustManager(caPem);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    X509TrustManager jdk = (X509TrustManager) factory.getTrustManagers()[0];
    X509Certificate extra;
    try (InputStream in = Files.newInputStream(caPem)) {
      extra = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    assertThat(jdk.getAcceptedIssuers()).isNotEmpty();
    assertThat(extended.getAcceptedIssuers())
        .contains(jdk.getAcceptedIssuers())
        .contains(extra)
        .hasSize(jdk.getAcceptedIssuers().length + 1);
  }

  @Test
  void refusesACaFileWithoutCertificates(@TempDir Path dir) throws Exception {
    Path notPem = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
    assertThatThrownBy(() -> ExtraCaTrust.trustManager(notPem)).isInstanceOf(IOException.class);
  }

  private static void keytool(String... args) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
