package dev.trustmirror.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The registry's own share of a round trip, for scale: the same request over one plain keep-alive
 * socket (HTTP/1.1, TCP_NODELAY), no HTTP client, no limits, no hashing, no checks. Reads the
 * status line, the headers and a {@code Content-Length} body. Benchmark use only.
 */
final class VerdictRawHttp implements AutoCloseable {
  private final String host;
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  VerdictRawHttp(String hostAndPort) throws IOException {
    this.host = hostAndPort;
    int colon = hostAndPort.lastIndexOf(':');
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(
        new InetSocketAddress(
            hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1))));
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  /** Sends one request and reads its answer; returns the status. */
  int exchange(String method, String path, String accept) throws IOException {
    out.write(
        (method
                + " "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + "\r\nUser-Agent: trust-mirror-bench\r\n"
                + (accept.isEmpty() ? "" : "Accept: " + accept + "\r\n")
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder headers = new StringBuilder();
    int endOfLines = 0;
    while (endOfLines < 4) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("the registry closed the connection");
      }
      headers.append((char) c);
      endOfLines = c == '\r' || c == '\n' ? endOfLines + 1 : 0;
    }
    long length = 0;
    for (String line : headers.toString().split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring("content-length:".length()).strip());
      }
    }
    if (!method.equals("HEAD")) {
      in.readNBytes((int) length);
    }
    return Integer.parseInt(headers.substring(9, 12));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
