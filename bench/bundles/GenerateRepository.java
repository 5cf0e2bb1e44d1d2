import dev.trustmirror.testkit.tuf.RepoBuilder;
import dev.trustmirror.testkit.tuf.RoleType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a generated TUF repository (testkit's RepoBuilder, its own keys) with EXTRA more
 * top-level targets of about 1 KiB each, in the published layout, plus its 1.root.json as the pin.
 * Run from the shaded CLI jar, which holds testkit:
 *
 * <pre>java -cp cli/target/trust-mirror.jar bench/bundles/GenerateRepository.java EXTRA TIME DIR</pre>
 */
public final class GenerateRepository {
  public static void main(String[] args) throws Exception {
    int extra = Integer.parseInt(args[0]);
    Instant time = Instant.parse(args[1]);
    Path dir = Path.of(args[2]);
    RepoBuilder repo = RepoBuilder.create(time);
    for (int i = 0; i < extra; i++) {
      // A small JSON document per target, distinct so every target has its own hash.
      String body = "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(1000) + "\"}\n";
      repo.addOrChangeTarget(
          String.format("extra/target-%05d.json", i), body.getBytes(StandardCharsets.UTF_8));
    }
    repo.writePublished(dir.resolve("repository"));
    Files.write(dir.resolve("1.root.json"), repo.metadata(RoleType.ROOT, 1));
  }
}
