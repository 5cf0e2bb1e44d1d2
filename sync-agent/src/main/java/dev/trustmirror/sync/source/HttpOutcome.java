package dev.trustmirror.sync.source;

/**
 * What an HTTP status means for a TUF source: pure, so the policy is tested without a server.
 *
 * <p>403 means "not found", like 404: S3 answers 403 for a missing key when the reader may not list
 * the bucket, and GCS and CDNs in front of private buckets do the same, so a mirror on them would
 * otherwise fail on every update at the lookup of {@code N+1.root.json}. python-tuf's updater
 * treats 403 and 404 alike for the same reason. The cost: a proxy that forbids everything shows up
 * as "timestamp.json not found" rather than as an outage.
 */
enum HttpOutcome {
  /** 200: the file. */
  FOUND,
  /** 404 or 403: the source does not have the file. */
  NOT_FOUND,
  /** 408, 429 and 5xx: worth retrying after a delay. */
  RETRY,
  /** Anything else (other 4xx, unfollowed 3xx, other 2xx): the source is unusable as is. */
  FAIL;

  static HttpOutcome of(int status) {
    if (status == 200) {
      return FOUND;
    }
    if (status == 404 || status == 403) {
      return NOT_FOUND;
    }
    if (status == 408 || status == 429 || (status >= 500 && status <= 599)) {
      return RETRY;
    }
    return FAIL;
  }
}
