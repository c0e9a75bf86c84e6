/**
 * Implementations of the core SPIs backed by a local <a href="https://ollama.com">Ollama</a> server: the
 * {@link io.github.dbqueryagent.spi.SqlGenerator} {@link io.github.dbqueryagent.ollama.OllamaSqlGenerator}
 * ({@code /api/chat}), the {@link io.github.dbqueryagent.spi.EmbeddingModel} {@link
 * io.github.dbqueryagent.ollama.OllamaEmbeddingModel} ({@code /api/embed}) and the {@link
 * io.github.dbqueryagent.spi.SummaryModel} {@link io.github.dbqueryagent.ollama.OllamaSummaryModel}
 * ({@code /api/chat}). Depends only on {@code java.net.http} and Jackson; everything but those classes is
 * package-private.
 */
package io.github.dbqueryagent.ollama;
