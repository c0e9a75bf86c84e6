package io.github.dbqueryagent.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Retriever} sees.
 *
 * @param question the question
 * @param catalog the catalog
 * @param summaries one-line table descriptions from the {@link Summarizer}
 * @param history earlier turns of the session, oldest first, possibly empty
 * @param examples the few-shot examples to choose from, possibly empty
 */
public record RetrievalRequest(
    String question, Catalog catalog, Map<TableName, String> summaries, List<Turn> history,
    List<FewShotExample> examples) {
  /** Checks and copies the components. */
  public RetrievalRequest {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(catalog, "catalog");
    summaries = Map.copyOf(Objects.requireNonNull(summaries, "summaries"));
    history = List.copyOf(Objects.requireNonNull(history, "history"));
    examples = List.copyOf(Objects.requireNonNull(examples, "examples"));
  }

  /**
   * Creates a request without few-shot examples.
   *
   * @param question the question
   * @param catalog the catalog
   * @param summaries one-line table descriptions
   * @param history earlier turns of the session
   */
  public RetrievalRequest(String question, Catalog catalog, Map<TableName, String> summaries, List<Turn> history) {
    this(question, catalog, summaries, history, List.of());
  }
}
