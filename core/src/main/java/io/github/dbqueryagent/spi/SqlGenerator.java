package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.internal.generate.RuleBasedSqlGenerator;

/** Turns a question and its schema context into SQL, or into a clarification. Thread-safe. */
@FunctionalInterface
public interface SqlGenerator {

  /**
   * Generates SQL for a question.
   *
   * @param request the question with its schema context
   * @return SQL or a clarification, never null
   * @throws io.github.dbqueryagent.ModelException when a model fails
   * @throws io.github.dbqueryagent.QueryCancelledException when the request was cancelled
   */
  GeneratedSql generate(GenerationRequest request);

  /** Returns a short name for results and logs, for example {@code "rule-based"} or {@code "openai:gpt-4o"}. */
  default String name() {
    return getClass().getSimpleName();
  }

  /**
   * Returns the offline rule-based generator: schema linking of question words to tables and columns,
   * value linking, aggregates, grouping, top-N, comparisons and foreign-key joins. It returns a
   * clarification when it is not confident. No model, no network.
   */
  static SqlGenerator ruleBased() {
    return new RuleBasedSqlGenerator();
  }
}
