package dev.trustmirror.testkit.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Locates the real Sigstore root-signing data ({@code shared/testdata/sigstore-root-signing}) and
 * describes it. All of it is expired: use {@link HistoryPoint#validAt()} for a fixed clock.
 *
 * <p>The directory is the system property {@value #PROPERTY} when set, otherwise the first {@code
 * shared/testdata/sigstore-root-signing} found walking up from {@code user.dir} (the project
 * checkout is {@code <work>/main} or a CI clone, with {@code shared/} beside it).
 */
public final class SigstoreTestData {
  /** System property that names the data directory explicitly. */
  public static final String PROPERTY = "trustmirror.testdata";

  static final Path RELATIVE = Path.of("shared", "testdata", "sigstore-root-signing");

  private static final String[][] SEQUENCE = {
    // number, directory, commit, commit date, timestamp expiry, root, ts, snapshot, targets, npm
    {
      "01-6f15b60f9a",
      "6f15b60f9a3f2bf02041f672803a9eb949d8c6c7",
      "2024-09-02T13:31:36Z",
      "2024-09-09T13:31:35Z",
      "10",
      "217",
      "156",
      "10",
      "4"
    },
    {
      "02-5339dcd614",
      "5339dcd6143df1d5d2332ef70ad828ca3f33aa51",
      "2025-02-03T08:39:43Z",
      "2025-02-10T08:39:43Z",
      "11",
      "267",
      "158",
      "11",
      "5"
    },
    {
      "03-94f5283eee",
      "94f5283eee8cdadac475a2d676ac30093681590a",
      "2025-02-06T08:58:01Z",
      "2025-02-13T08:58:01Z",
      "12",
      "270",
      "159",
      "11",
      "5"
    },
    {
      "04-50e6bb33d0",
      "50e6bb33d05ddc85b67f9aedcf27fbdfa6f8bd2a",
      "2025-07-21T06:02:15Z",
      "2025-07-28T06:02:15Z",
      "13",
      "413",
      "161",
      "12",
      "6"
    },
    {
      "05-27335c9d86",
      "27335c9d86e844ccf1785bdb9fbe887af495b2eb",
      "2025-10-10T16:46:33Z",
      "2025-10-17T16:46:32Z",
      "13",
      "484",
      "162",
      "13",
      "6"
    },
    {
      "06-fa53673def",
      "fa53673def091deb854667e33151be071779d628",
      "2025-12-20T13:26:39Z",
      "2025-12-27T13:26:38Z",
      "14",
      "546",
      "163",
      "13",
      "7"
    },
    {
      "07-9d870b0515",
      "9d870b05155431f683f9fb63792c788629747158",
      "2026-05-18T08:09:17Z",
      "2026-05-25T08:09:17Z",
      "15",
      "678",
      "165",
      "14",
      "8"
    },
    {
      "08-60cf2ce8b2",
      "60cf2ce8b2e45d600dc17c4421e8c751e75772be",
      "2026-08-21T19:25:56Z",
      "2026-08-28T19:25:56Z",
      "15",
      "762",
      "165",
      "14",
      "8"
    },
  };

  private SigstoreTestData() {}

  /**
   * The data directory.
   *
   * @throws IllegalStateException when it cannot be found
   */
  public static Path root() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      Path dir = Path.of(property);
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException(
            "System property " + PROPERTY + " names " + dir + ", which is not a directory");
      }
      return dir.toAbsolutePath();
    }
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    return find(start)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Tried to find "
                        + RELATIVE
                        + " in "
                        + start
                        + " and every parent directory but it is in none; set -D"
                        + PROPERTY
                        + "=<dir>"));
  }

  /** Looks for the data in {@code start} and each of its parents (and their {@code ..}). */
  static Optional<Path> find(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
      // A CI clone has shared/ beside it: <clone>/../shared.
      Path parent = dir.getParent();
      if (parent != null && Files.isDirectory(parent.resolve(RELATIVE))) {
        return Optional.of(parent.resolve(RELATIVE));
      }
    }
    return Optional.empty();
  }

  /** The 8 history points in the published layout, oldest first. */
  public static List<HistoryPoint> historyPoints() {
    Path history = root().resolve("history");
    List<HistoryPoint> points = new ArrayList<>();
    for (int i = 0; i < SEQUENCE.length; i++) {
      String[] row = SEQUENCE[i];
      Instant commitDate = Instant.parse(row[2]);
      points.add(
          new HistoryPoint(
              i + 1,
              row[1],
              history.resolve(row[0]),
              commitDate,
              commitDate.plus(Duration.ofHours(1)),
              Instant.parse(row[3]),
              new HistoryPoint.Versions(
                  Integer.parseInt(row[4]),
                  Integer.parseInt(row[5]),
                  Integer.parseInt(row[6]),
                  Integer.parseInt(row[7]),
                  Integer.parseInt(row[8]))));
    }
    return List.copyOf(points);
  }

  /** History point {@code number} (1 to 8). */
  public static HistoryPoint historyPoint(int number) {
    if (number < 1 || number > SEQUENCE.length) {
      throw new IllegalArgumentException("History points are 1 to 8, not " + number);
    }
    return historyPoints().get(number - 1);
  }

  /** The older published layout (root 9, roots 1-4 not consistent-snapshot). */
  public static Path legacy() {
    return root().resolve("legacy-published-2024-08-30");
  }

  /** Sigstore's staging repository, published layout. */
  public static Path staging() {
    return root().resolve("staging-published-head");
  }

  /** The git (tuf-on-ci) layout of root-signing at history point 08. */
  public static Path sourceHead() {
    return root().resolve("source-head");
  }

  /**
   * Derives the tuf-on-ci git layout from a published layout, by renaming only (see {@link
   * GitLayoutDerivation}).
   *
   * @param publishedDir a published layout, e.g. {@link HistoryPoint#directory()}
   * @param out an empty or missing directory that receives the git layout
   */
  public static void toGitLayout(Path publishedDir, Path out) throws IOException {
    GitLayoutDerivation.derive(publishedDir, out);
  }
}
