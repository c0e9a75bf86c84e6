package io.github.dbqueryagent.internal.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.dbqueryagent.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code questions} questions per session in any window of length {@code per} (a sliding
 * window log: the times of the last {@code questions} admitted questions are kept per session). A
 * refused question is not recorded, so a client that keeps retrying too early does not push its own
 * window forward. Thread-safe: the check and the record are one atomic step per session.
 *
 * <p>State is kept for at most {@link #MAX_SESSIONS} sessions, each for {@code per} after its last
 * question; a session dropped because of the size bound starts with an empty window.
 */
public final class SessionRateLimiter {
  /** The most sessions whose windows are kept at once. */
  public static final int MAX_SESSIONS = 100_000;

  private final int questions;
  private final Duration per;
  private final long perMillis;
  private final Clock clock;
  private final Cache<String, Window> windows;

  /**
   * Creates the limiter; the builder checked the arguments.
   *
   * @param questions how many questions a session may ask ...
   * @param per ... in any window of this length
   * @param clock where the time comes from
   */
  public SessionRateLimiter(int questions, Duration per, Clock clock) {
    if (questions < 1) throw new IllegalArgumentException("questions must be at least 1");
    if (per.isNegative() || per.isZero()) throw new IllegalArgumentException("per must be positive");
    this.questions = questions;
    this.per = per;
    this.perMillis = per.toMillis();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.windows = Caffeine.newBuilder().maximumSize(MAX_SESSIONS).expireAfterAccess(per).build();
  }

  /**
   * Admits one question of a session, or refuses it.
   *
   * @param sessionId the session
   * @throws RateLimitedException when the session has asked {@code questions} questions in the last
   *     {@code per}; it says when the oldest of them leaves the window
   */
  public void acquire(String sessionId) {
    long now = clock.millis();
    long[] waitMillis = {0};
    windows.asMap().compute(sessionId, (id, w) -> {
      Window window = w != null ? w : new Window(questions);
      waitMillis[0] = window.tryAdmit(now, perMillis);
      return window;
    });
    if (waitMillis[0] > 0) {
      throw new RateLimitedException(sessionId, questions, per, Duration.ofMillis(waitMillis[0]));
    }
  }

  @Override
  public String toString() {
    return "SessionRateLimiter[" + questions + " per " + per + "]";
  }

  /** The admission times of a session's last questions, a ring buffer; guarded by the map's compute. */
  private static final class Window {
    private final long[] times;
    private int head; // index of the oldest entry
    private int size;

    Window(int capacity) {
      this.times = new long[capacity];
    }

    /** Returns 0 when admitted (and records {@code now}), else the milliseconds to wait. */
    long tryAdmit(long now, long perMillis) {
      while (size > 0 && times[head] <= now - perMillis) {
        head = (head + 1) % times.length;
        size--;
      }
      if (size < times.length) {
        times[(head + size) % times.length] = now;
        size++;
        return 0;
      }
      return Math.max(1, times[head] + perMillis - now);
    }
  }
}
