package dev.trustmirror.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code helm lint --strict} (warnings are failures) passes with every value set. */
class ChartLintIT {

  @Test
  void theHelmOfToolsIsHelm3() throws Exception {
    Helm.Result r = Helm.run(List.of("version", "--short"));

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.stdout()).startsWith("v3.");
  }

  @ParameterizedTest
  @EnumSource(ValueSet.class)
  void lintsCleanWithStrictChecks(ValueSet values) throws Exception {
    List<String> args = new ArrayList<>(List.of("lint", "--strict", ChartFiles.chart().toString()));
    args.addAll(values.lintArgs());

    Helm.Result r = Helm.run(args);

    assertThat(r.exitCode()).as("helm lint --strict with %s:%n%s", values, r.output()).isZero();
    assertThat(r.stdout())
        .contains("1 chart(s) linted, 0 chart(s) failed")
        .doesNotContain("[WARNING]", "[ERROR]");
  }

  @Test
  void lintFailsWhenTheValuesAreWrong() throws Exception {
    List<String> args = new ArrayList<>(List.of("lint", "--strict", ChartFiles.chart().toString()));
    args.addAll(ValueSet.DEFAULTS.lintArgs());
    args.addAll(List.of("--set", "webhook.failurePolicy=Sometimes"));

    Helm.Result r = Helm.run(args);

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("webhook.failurePolicy").contains("1 chart(s) failed");
  }
}
