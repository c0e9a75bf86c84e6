package io.github.dbqueryagent.openai;

import com.openai.client.OpenAIClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.embeddings.EmbeddingValue;
import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.EmbeddingModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EmbeddingModel} that calls an OpenAI embeddings endpoint ({@code POST {baseUrl}/embeddings})
 * through the official {@code com.openai:openai-java} client. Works with OpenAI itself and with servers
 * that speak the same wire protocol (vLLM, LM Studio, llama.cpp's server, LiteLLM, Ollama's {@code /v1}).
 *
 * <pre>{@code
 * EmbeddingModel embeddings = OpenAiEmbeddingModel.fromEnvironment();   // text-embedding-3-small, 1536 floats
 * Retriever retriever = Retriever.hybrid(embeddings, Path.of("cache"));
 * }</pre>
 *
 * <h2>What is sent</h2>
 *
 * One request per batch of at most {@linkplain Builder#batchSize(int) batchSize} texts (default {@value
 * #DEFAULT_BATCH_SIZE}), one after another: {@code {"model": ..., "input": [texts], "encoding_format":
 * "float"}}, plus {@code "dimensions"} when {@link Builder#dimensions(int)} was set. The vectors come back
 * in input order whatever order the server lists them in (they are placed by their {@code index}); base64
 * vectors are decoded too.
 *
 * <h2>Dimensions</h2>
 *
 * When {@link Builder#dimensions(int)} is not set, {@link #dimensions()} is the model's known size: {@value
 * #SMALL_DIMENSIONS} for {@code text-embedding-3-small} and {@code text-embedding-ada-002}, {@value
 * #LARGE_DIMENSIONS} for {@code text-embedding-3-large}, and nothing is sent. For any other model {@link
 * Builder#build()} requires {@code dimensions(n)}: this class never makes a discovery call, so that {@link
 * #dimensions()} neither blocks nor fails. A set value is sent as the {@code dimensions} request parameter
 * (the {@code text-embedding-3} models shorten their vectors to it); every returned vector must have
 * exactly that many floats, else {@link #embed} throws a non-retriable {@link ModelException}.
 *
 * <h2>Name</h2>
 *
 * {@link #name()} is {@code "openai:" + model}, followed by {@code ":" + dimensions} when they were set,
 * with every character outside {@code [A-Za-z0-9._-]} replaced by {@code _} (the core uses the name as a
 * cache key and a directory name): {@code openai_text-embedding-3-small}, {@code
 * openai_text-embedding-3-large_256}, {@code openai_nomic-embed-text_latest_768}.
 *
 * <h2>Errors</h2>
 *
 * Every failure is a {@link ModelException} for {@link Stage#RETRIEVE} whose message never contains the
 * API key, classified like {@link OpenAiSqlGenerator}'s: HTTP 408, 409, 429 and 5xx, timeouts, refused or
 * dropped connections are retriable; 401, 403, 400, 404, 422 and a 429 {@code insufficient_quota} are not;
 * a reply that is not a valid embeddings response (bad JSON, missing or duplicate indexes, wrong vector
 * length) is not. Retriable failures are first retried by openai-java, up to {@linkplain
 * Builder#maxRetries(int) maxRetries} times with exponential back-off honouring {@code Retry-After}.
 *
 * <h2>Threads and resources</h2>
 *
 * Immutable and thread-safe; share one instance. {@link #embed} blocks for its requests, each for at most
 * about {@code timeout × (maxRetries + 1)} plus back-off. The model owns an HTTP client (connection pool and
 * threads) that {@link #close()} releases; unclosed instances release it when garbage-collected.
 */
public final class OpenAiEmbeddingModel implements EmbeddingModel, AutoCloseable {

  /** The default model, {@value}. */
  public static final String DEFAULT_MODEL = "text-embedding-3-small";

  /** The environment variable holding the embedding model, {@value}. */
  public static final String ENV_MODEL = "DBQA_OPENAI_EMBEDDING_MODEL";

  /** The default number of texts per request, {@value}. */
  public static final int DEFAULT_BATCH_SIZE = 100;

  /** The largest accepted {@link Builder#batchSize(int)}, {@value} (OpenAI's limit on inputs per request). */
  public static final int MAX_BATCH_SIZE = 2048;

  /** The size of {@code text-embedding-3-small} and {@code text-embedding-ada-002} vectors, {@value}. */
  public static final int SMALL_DIMENSIONS = 1536;

  /** The size of {@code text-embedding-3-large} vectors, {@value}. */
  public static final int LARGE_DIMENSIONS = 3072;

  /** The default timeout of one HTTP attempt: 60 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** The default number of retries after the first attempt, {@value}. */
  public static final int DEFAULT_MAX_RETRIES = OpenAiSqlGenerator.DEFAULT_MAX_RETRIES;

  private static final Map<String, Integer> KNOWN_DIMENSIONS = Map.of(
      "text-embedding-3-small", SMALL_DIMENSIONS,
      "text-embedding-ada-002", SMALL_DIMENSIONS,
      "text-embedding-3-large", LARGE_DIMENSIONS);

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiEmbeddingModel.class);

  private final String apiKey;
  private final String baseUrl;
  private final String model;
  private final int requestedDimensions; // 0 when not set
  private final int dimensions;
  private final Duration timeout;
  private final int maxRetries;
  private final int batchSize;
  private final Secrets secrets;
  private final OpenAIClient client;

  private OpenAiEmbeddingModel(Builder b, int dimensions) {
    this.apiKey = b.apiKey.strip();
    this.baseUrl = Settings.stripTrailingSlashes(b.baseUrl.strip());
    this.model = b.model.strip();
    this.requestedDimensions = b.dimensions;
    this.dimensions = dimensions;
    this.timeout = b.timeout;
    this.maxRetries = b.maxRetries;
    this.batchSize = b.batchSize;
    this.secrets = new Secrets(apiKey);
    this.client = Settings.client(apiKey, baseUrl, timeout, maxRetries);
  }

  /**
   * Returns a new builder with the defaults: base URL {@value OpenAiSqlGenerator#DEFAULT_BASE_URL}, model
   * {@value #DEFAULT_MODEL}, its known dimensions, batches of {@value #DEFAULT_BATCH_SIZE}, timeout 60 s,
   * 2 retries, and no API key (which {@link Builder#build()} requires). The environment is not read.
   *
   * @return a new builder, never null; builders are not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a model from the environment: {@value OpenAiSqlGenerator#ENV_API_KEY} (required), {@value
   * OpenAiSqlGenerator#ENV_BASE_URL} and {@value #ENV_MODEL} (optional). Same as {@code
   * builder().fromEnvironment().build()}.
   *
   * @return a new model, never null
   * @throws ConfigurationException when the API key is unset or blank, or the model is not one whose
   *     dimensions are known (use the builder and {@link Builder#dimensions(int)} then)
   */
  public static OpenAiEmbeddingModel fromEnvironment() {
    return builder().fromEnvironment().build();
  }

  /**
   * Returns a builder holding this model's settings, the API key included; the variant built from it has
   * its own HTTP client.
   *
   * @return a new builder, never null
   */
  public Builder toBuilder() {
    Builder b = new Builder().apiKey(apiKey).baseUrl(baseUrl).model(model).timeout(timeout).maxRetries(maxRetries)
        .batchSize(batchSize);
    if (requestedDimensions > 0) b.dimensions(requestedDimensions);
    return b;
  }

  /**
   * Returns {@code "openai:" + model} (plus {@code ":" + dimensions} when set) with every character outside
   * {@code [A-Za-z0-9._-]} replaced by {@code _}, for example {@code openai_text-embedding-3-small}.
   */
  @Override
  public String name() {
    String raw = "openai:" + model + (requestedDimensions > 0 ? ":" + requestedDimensions : "");
    return raw.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** Returns the number of floats in every vector: the set dimensions, else the model's known size. */
  @Override
  public int dimensions() {
    return dimensions;
  }

  /** Returns the model name sent with every request, never blank. */
  public String model() {
    return model;
  }

  /** Returns the base URL without trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** Returns the most texts sent in one request, 1 to {@value #MAX_BATCH_SIZE}. */
  public int batchSize() {
    return batchSize;
  }

  /** Returns the timeout of one HTTP attempt, positive. */
  public Duration timeout() {
    return timeout;
  }

  /** Returns how many times a retriable failure is retried after the first attempt. */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * Embeds texts, {@link #batchSize()} per request, requests one after another.
   *
   * @param texts the texts, possibly empty (then no request is made); none null or empty
   * @return one vector of {@link #dimensions()} floats per text, in input order; a new mutable list
   * @throws ModelException (stage {@link Stage#RETRIEVE}) when a request fails or its reply is not a valid
   *     embeddings response; see the class documentation for which failures are retriable. Vectors of
   *     batches before the failing one are discarded.
   * @throws NullPointerException when {@code texts} or one of its elements is null
   * @throws IllegalArgumentException when a text is empty (the API rejects empty input), before any request
   */
  @Override
  public List<float[]> embed(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    for (int i = 0; i < texts.size(); i++) {
      Objects.requireNonNull(texts.get(i), "texts[" + i + "]");
      if (texts.get(i).isEmpty()) {
        throw new IllegalArgumentException("texts[" + i + "] is empty: the embeddings API rejects empty input");
      }
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += batchSize) {
      out.addAll(batch(texts.subList(from, Math.min(texts.size(), from + batchSize))));
    }
    return out;
  }

  private List<float[]> batch(List<String> texts) {
    long started = System.nanoTime();
    EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder()
        .model(model)
        .inputOfArrayOfStrings(List.copyOf(texts))
        .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT);
    if (requestedDimensions > 0) params.dimensions(requestedDimensions);
    try {
      CreateEmbeddingResponse response = client.embeddings().create(params.build());
      float[][] vectors = new float[texts.size()][];
      for (Embedding e : response.data()) {
        long index = e.index();
        if (index < 0 || index >= vectors.length) {
          throw invalid("index " + index + " is outside 0.." + (vectors.length - 1));
        }
        if (vectors[(int) index] != null) throw invalid("index " + index + " appears twice");
        float[] v = floats(e.embeddingValue());
        if (v.length != dimensions) {
          throw invalid("the vector at index " + index + " has " + v.length + " floats, expected " + dimensions
              + (requestedDimensions > 0 ? " (the dimensions setting)" : " (the known size of " + model
              + "; set dimensions(...) if the server's model differs)"));
        }
        vectors[(int) index] = v;
      }
      for (int i = 0; i < vectors.length; i++) {
        if (vectors[i] == null) {
          throw invalid("no vector for index " + i + " (" + response.data().size() + " vectors for "
              + vectors.length + " texts)");
        }
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug("{} embedded {} texts in {} ms", name(), texts.size(), (System.nanoTime() - started) / 1_000_000);
      }
      return List.of(vectors);
    } catch (RuntimeException e) {
      ModelException mapped = Errors.map(e, baseUrl, timeout, secrets, Stage.RETRIEVE, ENV_MODEL, "embeddings");
      LOG.debug("{} failed: {}", name(), mapped.getMessage());
      throw mapped;
    }
  }

  private static float[] floats(EmbeddingValue value) {
    Optional<String> base64 = value.base64();
    if (base64.isPresent()) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(base64.get());
      } catch (IllegalArgumentException e) {
        throw invalid("a base64 vector is not valid base64");
      }
      if (bytes.length % Float.BYTES != 0) throw invalid("a base64 vector's length is not a multiple of 4 bytes");
      float[] v = new float[bytes.length / Float.BYTES];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      return v;
    }
    List<Float> list = value.asFloats();
    float[] v = new float[list.size()];
    for (int i = 0; i < v.length; i++) {
      Float f = list.get(i);
      if (f == null) throw invalid("a vector holds null");
      v[i] = f;
    }
    return v;
  }

  private static ModelException invalid(String reason) {
    return new ModelException(Stage.RETRIEVE, "invalid embeddings response: " + reason, false, 0, null);
  }

  /** Releases the HTTP client. Idempotent; the model must not be used afterwards. */
  @Override
  public void close() {
    client.close();
  }

  /** Returns the settings with the API key masked. */
  @Override
  public String toString() {
    return "OpenAiEmbeddingModel[model=" + model + ", dimensions=" + dimensions + ", baseUrl="
        + Secrets.redactUrl(baseUrl) + ", batchSize=" + batchSize + ", timeout=" + timeout + ", maxRetries="
        + maxRetries + ", apiKey=" + Secrets.mask(apiKey) + "]";
  }

  /**
   * Configures an {@link OpenAiEmbeddingModel}. Methods only record values; {@link #build()} checks them
   * all at once. Not thread-safe.
   */
  public static final class Builder {
    private String apiKey = "";
    private String baseUrl = OpenAiSqlGenerator.DEFAULT_BASE_URL;
    private String model = DEFAULT_MODEL;
    private int dimensions; // 0: not set
    private boolean dimensionsSet;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private int batchSize = DEFAULT_BATCH_SIZE;

    private Builder() {}

    /**
     * The API key, sent as {@code Authorization: Bearer <key>}. Required; local servers that ignore it
     * still need a non-blank value such as {@code "none"}. Kept out of {@code toString()}, logs and messages.
     *
     * @param apiKey the key, surrounding white space ignored
     * @return this builder
     * @throws NullPointerException when {@code apiKey} is null
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /**
     * The base URL up to and including the version segment; requests go to {@code {baseUrl}/embeddings}.
     * Default {@value OpenAiSqlGenerator#DEFAULT_BASE_URL}.
     *
     * @param baseUrl an absolute http or https URL; trailing slashes are ignored
     * @return this builder
     * @throws NullPointerException when {@code baseUrl} is null
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * The embedding model, as the server knows it. Default {@value OpenAiEmbeddingModel#DEFAULT_MODEL}.
     *
     * @param model a non-blank name
     * @return this builder
     * @throws NullPointerException when {@code model} is null
     */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * The vector size: sent as the {@code dimensions} request parameter, checked against every returned
     * vector and part of {@link OpenAiEmbeddingModel#name()}. Optional for the three OpenAI models whose
     * size is known; required for any other model. Note that {@code text-embedding-ada-002} does not accept
     * the parameter.
     *
     * @param dimensions at least 1
     * @return this builder
     */
    public Builder dimensions(int dimensions) {
      this.dimensions = dimensions;
      this.dimensionsSet = true;
      return this;
    }

    /**
     * The timeout of one HTTP attempt. Default 60 seconds.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws NullPointerException when {@code timeout} is null
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * How many times openai-java retries a retriable failure after the first attempt. Default 2.
     *
     * @param maxRetries 0 to {@value OpenAiSqlGenerator#MAX_RETRIES_LIMIT}
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * The most texts sent in one request; longer lists are split. Default {@value
     * OpenAiEmbeddingModel#DEFAULT_BATCH_SIZE}.
     *
     * @param batchSize 1 to {@value OpenAiEmbeddingModel#MAX_BATCH_SIZE}
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Copies {@value OpenAiSqlGenerator#ENV_API_KEY}, {@value OpenAiSqlGenerator#ENV_BASE_URL} and {@value
     * OpenAiEmbeddingModel#ENV_MODEL} from the environment; unset or blank variables leave the current
     * values alone. Call it first so that later methods take precedence.
     *
     * @return this builder
     */
    public Builder fromEnvironment() {
      return fromEnvironment(System.getenv());
    }

    /** Copies settings from a map of variables; visible for tests. */
    Builder fromEnvironment(Map<String, String> env) {
      String key = env.get(OpenAiSqlGenerator.ENV_API_KEY);
      if (key != null && !key.isBlank()) apiKey = key;
      String url = env.get(OpenAiSqlGenerator.ENV_BASE_URL);
      if (url != null && !url.isBlank()) baseUrl = url;
      String m = env.get(ENV_MODEL);
      if (m != null && !m.isBlank()) model = m;
      return this;
    }

    /**
     * Checks every setting and builds the model with its own HTTP client.
     *
     * @return a new model, never null
     * @throws ConfigurationException naming each bad setting (never the key): missing API key, bad base
     *     URL, blank model, dimensions below 1 or unset for a model of unknown size, batch size outside 1 to
     *     {@value OpenAiEmbeddingModel#MAX_BATCH_SIZE}, timeout not positive, retries outside 0 to 10
     */
    public OpenAiEmbeddingModel build() {
      List<String> problems = new ArrayList<>();
      Settings.check(problems, apiKey, baseUrl, model, DEFAULT_MODEL, timeout, maxRetries);
      Integer known = KNOWN_DIMENSIONS.get(model.strip());
      if (dimensionsSet && dimensions < 1) {
        problems.add("dimensions must be at least 1, was " + dimensions);
      } else if (!dimensionsSet && known == null && !model.isBlank()) {
        problems.add("dimensions must be set for model '" + model.strip() + "' (its vector size is not known): "
            + "call dimensions(...)");
      }
      if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
        problems.add("batchSize must be between 1 and " + MAX_BATCH_SIZE + ", was " + batchSize);
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException("invalid OpenAiEmbeddingModel configuration: " + String.join("; ", problems));
      }
      try {
        return new OpenAiEmbeddingModel(this, dimensionsSet ? dimensions : known);
      } catch (RuntimeException e) {
        throw new ConfigurationException(
            "cannot create the OpenAI client: " + new Secrets(apiKey.strip()).redact(String.valueOf(e.getMessage())), e);
      }
    }

    /** Returns the builder's settings with the API key masked. */
    @Override
    public String toString() {
      return "OpenAiEmbeddingModel.Builder[model=" + model + ", dimensions=" + (dimensionsSet ? dimensions : "<default>")
          + ", baseUrl=" + Secrets.redactUrl(baseUrl) + ", batchSize=" + batchSize + ", timeout=" + timeout
          + ", maxRetries=" + maxRetries + ", apiKey=" + Secrets.mask(apiKey) + "]";
    }
  }
}
