package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.internal.retrieve.LexicalRetriever;

/** Schema linking: picks the tables, columns and join paths a question needs. Thread-safe. */
@FunctionalInterface
public interface Retriever {

  /**
   * Links a question to the catalog.
   *
   * @param request the question, catalog, summaries and history
   * @return the retrieved tables, best first, and the joins between them; never null
   */
  Retrieval retrieve(RetrievalRequest request);

  /**
   * Returns the default retriever: question words against split identifiers (camelCase, snake_case,
   * singular and plural), table summaries and comments, scored like BM25 with identifier matches
   * weighted above comment matches; then foreign-key expansion along shortest paths so that selected
   * tables can be joined. At most {@code 12} tables are kept.
   */
  static Retriever lexical() {
    return new LexicalRetriever(12);
  }

  /** Returns the lexical retriever keeping at most {@code maxTables} tables (at least 1). */
  static Retriever lexical(int maxTables) {
    return new LexicalRetriever(maxTables);
  }
}
