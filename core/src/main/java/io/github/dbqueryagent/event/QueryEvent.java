package io.github.dbqueryagent.event;

import io.github.dbqueryagent.Attempt;
import io.github.dbqueryagent.QueryAgentException;
import io.github.dbqueryagent.QueryResult;
import io.github.dbqueryagent.QueryWarning;
import io.github.dbqueryagent.ResultColumn;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What happens while a question is answered, as published by {@code agent.stream(question)}.
 *
 * <p>A stream emits, in order: {@link StageStarted}/{@link StageCompleted} pairs, {@link SqlProposed}
 * (and {@link SqlRejected} when the validator refuses), {@link AttemptCompleted} when the attempt's
 * outcome is known, {@link RepairRequested} when a rejection or database error sends the question back
 * to the generator (the stages from {@link Stage#GENERATE} on then repeat), {@link RowsReceived} after
 * execution, {@link Warned} when something went wrong without stopping the answer, and exactly one
 * terminal event,
 * {@link Completed} or {@link Failed}, followed by {@code onComplete()}. Only {@link Completed} carries
 * a result: a run can emit {@link RowsReceived} and still end with {@link Failed} (for example when
 * the session turn cannot be recorded under {@link io.github.dbqueryagent.SessionStoreFailure#FAIL}).
 * A {@link Failed} event is also followed by {@code onComplete()}, not {@code onError()}, so that
 * subscribers see the failure in order with the other events; {@code onError()} is reserved for
 * protocol violations (for example {@code request(0)}).
 */
public sealed interface QueryEvent {

  /** A stage began. */
  record StageStarted(Stage stage) implements QueryEvent {
    /** Checks the components. */
    public StageStarted {
      Objects.requireNonNull(stage, "stage");
    }
  }

  /** A stage finished after {@code elapsed}. */
  record StageCompleted(Stage stage, Duration elapsed) implements QueryEvent {
    /** Checks the components. */
    public StageCompleted {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(elapsed, "elapsed");
    }
  }

  /** A piece of SQL text streamed by a model before the whole statement is known. */
  record SqlDelta(String text) implements QueryEvent {
    /** Checks the components. */
    public SqlDelta {
      Objects.requireNonNull(text, "text");
    }
  }

  /** The generator proposed SQL (before validation). */
  record SqlProposed(String sql, String generator) implements QueryEvent {
    /** Checks the components. */
    public SqlProposed {
      Objects.requireNonNull(sql, "sql");
      Objects.requireNonNull(generator, "generator");
    }
  }

  /** The validator refused the proposed SQL; nothing ran. */
  record SqlRejected(String sql, List<Violation> violations) implements QueryEvent {
    /** Checks and copies the components. */
    public SqlRejected {
      Objects.requireNonNull(sql, "sql");
      violations = List.copyOf(violations);
    }
  }

  /**
   * An attempt of the repair loop ended: its SQL ran, was rejected, failed in the database, or the
   * generator asked for a clarification or failed. Emitted once per attempt, in order, before the
   * attempt's {@link RepairRequested}, {@link RowsReceived} or terminal event; the same attempts are in
   * the {@link Completed} result's {@link QueryResult#attempts()}. Not emitted for an attempt cut short
   * by cancellation.
   */
  record AttemptCompleted(Attempt attempt) implements QueryEvent {
    /** Checks the components. */
    public AttemptCompleted {
      Objects.requireNonNull(attempt, "attempt");
    }
  }

  /**
   * The SQL of attempt {@code failedAttempt} was rejected or failed in the database, and the question
   * goes back to the generator with that SQL and {@code reason}; attempt {@code failedAttempt + 1}
   * follows.
   *
   * @param failedAttempt the number (1-based) of the attempt that failed
   * @param failedSql the SQL that failed
   * @param reason the error as handed to the generator: the validator's violations, or the database's
   *     message (under {@link io.github.dbqueryagent.ModelDataAccess#SCHEMA_ONLY}, with quoted values
   *     that are neither in the SQL nor table or column names replaced by {@code '?'})
   */
  record RepairRequested(int failedAttempt, String failedSql, String reason) implements QueryEvent {
    /** Checks the components. */
    public RepairRequested {
      if (failedAttempt < 1) throw new IllegalArgumentException("failedAttempt must be at least 1: " + failedAttempt);
      Objects.requireNonNull(failedSql, "failedSql");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The rows of the result (all of them, up to the row cap). */
  record RowsReceived(List<ResultColumn> columns, List<List<Object>> rows, boolean truncated)
      implements QueryEvent {
    /** Checks and copies the components. */
    public RowsReceived {
      columns = List.copyOf(columns);
      List<List<Object>> copy = new ArrayList<>(rows.size());
      for (List<Object> r : rows) copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
      rows = Collections.unmodifiableList(copy);
    }
  }

  /**
   * Something went wrong that did not stop the answer (for example the session store could not record
   * the turn under {@link io.github.dbqueryagent.SessionStoreFailure#REPORT}); the same warning is in
   * the {@link Completed} result's {@link QueryResult#warnings()}.
   */
  record Warned(QueryWarning warning) implements QueryEvent {
    /** Checks the components. */
    public Warned {
      Objects.requireNonNull(warning, "warning");
    }
  }

  /** Terminal: the question was answered (or a clarification was returned). */
  record Completed(QueryResult result) implements QueryEvent {
    /** Checks the components. */
    public Completed {
      Objects.requireNonNull(result, "result");
    }
  }

  /** Terminal: the question failed; {@code error} says where and why. */
  record Failed(QueryAgentException error) implements QueryEvent {
    /** Checks the components. */
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }
}
