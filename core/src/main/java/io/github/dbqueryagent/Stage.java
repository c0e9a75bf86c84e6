package io.github.dbqueryagent;

/** The stages of the pipeline, in the order a question passes through them. */
public enum Stage {
  /** Checking the question itself (not empty, not too long). */
  QUESTION,
  /** Loading the catalog from the {@link io.github.dbqueryagent.spi.SchemaSource}. */
  SCHEMA,
  /** Describing tables with the {@link io.github.dbqueryagent.spi.Summarizer}. */
  SUMMARIZE,
  /** Schema linking: choosing tables, columns and join paths with the {@link io.github.dbqueryagent.spi.Retriever}. */
  RETRIEVE,
  /** Rendering the schema context within the token budget. */
  BUDGET,
  /** Generating SQL with the {@link io.github.dbqueryagent.spi.SqlGenerator}. */
  GENERATE,
  /** Checking the SQL with the {@link io.github.dbqueryagent.spi.Validator}. */
  VALIDATE,
  /** Running the SQL with the {@link io.github.dbqueryagent.spi.Executor}. */
  EXECUTE,
  /** Writing the natural-language answer. */
  ANSWER,
  /** Recording the turn in the {@link io.github.dbqueryagent.spi.SessionStore}. */
  PERSIST
}
