package io.github.dbqueryagent;

/**
 * How much of the database's data may reach a language model (set with {@link
 * DatabaseQueryAgent.Builder#modelDataAccess}, or {@code DBQA_MODEL_DATA_ACCESS} as {@code schema-only},
 * {@code schema-and-samples} or {@code results}). Schema facts (table and column names, types, keys,
 * comments) always reach the SQL generator; the levels differ in the <em>values</em> read from the
 * database.
 *
 * <p><b>Which components count as model-backed.</b> The agent cannot see inside a component, so it
 * decides conservatively:
 *
 * <ul>
 *   <li>every {@link io.github.dbqueryagent.spi.SqlGenerator} is treated as calling a model except the
 *       built-in {@link io.github.dbqueryagent.spi.SqlGenerator#ruleBased() rule-based generator}
 *       (recognised by its class, not by its {@linkplain io.github.dbqueryagent.spi.SqlGenerator#name()
 *       name}, which any generator may claim), which runs in the JVM and keeps seeing sample values
 *       and value lookups at every level;
 *   <li>the {@link io.github.dbqueryagent.spi.Summarizer} is always treated as model-backed (a {@link
 *       io.github.dbqueryagent.spi.Summarizer#languageModel summarizer} may send what it is given to a
 *       model);
 *   <li>the {@link io.github.dbqueryagent.spi.Retriever} uses the full catalog, sample values
 *       included, to link question words to values locally; what it hands forward (table names,
 *       scores, matched column names, few-shot examples) holds no value read from the database. An
 *       {@link io.github.dbqueryagent.spi.EmbeddingModel} embeds the question and a table's readable
 *       name, summary and column names, never sample values.
 * </ul>
 *
 * <p>The levels are ordered: each allows what the one before it allows, and more.
 */
public enum ModelDataAccess {
  /**
   * Only the schema reaches a model: no row value and no sample value, ever. A model-backed generator
   * receives a catalog without {@linkplain io.github.dbqueryagent.spi.Column#sampleValues() sample
   * values}, a {@linkplain io.github.dbqueryagent.spi.GenerationRequest#context() schema context}
   * rendered from that catalog, {@link io.github.dbqueryagent.spi.ValueLookup#none() no value lookup},
   * and session history whose {@linkplain io.github.dbqueryagent.spi.Turn#answer() answers} are empty
   * (questions, SQL, clarifications, column names and row counts stay). When SQL fails and goes back
   * for repair, quoted text in the database's error message is replaced by {@code '?'} unless it
   * appears in the failed SQL or names a table or column (a failed cast, for example, quotes the
   * stored value it could not convert). The summarizer receives the catalog without sample values.
   * The offline rule-based generator still links values locally.
   */
  SCHEMA_ONLY,

  /**
   * The schema and sampled column values reach a model: distinct values of low-cardinality text columns
   * shown in the schema context (for example {@code e.g. 'Brazil', 'France'}), value lookups, and the
   * session's earlier answers. The default, and the behaviour before this setting existed. Result rows
   * of the current question never reach a model: answers are written from them by a template.
   */
  SCHEMA_AND_SAMPLES;

  /**
   * Parses the environment form: {@code schema-only} or {@code schema-and-samples},
   * case-insensitive, underscores accepted for hyphens.
   *
   * @param text the setting
   * @return the level
   * @throws IllegalArgumentException naming the value when it is none of these
   */
  static ModelDataAccess parse(String text) {
    String t = text.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    for (ModelDataAccess a : values()) {
      if (a.name().equals(t)) return a;
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a model data access level: use schema-only or schema-and-samples");
  }
}
