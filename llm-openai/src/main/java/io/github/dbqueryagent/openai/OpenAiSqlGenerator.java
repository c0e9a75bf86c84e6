package io.github.dbqueryagent.openai;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.RequestOptions;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.LanguageModelPrompts;
import io.github.dbqueryagent.spi.LanguageModelPrompts.ReplyFormat;
import io.github.dbqueryagent.spi.SqlGenerator;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SqlGenerator} that asks an OpenAI chat-completions model for SQL, through the official
 * {@code com.openai:openai-java} client. Works with OpenAI itself and with any server that speaks the same
 * wire protocol ({@code POST {baseUrl}/chat/completions}): Azure-style gateways, vLLM, LM Studio,
 * llama.cpp's server, LiteLLM and the like.
 *
 * <pre>{@code
 * SqlGenerator generator = OpenAiSqlGenerator.builder()
 *     .apiKey(System.getenv("OPENAI_API_KEY"))
 *     .model("gpt-4o-mini")
 *     .build();
 * DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(ds).sqlGenerator(generator).build();
 * }</pre>
 *
 * <h2>What is sent</h2>
 *
 * One chat completion per {@link #generate} call, with the two messages that {@link
 * LanguageModelPrompts#messages(GenerationRequest, int)} builds:
 *
 * <ul>
 *   <li>a <b>system</b> message giving the role, the dialect and the rules: exactly one read-only
 *       {@code SELECT}, only the tables of the schema context, the dialect's syntax, the SQL in a
 *       {@code ```sql} fenced block, or the single line {@code CLARIFY: <question>} when the question
 *       cannot be answered from the schema;
 *   <li>a <b>user</b> message with the schema context ({@link
 *       io.github.dbqueryagent.spi.SchemaContext#text()}, already within the token budget), the last
 *       {@value #HISTORY_TURNS} turns of the session (question and SQL), the question, and during repair
 *       the SQL that failed with the database's error.
 * </ul>
 *
 * <h2>Structured output</h2>
 *
 * By default ({@link Builder#structuredOutput(boolean)}, environment {@value #ENV_STRUCTURED_OUTPUT}) the
 * request asks for a JSON reply: the system message of {@link LanguageModelPrompts#messages(GenerationRequest,
 * int, LanguageModelPrompts.ReplyFormat) messages(request, turns, JSON)} and {@code response_format:
 * {"type": "json_schema", "json_schema": {"name": "sql_reply", "strict": true, "schema": ...}}} with {@link
 * LanguageModelPrompts#replySchema()}, so that servers with constrained decoding can only produce that
 * object. The reply is read by {@link LanguageModelPrompts#parseJsonReply(String, boolean)}; the model's
 * {@code confidence} becomes the {@linkplain GeneratedSql#confidence() confidence} (clamped to 0 to 1;
 * {@value #FENCED_CONFIDENCE} when it gave none). A server that ignores {@code response_format} and
 * replies in text is still understood.
 *
 * <p>A server that refuses it — HTTP 400 or 422 whose message names {@code response_format} or {@code
 * json_schema}, or says "not supported" — gets the same question once more in text mode, and
 * this generator remembers the refusal for that base URL and model, so that later calls go straight to
 * text mode; the first refusal is logged at INFO.
 *
 * <h2>How the reply is read in text mode</h2>
 *
 * By {@link LanguageModelPrompts#parseReply(String, boolean)}, with the API key redacted from the reply
 * first: the {@code ```sql} fenced block is the SQL (of several, the last that parses as one query) (text around it becomes the {@linkplain
 * GeneratedSql#explanation() explanation}, confidence {@value #FENCED_CONFIDENCE}); a reply that is bare
 * SQL starting with {@code SELECT} or {@code WITH} is accepted too (confidence {@value #BARE_CONFIDENCE});
 * a line {@code CLARIFY: ...} becomes a {@linkplain GeneratedSql#clarify clarification}; a reply cut off
 * at the token limit ({@code finish_reason: "length"}) inside its SQL, and anything else, is a
 * non-retriable {@link ModelException}. Models report no calibrated confidence, so the confidence only
 * tells whether the reply followed the requested format. Token usage comes from the response's {@code
 * usage} field.
 *
 * <h2>Errors</h2>
 *
 * Every failure is a {@link ModelException} whose message never contains the API key:
 *
 * <ul>
 *   <li>HTTP 401/403: not retriable, the message says to check {@code OPENAI_API_KEY};
 *   <li>HTTP 400, 404, 422 and a 429 with {@code insufficient_quota}: not retriable;
 *   <li>HTTP 408, 409, 429 and 5xx, timeouts, refused or dropped connections: retriable;
 *   <li>a reply that is neither SQL nor a clarification: not retriable, status 0.
 * </ul>
 *
 * <h2>Timeouts and retries</h2>
 *
 * Two limits apply to one {@link #generate} call: the {@linkplain Builder#timeout(Duration) timeout}
 * (default 55 s) bounds the whole call, every attempt and every wait included; the {@linkplain
 * Builder#attemptTimeout(Duration) attempt timeout} (default half the timeout, so 30 s) bounds one HTTP
 * attempt, and must be shorter than the timeout so that an attempt that hangs leaves time for another.
 * The last attempt gets only the time that is left.
 *
 * <p>This generator retries by itself (openai-java's own retries are off), at most {@linkplain
 * Builder#maxRetries(int) maxRetries} times after the first attempt:
 *
 * <ul>
 *   <li>retried: HTTP 408, 409, 429 (rate limit) and 5xx, an attempt that timed out, a refused, reset or
 *       dropped connection;
 *   <li>never retried: HTTP 400, 401, 403, 404, 422, a 429 whose error code or type is {@code
 *       insufficient_quota} (thrown at once, not retriable), a reply that cannot be read;
 *   <li>the wait before a retry is the server's {@code retry-after-ms} or {@code Retry-After} (seconds or
 *       an HTTP date) when it sent one, else exponential back-off with full jitter: a random wait between 0
 *       and {@code min(8 s, 500 ms × 2^(retry − 1))};
 *   <li>a wait, or the server's requested wait, that would end past the timeout is not started: the last
 *       failure is thrown at once (still retriable), its message saying how long the server asked to wait;
 *   <li>the message of a failure thrown after retrying, or of any retriable failure, ends with the number
 *       of attempts made and the time spent, for example {@code "...; gave up after 3 attempts in 2.1 s"};
 *   <li>cancelling the request ends a wait or an attempt at once.
 * </ul>
 *
 * <p>Keep the timeout at or below the agent's {@code generationTimeout} (60 s by default in core): when
 * it is longer, core stops the call first and reports a {@code GenerationTimeoutException} without the
 * server's last error.
 *
 * <h2>Threads, blocking, cancellation, resources</h2>
 *
 * Instances are immutable and thread-safe; share one per application. {@link #generate} blocks the
 * calling thread until the reply arrives, for at most about the {@linkplain Builder#timeout(Duration)
 * timeout}. When the request's {@link Cancellation} is cancelled (or the waiting thread is interrupted),
 * the in-flight HTTP call is aborted — its connection is closed, so a server that honours disconnects
 * stops generating — and {@code generate} throws {@link QueryCancelledException} for {@link
 * Stage#GENERATE} at once. The generator owns an HTTP client (connection pool and dispatcher threads);
 * {@link #close()} releases them. Unclosed instances release them when garbage-collected.
 */
public final class OpenAiSqlGenerator implements SqlGenerator, AutoCloseable {

  /** The default base URL, {@value}. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /** The default model, {@value}. */
  public static final String DEFAULT_MODEL = "gpt-4o-mini";

  /**
   * The default timeout of one {@link #generate} call, all attempts and waits included: 55 seconds, under
   * the agent's default generation timeout of 60 seconds, so that a failing call ends with the server's
   * last error rather than the agent's timeout. The default {@linkplain Builder#attemptTimeout(Duration)
   * attempt timeout} is half of the timeout.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(55);

  /** The default temperature, {@value}: the most deterministic SQL. */
  public static final double DEFAULT_TEMPERATURE = 0.0;

  /** The default number of retries after the first attempt, {@value}. */
  public static final int DEFAULT_MAX_RETRIES = 2;

  /** The largest accepted {@link Builder#maxRetries(int)}, {@value}. */
  public static final int MAX_RETRIES_LIMIT = 10;

  /** The environment variable holding the API key, {@value}. */
  public static final String ENV_API_KEY = "OPENAI_API_KEY";

  /** The environment variable holding the base URL, {@value}. */
  public static final String ENV_BASE_URL = "OPENAI_BASE_URL";

  /** The environment variable holding the model, {@value}. */
  public static final String ENV_MODEL = "DBQA_OPENAI_MODEL";

  /**
   * The environment variable that turns structured output off with {@code false} (or on with {@code
   * true}), {@value}.
   */
  public static final String ENV_STRUCTURED_OUTPUT = "DBQA_OPENAI_STRUCTURED_OUTPUT";

  /** How many of the most recent session turns go into the prompt, {@value}. */
  public static final int HISTORY_TURNS = LanguageModelPrompts.DEFAULT_HISTORY_TURNS;

  /** The confidence reported for SQL in a fenced block, as requested, {@value}. */
  public static final double FENCED_CONFIDENCE = 0.8;

  /** The confidence reported for bare SQL that ignored the requested format, {@value}. */
  public static final double BARE_CONFIDENCE = 0.6;

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiSqlGenerator.class);

  /** {@code response_format} for structured output: {@link LanguageModelPrompts#replySchema()}, strict. */
  private static final ResponseFormatJsonSchema RESPONSE_FORMAT = Replies.responseFormat();

  private final String apiKey;
  private final String baseUrl;
  private final String model;
  private final Duration timeout;
  private final Duration attemptTimeout;
  /** Whether {@link Builder#attemptTimeout(Duration)} was called, for {@link #toBuilder()}. */
  private final boolean attemptTimeoutSet;
  private final RetryPolicy retryPolicy;
  private final double temperature;
  private final int maxRetries;
  private final InFlightCalls calls;
  private final OpenAIClientAsync client;
  private final Secrets secrets;
  private final boolean structuredOutput;
  /** {@code baseUrl + " " + model} of servers that refused {@code response_format}. */
  private final Set<String> textOnly = ConcurrentHashMap.newKeySet();

  private OpenAiSqlGenerator(Builder b) {
    this.apiKey = b.apiKey.strip();
    this.baseUrl = stripTrailingSlashes(b.baseUrl.strip());
    this.model = b.model.strip();
    this.timeout = b.timeout;
    this.attemptTimeout = b.effectiveAttemptTimeout();
    this.attemptTimeoutSet = b.attemptTimeout != null;
    this.retryPolicy = b.retryPolicy;
    this.temperature = b.temperature;
    this.maxRetries = b.maxRetries;
    this.structuredOutput = b.structuredOutput;
    this.secrets = new Secrets(apiKey);
    this.calls = new InFlightCalls();
    this.client =
        OpenAIOkHttpClientAsync.builder()
            .apiKey(apiKey)
            .baseUrl(baseUrl)
            .timeout(attemptTimeout)
            // This generator retries by itself, within the timeout; see the class documentation.
            .maxRetries(0)
            .addInterceptor(calls)
            .build();
  }

  /**
   * Returns a new builder with the defaults: base URL {@value #DEFAULT_BASE_URL}, model {@value
   * #DEFAULT_MODEL}, timeout 55 s, attempt timeout half the timeout, temperature 0, 2 retries, and no API key (which {@link Builder#build()}
   * requires). The environment is not read; see {@link Builder#fromEnvironment()}.
   *
   * @return a new builder, never null; builders are not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a generator from the environment: {@value #ENV_API_KEY} (required), {@value #ENV_BASE_URL}
   * and {@value #ENV_MODEL} (optional; the defaults apply when unset or blank). Same as {@code
   * builder().fromEnvironment().build()}.
   *
   * @return a new generator, never null
   * @throws ConfigurationException when {@value #ENV_API_KEY} is unset or blank, or a value is invalid;
   *     the message names each bad property and never contains the key
   */
  public static OpenAiSqlGenerator fromEnvironment() {
    return builder().fromEnvironment().build();
  }

  /**
   * Returns a builder holding this generator's settings, the API key included, to derive a variant; the
   * variant has its own HTTP client.
   *
   * @return a new builder, never null
   */
  public Builder toBuilder() {
    Builder b = new Builder()
        .apiKey(apiKey)
        .baseUrl(baseUrl)
        .model(model)
        .timeout(timeout)
        .temperature(temperature)
        .maxRetries(maxRetries)
        .structuredOutput(structuredOutput);
    if (attemptTimeoutSet) b.attemptTimeout(attemptTimeout);
    b.retryPolicy = retryPolicy;
    return b;
  }

  /** Returns {@code "openai:" + model}, for example {@code "openai:gpt-4o-mini"}. */
  @Override
  public String name() {
    return "openai:" + model;
  }

  /**
   * Returns the model name sent with every request.
   *
   * @return the model, never null or blank
   */
  public String model() {
    return model;
  }

  /**
   * Returns the base URL requests go to.
   *
   * @return the base URL without trailing slash, for example {@value #DEFAULT_BASE_URL}
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Returns the timeout of one {@link #generate} call, every attempt and wait between attempts included.
   *
   * @return a positive duration
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns the timeout of one HTTP attempt.
   *
   * @return a positive duration shorter than {@link #timeout()}
   */
  public Duration attemptTimeout() {
    return attemptTimeout;
  }

  /**
   * Returns the sampling temperature.
   *
   * @return 0.0 to 2.0
   */
  public double temperature() {
    return temperature;
  }

  /**
   * Returns how many times a retriable failure is retried after the first attempt, within the {@link
   * #timeout()}.
   *
   * @return 0 to {@value #MAX_RETRIES_LIMIT}
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * Returns whether requests ask for a JSON reply with {@code response_format} (see the class
   * documentation); a server that refused it still gets text-mode requests.
   *
   * @return the {@link Builder#structuredOutput(boolean)} setting, true by default
   */
  public boolean structuredOutput() {
    return structuredOutput;
  }

  /**
   * Asks the model for SQL. Blocks until the reply arrives, the call fails, or the request's {@link
   * Cancellation} is cancelled. See the class documentation for the prompt, the reply format and the
   * error mapping.
   *
   * @param request the question with its schema context; never null
   * @return SQL with explanation and confidence, or a clarification; {@link GeneratedSql#tokens()} holds
   *     the schema context's tokens and the prompt and completion tokens the server reported (0 when it
   *     reported none); never null
   * @throws ModelException when the server cannot be reached, refuses the request, times out, or replies
   *     with neither SQL nor a clarification, after the retries of the class documentation; {@link
   *     ModelException#retriable()} tells whether trying again later may help
   * @throws QueryCancelledException when the request was cancelled before or during the call, or the
   *     calling thread was interrupted (its interrupt flag is then set again)
   * @throws NullPointerException when {@code request} is null
   */
  @Override
  public GeneratedSql generate(GenerationRequest request) {
    Objects.requireNonNull(request, "request");
    request.cancellation().throwIfCancelled(Stage.GENERATE);
    long started = System.nanoTime();
    String server = baseUrl + " " + model;
    if (!structuredOutput || textOnly.contains(server)) {
      return call(request, ReplyFormat.TEXT, started);
    }
    try {
      return call(request, ReplyFormat.JSON, started);
    } catch (ModelException e) {
      if (!refusesStructuredOutput(e)) {
        throw e;
      }
      if (textOnly.add(server)) {
        LOG.info("{} at {} does not support response_format json_schema ({}); using text replies from now on",
            model, Secrets.redactUrl(baseUrl), e.getMessage());
      }
      request.cancellation().throwIfCancelled(Stage.GENERATE);
      return call(request, ReplyFormat.TEXT, started);
    }
  }

  /**
   * Whether a failure is a server's refusal of {@code response_format}: HTTP 400 or 422 whose message
   * names it or the JSON schema, or says something is not supported.
   */
  static boolean refusesStructuredOutput(ModelException e) {
    if (e.statusCode() != 400 && e.statusCode() != 422) {
      return false;
    }
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("response_format") || m.contains("json_schema") || m.contains("not supported")
        || m.contains("structured output");
  }

  /**
   * Asks in one format, retrying as the class documentation says until {@code started + timeout}.
   *
   * @param started {@link System#nanoTime()} when {@link #generate} began; the timeout counts from there
   */
  private GeneratedSql call(GenerationRequest request, ReplyFormat format, long started) {
    return retryPolicy.run(limit -> attempt(request, format, limit), started, timeout, attemptTimeout, maxRetries,
        request.cancellation(), name());
  }

  /** One HTTP attempt, bounded by {@code limit}. */
  private GeneratedSql attempt(GenerationRequest request, ReplyFormat format, Duration limit) {
    Cancellation cancellation = request.cancellation();
    long started = System.nanoTime();
    LanguageModelPrompts.Messages prompt = LanguageModelPrompts.messages(request, HISTORY_TURNS, format);
    InFlightCalls.Slot slot = calls.open();
    try {
      ChatCompletionCreateParams.Builder builder =
          ChatCompletionCreateParams.builder()
              .model(model)
              .temperature(temperature)
              .addSystemMessage(prompt.system())
              .addUserMessage(prompt.user())
              .putAdditionalHeader(InFlightCalls.HEADER, slot.id());
      if (format == ReplyFormat.JSON) {
        builder.responseFormat(RESPONSE_FORMAT);
      }
      ChatCompletionCreateParams params = builder.build();
      CompletableFuture<ChatCompletion> future =
          client.chat().completions().create(params, RequestOptions.builder().timeout(limit).build());
      slot.attach(future);
      ChatCompletion completion;
      Cancellation.Registration registration = cancellation.onCancel(slot::cancel);
      try {
        completion = future.get();
      } finally {
        registration.close();
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug("{} replied in {} ms", name(), (System.nanoTime() - started) / 1_000_000);
      }
      return Replies.parse(completion, request.context().tokens(), secrets, format);
    } catch (InterruptedException e) {
      slot.cancel();
      Thread.currentThread().interrupt();
      throw new QueryCancelledException(Stage.GENERATE);
    } catch (CancellationException e) {
      throw new QueryCancelledException(Stage.GENERATE);
    } catch (ExecutionException e) {
      if (cancellation.isCancelled() || slot.isCancelled()) {
        throw new QueryCancelledException(Stage.GENERATE);
      }
      ModelException mapped = Errors.map(e.getCause(), baseUrl, limit, secrets);
      LOG.debug("{} failed: {}", name(), mapped.getMessage());
      throw mapped;
    } catch (RuntimeException e) {
      if (e instanceof ModelException || e instanceof QueryCancelledException) {
        throw e;
      }
      if (cancellation.isCancelled()) {
        throw new QueryCancelledException(Stage.GENERATE);
      }
      throw Errors.map(e, baseUrl, limit, secrets);
    } finally {
      calls.close(slot);
    }
  }

  /**
   * Releases the HTTP client: its connection pool and dispatcher threads. Calls still in flight may fail.
   * Idempotent; the generator must not be used afterwards.
   */
  @Override
  public void close() {
    client.close();
  }

  /** Returns the settings with the API key masked, for example {@code OpenAiSqlGenerator[model=..., apiKey=****]}. */
  @Override
  public String toString() {
    return "OpenAiSqlGenerator[model=" + model + ", baseUrl=" + Secrets.redactUrl(baseUrl) + ", timeout="
        + timeout + ", attemptTimeout=" + attemptTimeout + ", temperature=" + temperature + ", maxRetries=" + maxRetries + ", structuredOutput="
        + structuredOutput + ", apiKey=" + Secrets.mask(apiKey) + "]";
  }

  private static String stripTrailingSlashes(String url) {
    String u = url;
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }

  /**
   * Configures an {@link OpenAiSqlGenerator}. Setters only record values; {@link #build()} checks them
   * all at once. Not thread-safe; one builder per thread.
   */
  public static final class Builder {
    private String apiKey = "";
    private String baseUrl = DEFAULT_BASE_URL;
    private String model = DEFAULT_MODEL;
    private Duration timeout = DEFAULT_TIMEOUT;
    /** Null: half of {@link #timeout}. */
    private Duration attemptTimeout;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private double temperature = DEFAULT_TEMPERATURE;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private boolean structuredOutput = true;
    private String badStructuredOutput = "";

    private Builder() {}

    /**
     * The API key sent as {@code Authorization: Bearer <key>}. Required; no default. Local
     * OpenAI-compatible servers that ignore the key still need a non-blank value, for example {@code
     * "none"}. The key is kept out of {@code toString()}, logs and exception messages.
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
     * The base URL of the API, up to and including the version segment; requests go to {@code
     * {baseUrl}/chat/completions}. Default {@value OpenAiSqlGenerator#DEFAULT_BASE_URL}. For local
     * servers, for example {@code http://localhost:8000/v1}. Trailing slashes are ignored.
     *
     * @param baseUrl an absolute {@code http} or {@code https} URL
     * @return this builder
     * @throws NullPointerException when {@code baseUrl} is null
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * The model name sent with every request, exactly as the server knows it. Default {@value
     * OpenAiSqlGenerator#DEFAULT_MODEL}.
     *
     * @param model a non-blank model name
     * @return this builder
     * @throws NullPointerException when {@code model} is null
     */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * The timeout of one {@link OpenAiSqlGenerator#generate} call, from its start to the parsed reply, every
     * attempt and every wait between attempts included. Default 55 seconds. Keep it at or below the
     * agent's {@code generationTimeout}. Formerly the timeout of one attempt; that is now {@link
     * #attemptTimeout(Duration)}.
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
     * The timeout of one HTTP attempt, from sending the request to reading the whole reply. Default half
     * of the {@link #timeout(Duration) timeout} (30 s with the default timeout), so that an attempt that
     * hangs leaves time for a retry. The last attempt gets at most the time left before the timeout.
     *
     * @param attemptTimeout a positive duration shorter than the timeout ({@link #build()} checks)
     * @return this builder
     * @throws NullPointerException when {@code attemptTimeout} is null
     */
    public Builder attemptTimeout(Duration attemptTimeout) {
      this.attemptTimeout = Objects.requireNonNull(attemptTimeout, "attemptTimeout");
      return this;
    }

    /** Sets the back-off bounds (default 500 ms and 8 s); for tests. */
    Builder backoff(Duration base, Duration cap) {
      this.retryPolicy = retryPolicy.withBackoff(base, cap);
      return this;
    }

    /** Sets how waits between attempts are made; for tests. */
    Builder sleeper(RetryPolicy.Sleeper sleeper) {
      this.retryPolicy = retryPolicy.withSleeper(sleeper);
      return this;
    }

    private Duration effectiveAttemptTimeout() {
      return attemptTimeout != null ? attemptTimeout : timeout.dividedBy(2);
    }

    /**
     * The sampling temperature. Default 0, for the most repeatable SQL.
     *
     * @param temperature 0.0 to 2.0
     * @return this builder
     */
    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    /**
     * How many times a retriable failure (HTTP 408, 409, 429 other than {@code insufficient_quota}, 5xx,
     * an attempt that timed out, a refused or broken connection) is retried after the first attempt, with
     * the waits of the class documentation and within the {@link #timeout(Duration) timeout}. Default 2; 0
     * turns retries off.
     *
     * @param maxRetries 0 to {@value OpenAiSqlGenerator#MAX_RETRIES_LIMIT}
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * Whether to ask for a JSON reply with {@code response_format: json_schema} (structured output; see the
     * class documentation). Default true. Turn it off for servers known to reject or mishandle it; a
     * server that rejects it is detected anyway, at the cost of one refused request.
     *
     * @param structuredOutput true for JSON replies, false for text replies ({@code ```sql} blocks)
     * @return this builder
     */
    public Builder structuredOutput(boolean structuredOutput) {
      this.structuredOutput = structuredOutput;
      this.badStructuredOutput = "";
      return this;
    }

    /**
     * Copies the settings the environment holds: {@value OpenAiSqlGenerator#ENV_API_KEY}, {@value
     * OpenAiSqlGenerator#ENV_BASE_URL}, {@value OpenAiSqlGenerator#ENV_MODEL} and {@value
     * OpenAiSqlGenerator#ENV_STRUCTURED_OUTPUT} ({@code true} or {@code false}, any case; another value
     * makes {@link #build()} fail). Unset or blank variables leave the current values alone. Call it first so that later setters take precedence.
     *
     * @return this builder
     */
    public Builder fromEnvironment() {
      return fromEnvironment(System.getenv());
    }

    /** Copies settings from a map of variables; visible for tests. */
    Builder fromEnvironment(Map<String, String> env) {
      String key = env.get(ENV_API_KEY);
      if (key != null && !key.isBlank()) apiKey = key;
      String url = env.get(ENV_BASE_URL);
      if (url != null && !url.isBlank()) baseUrl = url;
      String m = env.get(ENV_MODEL);
      if (m != null && !m.isBlank()) model = m;
      String structured = env.get(ENV_STRUCTURED_OUTPUT);
      if (structured != null && !structured.isBlank()) {
        String v = structured.strip().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
          structuredOutput(v.equals("true"));
        } else {
          badStructuredOutput = structured.strip();
        }
      }
      return this;
    }

    /**
     * Checks every setting and builds the generator with its own HTTP client.
     *
     * @return a new generator, never null
     * @throws ConfigurationException when one or more settings are invalid: a missing or blank API key, a
     *     base URL that is not an absolute http(s) URL, a blank model, a timeout that is not positive, an
     *     attempt timeout that is not positive or not shorter than the timeout, a temperature outside 0 to 2, retries outside 0 to 10. The message names each bad property and
     *     never contains the key.
     */
    public OpenAiSqlGenerator build() {
      List<String> problems = new ArrayList<>();
      if (apiKey.isBlank()) {
        problems.add("apiKey is missing: call apiKey(...) or set " + ENV_API_KEY);
      }
      String url = baseUrl.strip();
      if (!isHttpUrl(url)) {
        problems.add("baseUrl must be an absolute http or https URL such as " + DEFAULT_BASE_URL + ", was '"
            + Secrets.redactUrl(url) + "'");
      }
      if (model.isBlank()) {
        problems.add("model must not be blank (for example " + DEFAULT_MODEL + ")");
      }
      if (timeout.isZero() || timeout.isNegative()) {
        problems.add("timeout must be positive, was " + timeout);
      }
      if (attemptTimeout != null && (attemptTimeout.isZero() || attemptTimeout.isNegative())) {
        problems.add("attemptTimeout must be positive, was " + attemptTimeout);
      } else if (attemptTimeout != null && attemptTimeout.compareTo(timeout) >= 0 && !timeout.isNegative()
          && !timeout.isZero()) {
        problems.add("attemptTimeout (" + attemptTimeout + ") must be shorter than timeout (" + timeout
            + "), the limit of the whole call with its retries; lower attemptTimeout or raise timeout");
      }
      if (!(temperature >= 0.0 && temperature <= 2.0)) {
        problems.add("temperature must be between 0 and 2, was " + temperature);
      }
      if (maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
        problems.add("maxRetries must be between 0 and " + MAX_RETRIES_LIMIT + ", was " + maxRetries);
      }
      if (!badStructuredOutput.isEmpty()) {
        problems.add(ENV_STRUCTURED_OUTPUT + " must be true or false, was '" + badStructuredOutput + "'");
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException("invalid OpenAiSqlGenerator configuration: " + String.join("; ", problems));
      }
      try {
        return new OpenAiSqlGenerator(this);
      } catch (RuntimeException e) {
        // openai-java checks e.g. Jackson versions when the client is built; never echo the key.
        throw new ConfigurationException(
            "cannot create the OpenAI client: " + new Secrets(apiKey.strip()).redact(String.valueOf(e.getMessage())), e);
      }
    }

    /** Returns the builder's settings with the API key masked. */
    @Override
    public String toString() {
      return "OpenAiSqlGenerator.Builder[model=" + model + ", baseUrl=" + Secrets.redactUrl(baseUrl)
          + ", timeout=" + timeout + ", attemptTimeout=" + effectiveAttemptTimeout() + ", temperature="
          + temperature + ", maxRetries=" + maxRetries
          + ", structuredOutput=" + structuredOutput + ", apiKey=" + Secrets.mask(apiKey) + "]";
    }

    private static boolean isHttpUrl(String url) {
      if (url.isEmpty()) return false;
      try {
        URI uri = new URI(url);
        String scheme = uri.getScheme();
        return uri.isAbsolute() && uri.getHost() != null && scheme != null
            && (scheme.toLowerCase(Locale.ROOT).equals("http") || scheme.toLowerCase(Locale.ROOT).equals("https"));
      } catch (URISyntaxException e) {
        return false;
      }
    }
  }
}
