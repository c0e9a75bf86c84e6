package io.github.dbqueryagent.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.SummaryModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A {@link SummaryModel} served by <a href="https://ollama.com">Ollama</a> through {@code POST
 * /api/chat}, for {@link io.github.dbqueryagent.spi.Summarizer#languageModel(SummaryModel)}: a model
 * writes each table's one-line description.
 *
 * <p>Each {@link #complete(String)} sends one non-streaming request {@code {"model", "messages": [system,
 * user], "stream": false, "options": {"temperature": 0, "num_predict": N}}} (plus {@code "keep_alive"}
 * when {@linkplain Builder#keepAlive(Duration) set}): the system message is {@value #SYSTEM_INSTRUCTION}
 * and the user message is the summarizer's prompt. It returns {@code message.content}, stripped, without
 * reasoning models' {@code <think>} sections.
 *
 * <pre>{@code
 * Summarizer summarizer = Summarizer.languageModel(OllamaSummaryModel.builder().model("llama3.1:8b").build());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; concurrent calls share one {@link java.net.http.HttpClient}
 * (daemon threads, nothing to close). {@link #complete} blocks until the reply arrives.
 */
public final class OllamaSummaryModel implements SummaryModel {
  /** The default model, {@value}. */
  public static final String DEFAULT_MODEL = OllamaSqlGenerator.DEFAULT_MODEL;

  /** The default timeout of one HTTP request, 120 seconds (loading a model can take a while). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  /** The default largest reply, in tokens ({@code options.num_predict}), {@value}. */
  public static final int DEFAULT_NUM_PREDICT = 120;

  /** The largest {@code num_predict} accepted, {@value}. */
  public static final int MAX_NUM_PREDICT = 4096;

  /** The system message sent with every prompt. */
  public static final String SYSTEM_INSTRUCTION =
      "You describe database tables for an assistant that writes SQL. Answer with one plain sentence:"
          + " no quotes, no markdown, no preamble.";

  private static final String ENDPOINT = "/api/chat";
  private static final Pattern THINK = Pattern.compile("(?s)<think>.*?(</think>|$)");

  private final String baseUrl;
  private final String model;
  private final Duration timeout;
  private final int numPredict;
  private final int maxRetries;
  private final Duration retryBackoff;
  private final Duration keepAlive;
  private final OllamaCall call;

  private OllamaSummaryModel(Builder b, String baseUrl, String model) {
    this.baseUrl = baseUrl;
    this.model = model;
    this.timeout = b.timeout;
    this.numPredict = b.numPredict;
    this.maxRetries = b.maxRetries;
    this.retryBackoff = b.retryBackoff;
    this.keepAlive = b.keepAlive;
    this.call = new OllamaCall(Stage.SUMMARIZE, baseUrl, model, timeout, maxRetries, retryBackoff);
  }

  /**
   * Returns a new builder with the defaults: {@value OllamaSqlGenerator#DEFAULT_BASE_URL}, model {@value
   * #DEFAULT_MODEL}, a timeout of 120 seconds per request, {@code num_predict} {@value
   * #DEFAULT_NUM_PREDICT}, {@value OllamaEmbeddingModel#DEFAULT_MAX_RETRIES} retries starting after 500 ms,
   * no {@code keep_alive}. The environment is not read; see {@link #fromEnvironment()}.
   *
   * @return a new builder, never null; builders are not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a model configured from the environment: the server from {@code OLLAMA_HOST} (read as the
   * {@code ollama} command does, see {@link OllamaSqlGenerator#fromEnvironment()}), the model from {@code
   * DBQA_OLLAMA_SUMMARY_MODEL}, else from {@code DBQA_OLLAMA_MODEL} (the SQL generator's); unset or blank
   * variables leave the {@linkplain #builder() defaults}.
   *
   * @return the model, never null; nothing is contacted yet
   * @throws ConfigurationException naming the variable whose value cannot be used
   */
  public static OllamaSummaryModel fromEnvironment() {
    return fromEnvironment(System::getenv);
  }

  /** Like {@link #fromEnvironment()} with the variables looked up in {@code environment}. */
  static OllamaSummaryModel fromEnvironment(Function<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Builder b = builder();
    String host = environment.apply("OLLAMA_HOST");
    if (host != null && !host.isBlank()) {
      b.baseUrl = host;
      b.baseUrlSource = "OLLAMA_HOST";
    }
    for (String variable : List.of("DBQA_OLLAMA_SUMMARY_MODEL", "DBQA_OLLAMA_MODEL")) {
      String model = environment.apply(variable);
      if (model != null && !model.isBlank()) {
        b.model = model.strip();
        b.modelSource = variable;
        break;
      }
    }
    return b.build();
  }

  /**
   * Returns a builder holding this model's settings, to derive a variant.
   *
   * @return a new builder, never null
   */
  public Builder toBuilder() {
    Builder b = builder().baseUrl(baseUrl).model(model).timeout(timeout).numPredict(numPredict)
        .maxRetries(maxRetries).retryBackoff(retryBackoff);
    b.keepAlive = keepAlive;
    return b;
  }

  /** Returns the server's root URL, normalized, without a trailing {@code /}; never null. */
  public String baseUrl() {
    return baseUrl;
  }

  /** Returns the model name as sent to Ollama, for example {@code llama3.1}; never null. */
  public String model() {
    return model;
  }

  /** Returns the longest time one HTTP request may take: positive, at most one hour. */
  public Duration timeout() {
    return timeout;
  }

  /** Returns the largest reply in tokens, {@code options.num_predict}: 1 to {@value #MAX_NUM_PREDICT}. */
  public int numPredict() {
    return numPredict;
  }

  /** Returns the number of retries after a failed attempt, 0 to {@value OllamaEmbeddingModel#MAX_RETRIES}. */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * Returns {@code "ollama:" + model()}, for example {@code "ollama:llama3.1:8b"}; the summarizer is then
   * named {@code language-model:ollama:llama3.1:8b}.
   */
  @Override
  public String name() {
    return "ollama:" + model;
  }

  /**
   * Sends one prompt and returns the model's reply. Blocks until it arrives.
   *
   * @param prompt the summarizer's prompt (instructions and table metadata), not null
   * @return {@code message.content} without {@code <think>} sections, stripped; possibly empty (the
   *     summarizer counts a blank reply as a failure), never null
   * @throws ModelException with stage {@link Stage#SUMMARIZE}: {@linkplain ModelException#retriable()
   *     retriable} when Ollama is not running, the request timed out, or Ollama answered 408, 429 or 5xx
   *     (429, 5xx and connection failures are first retried {@link #maxRetries()} times with exponential
   *     backoff and jitter); not retriable when the model is not pulled (404; the message says {@code
   *     ollama pull <model>}), the request was rejected (other 4xx), or the reply is not Ollama's JSON;
   *     with the interrupt flag set again when the thread was interrupted
   * @throws NullPointerException when {@code prompt} is null
   */
  @Override
  public String complete(String prompt) {
    Objects.requireNonNull(prompt, "prompt");
    ObjectNode body = OllamaSqlGenerator.JSON.createObjectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", SYSTEM_INSTRUCTION);
    messages.addObject().put("role", "user").put("content", prompt);
    body.put("stream", false);
    body.putObject("options").put("temperature", 0).put("num_predict", numPredict);
    if (keepAlive != null) body.put("keep_alive", OllamaSettings.goDuration(keepAlive));
    ObjectNode reply = call.post(ENDPOINT, body);
    JsonNode content = reply.at("/message/content");
    if (!content.isTextual()) {
      throw OllamaErrors.malformed(Stage.SUMMARIZE, "a reply without a text message.content", reply.toString(), null);
    }
    return THINK.matcher(content.asText()).replaceAll("").strip();
  }

  /** Returns the settings, for logs. */
  @Override
  public String toString() {
    return "OllamaSummaryModel[baseUrl=" + baseUrl + ", model=" + model + ", timeout=" + timeout + ", numPredict="
        + numPredict + ", maxRetries=" + maxRetries + ", retryBackoff=" + retryBackoff
        + (keepAlive != null ? ", keepAlive=" + keepAlive : "") + "]";
  }

  /**
   * Configures an {@link OllamaSummaryModel}. Setters only record values; {@link #build()} checks them
   * all at once. Not thread-safe; one builder may build many models.
   */
  public static final class Builder {
    private String baseUrl = OllamaSqlGenerator.DEFAULT_BASE_URL;
    private String baseUrlSource = "baseUrl";
    private String model = DEFAULT_MODEL;
    private String modelSource = "model";
    private Duration timeout = DEFAULT_TIMEOUT;
    private int numPredict = DEFAULT_NUM_PREDICT;
    private int maxRetries = OllamaEmbeddingModel.DEFAULT_MAX_RETRIES;
    private Duration retryBackoff = OllamaEmbeddingModel.DEFAULT_RETRY_BACKOFF;
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
     * The model as Ollama names it, for example {@code llama3.1:8b} or {@code qwen2.5:3b}; it must be
     * pulled on the server. Not blank, no whitespace. Default {@value OllamaSummaryModel#DEFAULT_MODEL}.
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
     * timeout again. Positive, at most one hour. Default 120 seconds.
     *
     * @throws NullPointerException when {@code timeout} is null
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * The largest reply in tokens, sent as {@code options.num_predict}, 1 to {@value
     * OllamaSummaryModel#MAX_NUM_PREDICT}. Default {@value OllamaSummaryModel#DEFAULT_NUM_PREDICT}, ample
     * for one sentence of 40 words; a reasoning model needs more.
     */
    public Builder numPredict(int numPredict) {
      this.numPredict = numPredict;
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
     * The pause before the first retry; each further retry doubles it (at most 30 seconds), each pause
     * drawn at random between half of it and all of it. Zero or positive, at most one minute. Default
     * 500 ms.
     *
     * @throws NullPointerException when {@code retryBackoff} is null
     */
    public Builder retryBackoff(Duration retryBackoff) {
      this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
      return this;
    }

    /**
     * Ollama's {@code keep_alive}: how long the server keeps the model loaded after a request. Zero
     * unloads it at once; a negative duration keeps it loaded until the server stops. Default: not sent.
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
    public OllamaSummaryModel build() {
      List<String> problems = new ArrayList<>();
      String url = OllamaSettings.checkBaseUrl(baseUrl, baseUrlSource, problems);
      OllamaSettings.checkModel(model, modelSource, DEFAULT_MODEL, problems);
      OllamaSettings.checkTimeout(timeout, problems);
      if (numPredict < 1 || numPredict > MAX_NUM_PREDICT) {
        problems.add("numPredict must be between 1 and " + MAX_NUM_PREDICT + " (got " + numPredict + ")");
      }
      OllamaSettings.checkRetries(maxRetries, OllamaEmbeddingModel.MAX_RETRIES, retryBackoff, problems);
      if (!problems.isEmpty()) {
        throw new ConfigurationException("invalid OllamaSummaryModel configuration: " + String.join("; ", problems));
      }
      return new OllamaSummaryModel(this, url, model.strip());
    }
  }
}
