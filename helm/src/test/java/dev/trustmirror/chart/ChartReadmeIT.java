package dev.trustmirror.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart README documents every value of values.yaml in its table, and every flag the chart
 * gives the webhook command (which is written after the chart, so the README is its contract).
 */
class ChartReadmeIT {
  static final Pattern ROW = Pattern.compile("(?m)^\\| `([A-Za-z0-9.]+)` \\|");

  @Test
  void everyValueHasARowInTheValuesTable() throws IOException {
    String readme = Files.readString(ChartFiles.chart().resolve("README.md"));
    Set<String> rows = new TreeSet<>();
    Matcher m = ROW.matcher(readme);
    while (m.find()) {
      rows.add(m.group(1));
    }
    JsonNode values =
        new ObjectMapper(new YAMLFactory())
            .readTree(ChartFiles.chart().resolve("values.yaml").toFile());
    List<String> leaves = new ArrayList<>();
    leaves(values, "", leaves);

    assertThat(leaves).hasSizeGreaterThan(100);
    for (String leaf : leaves) {
      assertThat(rows)
          .as("a row of the README's values table for %s (or for the object holding it)", leaf)
          .anyMatch(row -> leaf.equals(row) || (row.contains(".") && leaf.startsWith(row + ".")));
    }
    for (String row : rows) {
      assertThat(values.at("/" + row.replace('.', '/')).isMissingNode())
          .as("README row %s is a value", row)
          .isFalse();
    }
  }

  @Test
  void everyFlagOfTheWebhookCommandIsDocumented() throws IOException {
    String readme = Files.readString(ChartFiles.chart().resolve("README.md"));
    List<String> args =
        Pods.main(RenderedChart.of(ValueSet.DEFAULTS).deployment("webhook").orElseThrow())
            .getArgs();

    assertThat(args.get(0)).isEqualTo("webhook");
    for (String a : args.subList(1, args.size())) {
      String flag = a.split("=", 2)[0];
      assertThat(readme).as("the README explains %s", flag).contains("`" + flag + "`");
    }
  }

  private static void leaves(JsonNode node, String path, List<String> out) {
    if (!node.isObject() || node.isEmpty()) {
      out.add(path);
      return;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      leaves(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
    }
  }
}
