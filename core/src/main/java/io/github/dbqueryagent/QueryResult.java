package io.github.dbqueryagent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one question. Immutable and thread-safe.
 *
 * <p>Either SQL ran and {@link #rows()} holds its result, or the agent could not answer confidently
 * and {@link #clarification()} says what it needs to know; then {@link #sql()} is {@code ""} and there
 * are no rows.
 *
 * @param question the question as asked
 * @param sql the SQL that ran, after validation (a row limit may have been added); {@code ""} when no
 *     SQL ran
 * @param columns the result columns in select-list order, never null
 * @param rows rows in {@code columns()} order, never null, at most the configured maximum; values
 *     (possibly null) as {@code ResultSet.getObject} returns them, except that the default executor
 *     ({@link io.github.dbqueryagent.spi.Executor#jdbc}) reads dates, times and timestamps as {@code
 *     java.time} values ({@code LocalDate}, {@code LocalTime}, {@code LocalDateTime}; {@code
 *     OffsetDateTime} and {@code OffsetTime} for types with a time zone, PostgreSQL's {@code
 *     timestamptz} and {@code timetz} included), CLOBs as {@code String}, BLOBs as {@code byte[]} and
 *     SQL arrays as {@code List}s; see {@link io.github.dbqueryagent.spi.ExecutionResult}
 * @param truncated whether the result had more rows than the maximum and was cut
 * @param answer a short natural-language sentence, never null
 * @param explanation how the generator read the question, or {@code ""}
 * @param confidence the generator's confidence from 0.0 to 1.0
 * @param clarification the question back to the user when the agent could not answer confidently
 * @param generator the name of the generator that produced the SQL, for example {@code "rule-based"}
 * @param timings wall-clock time per stage that ran, in pipeline order
 * @param tokens token counts
 * @param warnings problems that did not stop the answer (for example a session turn that could not be
 *     recorded under {@link SessionStoreFailure#REPORT}), in the order they occurred; never null,
 *     usually empty
 * @param attempts the rounds of the repair loop in the order they ran, the one that produced this
 *     result last ({@link Attempt.Outcome#EXECUTED} or {@link Attempt.Outcome#CLARIFICATION}); never
 *     null, one entry when the first SQL ran; empty only for a result built with the constructor
 *     without attempts
 * @param cost what the question's model tokens ({@link #tokens()}, summed over all attempts) cost,
 *     when {@link DatabaseQueryAgent.Builder#modelPrices(ModelPrices)} is set; otherwise empty
 */
public record QueryResult(
    String question,
    String sql,
    List<ResultColumn> columns,
    List<List<Object>> rows,
    boolean truncated,
    String answer,
    String explanation,
    double confidence,
    Optional<String> clarification,
    String generator,
    Map<Stage, Duration> timings,
    TokenUsage tokens,
    List<QueryWarning> warnings,
    List<Attempt> attempts,
    Optional<Cost> cost) {

  /** Checks and copies the components; row lists are copied into unmodifiable lists. */
  public QueryResult {
    Objects.requireNonNull(question, "question");
    sql = sql == null ? "" : sql;
    columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
    answer = answer == null ? "" : answer;
    explanation = explanation == null ? "" : explanation;
    clarification = clarification == null ? Optional.empty() : clarification;
    generator = generator == null ? "" : generator;
    EnumMap<Stage, Duration> t = new EnumMap<>(Stage.class);
    t.putAll(Objects.requireNonNull(timings, "timings"));
    timings = Collections.unmodifiableMap(t);
    tokens = tokens == null ? TokenUsage.NONE : tokens;
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
    cost = cost == null ? Optional.empty() : cost;
  }

  /**
   * Creates a result without attempt history or cost (as before those existed): {@link #attempts()} is
   * empty and {@link #cost()} absent.
   */
  public QueryResult(
      String question,
      String sql,
      List<ResultColumn> columns,
      List<List<Object>> rows,
      boolean truncated,
      String answer,
      String explanation,
      double confidence,
      Optional<String> clarification,
      String generator,
      Map<Stage, Duration> timings,
      TokenUsage tokens,
      List<QueryWarning> warnings) {
    this(question, sql, columns, rows, truncated, answer, explanation, confidence, clarification, generator,
        timings, tokens, warnings, List.of(), Optional.empty());
  }

  /**
   * Returns a copy of this result with one more warning at the end of {@link #warnings()}.
   *
   * @param warning the warning to add
   * @return a new result; this one is unchanged
   */
  public QueryResult withWarning(QueryWarning warning) {
    Objects.requireNonNull(warning, "warning");
    List<QueryWarning> all = new ArrayList<>(warnings);
    all.add(warning);
    return new QueryResult(question, sql, columns, rows, truncated, answer, explanation, confidence, clarification,
        generator, timings, tokens, all, attempts, cost);
  }

  /** Returns the number of rows in {@link #rows()}. */
  public int rowCount() {
    return rows.size();
  }

  /** Returns whether the agent answered: SQL ran and no clarification is needed. */
  public boolean answered() {
    return clarification.isEmpty();
  }

  /** Returns the number of repair rounds: {@code attempts().size() - 1}, or 0 without attempts. */
  public int repairs() {
    return Math.max(0, attempts.size() - 1);
  }

  /** Returns the sum of all stage timings. */
  public Duration totalTime() {
    Duration d = Duration.ZERO;
    for (Duration x : timings.values()) d = d.plus(x);
    return d;
  }
}
