package io.github.dbqueryagent.cli;

import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.InvalidQuestionException;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.QueryAgentException;
import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.QueryResult;
import io.github.dbqueryagent.QuestionRejectedException;
import io.github.dbqueryagent.ResultColumn;
import io.github.dbqueryagent.SchemaIntrospectionException;
import io.github.dbqueryagent.SqlExecutionException;
import io.github.dbqueryagent.SqlRejectedException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.TokenUsage;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one question (or one {@code dbqa sql} statement) came to, in the shape every output format
 * prints: the fields of the JSON object, plus the exit code.
 *
 * @param question the question as asked, or the SQL as given to {@code dbqa sql}
 * @param sql the SQL that ran (after validation); {@code ""} for a clarification; on error the
 *     offending SQL when there is one, else null
 * @param columns result columns, empty on error
 * @param rows result rows in column order, empty on error
 * @param truncated whether rows were cut at {@code --max-rows}
 * @param answer the natural-language answer, null on error
 * @param generator the generator's name ({@code "rule-based"}, {@code "sql"} for {@code dbqa sql}, ...)
 * @param clarification the question back to the user, null when absent
 * @param timingsMs milliseconds per stage in pipeline order (lower-case stage names), empty on error
 * @param tokens token counts
 * @param error the failure, null when none
 * @param exitCode this outcome's exit code
 */
record Outcome(
    String question,
    String sql,
    List<ResultColumn> columns,
    List<List<Object>> rows,
    boolean truncated,
    String answer,
    String generator,
    String clarification,
    Map<String, Double> timingsMs,
    TokenUsage tokens,
    Failure error,
    int exitCode) {

  /**
   * A failure as printed.
   *
   * @param type a stable kebab-case kind: {@code invalid-question}, {@code question-rejected}, {@code
   *     usage}, {@code configuration}, {@code sql-rejected}, {@code sql-execution}, {@code schema-introspection}, {@code model}, {@code
   *     cancelled}, {@code pipeline} or {@code internal}
   * @param message one line, secrets masked
   */
  record Failure(String type, String message) {}

  /** The outcome of an agent result: answered (exit 0) or a clarification (exit 3). */
  static Outcome of(QueryResult r) {
    return new Outcome(
        r.question(),
        r.sql(),
        r.columns(),
        r.rows(),
        r.truncated(),
        r.answer(),
        r.generator(),
        r.clarification().orElse(null),
        millis(r.timings()),
        r.tokens(),
        null,
        r.answered() ? ExitCodes.OK : ExitCodes.NOT_ANSWERED);
  }

  /** The outcome of a failure. */
  static Outcome failed(String question, String generator, Throwable failure, Secrets secrets) {
    String sql = null;
    if (failure instanceof SqlRejectedException) {
      sql = secrets.mask(((SqlRejectedException) failure).sql());
    } else if (failure instanceof SqlExecutionException) {
      String s = ((SqlExecutionException) failure).sql();
      sql = s.isEmpty() ? null : secrets.mask(s);
    }
    return new Outcome(
        question == null ? "" : question,
        sql,
        List.of(),
        List.of(),
        false,
        null,
        generator,
        null,
        Map.of(),
        TokenUsage.NONE,
        new Failure(type(failure), message(failure, secrets)),
        ExitCodes.of(failure));
  }

  /** Returns whether there is a result to print (rows, or at least columns). */
  boolean hasResult() {
    return error == null && clarification == null;
  }

  static String message(Throwable failure, Secrets secrets) {
    String m = failure.getMessage();
    if (!(failure instanceof QueryAgentException || failure instanceof UsageException)) {
      m = "internal error: " + failure;
    } else if (m == null || m.isBlank()) {
      m = failure.getClass().getSimpleName();
    }
    return secrets.line(m);
  }

  static String type(Throwable failure) {
    if (failure instanceof InvalidQuestionException) return "invalid-question";
    if (failure instanceof QuestionRejectedException) return "question-rejected";
    if (failure instanceof UsageException) return "usage";
    if (failure instanceof ConfigurationException) return "configuration";
    if (failure instanceof SqlRejectedException) return "sql-rejected";
    if (failure instanceof SqlExecutionException) return "sql-execution";
    if (failure instanceof SchemaIntrospectionException) return "schema-introspection";
    if (failure instanceof ModelException) return "model";
    if (failure instanceof QueryCancelledException) return "cancelled";
    if (failure instanceof QueryAgentException) return "pipeline";
    return "internal";
  }

  /** Converts stage timings to milliseconds with microsecond precision, in pipeline order. */
  static Map<String, Double> millis(Map<Stage, Duration> timings) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Stage s : Stage.values()) {
      Duration d = timings.get(s);
      if (d != null) out.put(s.name().toLowerCase(Locale.ROOT), Math.round(d.toNanos() / 1000.0) / 1000.0);
    }
    return Collections.unmodifiableMap(out);
  }
}
