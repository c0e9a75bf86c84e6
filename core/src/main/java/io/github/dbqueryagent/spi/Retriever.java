package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.internal.retrieve.HybridRetriever;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Schema linking: picks the tables, columns and join paths a question needs. Implementations return
 * candidates best first with no fixed cap; the {@link TokenBudgeter} takes them in that order until its
 * budget is used. Thread-safe.
 */
@FunctionalInterface
public interface Retriever {

  /** The most tables the built-in retrievers return, {@value}. */
  int DEFAULT_MAX_CANDIDATES = 200;

  /**
   * Links a question to the catalog.
   *
   * @param request the question, catalog, summaries and history
   * @return the retrieved tables, best first, and the joins between them; never null
   */
  Retrieval retrieve(RetrievalRequest request);

  /**
   * Builds whatever this retriever derives from a catalog (indexes, vectors) ahead of the first question,
   * so that it is not built on the question path. Called by {@link
   * io.github.dbqueryagent.DatabaseQueryAgent#prepare()}; the default does nothing. Blocks until done.
   *
   * @param catalog the catalog questions will be asked about
   * @param summaries its one-line table descriptions
   */
  default void prepare(Catalog catalog, java.util.Map<TableName, String> summaries) {}

  /**
   * Returns the default retriever: hybrid schema linking without a model, offline — BM25 over split and
   * segmented identifiers, comments and summaries (Lucene), sampled values named in the question,
   * reciprocal rank fusion, schema routing in multi-schema catalogs, join completion through bridge
   * tables along declared and inferred foreign keys. Its index is built once per catalog and shared.
   * At most {@value #DEFAULT_MAX_CANDIDATES} tables are returned.
   *
   * @return the retriever, never null
   */
  static Retriever defaults() {
    return new HybridRetriever(null, null, DEFAULT_MAX_CANDIDATES);
  }

  /**
   * Returns the hybrid retriever with dense retrieval: table descriptions and the question are embedded
   * with {@code model} and compared by cosine similarity, fused with the lexical and value rankings.
   * Table vectors are computed once per catalog and kept in memory only.
   *
   * @param model the embedding model, for example {@code MiniLmEmbeddingModel.create()} from {@code
   *     db-query-agent-embeddings-minilm}
   * @return the retriever, never null
   * @throws NullPointerException when {@code model} is null
   */
  static Retriever hybrid(EmbeddingModel model) {
    return new HybridRetriever(Objects.requireNonNull(model, "model"), null, DEFAULT_MAX_CANDIDATES);
  }

  /**
   * Same as {@link #hybrid(EmbeddingModel)}, with table vectors persisted under {@code
   * cacheDirectory/embeddings/<model name>/} keyed by catalog fingerprint and by each table's description,
   * so that a restart, or a catalog where only some tables changed, embeds only what is new. Unreadable
   * or unwritable cache files are logged and ignored.
   *
   * @param model the embedding model
   * @param cacheDirectory the cache directory, created when missing
   * @return the retriever, never null
   * @throws NullPointerException when an argument is null
   */
  static Retriever hybrid(EmbeddingModel model, Path cacheDirectory) {
    return new HybridRetriever(Objects.requireNonNull(model, "model"), Objects.requireNonNull(cacheDirectory,
        "cacheDirectory"), DEFAULT_MAX_CANDIDATES);
  }

  /**
   * Returns the default retriever; the name of earlier versions, kept for compatibility.
   *
   * @return {@link #defaults()}
   */
  static Retriever lexical() {
    return defaults();
  }

  /**
   * Returns the default retriever returning at most {@code maxTables} tables.
   *
   * @param maxTables the most tables returned, at least 1
   * @return the retriever, never null
   * @throws IllegalArgumentException when {@code maxTables} is below 1
   */
  static Retriever lexical(int maxTables) {
    if (maxTables < 1) throw new IllegalArgumentException("maxTables must be at least 1: " + maxTables);
    return new HybridRetriever(null, null, maxTables);
  }
}
