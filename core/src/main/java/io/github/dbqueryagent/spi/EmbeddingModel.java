package io.github.dbqueryagent.spi;

import java.util.List;

/**
 * Turns texts into dense vectors for semantic retrieval (the dense half of hybrid schema retrieval).
 * Implementations live in their own modules so that {@code core} stays small: an offline in-process
 * model ({@code db-query-agent-embeddings-minilm}, all-MiniLM-L6-v2 quantized, 384 dimensions) and,
 * later, OpenAI and Ollama embedding endpoints.
 *
 * <p>The agent embeds each table's description once per {@linkplain Catalog#fingerprint() catalog
 * fingerprint} (off the question path, cached and persisted under {@link #name()}) and one vector per
 * question. Implementations must be thread-safe; {@link #embed} may block (a model call or inference).
 */
public interface EmbeddingModel {

  /**
   * Returns a stable identifier of the model and its version, for example {@code
   * "all-minilm-l6-v2-q"}. Cached vectors are keyed by it: change it when the vectors change.
   *
   * @return a non-blank name made of letters, digits, {@code .}, {@code _} and {@code -}
   */
  String name();

  /**
   * Returns the number of dimensions of every vector this model returns, at least 1.
   *
   * @return the dimension count
   */
  int dimensions();

  /**
   * Embeds texts.
   *
   * @param texts the texts, possibly empty; none null
   * @return one vector per text, in the same order, each of {@link #dimensions()} floats; vectors need
   *     not be normalised (callers compare them by cosine similarity)
   * @throws io.github.dbqueryagent.ModelException when the model cannot be run or reached
   * @throws NullPointerException when {@code texts} or one of its elements is null
   */
  List<float[]> embed(List<String> texts);
}
