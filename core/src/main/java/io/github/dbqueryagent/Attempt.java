package io.github.dbqueryagent;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One round of the repair loop: the generator proposed SQL (or a clarification) and the agent
 * validated and ran it. The first attempt answers the question; when the validator rejects its SQL or
 * the database reports an error, the question goes back to the generator with that SQL and error, up
 * to {@link DatabaseQueryAgent.Builder#maxRepairAttempts} more times. Immutable and thread-safe.
 *
 * @param number the attempt's number, 1-based, in the order the attempts ran
 * @param sql the SQL the generator proposed, before validation; {@code ""} when it asked for a
 *     clarification or failed before proposing SQL
 * @param outcome how the attempt ended
 * @param message what went wrong: the validator's violations joined with {@code "; "} for {@link
 *     Outcome#REJECTED}, the database's message for {@link Outcome#DATABASE_ERROR}, the generator's
 *     failure for {@link Outcome#MODEL_ERROR}, the clarification question for {@link
 *     Outcome#CLARIFICATION}; {@code ""} for {@link Outcome#EXECUTED}; never null. This is the text as
 *     the caller would see it in an exception; under {@link ModelDataAccess#SCHEMA_ONLY} the generator
 *     may have been given a redacted version (see {@link
 *     io.github.dbqueryagent.event.QueryEvent.RepairRequested})
 * @param sqlState the SQLState of the database error, when the outcome is {@link
 *     Outcome#DATABASE_ERROR} and the driver reported one; otherwise empty
 * @param generation wall-clock time the generator took, never negative
 * @param validation wall-clock time the validator took; {@link Duration#ZERO} when not reached
 * @param execution wall-clock time the database took (until the rows or the error came back); {@link
 *     Duration#ZERO} when not reached
 * @param tokens the tokens this attempt's generation used ({@link TokenUsage#NONE} for the offline
 *     generator and when the generator failed)
 */
public record Attempt(
    int number,
    String sql,
    Outcome outcome,
    String message,
    Optional<String> sqlState,
    Duration generation,
    Duration validation,
    Duration execution,
    TokenUsage tokens) {

  /** How an attempt ended. */
  public enum Outcome {
    /** The SQL passed validation and ran; the result holds its rows. */
    EXECUTED,
    /** The validator refused the SQL; nothing ran. */
    REJECTED,
    /** The database reported an error while running the SQL. */
    DATABASE_ERROR,
    /** The generator asked a question back instead of proposing SQL. */
    CLARIFICATION,
    /** The generator failed (threw, timed out or returned nothing); the question failed with it. */
    MODEL_ERROR
  }

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException when {@code number} is below 1 or a duration is negative
   */
  public Attempt {
    if (number < 1) throw new IllegalArgumentException("number must be at least 1: " + number);
    sql = sql == null ? "" : sql;
    Objects.requireNonNull(outcome, "outcome");
    message = message == null ? "" : message;
    sqlState = sqlState == null ? Optional.empty() : sqlState;
    generation = nonNegative(generation, "generation");
    validation = nonNegative(validation, "validation");
    execution = nonNegative(execution, "execution");
    tokens = tokens == null ? TokenUsage.NONE : tokens;
  }

  /** Returns whether this attempt's SQL ran and produced the result's rows. */
  public boolean executed() {
    return outcome == Outcome.EXECUTED;
  }

  /** Returns the sum of the generation, validation and execution times. */
  public Duration elapsed() {
    return generation.plus(validation).plus(execution);
  }

  private static Duration nonNegative(Duration d, String name) {
    if (d == null) return Duration.ZERO;
    if (d.isNegative()) throw new IllegalArgumentException(name + " must not be negative: " + d);
    return d;
  }
}
