package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.internal.budget.JtokkitTokenBudgeter;
import java.util.Map;

/**
 * Renders the retrieved schema as prompt context that never exceeds a token budget. Thread-safe.
 */
public interface TokenBudgeter {

  /** The default budget, in tokens. */
  int DEFAULT_BUDGET = 3000;

  /**
   * Renders the retrieved tables, best first, choosing how much of each to show so that the budget holds
   * as much of what the question needs as possible (the default: as many tables as fit compactly, then
   * their columns, comments, sample values, the retrieval's few-shot examples and the catalog's other
   * areas while they fit). A table that does not fit at all is left out and listed as omitted.
   *
   * @param catalog the catalog
   * @param retrieval the retrieved tables and joins
   * @param summaries one-line table descriptions
   * @param budget the maximum number of tokens, at least 1
   * @return the rendering, whose {@link SchemaContext#tokens()} is at most {@code budget}
   */
  SchemaContext render(Catalog catalog, Retrieval retrieval, Map<TableName, String> summaries, int budget);

  /** Counts the tokens of a text with this budgeter's tokenizer. */
  int countTokens(String text);

  /** Returns the default budgeter: jtokkit with the {@code cl100k_base} encoding. */
  static TokenBudgeter defaults() {
    return JtokkitTokenBudgeter.forModel("gpt-4");
  }

  /**
   * Returns a budgeter whose tokenizer matches a model name ({@code o200k_base} for the gpt-4o, gpt-4.1,
   * gpt-5 and o-series families, {@code cl100k_base} otherwise).
   */
  static TokenBudgeter forModel(String model) {
    return JtokkitTokenBudgeter.forModel(model);
  }
}
