package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.internal.summarize.HeuristicSummarizer;
import java.util.Map;

/**
 * Describes each table in one line for schema linking and for the prompt context. Implementations
 * must be thread-safe; the agent caches their output by {@link Catalog#fingerprint()}.
 */
@FunctionalInterface
public interface Summarizer {

  /**
   * Describes the tables of a catalog.
   *
   * @param catalog the catalog
   * @return a one-line description per table; tables without one may be absent; never null
   */
  Map<TableName, String> summarize(Catalog catalog);

  /**
   * Returns the default summarizer: the table comment when there is one, else a sentence built from
   * the readable table name, its key columns and its relationships. No model is called.
   */
  static Summarizer heuristic() {
    return new HeuristicSummarizer();
  }
}
