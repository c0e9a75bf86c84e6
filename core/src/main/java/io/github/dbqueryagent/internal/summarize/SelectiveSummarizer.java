package io.github.dbqueryagent.internal.summarize;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Summarizer;
import io.github.dbqueryagent.spi.TableName;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A summarizer that can describe some of a catalog's tables and says which descriptions are only the
 * fallback's. {@link CachedSummarizer} uses it to store fallback descriptions as such and to ask for
 * those tables again on the next run. Not part of the public API.
 */
public interface SelectiveSummarizer extends Summarizer {

  /**
   * Describes some tables of a catalog.
   *
   * @param catalog the whole catalog (descriptions may mention other tables)
   * @param tables the tables to describe; names not in the catalog are ignored
   * @return the descriptions of (some of) {@code tables}, and which of them came from the fallback or
   *     are missing because neither the model nor the fallback described them
   */
  Outcome summarize(Catalog catalog, Set<TableName> tables);

  /**
   * The result of a selective run.
   *
   * @param summaries one line per described table, unmodifiable
   * @param fallbacks the requested tables not described by the primary technique (their description,
   *     when present in {@code summaries}, is the fallback's), unmodifiable
   */
  record Outcome(Map<TableName, String> summaries, Set<TableName> fallbacks) {
    /** Copies the components. */
    public Outcome {
      summaries = Map.copyOf(Objects.requireNonNull(summaries, "summaries"));
      fallbacks = Set.copyOf(Objects.requireNonNull(fallbacks, "fallbacks"));
    }
  }
}
