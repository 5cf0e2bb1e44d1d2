package dev.trustmirror.verifier.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for registries: the JDK's default CAs plus, optionally, the certificates of a PEM file
 * (a private registry's CA). The JDK still builds the path and, through the HTTP client, checks the
 * host name. (The same construction as sync-agent's {@code ExtraCaTrust}; the verifier does not
 * depend on sync-agent.)
 */
final class RegistryTrust {
  private RegistryTrust() {}

  /** An SSL context trusting the JDK defaults and the certificates in {@code pemFile}. */
  static SSLContext sslContext(Path pemFile) throws IOException {
    Collection<? extends Certificate> extra = readCertificates(pemFile);
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int i = 0;
      for (X509Certificate jdk : defaultTrustManager().getAcceptedIssuers()) {
        anchors.setCertificateEntry("jdk-" + i++, jdk);
      }
      for (Certificate cert : extra) {
        anchors.setCertificateEntry("ca-file-" + i++, cert);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "Tried to build a TLS trust store from the JDK defaults and " + pemFile + " but failed",
          e);
    }
  }

  private static Collection<? extends Certificate> readCertificates(Path pemFile)
      throws IOException {
    try (InputStream in = Files.newInputStream(pemFile)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IOException(
            "Tried to read CA certificates from " + pemFile + " but it holds none");
      }
      return certs;
    } catch (CertificateException e) {
      throw new IOException(
          "Tried to read CA certificates from "
              + pemFile
              + " but it is not a PEM file of X.509 certificates",
          e);
    }
  }

  private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("The JDK has no default X.509 trust manager");
  }
}
