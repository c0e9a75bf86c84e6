package io.github.dbqueryagent;

import io.github.dbqueryagent.event.QueryEvent;
import io.github.dbqueryagent.internal.execute.DriverManagerDataSource;
import io.github.dbqueryagent.internal.execute.JdbcValueLookup;
import io.github.dbqueryagent.internal.guard.SessionRateLimiter;
import io.github.dbqueryagent.internal.pipeline.Pipeline;
import io.github.dbqueryagent.internal.pipeline.PipelinePublisher;
import io.github.dbqueryagent.spi.AccessPolicy;
import io.github.dbqueryagent.internal.pipeline.QuestionGate;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.Executor;
import io.github.dbqueryagent.spi.QuestionGuard;
import io.github.dbqueryagent.spi.Retriever;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.SessionStore;
import io.github.dbqueryagent.spi.SqlGenerator;
import io.github.dbqueryagent.spi.Summarizer;
import io.github.dbqueryagent.spi.TokenBudgeter;
import io.github.dbqueryagent.spi.Validator;
import io.github.dbqueryagent.spi.ValueLookup;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Answers natural-language questions about a relational database.
 *
 * <p>Build one with {@link #builder()}; {@code DatabaseQueryAgent.builder().dataSource(ds).build()}
 * is enough, every stage has a working default (see {@link Builder}). An agent is immutable and
 * thread-safe: share one per database. {@link #query(String)} blocks the calling thread; {@link
 * #queryAsync(String)} and {@link #stream(String)} run on the agent's worker threads (daemon threads,
 * or the {@link Builder#workerPool(ExecutorService) pool you supply}).
 *
 * <pre>{@code
 * DatabaseQueryAgent agent = DatabaseQueryAgent.builder().jdbcUrl("jdbc:sqlite:chinook.db").build();
 * QueryResult r = agent.query("How many customers are from Brazil?");
 * r.sql();    // SELECT COUNT(*) FROM Customer WHERE Country = 'Brazil' LIMIT 1001
 * r.rows();   // [[5]]
 * r.answer(); // a short sentence
 * }</pre>
 */
public final class DatabaseQueryAgent implements AutoCloseable {
  private final Builder config;
  private final Pipeline pipeline;
  private final ExecutorService workers;
  private final boolean ownsWorkers;

  private DatabaseQueryAgent(Builder b, Pipeline pipeline, ExecutorService workers, boolean ownsWorkers) {
    this.config = b;
    this.pipeline = pipeline;
    this.workers = workers;
    this.ownsWorkers = ownsWorkers;
  }

  /** Returns a new builder with every property at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this agent's configuration, to derive a variant. */
  public Builder toBuilder() {
    return config.copy();
  }

  /**
   * Answers a question, blocking until done.
   *
   * @param question a question in natural language, not blank, at most {@link
   *     Builder#maxQuestionLength(int) maxQuestionLength} characters
   * @return the result: rows, SQL and answer, or a clarification; never null
   * @throws InvalidQuestionException when the question is empty or too long
   * @throws QuestionRejectedException when the {@link Builder#questionGuard(QuestionGuard) question
   *     guard} refuses the question (prompt injection, a request to change the database, ...)
   * @throws SqlRejectedException when the generated SQL is not a single read-only query
   * @throws SqlExecutionException when the database is unreachable or refuses the query
   * @throws ModelException when the language model fails ({@link GenerationTimeoutException} when it
   *     does not answer within the {@link Builder#generationTimeout(Duration) generation timeout})
   * @throws SchemaIntrospectionException when the catalog cannot be read
   */
  public QueryResult query(String question) {
    return pipeline.run(question, null, event -> {}, new Cancellation());
  }

  /**
   * Reads the catalog and builds the schema index (and table vectors, when an embedding model is set) on
   * a worker thread, so that the first question does not pay for it. Optional: without it the first
   * question builds them. Calling it again after the schema changed builds the new index.
   *
   * @return a future completed when the index is ready, or exceptionally with {@link
   *     SchemaIntrospectionException} when the catalog cannot be read
   */
  public CompletableFuture<Void> prepare() {
    return CompletableFuture.runAsync(pipeline::prepare, workers);
  }

  /**
   * Shows what a generator would see for a question: retrieves the tables, columns and joins it needs
   * and renders them within the configured {@link Builder#tokenBudget(int) token budget}, without
   * generating or running SQL. Blocks while the catalog is read (the first time) and indexed.
   *
   * @param question a question in natural language, checked like {@link #query(String)}'s
   * @return the retrieval and the rendered schema context, never null
   * @throws InvalidQuestionException when the question is empty or too long
   * @throws QuestionRejectedException when the question guard refuses the question
   * @throws SchemaIntrospectionException when the catalog cannot be read
   */
  public ContextResult context(String question) {
    return pipeline.context(question, pipeline.tokenBudget());
  }

  /**
   * Same as {@link #context(String)} with another token budget.
   *
   * @param question the question
   * @param tokenBudget the budget in tokens, at least 1
   * @return the retrieval and the rendered schema context, never null
   * @throws IllegalArgumentException when {@code tokenBudget} is below 1
   */
  public ContextResult context(String question, int tokenBudget) {
    if (tokenBudget < 1) throw new IllegalArgumentException("tokenBudget must be at least 1: " + tokenBudget);
    return pipeline.context(question, tokenBudget);
  }

  /**
   * Answers a question on a worker thread. Cancelling the future cancels the running stage (the model
   * call or the JDBC statement).
   *
   * @return a future completed with the result or, exceptionally, with a {@link QueryAgentException}
   */
  public CompletableFuture<QueryResult> queryAsync(String question) {
    return async(question, null);
  }

  /**
   * Streams the progress of a question. The publisher is cold: each subscriber starts its own run.
   * Demand is honoured, exactly one terminal event ({@link QueryEvent.Completed} or {@link
   * QueryEvent.Failed}) is followed by {@code onComplete()}, and {@code cancel()} stops the work.
   *
   * @param question the question
   * @return a publisher of events, never null; the question is checked when a subscriber subscribes
   */
  public Flow.Publisher<QueryEvent> stream(String question) {
    return new PipelinePublisher(pipeline, question, null, workers);
  }

  /**
   * Returns a session: follow-up questions see its earlier turns, and each turn is recorded in the
   * {@link SessionStore}. Sessions are cheap handles; two handles with the same id share history.
   *
   * @param id the session id, not blank, at most 200 characters
   * @throws IllegalArgumentException when the id is blank or too long
   */
  public Session session(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank() || id.length() > 200) {
      throw new IllegalArgumentException("session id must be 1 to 200 non-blank characters");
    }
    return new Session(this, id);
  }

  QueryResult runInSession(String question, String sessionId) {
    return pipeline.run(question, sessionId, event -> {}, new Cancellation());
  }

  CompletableFuture<QueryResult> async(String question, String sessionId) {
    Cancellation cancellation = new Cancellation();
    CompletableFuture<QueryResult> future =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning); // first, so the worker's failure cannot win
            cancellation.cancel();
            return cancelled;
          }
        };
    workers.execute(
        () -> {
          if (future.isDone()) return;
          try {
            future.complete(pipeline.run(question, sessionId, e -> {}, cancellation));
          } catch (Throwable t) {
            future.completeExceptionally(t);
          }
        });
    return future;
  }

  Flow.Publisher<QueryEvent> streamInSession(String question, String sessionId) {
    return new PipelinePublisher(pipeline, question, sessionId, workers);
  }

  SessionStore sessionStore() {
    return pipeline.sessionStore();
  }

  /**
   * Stops the agent's own worker threads (not a {@link Builder#workerPool pool you supplied}); running
   * asynchronous questions finish. Components you passed to the builder (data source, generator,
   * session store) are yours to close. Idempotent. {@link #query(String)} keeps working after close.
   */
  @Override
  public void close() {
    if (ownsWorkers) workers.shutdown();
  }

  @Override
  public String toString() {
    return "DatabaseQueryAgent" + config.describe();
  }

  /**
   * Configures a {@link DatabaseQueryAgent}. Not thread-safe; {@link #build()} checks every property
   * at once and reports all problems in one exception.
   *
   * <p>Precedence: a value set on the builder, else the environment ({@code DBQA_JDBC_URL}, {@code
   * DBQA_JDBC_USER}, {@code DBQA_JDBC_PASSWORD}, {@code DBQA_MAX_ROWS}, {@code DBQA_TOKEN_BUDGET},
   * {@code DBQA_STATEMENT_TIMEOUT_SECONDS}, {@code DBQA_GENERATION_TIMEOUT_SECONDS}, {@code
   * DBQA_MODEL_DATA_ACCESS}), else the default.
   *
   * <p>Defaults: {@link SchemaSource#jdbc(DataSource)} (the one {@link
   * io.github.dbqueryagent.spi.SchemaSourceProvider} on the class path, such as {@code
   * db-query-agent-jdbc-introspect}, else {@code DatabaseMetaData}), {@link Summarizer#heuristic()}, {@link
   * Retriever#defaults()}, {@link TokenBudgeter#defaults()} with a budget of 3,000 tokens, {@link
   * SqlGenerator#ruleBased()}, {@link Validator#jsqlparser()}, {@link Executor#jdbc(DataSource)},
   * {@link SessionStore#inMemory()}, value lookups against the data source, 1,000 rows, a 30-second
   * statement timeout, a 60-second generation timeout, 2,000-character questions, one repair attempt,
   * {@link SessionStoreFailure#FAIL}, {@link AccessPolicy#defaults()} (every table allowed, sensitive
   * columns detected by name and masked in results), {@link QuestionGuard#heuristic()}, no session
   * rate limit, {@link Clock#systemUTC()}, {@link ModelDataAccess#SCHEMA_AND_SAMPLES}.
   */
  public static final class Builder {
    private DataSource dataSource;
    private String jdbcUrl;
    private String user;
    private String password;
    private SchemaSource schemaSource;
    private Summarizer summarizer;
    private Retriever retriever;
    private io.github.dbqueryagent.spi.ExampleStore exampleStore;
    private io.github.dbqueryagent.spi.EmbeddingModel embeddingModel;
    private java.nio.file.Path cacheDirectory;
    private TokenBudgeter tokenBudgeter;
    private SqlGenerator sqlGenerator;
    private Validator validator;
    private Executor executor;
    private SessionStore sessionStore;
    private ValueLookup valueLookup;
    private Integer tokenBudget;
    private Integer maxRows;
    private Duration statementTimeout;
    private int maxQuestionLength = 2000;
    private int maxRepairAttempts = 1;
    private Duration generationTimeout;
    private SessionStoreFailure sessionStoreFailure = SessionStoreFailure.FAIL;
    private ExecutorService workerPool;
    private Function<String, String> environment = System::getenv;
    private AccessPolicy accessPolicy = AccessPolicy.defaults();
    private QuestionGuard questionGuard;
    private Integer rateLimitQuestions;
    private Duration rateLimitPer;
    private Clock clock = Clock.systemUTC();
    private ModelDataAccess modelDataAccess;
    private ModelPrices modelPrices;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.dataSource = dataSource;
      b.jdbcUrl = jdbcUrl;
      b.user = user;
      b.password = password;
      b.schemaSource = schemaSource;
      b.summarizer = summarizer;
      b.retriever = retriever;
      b.exampleStore = exampleStore;
      b.embeddingModel = embeddingModel;
      b.cacheDirectory = cacheDirectory;
      b.tokenBudgeter = tokenBudgeter;
      b.sqlGenerator = sqlGenerator;
      b.validator = validator;
      b.executor = executor;
      b.sessionStore = sessionStore;
      b.valueLookup = valueLookup;
      b.tokenBudget = tokenBudget;
      b.maxRows = maxRows;
      b.statementTimeout = statementTimeout;
      b.maxQuestionLength = maxQuestionLength;
      b.maxRepairAttempts = maxRepairAttempts;
      b.generationTimeout = generationTimeout;
      b.sessionStoreFailure = sessionStoreFailure;
      b.workerPool = workerPool;
      b.environment = environment;
      b.accessPolicy = accessPolicy;
      b.questionGuard = questionGuard;
      b.rateLimitQuestions = rateLimitQuestions;
      b.rateLimitPer = rateLimitPer;
      b.clock = clock;
      b.modelDataAccess = modelDataAccess;
      b.modelPrices = modelPrices;
      return b;
    }

    /** The database to answer questions about; the agent borrows connections and closes them. */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * The database as a JDBC URL, for when no {@link DataSource} is at hand; connections come from
     * {@link java.sql.DriverManager} (no pool: prefer {@link #dataSource(DataSource)} with a pool such
     * as HikariCP in servers). The driver must be on the class path.
     */
    public Builder jdbcUrl(String jdbcUrl) {
      this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      return this;
    }

    /** The database as a JDBC URL with credentials. The password is never logged or shown. */
    public Builder jdbcUrl(String jdbcUrl, String user, String password) {
      this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      this.user = user;
      this.password = password;
      return this;
    }

    /**
     * Where the catalog comes from. Default: {@link SchemaSource#jdbc(DataSource)} over the data
     * source, which is the single {@link io.github.dbqueryagent.spi.SchemaSourceProvider} found on the
     * class path (for example {@code db-query-agent-jdbc-introspect}'s dialect-aware bulk
     * introspection), else {@code DatabaseMetaData} introspection. Set it explicitly when more than
     * one provider is on the class path; otherwise {@link #build()} throws a {@link
     * ConfigurationException} listing them.
     */
    public Builder schemaSource(SchemaSource schemaSource) {
      this.schemaSource = Objects.requireNonNull(schemaSource, "schemaSource");
      return this;
    }

    /** How tables are described. Default: {@link Summarizer#heuristic()}. */
    public Builder summarizer(Summarizer summarizer) {
      this.summarizer = Objects.requireNonNull(summarizer, "summarizer");
      return this;
    }

    /**
     * How a question is linked to tables. Default: {@link Retriever#defaults()}, or {@link
     * Retriever#hybrid(io.github.dbqueryagent.spi.EmbeddingModel, java.nio.file.Path)} when an {@link
     * #embeddingModel embedding model} is set.
     */
    public Builder retriever(Retriever retriever) {
      this.retriever = Objects.requireNonNull(retriever, "retriever");
      return this;
    }

    /**
     * Verified question/SQL pairs offered as few-shot examples: the retriever picks those most like each
     * question (handed forward in {@link io.github.dbqueryagent.spi.Retrieval#examples()}), pulls in the
     * tables their SQL reads, and the budgeter renders them within the token budget. Default: {@link
     * io.github.dbqueryagent.spi.ExampleStore#none()}.
     *
     * @param store the examples
     * @return this builder
     */
    public Builder exampleStore(io.github.dbqueryagent.spi.ExampleStore store) {
      this.exampleStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Adds dense retrieval to the default retriever: table descriptions and questions are embedded with
     * this model and fused with the lexical and value rankings ({@link Retriever#hybrid(EmbeddingModel,
     * java.nio.file.Path)}). Ignored when {@link #retriever(Retriever)} is set. Default: none (lexical and
     * value retrieval only, no model).
     *
     * @param model the embedding model, for example {@code MiniLmEmbeddingModel.create()}
     * @return this builder
     */
    public Builder embeddingModel(io.github.dbqueryagent.spi.EmbeddingModel model) {
      this.embeddingModel = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Where derived structures that are costly to rebuild (table vectors) are persisted across restarts.
     * Default: {@code DBQA_CACHE_DIR}, else {@code $XDG_CACHE_HOME/db-query-agent}, else {@code
     * ~/.cache/db-query-agent}. Only used when an {@link #embeddingModel embedding model} is set.
     *
     * @param directory the directory, created when missing
     * @return this builder
     */
    public Builder cacheDirectory(java.nio.file.Path directory) {
      this.cacheDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** How the schema context is rendered and counted. Default: {@link TokenBudgeter#defaults()}. */
    public Builder tokenBudgeter(TokenBudgeter tokenBudgeter) {
      this.tokenBudgeter = Objects.requireNonNull(tokenBudgeter, "tokenBudgeter");
      return this;
    }

    /** The schema context budget in tokens, at least 100. Default 3,000 or {@code DBQA_TOKEN_BUDGET}. */
    public Builder tokenBudget(int tokens) {
      this.tokenBudget = tokens;
      return this;
    }

    /** Who writes the SQL. Default: {@link SqlGenerator#ruleBased()}. */
    public Builder sqlGenerator(SqlGenerator sqlGenerator) {
      this.sqlGenerator = Objects.requireNonNull(sqlGenerator, "sqlGenerator");
      return this;
    }

    /** Who decides whether SQL may run. Default: {@link Validator#jsqlparser()}. */
    public Builder validator(Validator validator) {
      this.validator = Objects.requireNonNull(validator, "validator");
      return this;
    }

    /** Who runs the SQL. Default: {@link Executor#jdbc(DataSource)}. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Where session turns are kept. Default: {@link SessionStore#inMemory()}. */
    public Builder sessionStore(SessionStore sessionStore) {
      this.sessionStore = Objects.requireNonNull(sessionStore, "sessionStore");
      return this;
    }

    /**
     * How literal values are linked to columns. Default: bounded read-only lookups against the data
     * source; {@link ValueLookup#none()} turns value linking off.
     */
    public Builder valueLookup(ValueLookup valueLookup) {
      this.valueLookup = Objects.requireNonNull(valueLookup, "valueLookup");
      return this;
    }

    /** The most rows a result holds, 1 to 1,000,000. Default 1,000 or {@code DBQA_MAX_ROWS}. */
    public Builder maxRows(int maxRows) {
      this.maxRows = maxRows;
      return this;
    }

    /**
     * The statement timeout, 1 second to 1 hour. Default 30 seconds or {@code
     * DBQA_STATEMENT_TIMEOUT_SECONDS}.
     */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** The longest question accepted, in characters, 1 to 100,000. Default 2,000. */
    public Builder maxQuestionLength(int chars) {
      this.maxQuestionLength = chars;
      return this;
    }

    /**
     * How many times failing SQL goes back to the generator with the database's error, 0 to 5.
     * Default 1. A generator that proposes the same SQL again ends the loop.
     */
    public Builder maxRepairAttempts(int attempts) {
      this.maxRepairAttempts = attempts;
      return this;
    }

    /**
     * How long one call of the {@link SqlGenerator} may take (each repair attempt is a new call), 1
     * second to 1 hour. Default 60 seconds or {@code DBQA_GENERATION_TIMEOUT_SECONDS}. The generator
     * runs on an agent thread; when the time is up its {@link Cancellation} is triggered, its thread
     * interrupted, nothing is executed, and the question fails with a retriable {@link
     * GenerationTimeoutException}, even if the generator ignores both.
     */
    public Builder generationTimeout(Duration timeout) {
      this.generationTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * What happens when the {@link SessionStore} cannot record a session turn. Default {@link
     * SessionStoreFailure#FAIL}: the question fails at {@link Stage#PERSIST} and the answer is withheld,
     * so a session never lacks a turn its caller saw; {@link SessionStoreFailure#REPORT} returns the
     * answer with a {@link QueryWarning} instead.
     */
    public Builder sessionStoreFailure(SessionStoreFailure policy) {
      this.sessionStoreFailure = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The threads that run {@link DatabaseQueryAgent#queryAsync} and {@link DatabaseQueryAgent#stream}.
     * The caller owns the pool. Default: a cached pool of daemon threads owned by the agent.
     */
    public Builder workerPool(ExecutorService pool) {
      this.workerPool = Objects.requireNonNull(pool, "pool");
      return this;
    }

    /**
     * Where {@code DBQA_*} settings are read from. Default {@link System#getenv(String)}; tests and
     * hosts with their own configuration pass a lookup function (returning null for unset names).
     */
    public Builder environment(Function<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Which tables, columns and functions generated SQL may use, and whether sensitive columns are
     * masked in results or blocked. The policy is applied to the catalog generators see, enforced by
     * the validator on the parsed SQL (a custom {@link #validator(Validator) validator} receives it in
     * its context and must enforce it), and applied to results, events, answers and session turns.
     * Default {@link AccessPolicy#defaults()}. See {@link AccessPolicy}.
     */
    public Builder accessPolicy(AccessPolicy policy) {
      this.accessPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The first filter on every question, before the session history, the catalog or a model is
     * touched: refuses prompt injection, requests for the agent's prompt, and requests to change the
     * database, with a {@link QuestionRejectedException}. Default: {@link QuestionGuard#heuristic()};
     * {@link QuestionGuard#none()} turns guarding off. It complements the validator and the read-only
     * connection, which stop writes whatever the question says.
     */
    public Builder questionGuard(QuestionGuard guard) {
      this.questionGuard = Objects.requireNonNull(guard, "guard");
      return this;
    }

    /**
     * Limits each session to at most {@code questions} questions in any window of length {@code per}
     * (a sliding window, counted per session id across {@link Session#ask}, {@link Session#askAsync}
     * and {@link Session#stream}, across session handles with the same id). A question over the limit
     * fails with a {@link RateLimitedException} that says when to retry, before any work is done; it
     * is not counted. One-off questions ({@link DatabaseQueryAgent#query} and its variants) are not
     * limited: their caller is the host application, which throttles its own users.
     *
     * <p>Default: no limit. The library cannot know the host's traffic, and a batch of questions in
     * one session (an evaluation, the {@code dbqa --batch} command) may legitimately ask hundreds a
     * minute; a chat front end open to many users might set {@code sessionRateLimit(20,
     * Duration.ofMinutes(1))}. The time comes from {@link #clock(Clock)}.
     *
     * @param questions 1 to 10,000
     * @param per 1 second to 1 day
     */
    public Builder sessionRateLimit(int questions, Duration per) {
      this.rateLimitQuestions = questions;
      this.rateLimitPer = Objects.requireNonNull(per, "per");
      return this;
    }

    /**
     * The clock that time-based limits read ({@link #sessionRateLimit(int, Duration)}). Default {@link
     * Clock#systemUTC()}; tests pass a clock they advance themselves.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How much of the database's data may reach a language model: {@link ModelDataAccess#SCHEMA_ONLY}
     * (no row or sample value, ever) or {@link ModelDataAccess#SCHEMA_AND_SAMPLES} (sampled column values
     * too). Enforced by the agent on what it hands the summarizer and every generator
     * other than the built-in rule-based one, which runs locally; see {@link ModelDataAccess}. Default
     * {@code DBQA_MODEL_DATA_ACCESS} ({@code schema-only} or {@code schema-and-samples},
     * case-insensitive), else {@link ModelDataAccess#SCHEMA_AND_SAMPLES}.
     *
     * @param access the level
     * @return this builder
     */
    public Builder modelDataAccess(ModelDataAccess access) {
      this.modelDataAccess = Objects.requireNonNull(access, "access");
      return this;
    }

    /**
     * Prices the language model's tokens so that every result reports {@link QueryResult#cost()}: the
     * question's {@link QueryResult#tokens()}, summed over all attempts of the repair loop (clarifications
     * included), priced per million tokens. Default: none, and {@code cost()} is empty. The offline
     * rule-based generator uses no model tokens, so its cost is zero.
     *
     * @param prices the prices per million tokens
     * @return this builder
     */
    public Builder modelPrices(ModelPrices prices) {
      this.modelPrices = Objects.requireNonNull(prices, "prices");
      return this;
    }

    /**
     * Checks the configuration and builds the agent. Nothing connects to the database yet.
     *
     * @throws ConfigurationException naming every bad or missing property, including more than one
     *     {@link io.github.dbqueryagent.spi.SchemaSourceProvider} on the class path when no schema
     *     source is set
     */
    public DatabaseQueryAgent build() {
      List<String> problems = new ArrayList<>();
      String url = jdbcUrl != null ? jdbcUrl : env("DBQA_JDBC_URL");
      String u = user != null ? user : env("DBQA_JDBC_USER");
      String p = password != null ? password : env("DBQA_JDBC_PASSWORD");
      DataSource ds = dataSource;
      if (ds != null && jdbcUrl != null) {
        problems.add("dataSource and jdbcUrl are both set: choose one");
      }
      if (ds == null && url != null) {
        if (!url.startsWith("jdbc:")) {
          problems.add("jdbcUrl must start with 'jdbc:' (got '" + DriverManagerDataSource.maskUrl(url) + "')");
        } else {
          ds = new DriverManagerDataSource(url, u, p);
        }
      }
      boolean needsDataSource = schemaSource == null || executor == null;
      if (ds == null && needsDataSource && problems.isEmpty()) {
        problems.add(
            "no database: set dataSource(...) or jdbcUrl(...) (or DBQA_JDBC_URL), or supply both"
                + " schemaSource(...) and executor(...)");
      }
      int rows = intSetting(maxRows, "DBQA_MAX_ROWS", 1000, "maxRows", 1, 1_000_000, problems);
      int budget = intSetting(tokenBudget, "DBQA_TOKEN_BUDGET", TokenBudgeter.DEFAULT_BUDGET, "tokenBudget", 100,
          1_000_000, problems);
      Duration timeout = statementTimeout;
      if (timeout == null) {
        int secs = intSetting(null, "DBQA_STATEMENT_TIMEOUT_SECONDS", 30, "statementTimeout", 1, 3600, problems);
        timeout = Duration.ofSeconds(secs);
      } else if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
        problems.add("statementTimeout must be between 1 second and 1 hour (got " + timeout + ")");
      }
      Duration generation = generationTimeout;
      if (generation == null) {
        int secs = intSetting(null, "DBQA_GENERATION_TIMEOUT_SECONDS", 60, "generationTimeout", 1, 3600, problems);
        generation = Duration.ofSeconds(secs);
      } else if (generation.compareTo(Duration.ofSeconds(1)) < 0 || generation.compareTo(Duration.ofHours(1)) > 0) {
        problems.add("generationTimeout must be between 1 second and 1 hour (got " + generation + ")");
      }
      if (maxQuestionLength < 1 || maxQuestionLength > 100_000) {
        problems.add("maxQuestionLength must be between 1 and 100000 (got " + maxQuestionLength + ")");
      }
      if (maxRepairAttempts < 0 || maxRepairAttempts > 5) {
        problems.add("maxRepairAttempts must be between 0 and 5 (got " + maxRepairAttempts + ")");
      }
      if (rateLimitQuestions != null && (rateLimitQuestions < 1 || rateLimitQuestions > 10_000)) {
        problems.add("sessionRateLimit questions must be between 1 and 10000 (got " + rateLimitQuestions + ")");
      }
      if (rateLimitPer != null
          && (rateLimitPer.compareTo(Duration.ofSeconds(1)) < 0 || rateLimitPer.compareTo(Duration.ofDays(1)) > 0)) {
        problems.add("sessionRateLimit period must be between 1 second and 1 day (got " + rateLimitPer + ")");
      }
      ModelDataAccess dataAccess = modelDataAccess;
      if (dataAccess == null) {
        String v = env("DBQA_MODEL_DATA_ACCESS");
        try {
          dataAccess = v == null ? ModelDataAccess.SCHEMA_AND_SAMPLES : ModelDataAccess.parse(v);
        } catch (IllegalArgumentException e) {
          problems.add("DBQA_MODEL_DATA_ACCESS must be schema-only, schema-and-samples or results (got '" + v + "')");
        }
      }
      SchemaSource schema = schemaSource;
      if (schema == null && ds != null) {
        try {
          schema = SchemaSource.jdbc(ds);
        } catch (ConfigurationException e) {
          problems.add("schemaSource: " + e.getMessage());
        }
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException("invalid DatabaseQueryAgent configuration: " + String.join("; ", problems));
      }
      ExecutorService pool = workerPool != null ? workerPool : newDaemonPool();
      Pipeline pipeline =
          new Pipeline(
              schema,
              summarizer != null ? summarizer : Summarizer.heuristic(),
              retriever != null ? retriever
                  : embeddingModel != null ? Retriever.hybrid(embeddingModel, resolvedCacheDirectory())
                  : Retriever.defaults(),
              tokenBudgeter != null ? tokenBudgeter : TokenBudgeter.defaults(),
              sqlGenerator != null ? sqlGenerator : SqlGenerator.ruleBased(),
              validator != null ? validator : Validator.jsqlparser(),
              executor != null ? executor : Executor.jdbc(ds),
              sessionStore != null ? sessionStore : SessionStore.inMemory(),
              valueLookup != null ? valueLookup : (ds != null ? new JdbcValueLookup(ds) : ValueLookup.none()),
              budget,
              rows,
              timeout,
              maxQuestionLength,
              maxRepairAttempts,
              generation,
              sessionStoreFailure,
              accessPolicy,
              new QuestionGate(
                  questionGuard != null ? questionGuard : QuestionGuard.heuristic(),
                  rateLimitQuestions == null
                      ? Optional.empty()
                      : Optional.of(new SessionRateLimiter(rateLimitQuestions, rateLimitPer, clock))),
              exampleStore != null ? exampleStore : io.github.dbqueryagent.spi.ExampleStore.none(),
              dataAccess,
              modelPrices);
      return new DatabaseQueryAgent(copy(), pipeline, pool, workerPool == null);
    }

    private java.nio.file.Path resolvedCacheDirectory() {
      if (cacheDirectory != null) return cacheDirectory;
      String dir = env("DBQA_CACHE_DIR");
      if (dir != null) return java.nio.file.Path.of(dir);
      String xdg = env("XDG_CACHE_HOME");
      if (xdg != null) return java.nio.file.Path.of(xdg, "db-query-agent");
      return java.nio.file.Path.of(System.getProperty("user.home"), ".cache", "db-query-agent");
    }

    private String env(String name) {
      String v = environment.apply(name);
      return v == null || v.isBlank() ? null : v.strip();
    }

    private int intSetting(
        Integer explicit, String envName, int dflt, String property, int min, int max, List<String> problems) {
      int value = dflt;
      String source = property;
      if (explicit != null) {
        value = explicit;
      } else {
        String v = env(envName);
        if (v != null) {
          source = envName;
          try {
            value = Integer.parseInt(v);
          } catch (NumberFormatException e) {
            problems.add(envName + " must be an integer (got '" + v + "')");
            return dflt;
          }
        }
      }
      if (value < min || value > max) {
        problems.add(source + " must be between " + min + " and " + max + " (got " + value + ")");
      }
      return value;
    }

    String describe() {
      return "[database="
          + (dataSource != null ? dataSource.getClass().getSimpleName()
              : jdbcUrl != null ? DriverManagerDataSource.maskUrl(jdbcUrl) : "from environment")
          + ", generator=" + (sqlGenerator != null ? sqlGenerator.name() : "rule-based")
          + ", maxRows=" + (maxRows != null ? maxRows : "default")
          + ", tokenBudget=" + (tokenBudget != null ? tokenBudget : "default")
          + ", modelDataAccess=" + (modelDataAccess != null ? modelDataAccess : "default")
          + "]";
    }

    @Override
    public String toString() {
      return "DatabaseQueryAgent.Builder" + describe();
    }

    private static ExecutorService newDaemonPool() {
      AtomicInteger n = new AtomicInteger();
      return Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "dbqa-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
    }
  }
}
