package io.github.dbqueryagent.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One recorded question and its outcome in a session.
 *
 * @param question the question as asked
 * @param sql the SQL that ran, or {@code ""} when the agent asked for clarification
 * @param columns the names of the result columns, in order
 * @param rowCount the number of rows returned
 * @param answer the short answer given
 * @param clarification the clarification asked, or {@code ""}
 * @param at when the turn completed
 */
public record Turn(
    String question,
    String sql,
    List<String> columns,
    int rowCount,
    String answer,
    String clarification,
    Instant at) {
  /** Checks and copies the components. */
  public Turn {
    Objects.requireNonNull(question, "question");
    sql = sql == null ? "" : sql;
    columns = columns == null ? List.of() : List.copyOf(columns);
    answer = answer == null ? "" : answer;
    clarification = clarification == null ? "" : clarification;
    Objects.requireNonNull(at, "at");
  }

  /** Returns whether SQL ran in this turn. */
  public boolean hasSql() {
    return !sql.isEmpty();
  }
}
