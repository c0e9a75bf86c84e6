package io.github.dbqueryagent.spi;

import java.util.Collection;
import java.util.List;

/**
 * Looks up which candidate literal values occur in a column, for value linking ("Brazil" is a value of
 * {@code Customer.Country}). Implementations bound the work: few candidates per call, a short timeout,
 * a cache; they never fail the question, they return an empty list instead.
 */
@FunctionalInterface
public interface ValueLookup {

  /**
   * Returns the candidates that occur in the column, compared ignoring case, spelled as the database
   * stores them.
   *
   * @param table the table
   * @param column a text column of that table
   * @param candidates phrases from the question, at most a few dozen
   * @return the stored spellings of the candidates found, possibly empty, never null
   */
  List<String> find(Table table, Column column, Collection<String> candidates);

  /** Returns a lookup that finds nothing (value linking off). */
  static ValueLookup none() {
    return (t, c, v) -> List.of();
  }
}
