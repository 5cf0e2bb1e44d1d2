package dev.trustmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptEncodingTest {
  @Test
  void gzipWhenListedWithAPositiveQuality() {
    assertThat(AcceptEncoding.allowsGzip("gzip")).isTrue();
    assertThat(AcceptEncoding.allowsGzip("gzip, deflate, br")).isTrue();
    assertThat(AcceptEncoding.allowsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
    assertThat(AcceptEncoding.allowsGzip("x-gzip")).isTrue();
    assertThat(AcceptEncoding.allowsGzip("gzip ; q=0.001")).isTrue();
  }

  @Test
  void noGzipWhenAbsentRefusedOrMalformed() {
    assertThat(AcceptEncoding.allowsGzip(null)).isFalse();
    assertThat(AcceptEncoding.allowsGzip("")).isFalse();
    assertThat(AcceptEncoding.allowsGzip("identity")).isFalse();
    assertThat(AcceptEncoding.allowsGzip("br, deflate")).isFalse();
    assertThat(AcceptEncoding.allowsGzip("gzip;q=0")).isFalse();
    assertThat(AcceptEncoding.allowsGzip("gzip;q=0.000")).isFalse();
    assertThat(AcceptEncoding.allowsGzip("gzip;q=abc")).isFalse();
    assertThat(AcceptEncoding.allowsGzip("gzip;q=2")).isFalse();
    assertThat(AcceptEncoding.allowsGzip("gzipfoo")).isFalse();
  }

  @Test
  void aWildcardCoversGzipUnlessGzipIsListed() {
    assertThat(AcceptEncoding.allowsGzip("*")).isTrue();
    assertThat(AcceptEncoding.allowsGzip("*;q=0")).isFalse();
    assertThat(AcceptEncoding.allowsGzip("gzip;q=0, *")).isFalse();
    assertThat(AcceptEncoding.allowsGzip("*;q=0, gzip")).isTrue();
  }
}
