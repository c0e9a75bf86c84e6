/**
 * OpenAI-compatible implementations of the core SPIs, built on the official openai-java client: {@link
 * io.github.dbqueryagent.openai.OpenAiSqlGenerator} ({@link io.github.dbqueryagent.spi.SqlGenerator}),
 * {@link io.github.dbqueryagent.openai.OpenAiEmbeddingModel} ({@link
 * io.github.dbqueryagent.spi.EmbeddingModel}) and {@link io.github.dbqueryagent.openai.OpenAiSummaryModel}
 * ({@link io.github.dbqueryagent.spi.SummaryModel}). Everything else in this package is package-private.
 */
package io.github.dbqueryagent.openai;
