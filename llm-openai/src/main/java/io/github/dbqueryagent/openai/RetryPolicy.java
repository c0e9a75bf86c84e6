package io.github.dbqueryagent.openai;

import com.openai.core.http.Headers;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.Stage;
import com.openai.errors.OpenAIServiceException;
import io.github.dbqueryagent.spi.Cancellation;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waits between the attempts of {@link OpenAiSqlGenerator}: exponential back-off with full jitter
 * (a uniformly random wait between 0 and {@code min(cap, base × 2^(retry − 1))}, as in "Exponential
 * Backoff And Jitter", AWS Architecture Blog, 2015), unless the server named its own wait with {@code
 * retry-after-ms} or {@code Retry-After} (delta seconds or an HTTP date, RFC 9110 §10.2.3). Immutable and
 * thread-safe.
 */
final class RetryPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

  /** The default first back-off bound, 500 ms. */
  static final Duration DEFAULT_BASE = Duration.ofMillis(500);

  /** The default largest back-off bound, 8 s. */
  static final Duration DEFAULT_CAP = Duration.ofSeconds(8);

  private final Duration base;
  private final Duration cap;
  private final DoubleSupplier random;
  private final Clock clock;
  private final Sleeper sleeper;

  RetryPolicy(Duration base, Duration cap, DoubleSupplier random, Clock clock, Sleeper sleeper) {
    this.base = base;
    this.cap = cap;
    this.random = random;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** The defaults: 500 ms base, 8 s cap, thread-local randomness, the system clock, a real sleeper. */
  static RetryPolicy defaults() {
    return new RetryPolicy(DEFAULT_BASE, DEFAULT_CAP, () -> ThreadLocalRandom.current().nextDouble(),
        Clock.systemUTC(), Sleeper.REAL);
  }

  RetryPolicy withBackoff(Duration newBase, Duration newCap) {
    return new RetryPolicy(newBase, newCap, random, clock, sleeper);
  }

  RetryPolicy withSleeper(Sleeper newSleeper) {
    return new RetryPolicy(base, cap, random, clock, newSleeper);
  }

  Duration base() {
    return base;
  }

  Duration cap() {
    return cap;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  /**
   * Returns the back-off before retry number {@code retry} (1 for the first retry): full jitter, between 0
   * and {@code min(cap, base × 2^(retry − 1))}.
   */
  Duration backoff(int retry) {
    long bound = base.toNanos();
    for (int i = 1; i < retry && bound < cap.toNanos(); i++) bound *= 2;
    bound = Math.min(bound, cap.toNanos());
    double r = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
    return Duration.ofNanos((long) (bound * r));
  }

  /**
   * Returns the wait the server asked for with {@code retry-after-ms} (milliseconds, may be fractional) or
   * {@code Retry-After} (seconds or an HTTP date), {@code retry-after-ms} first; empty when the failure is
   * not an HTTP reply or carries neither header, or the header cannot be read. Never negative.
   */
  Optional<Duration> retryAfter(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (!(t instanceof OpenAIServiceException)) return Optional.empty();
    Headers headers;
    try {
      headers = ((OpenAIServiceException) t).headers();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    Optional<String> ms = header(headers, "retry-after-ms");
    if (ms.isPresent()) {
      try {
        double v = Double.parseDouble(ms.get());
        if (v >= 0 && !Double.isInfinite(v)) return Optional.of(Duration.ofNanos((long) (v * 1_000_000)));
      } catch (NumberFormatException ignored) {
        // fall back to Retry-After
      }
    }
    Optional<String> after = header(headers, "retry-after");
    if (after.isEmpty()) return Optional.empty();
    String v = after.get();
    try {
      double seconds = Double.parseDouble(v);
      if (seconds < 0 || Double.isInfinite(seconds) || Double.isNaN(seconds)) return Optional.empty();
      return Optional.of(Duration.ofMillis((long) (seconds * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), when.toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  private static Optional<String> header(Headers headers, String name) {
    for (String n : headers.names()) {
      if (n.equalsIgnoreCase(name)) {
        List<String> values = headers.values(n);
        if (!values.isEmpty() && !values.get(0).isBlank()) return Optional.of(values.get(0).strip());
      }
    }
    return Optional.empty();
  }

  /** Waits between attempts; a wait ends early when the question is cancelled. */
  @FunctionalInterface
  interface Sleeper {
    /** Sleeps on the calling thread, waking early on cancellation. */
    Sleeper REAL = (wait, cancellation) -> {
      CountDownLatch cancelled = new CountDownLatch(1);
      try (Cancellation.Registration r = cancellation.onCancel(cancelled::countDown)) {
        return !cancelled.await(wait.toNanos(), TimeUnit.NANOSECONDS) && !cancellation.isCancelled();
      }
    };

    /**
     * Waits {@code wait}, or less when {@code cancellation} fires.
     *
     * @return true when the whole wait passed, false when it ended because of cancellation
     * @throws InterruptedException when the waiting thread was interrupted
     */
    boolean sleep(Duration wait, Cancellation cancellation) throws InterruptedException;
  }

  /** One attempt, bounded by {@code limit}; throws {@link ModelException} when it fails. */
  @FunctionalInterface
  interface Attempt<T> {
    T run(Duration limit);
  }

  /**
   * Runs attempts until one succeeds: the last one gets only the time left before {@code started +
   * timeout}; a retriable failure waits for the server's {@code Retry-After} or the backoff, unless that
   * wait would end past the deadline or the retries are used up; a non-retriable failure ends at once.
   * Failures after the first attempt report the attempts made and the time spent.
   *
   * @param started {@link System#nanoTime()} when the call began; the timeout counts from there
   * @throws ModelException the last failure, with the attempts added to its message
   * @throws QueryCancelledException when cancelled or interrupted during a wait
   */
  <T> T run(Attempt<T> attempts, long started, Duration timeout, Duration attemptTimeout, int maxRetries,
      Cancellation cancellation, String name) {
    long deadline = started + timeout.toNanos();
    for (int attempt = 1; ; attempt++) {
      long left = deadline - System.nanoTime();
      Duration limit =
          left < attemptTimeout.toNanos() ? Duration.ofMillis(Math.max(left / 1_000_000, 1)) : attemptTimeout;
      ModelException failure;
      try {
        return attempts.run(limit);
      } catch (ModelException e) {
        failure = e;
      }
      if (!failure.retriable()) {
        throw attempt == 1 ? failure : giveUp(failure, attempt, started, "");
      }
      if (attempt > maxRetries) {
        throw giveUp(failure, attempt, started, maxRetries == 0 ? "retries are off (maxRetries 0)" : "");
      }
      Optional<Duration> asked = retryAfter(Errors.original(failure.getCause()));
      int retry = attempt;
      Duration wait = asked.orElseGet(() -> backoff(retry));
      left = deadline - System.nanoTime();
      if (asked.isPresent() && asked.get().toNanos() >= left) {
        throw giveUp(failure, attempt, started, "the server asked to wait " + seconds(asked.get())
            + " before retrying, which would end past the timeout of " + seconds(timeout));
      }
      if (wait.toNanos() >= left) {
        throw giveUp(failure, attempt, started, "no time left for another attempt within the timeout of "
            + seconds(timeout));
      }
      LOG.debug("{} attempt {} failed ({}); retrying in {} ms", name, attempt, failure.getMessage(),
          wait.toMillis());
      try {
        if (!sleeper.sleep(wait, cancellation)) {
          throw new QueryCancelledException(Stage.GENERATE);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QueryCancelledException(Stage.GENERATE);
      }
      cancellation.throwIfCancelled(Stage.GENERATE);
    }
  }

  /** Returns {@code last} with the attempts made, the time spent and {@code why} added to its message. */
  private static ModelException giveUp(ModelException last, int attempts, long started, String why) {
    String message = last.getMessage() + "; gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts")
        + " in " + seconds(Duration.ofNanos(System.nanoTime() - started)) + (why.isEmpty() ? "" : ": " + why);
    return new ModelException(last.stage(), message, last.retriable(), last.statusCode(), last.getCause());
  }

  /** Formats a duration in seconds with one decimal, for example {@code "1.5 s"}. */
  static String seconds(Duration d) {
    long tenths = (d.toMillis() + 50) / 100;
    return (tenths % 10 == 0 ? String.valueOf(tenths / 10) : (tenths / 10) + "." + (tenths % 10)) + " s";
  }
}
