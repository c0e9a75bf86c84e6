package io.github.dbqueryagent.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.TokenUsage;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.LanguageModelPrompts;
import io.github.dbqueryagent.spi.LanguageModelPrompts.ReplyFormat;
import io.github.dbqueryagent.spi.SqlGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SqlGenerator} that asks a model served by <a href="https://ollama.com">Ollama</a> through its
 * {@code POST /api/chat} endpoint, using only {@link java.net.http.HttpClient} and Jackson.
 *
 * <p>Each {@link #generate(GenerationRequest)} sends one request {@code {"model", "messages": [system,
 * user], "stream", "options": {"temperature": 0}}}, the messages built by {@link
 * LanguageModelPrompts#messages(GenerationRequest)}. The system message gives the role, the dialect and
 * the rules (one read-only {@code SELECT}, only the tables of the schema context, the dialect's syntax,
 * the SQL in a {@code ```sql} block or one {@code CLARIFY: <question>} line); the user message holds the
 * rendered schema context, the last five turns of the session (question and SQL), the question and,
 * during repair, the SQL that failed with the database's error. With {@link Builder#stream(boolean)
 * streaming} on (the default) the NDJSON reply is read line by line as the model produces it, so a
 * cancellation stops the model mid-answer.
 *
 * <p>In text mode the reply is read by {@link LanguageModelPrompts#parseReply(String, boolean)} as SQL (the
 * {@code ```sql} block, of several the last that parses as one query, or a bare reply starting with {@code SELECT} or {@code WITH}) or as a clarification ({@code
 * CLARIFY:}), after dropping reasoning models' {@code <think>} sections; anything else is a non-retriable
 * {@link ModelException}. Token counts come from Ollama's {@code prompt_eval_count} and {@code
 * eval_count}. Local models report no calibrated confidence: SQL is returned with confidence {@value
 * #CONFIDENCE}, a clarification with 0.
 *
 * <p><b>Structured output.</b> By default ({@link Builder#structuredOutput(boolean)}, environment {@value
 * #ENV_STRUCTURED_OUTPUT}) the request carries {@code "format": <schema>} with {@link
 * LanguageModelPrompts#replySchema()} (Ollama 0.5 and later constrain the model's output to it) and the
 * system message of {@link LanguageModelPrompts#messages(GenerationRequest, int,
 * LanguageModelPrompts.ReplyFormat) messages(request, 5, JSON)}; the reply, streamed chunks joined first,
 * is read by {@link LanguageModelPrompts#parseJsonReply(String, boolean)}, a text reply from a server that
 * ignores {@code format} included. The model's {@code confidence} (clamped to 0 to 1) replaces {@value
 * #CONFIDENCE} when it gave one. A server that rejects {@code format} (HTTP 400 whose error mentions the
 * format or schema, or says "not supported") gets the question once more without it, in text mode, and
 * this generator remembers that for the server and model, so later calls go straight to text mode; the
 * first refusal is logged at INFO.
 *
 * <pre>{@code
 * SqlGenerator ollama = OllamaSqlGenerator.builder().model("qwen2.5-coder:7b").build();
 * DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(ds).sqlGenerator(ollama).build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; concurrent calls share one {@link HttpClient} (whose
 * threads are daemon threads; there is nothing to close). {@link #generate} blocks the calling thread
 * until the reply is complete, the {@linkplain Builder#timeout(Duration) timeout} passes, or the request's
 * {@link Cancellation} fires.
 */
public final class OllamaSqlGenerator implements SqlGenerator {
  /** The default server address, {@value}. */
  public static final String DEFAULT_BASE_URL = "http://localhost:11434";

  /** The default model, {@value}. */
  public static final String DEFAULT_MODEL = "llama3.1";

  /** The default timeout of one call, 120 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  /** The longest timeout accepted, one hour. */
  public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  /** The confidence reported with generated SQL (local models give no calibrated confidence). */
  public static final double CONFIDENCE = 0.5;

  /** The environment variable that turns structured output off with {@code false} (or on with {@code true}), {@value}. */
  public static final String ENV_STRUCTURED_OUTPUT = "DBQA_OLLAMA_STRUCTURED_OUTPUT";

  private static final Logger LOG = LoggerFactory.getLogger(OllamaSqlGenerator.class);

  /** The longest connect timeout, whatever the call's timeout. */
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final String model;
  private final Duration timeout;
  private final boolean stream;
  private final boolean structuredOutput;
  private final URI chatUri;
  private final HttpClient http;
  /** {@code baseUrl + " " + model} of servers that rejected {@code format}. */
  private final Set<String> textOnly = ConcurrentHashMap.newKeySet();

  private OllamaSqlGenerator(String baseUrl, String model, Duration timeout, boolean stream,
      boolean structuredOutput) {
    this.baseUrl = baseUrl;
    this.model = model;
    this.timeout = timeout;
    this.stream = stream;
    this.structuredOutput = structuredOutput;
    this.chatUri = URI.create(baseUrl + "/api/chat");
    this.http = newHttpClient(timeout);
  }

  /**
   * Returns a new builder with the defaults: {@value #DEFAULT_BASE_URL}, model {@value #DEFAULT_MODEL},
   * a timeout of 120 seconds, streaming on. The environment is not read; see {@link #fromEnvironment()}.
   *
   * @return a new builder, never null; builders are not thread-safe
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a generator configured from the environment: the server from {@code OLLAMA_HOST} (read as
   * the {@code ollama} command does: {@code host}, {@code host:port}, {@code :port}, {@code
   * http://host:port}, {@code https://host}; without a scheme the port defaults to 11434, with {@code
   * http://} or {@code https://} to 80 or 443; {@code 0.0.0.0} is reached at {@code 127.0.0.1}), the model
   * from {@code DBQA_OLLAMA_MODEL}, structured output from {@value #ENV_STRUCTURED_OUTPUT} ({@code true} or
   * {@code false}, any case); unset or blank variables leave the {@linkplain #builder() defaults}.
   * Use {@link #toBuilder()} on the result to override more.
   *
   * @return the generator, never null; nothing is contacted yet
   * @throws ConfigurationException naming {@code OLLAMA_HOST}, {@code DBQA_OLLAMA_MODEL} or {@value
   *     #ENV_STRUCTURED_OUTPUT} when its value cannot be used
   */
  public static OllamaSqlGenerator fromEnvironment() {
    return fromEnvironment(System::getenv);
  }

  /**
   * Like {@link #fromEnvironment()} with the variables looked up in {@code environment}.
   *
   * @param environment returns a variable's value, or null when it is unset
   */
  static OllamaSqlGenerator fromEnvironment(Function<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Builder b = builder();
    String host = environment.apply("OLLAMA_HOST");
    if (host != null && !host.isBlank()) {
      b.baseUrl = host;
      b.baseUrlSource = "OLLAMA_HOST";
    }
    String model = environment.apply("DBQA_OLLAMA_MODEL");
    if (model != null && !model.isBlank()) {
      b.model = model.strip();
      b.modelSource = "DBQA_OLLAMA_MODEL";
    }
    String structured = environment.apply(ENV_STRUCTURED_OUTPUT);
    if (structured != null && !structured.isBlank()) {
      String v = structured.strip().toLowerCase(Locale.ROOT);
      if (v.equals("true") || v.equals("false")) {
        b.structuredOutput(v.equals("true"));
      } else {
        b.badStructuredOutput = structured.strip();
      }
    }
    return b.build();
  }

  /**
   * Tells whether an Ollama server answers at {@code baseUrl}: {@code GET /api/version}, then {@code GET
   * /api/tags}, must return 200 with Ollama's JSON. Useful to skip integration tests or to fall back to
   * the offline generator. Blocks for at most about {@code timeout}.
   *
   * @param baseUrl the server's root URL, for example {@value #DEFAULT_BASE_URL}
   * @param timeout how long to wait in total, positive
   * @return true when Ollama answered; false otherwise, also for a null, malformed or non-positive
   *     argument. Never throws. An interrupt returns false with the thread's interrupt flag set again.
   */
  public static boolean isReachable(String baseUrl, Duration timeout) {
    if (baseUrl == null || timeout == null || timeout.isNegative() || timeout.isZero()) {
      return false;
    }
    try {
      String root = OllamaUrls.normalizeBaseUrl(baseUrl);
      HttpClient client = newHttpClient(timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      return answers(client, root + "/api/version", "version", deadline)
          || answers(client, root + "/api/tags", "models", deadline);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean answers(HttpClient client, String url, String field, long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) return false;
    CompletableFuture<HttpResponse<String>> call = null;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofNanos(left)).header("Accept", "application/json")
              .GET().build();
      call = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> response = call.get(left, TimeUnit.NANOSECONDS);
      if (response.statusCode() != 200) return false;
      JsonNode node = JSON.readTree(response.body());
      return node != null && node.isObject() && node.has(field);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (call != null) call.cancel(true);
      return false;
    } catch (ExecutionException | TimeoutException | IOException | RuntimeException e) {
      if (call != null) call.cancel(true);
      return false;
    }
  }

  /**
   * Returns a builder holding this generator's settings, to derive a variant.
   *
   * @return a new builder, never null
   */
  public Builder toBuilder() {
    return builder().baseUrl(baseUrl).model(model).timeout(timeout).stream(stream)
        .structuredOutput(structuredOutput);
  }

  /**
   * Returns whether requests carry {@code "format"} with the reply schema (structured output); a server
   * that rejected it still gets text-mode requests.
   *
   * @return the {@link Builder#structuredOutput(boolean)} setting, true by default
   */
  public boolean structuredOutput() {
    return structuredOutput;
  }

  /**
   * Returns the server's root URL, normalized.
   *
   * @return for example {@code http://localhost:11434}, without a trailing {@code /}; never null
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Returns the model name as sent to Ollama.
   *
   * @return for example {@code llama3.1}; never null
   */
  public String model() {
    return model;
  }

  /**
   * Returns the longest time one {@link #generate} call may take.
   *
   * @return a positive duration of at most one hour
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns whether replies are streamed.
   *
   * @return true when the reply is NDJSON read line by line, false when it is one JSON object
   */
  public boolean stream() {
    return stream;
  }

  /** Returns {@code "ollama:" + model()}, for example {@code "ollama:llama3.1"}. */
  @Override
  public String name() {
    return "ollama:" + model;
  }

  /**
   * Asks the model for SQL. Blocks until the reply is complete.
   *
   * @param request the question with its schema context, history and, during repair, the failed attempt
   * @return the SQL (trailing semicolons removed; explanation = the model's prose outside the SQL block,
   *     or {@code ""}; confidence {@value #CONFIDENCE}) or the model's clarification question (confidence 0);
   *     tokens = the request's schema context tokens, {@code prompt_eval_count} and {@code eval_count}
   *     (0 when Ollama leaves them out); never null
   * @throws ModelException {@linkplain ModelException#retriable() retriable} when Ollama is not running
   *     (connection refused; the message says how to start it), the call timed out, the server answered
   *     with 408, 429 or 5xx, reported an error mid-stream, or the stream broke off; not retriable when
   *     the model is not installed (404; the message says {@code ollama pull <model>}), the request was
   *     rejected (other 4xx), the body is not Ollama's JSON or NDJSON, or the reply is neither SQL nor
   *     {@code CLARIFY:}
   * @throws QueryCancelledException with stage {@link Stage#GENERATE} when the request's cancellation
   *     fired before or during the call (the HTTP exchange is aborted), or the thread was interrupted
   *     (the interrupt flag is set again)
   * @throws NullPointerException when {@code request} is null
   */
  @Override
  public GeneratedSql generate(GenerationRequest request) {
    Objects.requireNonNull(request, "request");
    Cancellation cancellation = request.cancellation();
    cancellation.throwIfCancelled(Stage.GENERATE);
    String server = baseUrl + " " + model;
    if (!structuredOutput || textOnly.contains(server)) {
      return generate(request, ReplyFormat.TEXT);
    }
    try {
      return generate(request, ReplyFormat.JSON);
    } catch (ModelException e) {
      if (!rejectsFormat(e)) {
        throw e;
      }
      if (textOnly.add(server)) {
        LOG.info("Ollama at {} rejected structured output for {} ({}); using text replies from now on", baseUrl,
            model, e.getMessage());
      }
      cancellation.throwIfCancelled(Stage.GENERATE);
      return generate(request, ReplyFormat.TEXT);
    }
  }

  /** Whether a failure is a rejection of {@code format}: HTTP 400 naming the format or schema, or "not supported". */
  static boolean rejectsFormat(ModelException e) {
    if (e.statusCode() != 400) {
      return false;
    }
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("format") || m.contains("schema") || m.contains("not supported");
  }

  private GeneratedSql generate(GenerationRequest request, ReplyFormat format) {
    LanguageModelPrompts.Messages prompt =
        LanguageModelPrompts.messages(request, LanguageModelPrompts.DEFAULT_HISTORY_TURNS, format);
    ChatReply reply = chat(requestBody(prompt, format), request.cancellation());
    TokenUsage tokens = new TokenUsage(request.context().tokens(), reply.promptTokens(), reply.completionTokens());
    boolean cutOff = reply.doneReason().equals("length");
    LanguageModelPrompts.ParsedReply parsed;
    try {
      parsed = format == ReplyFormat.JSON
          ? LanguageModelPrompts.parseJsonReply(reply.content(), cutOff)
          : LanguageModelPrompts.parseReply(reply.content(), cutOff);
    } catch (ModelException e) {
      String cut = cutOff ? " (the reply was cut off at the model's length limit)" : "";
      throw new ModelException(e.getMessage() + cut + " [" + name() + "]", false, 200, null);
    }
    return parsed.toGeneratedSql(parsed.confidence().orElse(CONFIDENCE), tokens);
  }

  private ChatReply chat(byte[] body, Cancellation cancellation) {
    HttpRequest request =
        HttpRequest.newBuilder(chatUri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", stream ? "application/x-ndjson" : "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    AtomicReference<ChatReplySubscriber> subscriber = new AtomicReference<>();
    HttpResponse.BodyHandler<ChatReply> handler =
        info -> {
          ChatReplySubscriber s = new ChatReplySubscriber(info.statusCode(), stream, baseUrl, model);
          subscriber.set(s);
          return s;
        };
    CompletableFuture<HttpResponse<ChatReply>> call = http.sendAsync(request, handler);
    Runnable abort =
        () -> {
          ChatReplySubscriber s = subscriber.get();
          if (s != null) s.abort();
          call.cancel(true);
        };
    Cancellation.Registration registration = cancellation.onCancel(abort);
    try {
      return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS).body();
    } catch (InterruptedException e) {
      abort.run();
      Thread.currentThread().interrupt();
      throw new QueryCancelledException(Stage.GENERATE);
    } catch (CancellationException e) {
      throw new QueryCancelledException(Stage.GENERATE);
    } catch (TimeoutException e) {
      abort.run();
      cancellation.throwIfCancelled(Stage.GENERATE);
      throw OllamaErrors.timeout(baseUrl, timeout, e);
    } catch (ExecutionException e) {
      cancellation.throwIfCancelled(Stage.GENERATE);
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof CancellationException) {
        throw new QueryCancelledException(Stage.GENERATE);
      }
      throw OllamaErrors.forFailure(cause, baseUrl, timeout);
    } finally {
      registration.close();
    }
  }

  private byte[] requestBody(LanguageModelPrompts.Messages prompt, ReplyFormat format) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model);
    ArrayNode messages = root.putArray("messages");
    messages.addObject().put("role", "system").put("content", prompt.system());
    messages.addObject().put("role", "user").put("content", prompt.user());
    root.put("stream", stream);
    if (format == ReplyFormat.JSON) {
      root.set("format", JSON.valueToTree(LanguageModelPrompts.replySchema()));
    }
    root.putObject("options").put("temperature", 0);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  private static HttpClient newHttpClient(Duration timeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT)
        .build();
  }

  /** Returns the settings, for logs. */
  @Override
  public String toString() {
    return "OllamaSqlGenerator[baseUrl=" + baseUrl + ", model=" + model + ", timeout=" + timeout + ", stream="
        + stream + ", structuredOutput=" + structuredOutput + "]";
  }

  /**
   * Configures an {@link OllamaSqlGenerator}. Setters only record values; {@link #build()} checks them
   * all at once. Not thread-safe; one builder may build many generators.
   */
  public static final class Builder {
    private String baseUrl = DEFAULT_BASE_URL;
    private String baseUrlSource = "baseUrl";
    private String model = DEFAULT_MODEL;
    private String modelSource = "model";
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean stream = true;
    private boolean structuredOutput = true;
    private String badStructuredOutput = "";

    private Builder() {}

    /**
     * The server's root URL: {@code http://} or {@code https://}, a host, an optional port and an optional
     * path prefix (behind a reverse proxy); no query, fragment or user info. A trailing {@code /} is
     * ignored. Default {@value OllamaSqlGenerator#DEFAULT_BASE_URL}.
     *
     * @param baseUrl the URL, checked by {@link #build()}
     * @return this builder
     * @throws NullPointerException when {@code baseUrl} is null
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      this.baseUrlSource = "baseUrl";
      return this;
    }

    /**
     * The model as Ollama names it, for example {@code llama3.1}, {@code qwen2.5-coder:7b} or {@code
     * sqlcoder}; it must be pulled on the server. Not blank, no whitespace. Default {@value
     * OllamaSqlGenerator#DEFAULT_MODEL}.
     *
     * @param model the model name, checked by {@link #build()}
     * @return this builder
     * @throws NullPointerException when {@code model} is null
     */
    public Builder model(String model) {
      this.model = Objects.requireNonNull(model, "model");
      this.modelSource = "model";
      return this;
    }

    /**
     * The longest time one {@link OllamaSqlGenerator#generate generate} call may take, from sending the
     * request to the reply's last line, including loading the model into memory. Positive, at most one
     * hour. Default 120 seconds. Connecting is limited to the smaller of this and 10 seconds.
     *
     * @param timeout the timeout, checked by {@link #build()}
     * @return this builder
     * @throws NullPointerException when {@code timeout} is null
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Whether to ask for a streamed reply ({@code "stream": true}, NDJSON read line by line as the model
     * writes it, so that cancelling stops it early) or for one JSON object. Default true.
     *
     * @param stream true to stream
     * @return this builder
     */
    public Builder stream(boolean stream) {
      this.stream = stream;
      return this;
    }

    /**
     * Whether to send {@code "format"} with the reply schema and ask for a JSON reply (structured output,
     * Ollama 0.5 and later; see the class documentation). Default true. A server that rejects it is
     * detected anyway, at the cost of one rejected request.
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
     * Checks every setting and builds the generator. Nothing is contacted; use {@link
     * OllamaSqlGenerator#isReachable} to check the server.
     *
     * @return the generator, never null
     * @throws ConfigurationException naming each bad setting (or the environment variable it came from)
     *     with its value and what is accepted
     */
    public OllamaSqlGenerator build() {
      List<String> problems = new ArrayList<>();
      String url = null;
      try {
        url =
            baseUrlSource.equals("OLLAMA_HOST")
                ? OllamaUrls.fromOllamaHost(baseUrl)
                : OllamaUrls.normalizeBaseUrl(baseUrl);
      } catch (IllegalArgumentException e) {
        problems.add(baseUrlSource + " '" + baseUrl.strip() + "' " + e.getMessage());
      }
      if (model.isBlank()) {
        problems.add(modelSource + " must not be blank (for example \"" + DEFAULT_MODEL + "\")");
      } else if (!model.strip().codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
        problems.add(modelSource + " '" + model + "' must not contain whitespace or control characters");
      }
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
        problems.add("timeout must be positive and at most 1 hour (got " + timeout + ")");
      }
      if (!badStructuredOutput.isEmpty()) {
        problems.add(ENV_STRUCTURED_OUTPUT + " must be true or false (got '" + badStructuredOutput + "')");
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException("invalid OllamaSqlGenerator configuration: " + String.join("; ", problems));
      }
      return new OllamaSqlGenerator(url, model.strip(), timeout, stream, structuredOutput);
    }
  }
}
