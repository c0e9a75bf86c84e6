package io.github.dbqueryagent.internal.generate.resilience;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.SqlGenerator;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A client-side token bucket in front of a generator; see {@link SqlGenerator#rateLimited} and {@code
 * docs/resilience.md}.
 *
 * <p>The bucket holds at most {@code permits} tokens and refills continuously at {@code permits} per
 * {@code per}, so a burst of {@code permits} calls passes at once and the sustained rate is {@code
 * permits / per}. A call takes one token. When none is left it reserves the next one and waits for it,
 * provided the wait is at most {@code maxWait}; otherwise it throws a retriable {@link ModelException}
 * {@code "rate limited (client side) ..."} at once, without waiting and without calling the generator (so
 * a {@link SqlGenerator#firstOf fallback chain} moves on). Waiting ends early with a {@link
 * QueryCancelledException} when the request is cancelled (the agent's generation timeout cancels it) or
 * the thread interrupted; the reserved token is then given back. Reservations are first come, first
 * served. Thread-safe; the bucket is guarded by this object's lock, never held while waiting.
 */
public final class RateLimitedSqlGenerator implements SqlGenerator {
  private final SqlGenerator delegate;
  private final int permits;
  private final Duration per;
  private final Duration maxWait;
  private final long maxWaitNanos;
  private final double nanosPerPermit;
  private final LongSupplier nanoTime;

  // guarded by this
  private double tokens; // may go below zero: reserved tokens
  private long refilledAt;

  /**
   * Creates the limiter with a full bucket.
   *
   * @param delegate the generator to limit
   * @param permits calls per {@code per}, and the largest burst, at least 1
   * @param per the period, positive
   * @param maxWait the longest a call waits for a token, zero or positive
   */
  public RateLimitedSqlGenerator(SqlGenerator delegate, int permits, Duration per, Duration maxWait) {
    this(delegate, permits, per, maxWait, System::nanoTime);
  }

  RateLimitedSqlGenerator(SqlGenerator delegate, int permits, Duration per, Duration maxWait, LongSupplier nanoTime) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.per = Objects.requireNonNull(per, "per");
    this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    if (permits < 1 || per.isNegative() || per.isZero() || maxWait.isNegative()) {
      throw new IllegalArgumentException(
          "rateLimited needs permits of at least 1, a positive period and a maxWait of zero or more (got permits="
              + permits + ", per=" + per + ", maxWait=" + maxWait + ")");
    }
    this.permits = permits;
    this.maxWaitNanos = saturatedNanos(maxWait);
    this.nanosPerPermit = (double) saturatedNanos(per) / permits;
    this.tokens = permits;
    this.refilledAt = nanoTime.getAsLong();
  }

  /**
   * Takes a token, waiting for one when needed, then calls the generator.
   *
   * @return the generator's reply
   * @throws ModelException retriable, without calling the generator, when no token is available within
   *     {@code maxWait}
   * @throws QueryCancelledException when the request was cancelled or the thread interrupted while waiting
   */
  @Override
  public GeneratedSql generate(GenerationRequest request) {
    Cancellation cancellation = request.cancellation();
    cancellation.throwIfCancelled(Stage.GENERATE);
    long wait = reserve();
    if (wait < 0) {
      throw new ModelException(
          "rate limited (client side): " + delegate.name() + " is limited to " + permits + " call"
              + (permits == 1 ? "" : "s") + " per " + per + " and no permit is free within " + maxWait,
          true, 0, null);
    }
    if (wait > 0) {
      await(wait, cancellation);
    }
    return delegate.generate(request);
  }

  /** Returns 0 when a token was taken, the nanoseconds to wait for a reserved one, or -1 when refused. */
  synchronized long reserve() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(permits, tokens + (now - refilledAt) / nanosPerPermit);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    double wait = Math.ceil((1 - tokens) * nanosPerPermit);
    if (wait > maxWaitNanos) {
      return -1;
    }
    tokens -= 1;
    return Math.max(1, (long) wait);
  }

  /** Returns the tokens in the bucket as of the last call, negative when some are reserved (for tests). */
  synchronized double tokens() {
    return tokens;
  }

  private synchronized void giveBack() {
    tokens = Math.min(permits, tokens + 1);
  }

  private void await(long nanos, Cancellation cancellation) {
    CountDownLatch cancelled = new CountDownLatch(1);
    try (Cancellation.Registration r = cancellation.onCancel(cancelled::countDown)) {
      if (cancelled.await(nanos, TimeUnit.NANOSECONDS)) {
        giveBack();
        throw new QueryCancelledException(Stage.GENERATE);
      }
    } catch (InterruptedException e) {
      giveBack();
      Thread.currentThread().interrupt();
      throw new QueryCancelledException(Stage.GENERATE);
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Returns the limited generator's name. */
  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String toString() {
    return "RateLimited[" + delegate.name() + ", " + permits + " per " + per + "]";
  }
}
