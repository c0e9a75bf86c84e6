package io.github.dbqueryagent.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.EmbeddingModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An {@link EmbeddingModel} served by <a href="https://ollama.com">Ollama</a> through its {@code POST
 * /api/embed} endpoint, using only {@link java.net.http.HttpClient} and Jackson, for dense schema
 * retrieval ({@link io.github.dbqueryagent.spi.Retriever#hybrid(EmbeddingModel)}).
 *
 * <p>{@link #embed(List)} sends the texts in batches of {@linkplain Builder#batchSize(int) batch size}
 * (default {@value #DEFAULT_BATCH_SIZE}), one request per batch, {@code {"model", "input": [texts],
 * "truncate": true}} (plus {@code "keep_alive"} when {@linkplain Builder#keepAlive(Duration) set}), and
 * reads {@code {"embeddings": [[...], ...]}}. Vectors are returned as Ollama sends them (Ollama's
 * {@code /api/embed} normalises them to unit length); their order is the texts' order.
 *
 * <pre>{@code
 * EmbeddingModel embeddings = OllamaEmbeddingModel.builder().model("nomic-embed-text").build();
 * Retriever retriever = Retriever.hybrid(embeddings);
 * }</pre>
 *
 * <p>The model must be pulled on the server ({@code ollama pull nomic-embed-text}). Instances are
 * immutable apart from the discovered dimension count, and thread-safe; concurrent calls share one
 * {@link java.net.http.HttpClient} (daemon threads, nothing to close). {@link #embed} and, before the
 * first reply, {@link #dimensions()} block on HTTP calls.
 */
public final class OllamaEmbeddingModel implements EmbeddingModel {
  /** The default model, {@value}. */
  public static final String DEFAULT_MODEL = "nomic-embed-text";

  /** The default timeout of one HTTP request, 60 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** The default number of texts per request, {@value}. */
  public static final int DEFAULT_BATCH_SIZE = 64;

  /** The largest batch size accepted, {@value}. */
  public static final int MAX_BATCH_SIZE = 2048;

  /** The default number of retries after a failed attempt, {@value}. */
  public static final int DEFAULT_MAX_RETRIES = 2;

  /** The largest number of retries accepted, {@value}. */
  public static final int MAX_RETRIES = 10;

  /** The default pause before the first retry, 500 ms (doubled for each further retry, with jitter). */
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);

  /** The text embedded to discover the dimension count, {@value}. */
  static final String PROBE_TEXT = "dimensions";

  private static final String ENDPOINT = "/api/embed";

  private final String baseUrl;
  private final String model;
  private final Duration timeout;
  private final int batchSize;
  private final int configuredDimensions;
  private final int maxRetries;
  private final Duration retryBackoff;
  private final boolean truncate;
  private final Duration keepAlive;
  private final OllamaCall call;
  private volatile int discoveredDimensions;

  private OllamaEmbeddingModel(Builder b, String baseUrl, String model) {
    this.baseUrl = baseUrl;
    this.model = model;
    this.timeout = b.timeout;
    this.batchSize = b.batchSize;
    this.configuredDimensions = b.dimensions == null ? 0 : b.dimensions;
    this.maxRetries = b.maxRetries;
    this.retryBackoff = b.retryBackoff;
    this.truncate = b.truncate;
    this.keepAlive = b.keepAlive;
    this.call = new OllamaCall(Stage.RETRIEVE, baseUrl, model, timeout, maxRetries, retryBackoff);
  }

  /**
   * Returns a new builder with the defaults: {@value OllamaSqlGenerator#DEFAULT_BASE_URL}, model {@value
   * #DEFAULT_MODEL}, a timeout of 60 seconds per request, batches of {@value #DEFAULT_BATCH_SIZE}, the
   * dimension count discovered from the server, {@value #DEFAULT_MAX_RETRIES} retries starting after 500
   * ms, {@code truncate} on, no {@code keep_alive}. The environment is not read; see {@link
   * #fromEnvironment()}.
   *
   * @return a new builder, never null; builders are not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a model configured from the environment: the server from {@code OLLAMA_HOST} (read as the
   * {@code ollama} command does, see {@link OllamaSqlGenerator#fromEnvironment()}), the model from {@code
   * DBQA_OLLAMA_EMBEDDING_MODEL}; unset or blank variables leave the {@linkplain #builder() defaults}. Use
   * {@link #toBuilder()} on the result to override more.
   *
   * @return the model, never null; nothing is contacted yet
   * @throws ConfigurationException naming {@code OLLAMA_HOST} or {@code DBQA_OLLAMA_EMBEDDING_MODEL} when
   *     its value cannot be used
   */
  public static OllamaEmbeddingModel fromEnvironment() {
    return fromEnvironment(System::getenv);
  }

  /** Like {@link #fromEnvironment()} with the variables looked up in {@code environment}. */
  static OllamaEmbeddingModel fromEnvironment(Function<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Builder b = builder();
    String host = environment.apply("OLLAMA_HOST");
    if (host != null && !host.isBlank()) {
      b.baseUrl = host;
      b.baseUrlSource = "OLLAMA_HOST";
    }
    String model = environment.apply("DBQA_OLLAMA_EMBEDDING_MODEL");
    if (model != null && !model.isBlank()) {
      b.model = model.strip();
      b.modelSource = "DBQA_OLLAMA_EMBEDDING_MODEL";
    }
    return b.build();
  }

  /**
   * Returns a builder holding this model's settings (an explicitly set dimension count included, a
   * discovered one not), to derive a variant.
   *
   * @return a new builder, never null
   */
  public Builder toBuilder() {
    Builder b = builder().baseUrl(baseUrl).model(model).timeout(timeout).batchSize(batchSize)
        .maxRetries(maxRetries).retryBackoff(retryBackoff).truncate(truncate);
    b.dimensions = configuredDimensions > 0 ? configuredDimensions : null;
    b.keepAlive = keepAlive;
    return b;
  }

  /** Returns the server's root URL, normalized, without a trailing {@code /}; never null. */
  public String baseUrl() {
    return baseUrl;
  }

  /** Returns the model name as sent to Ollama, for example {@code nomic-embed-text}; never null. */
  public String model() {
    return model;
  }

  /** Returns the longest time one HTTP request may take: positive, at most one hour. */
  public Duration timeout() {
    return timeout;
  }

  /** Returns the most texts sent in one request, 1 to {@value #MAX_BATCH_SIZE}. */
  public int batchSize() {
    return batchSize;
  }

  /** Returns the number of retries after a failed attempt, 0 to {@value #MAX_RETRIES}. */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * Returns {@code "ollama-"} followed by the model name with every character other than letters,
   * digits, {@code .}, {@code _} and {@code -} replaced by {@code _}, for example {@code
   * "ollama-nomic-embed-text"} or, for {@code nomic-embed-text:v1.5}, {@code
   * "ollama-nomic-embed-text_v1.5"}. {@link EmbeddingModel#name()} allows only those characters, because
   * cached vectors are stored under a directory of that name. Pin a tag in the model name when cached
   * vectors must not outlive a re-pulled model.
   *
   * @return the name, never blank
   */
  @Override
  public String name() {
    return "ollama-" + model.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * Returns the number of dimensions of this model's vectors. When it was {@linkplain
   * Builder#dimensions(int) set} it is returned as set. Otherwise it is the length of the first vector
   * Ollama returned to this instance; before any {@link #embed} call, this method makes one: it embeds
   * the single text {@value #PROBE_TEXT}, with the usual timeout and retries, so it blocks for at most
   * about {@code (maxRetries + 1) × timeout} plus the pauses between attempts. The count is kept once
   * known.
   *
   * @return the dimension count, at least 1
   * @throws ModelException (stage {@link Stage#RETRIEVE}) when the dimension count had to be discovered
   *     and the probing call failed, as {@link #embed} describes
   */
  @Override
  public int dimensions() {
    if (configuredDimensions > 0) return configuredDimensions;
    int known = discoveredDimensions;
    if (known > 0) return known;
    embed(List.of(PROBE_TEXT));
    return discoveredDimensions;
  }

  /**
   * Returns the dimension count when it is known without calling the server: set on the builder, or
   * discovered from an earlier reply.
   *
   * @return the count, or empty before the first reply when none was set
   */
  public Optional<Integer> knownDimensions() {
    if (configuredDimensions > 0) return Optional.of(configuredDimensions);
    int known = discoveredDimensions;
    return known > 0 ? Optional.of(known) : Optional.empty();
  }

  /**
   * Embeds texts, {@linkplain Builder#batchSize(int) batch size} texts per request, one request after
   * the other. Texts longer than the model's context are cut by Ollama when {@linkplain
   * Builder#truncate(boolean) truncate} is on (the default), and rejected with a non-retriable error when
   * it is off.
   *
   * @param texts the texts, possibly empty (then nothing is sent); none null
   * @return one vector per text, in the texts' order, each of {@link #dimensions()} floats; a new
   *     mutable list; never null
   * @throws ModelException with stage {@link Stage#RETRIEVE}: {@linkplain ModelException#retriable()
   *     retriable} when Ollama is not running, a request timed out, or Ollama answered 408, 429 or 5xx
   *     (429, 5xx and connection failures are first retried {@link #maxRetries()} times with
   *     exponential backoff and jitter); not retriable when the model is not pulled (404; the message
   *     says {@code ollama pull <model>}), the request was rejected (other 4xx, for example a model that
   *     cannot embed), the reply is not Ollama's JSON, holds a number of vectors other than the number
   *     of texts sent, or vectors whose length is not the dimension count; with the interrupt flag set
   *     again when the thread was interrupted
   * @throws NullPointerException when {@code texts} or one of its elements is null
   */
  @Override
  public List<float[]> embed(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    for (int i = 0; i < texts.size(); i++) {
      Objects.requireNonNull(texts.get(i), "texts[" + i + "]");
    }
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += batchSize) {
      vectors.addAll(embedBatch(texts.subList(from, Math.min(texts.size(), from + batchSize))));
    }
    return vectors;
  }

  private List<float[]> embedBatch(List<String> batch) {
    ObjectNode body = OllamaSqlGenerator.JSON.createObjectNode();
    body.put("model", model);
    ArrayNode input = body.putArray("input");
    for (String text : batch) input.add(text);
    body.put("truncate", truncate);
    if (keepAlive != null) body.put("keep_alive", OllamaSettings.goDuration(keepAlive));
    ObjectNode reply = call.post(ENDPOINT, body);
    JsonNode embeddings = reply.get("embeddings");
    if (embeddings == null || !embeddings.isArray()) {
      throw OllamaErrors.malformed(Stage.RETRIEVE, "a reply without an \"embeddings\" array", reply.toString(), null);
    }
    if (embeddings.size() != batch.size()) {
      throw new ModelException(Stage.RETRIEVE,
          "Ollama returned " + embeddings.size() + " vectors for " + batch.size() + " texts [" + name() + "]", false,
          200, null);
    }
    int expected = configuredDimensions > 0 ? configuredDimensions : discoveredDimensions;
    List<float[]> vectors = new ArrayList<>(batch.size());
    for (JsonNode e : embeddings) {
      if (!e.isArray() || e.isEmpty()) {
        throw OllamaErrors.malformed(Stage.RETRIEVE, "an embedding that is not a non-empty array of numbers",
            e.toString(), null);
      }
      if (expected <= 0) expected = e.size();
      if (e.size() != expected) {
        String source = configuredDimensions > 0 ? "configured with dimensions(" + expected + ")"
            : "its earlier vectors had " + expected;
        throw new ModelException(Stage.RETRIEVE,
            "Ollama returned a vector of " + e.size() + " dimensions, but " + name() + " is " + source
                + " (did the model behind '" + model + "' change?)",
            false, 200, null);
      }
      float[] v = new float[e.size()];
      for (int k = 0; k < v.length; k++) {
        JsonNode x = e.get(k);
        if (!x.isNumber()) {
          throw OllamaErrors.malformed(Stage.RETRIEVE, "an embedding with a value that is not a number",
              x.toString(), null);
        }
        v[k] = x.floatValue();
      }
      vectors.add(v);
    }
    if (configuredDimensions <= 0 && discoveredDimensions <= 0) discoveredDimensions = expected;
    return vectors;
  }

  /** Returns the settings, for logs. */
  @Override
  public String toString() {
    return "OllamaEmbeddingModel[baseUrl=" + baseUrl + ", model=" + model + ", timeout=" + timeout + ", batchSize="
        + batchSize + ", dimensions=" + (configuredDimensions > 0 ? configuredDimensions : "discovered")
        + ", maxRetries=" + maxRetries + ", retryBackoff=" + retryBackoff + ", truncate=" + truncate
        + (keepAlive != null ? ", keepAlive=" + keepAlive : "") + "]";
  }

  /**
   * Configures an {@link OllamaEmbeddingModel}. Setters only record values; {@link #build()} checks them
   * all at once. Not thread-safe; one builder may build many models.
   */
  public static final class Builder {
    private String baseUrl = OllamaSqlGenerator.DEFAULT_BASE_URL;
    private String baseUrlSource = "baseUrl";
    private String model = DEFAULT_MODEL;
    private String modelSource = "model";
    private Duration timeout = DEFAULT_TIMEOUT;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Integer dimensions;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
    private boolean truncate = true;
    private Duration keepAlive;

    private Builder() {}

    /**
     * The server's root URL, as for {@link OllamaSqlGenerator.Builder#baseUrl(String)}. Default {@value
     * OllamaSqlGenerator#DEFAULT_BASE_URL}.
     *
     * @throws NullPointerException when {@code baseUrl} is null
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      this.baseUrlSource = "baseUrl";
      return this;
    }

    /**
     * The embedding model as Ollama names it, for example {@code nomic-embed-text}, {@code mxbai-embed-large}
     * or {@code all-minilm}; it must be pulled on the server. Not blank, no whitespace. Default {@value
     * OllamaEmbeddingModel#DEFAULT_MODEL}.
     *
     * @throws NullPointerException when {@code model} is null
     */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      this.modelSource = "model";
      return this;
    }

    /**
     * The longest time one HTTP request may take, model loading included; retries each get the full
     * timeout again. Positive, at most one hour. Default 60 seconds. Connecting is limited to the
     * smaller of this and 10 seconds.
     *
     * @throws NullPointerException when {@code timeout} is null
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * The most texts sent in one request, 1 to {@value OllamaEmbeddingModel#MAX_BATCH_SIZE}. Default
     * {@value OllamaEmbeddingModel#DEFAULT_BATCH_SIZE}.
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * The model's dimension count, at least 1, when known (768 for {@code nomic-embed-text}, 1024 for
     * {@code mxbai-embed-large}, 384 for {@code all-minilm}): {@link OllamaEmbeddingModel#dimensions()}
     * then never calls the server, and a reply with vectors of another length is an error. Default:
     * discovered from the first reply.
     */
    public Builder dimensions(int dimensions) {
      this.dimensions = dimensions;
      return this;
    }

    /**
     * How many times a request that failed with 429, 5xx or a connection failure is tried again, 0 to
     * {@value OllamaEmbeddingModel#MAX_RETRIES}. Default {@value OllamaEmbeddingModel#DEFAULT_MAX_RETRIES}.
     */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * The pause before the first retry; each further retry doubles it (at most 30 seconds), and each
     * pause is drawn at random between half of it and all of it. Zero or positive, at most one minute.
     * Default 500 ms.
     *
     * @throws NullPointerException when {@code retryBackoff} is null
     */
    public Builder retryBackoff(Duration retryBackoff) {
      this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
      return this;
    }

    /**
     * Ollama's {@code truncate}: whether a text longer than the model's context is cut (true, the
     * default) or rejected with an error (false).
     */
    public Builder truncate(boolean truncate) {
      this.truncate = truncate;
      return this;
    }

    /**
     * Ollama's {@code keep_alive}: how long the server keeps the model loaded after a request. Zero
     * unloads it at once; a negative duration keeps it loaded until the server stops. Default: not sent
     * (the server's own default, 5 minutes unless {@code OLLAMA_KEEP_ALIVE} says otherwise).
     *
     * @throws NullPointerException when {@code keepAlive} is null
     */
    public Builder keepAlive(Duration keepAlive) {
      this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
      return this;
    }

    /**
     * Checks every setting and builds the model. Nothing is contacted.
     *
     * @return the model, never null
     * @throws ConfigurationException naming each bad setting (or the environment variable it came from)
     *     with its value and what is accepted
     */
    public OllamaEmbeddingModel build() {
      List<String> problems = new ArrayList<>();
      String url = OllamaSettings.checkBaseUrl(baseUrl, baseUrlSource, problems);
      OllamaSettings.checkModel(model, modelSource, DEFAULT_MODEL, problems);
      OllamaSettings.checkTimeout(timeout, problems);
      if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
        problems.add("batchSize must be between 1 and " + MAX_BATCH_SIZE + " (got " + batchSize + ")");
      }
      if (dimensions != null && dimensions < 1) {
        problems.add("dimensions must be at least 1 (got " + dimensions + ")");
      }
      OllamaSettings.checkRetries(maxRetries, MAX_RETRIES, retryBackoff, problems);
      if (!problems.isEmpty()) {
        throw new ConfigurationException("invalid OllamaEmbeddingModel configuration: " + String.join("; ", problems));
      }
      return new OllamaEmbeddingModel(this, url, model.strip());
    }
  }
}
