package io.github.dbqueryagent;

import java.time.Duration;
import java.util.Objects;

/**
 * A session asked more questions than {@link DatabaseQueryAgent.Builder#sessionRateLimit(int,
 * Duration) its rate limit} allows. Thrown before any work is done: the question was not checked,
 * generated or run, and does not count against the limit. Retriable after {@link #retryAfter()}.
 */
public class RateLimitedException extends QueryAgentException {
  private static final long serialVersionUID = 1L;
  private final String sessionId;
  private final Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param sessionId the session that reached its limit
   * @param questions the limit: this many questions ...
   * @param per ... in any window of this length
   * @param retryAfter how long until the session may ask again, positive
   */
  public RateLimitedException(String sessionId, int questions, Duration per, Duration retryAfter) {
    super(
        Stage.QUESTION,
        "session '" + sessionId + "' reached its rate limit of " + questions + " question"
            + (questions == 1 ? "" : "s") + " per " + human(per) + ": retry in " + human(retryAfter));
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** Returns the session that reached its limit. */
  public String sessionId() {
    return sessionId;
  }

  /** Returns how long until the session may ask again: positive, exact to the millisecond. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Formats a duration for people: {@code 250 ms}, {@code 1.5 seconds}, {@code 1 minute}, {@code 2 hours}. */
  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) return Math.max(ms, 1) + " ms";
    if (ms % 3_600_000 == 0) return plural(ms / 3_600_000, "hour");
    if (ms % 60_000 == 0) return plural(ms / 60_000, "minute");
    if (ms % 1000 == 0) return plural(ms / 1000, "second");
    return String.format(java.util.Locale.ROOT, "%.1f seconds", Math.ceil(ms / 100.0) / 10.0);
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
