package io.github.dbqueryagent.spi;

import java.util.List;
import java.util.Objects;

/**
 * The schema as rendered for a generator, within a token budget.
 *
 * @param text the rendering, for example compact {@code CREATE TABLE}-like lines
 * @param tokens the number of tokens of {@code text}, never more than the budget
 * @param tables the tables included, in the order rendered
 * @param omitted retrieved tables left out because the budget ran out
 */
public record SchemaContext(String text, int tokens, List<TableName> tables, List<TableName> omitted) {
  /** Checks and copies the components. */
  public SchemaContext {
    Objects.requireNonNull(text, "text");
    tables = List.copyOf(tables);
    omitted = List.copyOf(omitted);
  }
}
