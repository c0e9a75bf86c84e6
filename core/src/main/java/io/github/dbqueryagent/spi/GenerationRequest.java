package io.github.dbqueryagent.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link SqlGenerator} sees.
 *
 * @param question the question, trimmed
 * @param catalog the whole catalog (generators should prefer the retrieved part)
 * @param retrieval the tables and joins schema linking chose
 * @param context the schema rendered within the token budget (what an LLM prompt should contain)
 * @param summaries one-line table descriptions
 * @param history earlier turns of the session, oldest first, possibly empty
 * @param values value linking against the database (bounded)
 * @param previousAttempt the SQL that failed last time and the database's error, during repair
 * @param cancellation cancelled when the caller gives up; long calls register their abort with it
 */
public record GenerationRequest(
    String question,
    Catalog catalog,
    Retrieval retrieval,
    SchemaContext context,
    Map<TableName, String> summaries,
    List<Turn> history,
    ValueLookup values,
    Optional<PreviousAttempt> previousAttempt,
    Cancellation cancellation) {

  /** Checks and copies the components. */
  public GenerationRequest {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(retrieval, "retrieval");
    Objects.requireNonNull(context, "context");
    summaries = Map.copyOf(Objects.requireNonNull(summaries, "summaries"));
    history = List.copyOf(Objects.requireNonNull(history, "history"));
    values = values == null ? ValueLookup.none() : values;
    previousAttempt = previousAttempt == null ? Optional.empty() : previousAttempt;
    cancellation = cancellation == null ? Cancellation.none() : cancellation;
  }

  /** Returns the dialect to generate for. */
  public Dialect dialect() {
    return catalog.dialect();
  }

  /**
   * SQL that failed and why, given back to the generator for repair.
   *
   * @param sql the SQL that failed
   * @param error the database's message or the validator's violations
   */
  public record PreviousAttempt(String sql, String error) {
    /** Checks the components. */
    public PreviousAttempt {
      Objects.requireNonNull(sql, "sql");
      Objects.requireNonNull(error, "error");
    }
  }
}
