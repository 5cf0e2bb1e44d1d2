package dev.trustmirror.verifier.registry;

import dev.trustmirror.verifier.text.UntrustedText;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Tells TLS failures that are refusals from those that are outages: a server that answers the TLS
 * handshake in plain HTTP (it needs {@code --insecure-registry}, or is not the registry meant), and
 * a certificate that does not chain to a trusted CA or does not name the host. Other TLS failures
 * (resets mid-handshake) stay transport failures.
 */
final class TlsFailures {
  private TlsFailures() {}

  /**
   * Throws the refusal {@code failure} amounts to, if it is one; returns otherwise.
   *
   * @throws TransportSecurityException for plain HTTP answers and untrusted certificates
   */
  static void refuseIfInsecure(ExchangeRequest request, SSLException failure)
      throws TransportSecurityException {
    String host = RegistryTransport.authority(request.uri());
    // JDK 17: "Unrecognized SSL message, plaintext connection?"; later JDKs:
    // "Unsupported or unrecognized SSL message".
    String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("unrecognized ssl message")) {
      throw new TransportSecurityException(
          TransportSecurityException.Rule.PLAIN_HTTP_NOT_ALLOWED,
          host,
          request.uri().toString(),
          "Tried to "
              + request.describe()
              + " at "
              + request.uri()
              + " but the server answered TLS with plain HTTP; if "
              + host
              + " really serves plain HTTP, list it with --insecure-registry "
              + host,
          failure);
    }
    if (failure instanceof SSLHandshakeException && hasCertificateCause(failure)) {
      throw new TransportSecurityException(
          TransportSecurityException.Rule.UNTRUSTED_CERTIFICATE,
          host,
          request.uri().toString(),
          "Tried to "
              + request.describe()
              + " at "
              + request.uri()
              + " but the TLS certificate of "
              + host
              + " is not trusted ("
              + UntrustedText.of(failure.getMessage())
              + "); add the registry's CA to the extra CA bundle",
          failure);
    }
  }

  private static boolean hasCertificateCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String message = String.valueOf(c.getMessage());
      if (c instanceof CertificateException
          || message.contains("PKIX path")
          || message.contains("subject alternative")) {
        return true;
      }
    }
    return false;
  }
}
