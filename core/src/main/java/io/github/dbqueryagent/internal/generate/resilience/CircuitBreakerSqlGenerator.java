package io.github.dbqueryagent.internal.generate.resilience;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.SqlGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker around one generator (one model endpoint); see {@link SqlGenerator#withCircuitBreaker}
 * and {@code docs/resilience.md}. The classic three-state breaker (Nygard, <i>Release It!</i>, 2007).
 *
 * <ul>
 *   <li><b>Closed</b>: calls go through. {@code failureThreshold} consecutive retriable {@link
 *       ModelException}s open the breaker; a success resets the count.
 *   <li><b>Open</b> for {@code openDuration}: calls throw a retriable {@link ModelException} {@code
 *       "circuit open for NAME until TIME"} without calling the generator, so a {@link
 *       SqlGenerator#firstOf fallback chain} moves on at once.
 *   <li><b>Half-open</b> once that time has passed: up to {@code halfOpenTrials} calls go through (others
 *       are refused like in the open state); when that many succeed the breaker closes, a retriable
 *       failure opens it again for another {@code openDuration}.
 * </ul>
 *
 * Other outcomes (a non-retriable {@link ModelException}, a cancellation, any other exception) say nothing
 * about the endpoint's availability: they neither count as failures nor reset the count, and a half-open
 * trial that ends so frees its slot for the next call. An outcome of a call started before the last state
 * change is ignored. State changes are logged at INFO. Thread-safe: the state is guarded by this object's
 * lock, which is never held while the generator runs.
 */
public final class CircuitBreakerSqlGenerator implements SqlGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakerSqlGenerator.class);

  /** The breaker's states. */
  public enum State {
    /** Calls go through. */
    CLOSED,
    /** Calls are refused. */
    OPEN,
    /** A limited number of trial calls go through. */
    HALF_OPEN
  }

  private final SqlGenerator delegate;
  private final int failureThreshold;
  private final Duration openDuration;
  private final int halfOpenTrials;
  private final Clock clock;

  // guarded by this
  private State state = State.CLOSED;
  private long epoch; // incremented on every state change
  private int failures; // consecutive retriable failures while closed
  private Instant openUntil = Instant.MIN;
  private int trialsRunning;
  private int trialsSucceeded;

  /**
   * Creates the breaker.
   *
   * @param delegate the generator to protect
   * @param failureThreshold consecutive retriable failures that open the breaker, at least 1
   * @param openDuration how long the breaker stays open, positive
   * @param halfOpenTrials trial calls let through when half-open, at least 1
   * @param clock the time source
   */
  public CircuitBreakerSqlGenerator(
      SqlGenerator delegate, int failureThreshold, Duration openDuration, int halfOpenTrials, Clock clock) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.openDuration = Objects.requireNonNull(openDuration, "openDuration");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (failureThreshold < 1 || halfOpenTrials < 1 || openDuration.isNegative() || openDuration.isZero()) {
      throw new IllegalArgumentException(
          "failureThreshold and halfOpenTrials must be at least 1 and openDuration positive (got "
              + failureThreshold + ", " + halfOpenTrials + ", " + openDuration + ")");
    }
    this.failureThreshold = failureThreshold;
    this.halfOpenTrials = halfOpenTrials;
  }

  /**
   * Calls the generator unless the breaker is open.
   *
   * @return the generator's reply, never null unless the generator returned null
   * @throws ModelException retriable, without calling the generator, when the breaker is open (or half-open
   *     with every trial slot taken); otherwise whatever the generator throws
   */
  @Override
  public GeneratedSql generate(GenerationRequest request) {
    long admitted = admit();
    boolean neutral = true;
    try {
      GeneratedSql reply = delegate.generate(request);
      neutral = false;
      onSuccess(admitted);
      return reply;
    } catch (ModelException e) {
      if (e.retriable() && !request.cancellation().isCancelled()) {
        neutral = false;
        onFailure(admitted, e);
      }
      throw e;
    } finally {
      if (neutral) {
        onNeutral(admitted);
      }
    }
  }

  /** Returns the current state (open turns half-open only when a call arrives after the open duration). */
  public synchronized State state() {
    return state;
  }

  private synchronized long admit() {
    if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
      transition(State.HALF_OPEN, "open duration of " + openDuration + " elapsed");
    }
    if (state == State.OPEN || (state == State.HALF_OPEN && trialsRunning + trialsSucceeded >= halfOpenTrials)) {
      throw new ModelException(
          "circuit open for " + delegate.name() + " until " + openUntil
              + (state == State.HALF_OPEN ? " (half-open: trial call in progress)" : ""),
          true, 0, null);
    }
    if (state == State.HALF_OPEN) {
      trialsRunning++;
    }
    return epoch;
  }

  private synchronized void onSuccess(long admitted) {
    if (admitted != epoch) return;
    if (state == State.CLOSED) {
      failures = 0;
    } else if (state == State.HALF_OPEN) {
      trialsRunning--;
      trialsSucceeded++;
      if (trialsSucceeded >= halfOpenTrials) {
        transition(State.CLOSED, trialsSucceeded + " trial call(s) succeeded");
      }
    }
  }

  private synchronized void onFailure(long admitted, ModelException e) {
    if (admitted != epoch) return;
    if (state == State.CLOSED && ++failures >= failureThreshold) {
      open(failures + " consecutive failures, the last: " + e.getMessage());
    } else if (state == State.HALF_OPEN) {
      open("the trial call failed: " + e.getMessage());
    }
  }

  private synchronized void onNeutral(long admitted) {
    if (admitted == epoch && state == State.HALF_OPEN) {
      trialsRunning--;
    }
  }

  private void open(String why) {
    openUntil = clock.instant().plus(openDuration);
    transition(State.OPEN, why + "; open until " + openUntil);
  }

  private void transition(State to, String why) {
    LOG.info("circuit breaker for SQL generator '{}': {} -> {} ({})", delegate.name(), state, to, why);
    state = to;
    epoch++;
    failures = 0;
    trialsRunning = 0;
    trialsSucceeded = 0;
  }

  /** Returns the protected generator's name. */
  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String toString() {
    return "CircuitBreaker[" + delegate.name() + "]";
  }
}
