package dev.trustmirror.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Serves history point 08 with nginx until this process is terminated (SIGTERM), for timing the CLI
 * from {@code bench/run.sh}. Writes the base URL to the file named by the first argument once nginx
 * accepts connections.
 */
public final class ServeHistory {
  private ServeHistory() {}

  /** Entry point: {@code ServeHistory URL_FILE}. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ServeHistory URL_FILE");
      System.exit(2);
    }
    ServedHistory served = ServedHistory.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  served.close();
                  stopped.countDown();
                },
                "stop nginx"));
    Path urlFile = Path.of(args[0]);
    Path tmp = urlFile.resolveSibling(urlFile.getFileName() + ".tmp");
    Files.writeString(tmp, served.url() + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, urlFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    stopped.await();
  }
}
