package io.github.dbqueryagent.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The schema as rendered for a generator, within a token budget.
 *
 * @param text the rendering, for example compact {@code CREATE TABLE}-like lines
 * @param tokens the number of tokens of {@code text}, never more than the budget
 * @param tables the tables included, in the order rendered
 * @param omitted retrieved tables left out because the budget ran out
 * @param columns for each included table (in {@code tables} order), the columns rendered, in table
 *     order; a table pruned to some of its columns lists only those; never null, possibly empty when the
 *     budgeter does not report columns
 */
public record SchemaContext(
    String text, int tokens, List<TableName> tables, List<TableName> omitted, Map<TableName, List<String>> columns) {

  /** Checks and copies the components. */
  public SchemaContext {
    Objects.requireNonNull(text, "text");
    tables = List.copyOf(tables);
    omitted = List.copyOf(omitted);
    Map<TableName, List<String>> copy = new LinkedHashMap<>();
    Objects.requireNonNull(columns, "columns").forEach((t, cs) -> copy.put(t, List.copyOf(cs)));
    columns = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Creates a context that does not report its columns.
   *
   * @param text the rendering
   * @param tokens its token count
   * @param tables the tables included
   * @param omitted the retrieved tables left out
   */
  public SchemaContext(String text, int tokens, List<TableName> tables, List<TableName> omitted) {
    this(text, tokens, tables, omitted, Map.of());
  }
}
