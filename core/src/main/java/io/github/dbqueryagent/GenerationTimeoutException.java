package io.github.dbqueryagent;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@link io.github.dbqueryagent.spi.SqlGenerator} did not answer within the {@link
 * DatabaseQueryAgent.Builder#generationTimeout(Duration) generation timeout}. The generator's {@link
 * io.github.dbqueryagent.spi.Cancellation} was triggered and its thread interrupted; no SQL ran.
 * Always {@link #retriable() retriable}: the same question may succeed once the model answers faster.
 */
public class GenerationTimeoutException extends ModelException {
  private static final long serialVersionUID = 1L;
  private final String generator;
  private final Duration timeout;

  /**
   * Creates the exception.
   *
   * @param generator the generator's {@link io.github.dbqueryagent.spi.SqlGenerator#name() name}
   * @param timeout the timeout that elapsed
   */
  public GenerationTimeoutException(String generator, Duration timeout) {
    super(
        Stage.GENERATE,
        "the SQL generator '" + generator + "' did not answer within " + seconds(timeout)
            + " and was cancelled; retry later or raise generationTimeout(...)",
        true,
        0,
        null);
    this.generator = Objects.requireNonNull(generator, "generator");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** Returns the name of the generator that timed out. */
  public String generator() {
    return generator;
  }

  /** Returns the timeout that elapsed. */
  public Duration timeout() {
    return timeout;
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }
}
