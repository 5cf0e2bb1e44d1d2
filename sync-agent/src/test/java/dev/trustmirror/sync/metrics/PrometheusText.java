package dev.trustmirror.sync.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The samples of a Prometheus text exposition, by series as written ({@code name{label="value"}}),
 * for assertions. Only what Micrometer writes: one sample per line, no timestamps.
 */
record PrometheusText(String text, Map<String, Double> samples) {

  static PrometheusText parse(String text) {
    Map<String, Double> samples = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      assertThat(space).as("sample line '%s'", line).isPositive();
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return new PrometheusText(text, samples);
  }

  /** The value of a series, e.g. {@code trustmirror_role_version{role="root"}}. */
  Optional<Double> find(String series) {
    return Optional.ofNullable(samples.get(series));
  }

  /** The value of a series, failing the test when it is absent. */
  double value(String series) {
    assertThat(samples).as("series %s in:%n%s", series, text).containsKey(series);
    return samples.get(series);
  }

  /** The metric names of every sample. */
  Set<String> names() {
    return samples.keySet().stream()
        .map(s -> s.contains("{") ? s.substring(0, s.indexOf('{')) : s)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
