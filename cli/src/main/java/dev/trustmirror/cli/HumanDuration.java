package dev.trustmirror.cli;

/** Formats seconds as {@code 6d 4h}, {@code 3h 12m}, {@code 45s} or {@code expired 2d 1h ago}. */
final class HumanDuration {
  private HumanDuration() {}

  static String format(long seconds) {
    if (seconds <= 0) {
      return "expired " + positive(-seconds) + " ago";
    }
    return positive(seconds);
  }

  private static String positive(long s) {
    long d = s / 86400;
    long h = (s % 86400) / 3600;
    long m = (s % 3600) / 60;
    if (d > 0) {
      return d + "d " + h + "h";
    }
    if (h > 0) {
      return h + "h " + m + "m";
    }
    if (m > 0) {
      return m + "m " + (s % 60) + "s";
    }
    return s + "s";
  }
}
