package io.github.dbqueryagent.openai;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.SummaryModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SummaryModel} that asks an OpenAI chat-completions model ({@code POST {baseUrl}/chat/completions})
 * for table descriptions, through the official {@code com.openai:openai-java} client; for {@link
 * io.github.dbqueryagent.spi.Summarizer#languageModel(SummaryModel)}:
 *
 * <pre>{@code
 * Summarizer summarizer = Summarizer.cached(
 *     Summarizer.languageModel(OpenAiSummaryModel.fromEnvironment()), Path.of("cache/summaries"));
 * }</pre>
 *
 * <h2>What is sent</h2>
 *
 * One chat completion per {@link #complete} call: a <b>system</b> message, {@value #SYSTEM_MESSAGE}, and
 * the prompt as the <b>user</b> message, with {@code temperature: 0} and {@code max_tokens} set to
 * {@linkplain Builder#maxOutputTokens(int) maxOutputTokens} (default {@value #DEFAULT_MAX_OUTPUT_TOKENS}).
 * {@code max_tokens} rather than {@code max_completion_tokens} because more OpenAI-compatible servers
 * understand it; OpenAI's reasoning models, which refuse it and temperature 0, are not a fit for
 * one-sentence descriptions anyway. The reply's text content is returned with surrounding white space
 * removed and the API key redacted; the summarizer reduces it to one line.
 *
 * <h2>Errors</h2>
 *
 * Every failure is a {@link ModelException} for {@link Stage#SUMMARIZE} whose message never contains the
 * API key, classified like {@link OpenAiSqlGenerator}'s (HTTP 408, 409, 429, 5xx, timeouts and connection
 * failures retriable after openai-java's own {@linkplain Builder#maxRetries(int) retries}; 400, 401, 403,
 * 404, 422 and {@code insufficient_quota} not). A reply with no choices, a refusal or empty content is a
 * non-retriable {@code ModelException}. The summarizer then describes that table with its fallback.
 *
 * <h2>Threads and resources</h2>
 *
 * Immutable and thread-safe; {@link #complete} blocks for the call. The model owns an HTTP client that
 * {@link #close()} releases; unclosed instances release it when garbage-collected.
 */
public final class OpenAiSummaryModel implements SummaryModel, AutoCloseable {

  /** The system message sent with every prompt, {@value}. */
  public static final String SYSTEM_MESSAGE =
      "You write one-sentence descriptions of database tables for an assistant that writes SQL."
          + " Follow the user's instructions and reply with the description only.";

  /** The default model, {@value}. */
  public static final String DEFAULT_MODEL = OpenAiSqlGenerator.DEFAULT_MODEL;

  /** The environment variable holding the summary model, {@value}; {@code DBQA_OPENAI_MODEL} when unset. */
  public static final String ENV_MODEL = "DBQA_OPENAI_SUMMARY_MODEL";

  /** The default limit on the reply's tokens, {@value}. */
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 120;

  /** The largest accepted {@link Builder#maxOutputTokens(int)}, {@value}. */
  public static final int MAX_OUTPUT_TOKENS_LIMIT = 100_000;

  private static final int SNIPPET = 200;
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiSummaryModel.class);

  private final String apiKey;
  private final String baseUrl;
  private final String model;
  private final int maxOutputTokens;
  private final Duration timeout;
  private final int maxRetries;
  private final Secrets secrets;
  private final OpenAIClient client;

  private OpenAiSummaryModel(Builder b) {
    this.apiKey = b.apiKey.strip();
    this.baseUrl = Settings.stripTrailingSlashes(b.baseUrl.strip());
    this.model = b.model.strip();
    this.maxOutputTokens = b.maxOutputTokens;
    this.timeout = b.timeout;
    this.maxRetries = b.maxRetries;
    this.secrets = new Secrets(apiKey);
    this.client = Settings.client(apiKey, baseUrl, timeout, maxRetries);
  }

  /**
   * Returns a new builder with the defaults: base URL {@value OpenAiSqlGenerator#DEFAULT_BASE_URL}, model
   * {@value #DEFAULT_MODEL}, {@value #DEFAULT_MAX_OUTPUT_TOKENS} output tokens, timeout 60 s, 2 retries, no
   * API key (which {@link Builder#build()} requires). The environment is not read.
   *
   * @return a new builder, never null; builders are not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a model from the environment: {@value OpenAiSqlGenerator#ENV_API_KEY} (required), {@value
   * OpenAiSqlGenerator#ENV_BASE_URL}, and the model from {@value #ENV_MODEL}, else {@value
   * OpenAiSqlGenerator#ENV_MODEL} (optional). Same as {@code builder().fromEnvironment().build()}.
   *
   * @return a new model, never null
   * @throws ConfigurationException when the API key is unset or blank, or a value is invalid
   */
  public static OpenAiSummaryModel fromEnvironment() {
    return builder().fromEnvironment().build();
  }

  /**
   * Returns a builder holding this model's settings, the API key included.
   *
   * @return a new builder, never null
   */
  public Builder toBuilder() {
    return new Builder().apiKey(apiKey).baseUrl(baseUrl).model(model).maxOutputTokens(maxOutputTokens)
        .timeout(timeout).maxRetries(maxRetries);
  }

  /** Returns {@code "openai:" + model}, for example {@code "openai:gpt-4o-mini"}. */
  @Override
  public String name() {
    return "openai:" + model;
  }

  /** Returns the model name sent with every request, never blank. */
  public String model() {
    return model;
  }

  /** Returns the base URL without trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** Returns the limit on the reply's tokens, 1 to {@value #MAX_OUTPUT_TOKENS_LIMIT}. */
  public int maxOutputTokens() {
    return maxOutputTokens;
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
   * Sends one prompt as a chat completion and returns the reply.
   *
   * @param prompt the prompt, sent as the user message; not blank
   * @return the reply's text content, stripped, with the API key redacted; never null or blank
   * @throws ModelException (stage {@link Stage#SUMMARIZE}) when the call fails, or the reply has no choice,
   *     is a refusal or is empty; see the class documentation for which failures are retriable
   * @throws NullPointerException when {@code prompt} is null
   * @throws IllegalArgumentException when {@code prompt} is blank
   */
  @Override
  public String complete(String prompt) {
    Objects.requireNonNull(prompt, "prompt");
    if (prompt.isBlank()) throw new IllegalArgumentException("prompt must not be blank");
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model(model)
        .temperature(0.0)
        .maxTokens(maxOutputTokens)
        .addSystemMessage(SYSTEM_MESSAGE)
        .addUserMessage(prompt)
        .build();
    long started = System.nanoTime();
    try {
      ChatCompletion completion = client.chat().completions().create(params);
      String reply = text(completion);
      if (LOG.isDebugEnabled()) {
        LOG.debug("{} replied in {} ms", name(), (System.nanoTime() - started) / 1_000_000);
      }
      return reply;
    } catch (RuntimeException e) {
      ModelException mapped = Errors.map(e, baseUrl, timeout, secrets, Stage.SUMMARIZE, ENV_MODEL, "chat-completions");
      LOG.debug("{} failed: {}", name(), mapped.getMessage());
      throw mapped;
    }
  }

  private String text(ChatCompletion completion) {
    if (completion.choices().isEmpty()) throw unusable("the model returned no choices");
    ChatCompletion.Choice choice = completion.choices().get(0);
    String content = secrets.redact(choice.message().content().orElse("")).strip();
    if (!content.isEmpty()) return content;
    Optional<String> refusal = choice.message().refusal().filter(r -> !r.isBlank());
    if (refusal.isPresent()) {
      throw unusable("the model refused to answer: " + snippet(secrets.redact(refusal.get())));
    }
    String finish = choice._finishReason().asKnown().map(Object::toString).orElse("unknown");
    throw unusable("the model returned an empty reply (finish_reason=" + finish + ")");
  }

  private static String snippet(String text) {
    String one = text.replaceAll("\\s+", " ").strip();
    return one.length() <= SNIPPET ? one : one.substring(0, SNIPPET - 3) + "...";
  }

  private static ModelException unusable(String reason) {
    return new ModelException(Stage.SUMMARIZE, "unusable model reply: " + reason, false, 0, null);
  }

  /** Releases the HTTP client. Idempotent; the model must not be used afterwards. */
  @Override
  public void close() {
    client.close();
  }

  /** Returns the settings with the API key masked. */
  @Override
  public String toString() {
    return "OpenAiSummaryModel[model=" + model + ", baseUrl=" + Secrets.redactUrl(baseUrl) + ", maxOutputTokens="
        + maxOutputTokens + ", timeout=" + timeout + ", maxRetries=" + maxRetries + ", apiKey="
        + Secrets.mask(apiKey) + "]";
  }

  /**
   * Configures an {@link OpenAiSummaryModel}. Methods only record values; {@link #build()} checks them all
   * at once. Not thread-safe.
   */
  public static final class Builder {
    private String apiKey = "";
    private String baseUrl = OpenAiSqlGenerator.DEFAULT_BASE_URL;
    private String model = DEFAULT_MODEL;
    private int maxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS;
    private Duration timeout = OpenAiEmbeddingModel.DEFAULT_TIMEOUT;
    private int maxRetries = OpenAiSqlGenerator.DEFAULT_MAX_RETRIES;

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
     * The base URL up to and including the version segment. Default {@value
     * OpenAiSqlGenerator#DEFAULT_BASE_URL}.
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
     * The chat model, as the server knows it. Default {@value OpenAiSummaryModel#DEFAULT_MODEL}. Stored
     * summaries are keyed by it.
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
     * The most tokens the reply may have, sent as {@code max_tokens}. Default {@value
     * OpenAiSummaryModel#DEFAULT_MAX_OUTPUT_TOKENS}, room for a sentence of 40 words.
     *
     * @param maxOutputTokens 1 to {@value OpenAiSummaryModel#MAX_OUTPUT_TOKENS_LIMIT}
     * @return this builder
     */
    public Builder maxOutputTokens(int maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
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
     * Copies {@value OpenAiSqlGenerator#ENV_API_KEY}, {@value OpenAiSqlGenerator#ENV_BASE_URL} and the
     * model ({@value OpenAiSummaryModel#ENV_MODEL}, else {@value OpenAiSqlGenerator#ENV_MODEL}) from the
     * environment; unset or blank variables leave the current values alone.
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
      if (m == null || m.isBlank()) m = env.get(OpenAiSqlGenerator.ENV_MODEL);
      if (m != null && !m.isBlank()) model = m;
      return this;
    }

    /**
     * Checks every setting and builds the model with its own HTTP client.
     *
     * @return a new model, never null
     * @throws ConfigurationException naming each bad setting (never the key): missing API key, bad base
     *     URL, blank model, output tokens outside 1 to {@value OpenAiSummaryModel#MAX_OUTPUT_TOKENS_LIMIT},
     *     timeout not positive, retries outside 0 to 10
     */
    public OpenAiSummaryModel build() {
      List<String> problems = new ArrayList<>();
      Settings.check(problems, apiKey, baseUrl, model, DEFAULT_MODEL, timeout, maxRetries);
      if (maxOutputTokens < 1 || maxOutputTokens > MAX_OUTPUT_TOKENS_LIMIT) {
        problems.add("maxOutputTokens must be between 1 and " + MAX_OUTPUT_TOKENS_LIMIT + ", was " + maxOutputTokens);
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException("invalid OpenAiSummaryModel configuration: " + String.join("; ", problems));
      }
      try {
        return new OpenAiSummaryModel(this);
      } catch (RuntimeException e) {
        throw new ConfigurationException(
            "cannot create the OpenAI client: " + new Secrets(apiKey.strip()).redact(String.valueOf(e.getMessage())), e);
      }
    }

    /** Returns the builder's settings with the API key masked. */
    @Override
    public String toString() {
      return "OpenAiSummaryModel.Builder[model=" + model + ", baseUrl=" + Secrets.redactUrl(baseUrl)
          + ", maxOutputTokens=" + maxOutputTokens + ", timeout=" + timeout + ", maxRetries=" + maxRetries
          + ", apiKey=" + Secrets.mask(apiKey) + "]";
    }
  }
}
