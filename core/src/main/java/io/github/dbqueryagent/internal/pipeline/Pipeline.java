package io.github.dbqueryagent.internal.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.dbqueryagent.Attempt;
import io.github.dbqueryagent.Cost;
import io.github.dbqueryagent.InvalidQuestionException;
import io.github.dbqueryagent.ModelDataAccess;
import io.github.dbqueryagent.ModelPrices;
import io.github.dbqueryagent.QueryAgentException;
import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.QueryResult;
import io.github.dbqueryagent.QueryWarning;
import io.github.dbqueryagent.SessionStoreFailure;
import io.github.dbqueryagent.SqlExecutionException;
import io.github.dbqueryagent.SqlRejectedException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.TokenUsage;
import io.github.dbqueryagent.event.QueryEvent;
import io.github.dbqueryagent.internal.generate.RuleBasedSqlGenerator;
import io.github.dbqueryagent.internal.policy.AccessControl;
import io.github.dbqueryagent.spi.AccessPolicy;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.ExecutionRequest;
import io.github.dbqueryagent.spi.ExecutionResult;
import io.github.dbqueryagent.spi.Executor;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.RetrievalRequest;
import io.github.dbqueryagent.spi.Retriever;
import io.github.dbqueryagent.spi.SchemaContext;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.SessionStore;
import io.github.dbqueryagent.spi.SqlGenerator;
import io.github.dbqueryagent.spi.Summarizer;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.TokenBudgeter;
import io.github.dbqueryagent.spi.Turn;
import io.github.dbqueryagent.spi.ValidatedSql;
import io.github.dbqueryagent.spi.ValidationContext;
import io.github.dbqueryagent.spi.Validator;
import io.github.dbqueryagent.spi.ValueLookup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one question through the stages. Immutable and thread-safe.
 *
 * <p>Under {@link ModelDataAccess#SCHEMA_ONLY} the summarizer always, and the generator unless it is
 * the built-in {@link RuleBasedSqlGenerator}, see the catalog without sample values; a model-backed
 * generator also gets a schema context rendered from that catalog, no value lookup, history without
 * answers, and repair errors with quoted values redacted (see {@link ModelDataAccess}).
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'|\"([^\"]*)\"");

  private final SchemaSource schemaSource;
  private final Summarizer summarizer;
  private final Retriever retriever;
  private final TokenBudgeter budgeter;
  private final SqlGenerator generator;
  private final Validator validator;
  private final Executor executor;
  private final SessionStore sessions;
  private final ValueLookup values;
  private final int tokenBudget;
  private final int maxRows;
  private final Duration timeout;
  private final int maxQuestionLength;
  private final int maxRepairAttempts;
  private final TimedGenerator timedGenerator;
  private final TurnRecorder turnRecorder;
  private final AccessControl access;
  private final QuestionGate gate;
  private final io.github.dbqueryagent.spi.ExampleStore examples;
  private final boolean schemaOnly;
  private final boolean shieldGenerator;
  private final Optional<ModelPrices> prices;
  private final Cache<String, Map<TableName, String>> summaryCache =
      Caffeine.newBuilder().maximumSize(16).build();

  /** Creates a pipeline; all arguments are checked by the builder; {@code prices} may be null (no cost). */
  public Pipeline(
      SchemaSource schemaSource,
      Summarizer summarizer,
      Retriever retriever,
      TokenBudgeter budgeter,
      SqlGenerator generator,
      Validator validator,
      Executor executor,
      SessionStore sessions,
      ValueLookup values,
      int tokenBudget,
      int maxRows,
      Duration timeout,
      int maxQuestionLength,
      int maxRepairAttempts,
      Duration generationTimeout,
      SessionStoreFailure sessionStoreFailure,
      AccessPolicy accessPolicy,
      QuestionGate gate,
      io.github.dbqueryagent.spi.ExampleStore examples,
      ModelDataAccess modelDataAccess,
      ModelPrices prices) {
    this.schemaSource = schemaSource;
    this.summarizer = summarizer;
    this.retriever = retriever;
    this.budgeter = budgeter;
    this.generator = generator;
    this.validator = validator;
    this.executor = executor;
    this.sessions = sessions;
    this.access = new AccessControl(accessPolicy);
    this.values = access.guard(values);
    this.tokenBudget = tokenBudget;
    this.maxRows = maxRows;
    this.timeout = timeout;
    this.maxQuestionLength = maxQuestionLength;
    this.maxRepairAttempts = maxRepairAttempts;
    this.timedGenerator = new TimedGenerator(generator, generationTimeout);
    this.turnRecorder = new TurnRecorder(sessions, sessionStoreFailure);
    this.gate = gate;
    this.examples = examples;
    this.schemaOnly = modelDataAccess == ModelDataAccess.SCHEMA_ONLY;
    this.shieldGenerator = schemaOnly && !(generator instanceof RuleBasedSqlGenerator);
    this.prices = Optional.ofNullable(prices);
  }

  /** Returns the session store. */
  public SessionStore sessionStore() {
    return sessions;
  }

  /**
   * Retrieves and renders the schema context of a question without generating SQL.
   *
   * @param rawQuestion the question as given (may be null: rejected)
   * @param budget the token budget, at least 1
   */
  public io.github.dbqueryagent.ContextResult context(String rawQuestion, int budget) {
    Map<Stage, Duration> timings = new EnumMap<>(Stage.class);
    Run run = new Run(event -> {}, timings, new Cancellation());
    String question = run.stage(Stage.QUESTION, () -> gate.admit(rawQuestion, null, this::checkQuestion));
    Catalog catalog = access.visibleCatalog(run.stage(Stage.SCHEMA, schemaSource::catalog));
    Map<TableName, String> summaries =
        run.stage(Stage.SUMMARIZE, () -> summaryCache.get(catalog.fingerprint(), k -> summarizer.summarize(forSummarizer(catalog))));
    Retrieval retrieval =
        run.stage(Stage.RETRIEVE, () -> retriever.retrieve(new RetrievalRequest(question, catalog, summaries, List.of(), examples.examples())));
    SchemaContext context =
        run.stage(Stage.BUDGET, () -> budgeter.render(forGenerator(catalog), retrieval, summaries, budget));
    return new io.github.dbqueryagent.ContextResult(question, retrieval, context, budget, timings);
  }

  /**
   * Reads the catalog, summarizes it and lets the retriever build its index, off the question path.
   *
   * @return the catalog prepared
   */
  public Catalog prepare() {
    long start = System.nanoTime();
    Catalog catalog = access.visibleCatalog(schemaSource.catalog());
    Map<TableName, String> summaries = summaryCache.get(catalog.fingerprint(), k -> summarizer.summarize(forSummarizer(catalog)));
    retriever.prepare(catalog, summaries);
    LOG.info("prepared {} tables for questions in {} ms", catalog.tables().size(), (System.nanoTime() - start) / 1_000_000);
    return catalog;
  }

  /** Returns the configured token budget. */
  public int tokenBudget() {
    return tokenBudget;
  }

  /**
   * Answers a question.
   *
   * @param rawQuestion the question as given (may be null: rejected)
   * @param sessionId the session, or null for a one-off question
   * @param events receives progress events (not the terminal one), among them one {@link
   *     QueryEvent.AttemptCompleted} per attempt of the repair loop and a {@link
   *     QueryEvent.RepairRequested} before each repair
   * @param cancellation cancels the running stage
   */
  public QueryResult run(
      String rawQuestion, String sessionId, Consumer<QueryEvent> events, Cancellation cancellation) {
    Map<Stage, Duration> timings = new EnumMap<>(Stage.class);
    Run run = new Run(events, timings, cancellation);
    String question = run.stage(Stage.QUESTION, () -> gate.admit(rawQuestion, sessionId, this::checkQuestion));
    List<Turn> history = sessionId == null ? List.of() : history(sessionId);
    Catalog fullCatalog = run.stage(Stage.SCHEMA, schemaSource::catalog);
    Catalog catalog = access.visibleCatalog(fullCatalog); // what the access policy lets later stages see
    Map<TableName, String> summaries =
        run.stage(Stage.SUMMARIZE, () -> summaryCache.get(catalog.fingerprint(), k -> summarizer.summarize(forSummarizer(catalog))));
    Retrieval retrieval =
        run.stage(Stage.RETRIEVE, () -> retriever.retrieve(new RetrievalRequest(question, catalog, summaries, history, examples.examples())));
    Catalog seen = forGenerator(catalog); // what the generator may pass on to a model
    SchemaContext context = run.stage(Stage.BUDGET, () -> budgeter.render(seen, retrieval, summaries, tokenBudget));
    if (context.tokens() > tokenBudget) {
      throw new QueryAgentException(
          Stage.BUDGET,
          "the token budgeter rendered " + context.tokens() + " tokens, over the budget of " + tokenBudget);
    }

    List<Turn> seenHistory = shieldGenerator ? withoutAnswers(history) : history;
    ValueLookup seenValues = shieldGenerator ? ValueLookup.none() : values;
    TokenUsage tokens = new TokenUsage(context.tokens(), 0, 0);
    Optional<GenerationRequest.PreviousAttempt> previous = Optional.empty();
    QueryAgentException lastFailure = null;
    List<Attempt> attempts = new ArrayList<>();
    for (int attempt = 0; ; attempt++) {
      int number = attempt + 1;
      GenerationRequest request =
          new GenerationRequest(
              question, seen, retrieval, context, summaries, seenHistory, seenValues, previous, cancellation);
      long generateStart = System.nanoTime();
      GeneratedSql generated;
      try {
        generated = run.stage(Stage.GENERATE, () -> timedGenerator.generate(request));
      } catch (QueryCancelledException e) {
        throw e;
      } catch (QueryAgentException e) {
        attempted(events, attempts, new Attempt(number, "", Attempt.Outcome.MODEL_ERROR, e.getMessage(),
            Optional.empty(), since(generateStart), Duration.ZERO, Duration.ZERO, TokenUsage.NONE));
        throw e;
      }
      Duration generation = since(generateStart);
      tokens = tokens.plus(generated.tokens());
      if (generated.clarification().isPresent()) {
        attempted(events, attempts, new Attempt(number, "", Attempt.Outcome.CLARIFICATION,
            generated.clarification().get(), Optional.empty(), generation, Duration.ZERO, Duration.ZERO,
            generated.tokens()));
        QueryResult result =
            new QueryResult(
                question, "", List.of(), List.of(), false,
                "I can't answer that confidently yet: " + generated.clarification().get(),
                generated.explanation(), generated.confidence(), generated.clarification(),
                generator.name(), timings, tokens, List.of(), attempts, cost(tokens));
        return persist(run, sessionId, result);
      }
      if (lastFailure != null && previous.get().sql().equals(generated.sql())) {
        // the generator proposed the same SQL again: repairing ends here, with the previous outcome
        Attempt failed = attempts.get(attempts.size() - 1);
        attempted(events, attempts, new Attempt(number, generated.sql(), failed.outcome(), failed.message(),
            failed.sqlState(), generation, Duration.ZERO, Duration.ZERO, generated.tokens()));
        throw lastFailure;
      }
      events.accept(new QueryEvent.SqlProposed(generated.sql(), generator.name()));
      long validateStart = System.nanoTime();
      ValidatedSql validated =
          run.stage(Stage.VALIDATE, () -> validator.validate(generated.sql(), new ValidationContext(catalog.dialect(), maxRows, fullCatalog, access.policy())));
      Duration validation = since(validateStart);
      if (!validated.accepted()) {
        events.accept(new QueryEvent.SqlRejected(generated.sql(), validated.violations()));
        String reasons = validated.violations().stream().map(Object::toString).collect(Collectors.joining("; "));
        attempted(events, attempts, new Attempt(number, generated.sql(), Attempt.Outcome.REJECTED, reasons,
            Optional.empty(), generation, validation, Duration.ZERO, generated.tokens()));
        if (attempt < maxRepairAttempts && !cancellation.isCancelled()) {
          lastFailure = new SqlRejectedException(generated.sql(), validated.violations());
          previous = Optional.of(new GenerationRequest.PreviousAttempt(generated.sql(), "rejected by the validator: " + reasons));
          events.accept(new QueryEvent.RepairRequested(number, generated.sql(), previous.get().error()));
          continue;
        }
        throw new SqlRejectedException(generated.sql(), validated.violations());
      }
      ExecutionResult rows;
      long executeStart = System.nanoTime();
      try {
        rows =
            run.stage(Stage.EXECUTE, () -> access.mask( // sensitive values never leave this stage unmasked
                executor.execute(new ExecutionRequest(validated.sql(), maxRows, timeout, cancellation)),
                validated.sql(), fullCatalog));
      } catch (SqlExecutionException e) {
        attempted(events, attempts, new Attempt(number, generated.sql(), Attempt.Outcome.DATABASE_ERROR,
            e.getMessage(), e.sqlState(), generation, validation, since(executeStart), generated.tokens()));
        if (attempt < maxRepairAttempts && !e.isConnectionFailure() && !cancellation.isCancelled()) {
          lastFailure = e;
          LOG.debug("repairing SQL after database error: {}", e.getMessage());
          previous = Optional.of(new GenerationRequest.PreviousAttempt(generated.sql(), repairError(e.getMessage(), generated.sql(), catalog)));
          events.accept(new QueryEvent.RepairRequested(number, generated.sql(), previous.get().error()));
          continue;
        }
        throw e;
      }
      attempted(events, attempts, new Attempt(number, generated.sql(), Attempt.Outcome.EXECUTED, "",
          Optional.empty(), generation, validation, since(executeStart), generated.tokens()));
      events.accept(new QueryEvent.RowsReceived(rows.columns(), rows.rows(), rows.truncated()));
      String answer =
          run.stage(Stage.ANSWER, () -> AnswerWriter.write(question, generator instanceof RuleBasedSqlGenerator ? generated.explanation() : "", rows, maxRows));
      QueryResult result =
          new QueryResult(
              question, validated.sql(), rows.columns(), rows.rows(), rows.truncated(), answer,
              generated.explanation(), generated.confidence(), Optional.empty(), generator.name(), timings, tokens,
              List.of(), attempts, cost(tokens));
      return persist(run, sessionId, result);
    }
  }

  /** Records an attempt and reports it. */
  private static void attempted(Consumer<QueryEvent> events, List<Attempt> attempts, Attempt attempt) {
    attempts.add(attempt);
    events.accept(new QueryEvent.AttemptCompleted(attempt));
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
  }

  /** Prices the question's tokens, when prices are configured. */
  private Optional<Cost> cost(TokenUsage tokens) {
    return prices.map(p -> p.costOf(tokens));
  }

  /** The catalog a summarizer sees: without sample values under schema-only (summaries may come from a model). */
  private Catalog forSummarizer(Catalog catalog) {
    return schemaOnly ? withoutSamples(catalog) : catalog;
  }

  /** The catalog a generator sees and its context is rendered from. */
  private Catalog forGenerator(Catalog catalog) {
    return shieldGenerator ? withoutSamples(catalog) : catalog;
  }

  /** Returns the catalog with every column's sample values removed (the same catalog when none has any). */
  static Catalog withoutSamples(Catalog catalog) {
    boolean any = false;
    for (Table t : catalog.tables()) {
      for (Column c : t.columns()) any |= !c.sampleValues().isEmpty();
    }
    if (!any) return catalog;
    return catalog.withTables(catalog.tables().stream()
        .map(t -> t.withColumns(t.columns().stream().map(c -> c.withSampleValues(List.of())).toList()))
        .toList());
  }

  /** Returns the turns with their answers (text written from result rows) emptied. */
  static List<Turn> withoutAnswers(List<Turn> turns) {
    return turns.stream()
        .map(t -> t.answer().isEmpty() ? t
            : new Turn(t.question(), t.sql(), t.columns(), t.rowCount(), "", t.clarification(), t.at()))
        .toList();
  }

  /**
   * Returns a database error for the generator: as is, or for a model-backed generator under
   * schema-only with each quoted text that is neither in the failed SQL nor a table or column name
   * replaced by {@code '?'} (a failed cast, for example, quotes the stored value it could not convert).
   */
  private String repairError(String message, String sql, Catalog catalog) {
    if (!shieldGenerator || message == null) return message == null ? "" : message;
    Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (Table t : catalog.tables()) {
      known.add(t.name().name());
      known.add(t.name().toString());
      for (Column c : t.columns()) known.add(c.name());
    }
    String lowerSql = sql.toLowerCase(java.util.Locale.ROOT);
    Matcher m = QUOTED.matcher(message);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String inner = m.group(1) != null ? m.group(1) : m.group(2);
      boolean keep = inner.isEmpty() || known.contains(inner) || lowerSql.contains(inner.toLowerCase(java.util.Locale.ROOT));
      m.appendReplacement(sb, Matcher.quoteReplacement(keep ? m.group() : "'?'"));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private QueryResult persist(Run run, String sessionId, QueryResult result) {
    if (sessionId == null) return result;
    Turn turn =
        new Turn(
            result.question(), result.sql(),
            result.columns().stream().map(c -> c.name()).toList(), result.rowCount(), result.answer(),
            result.clarification().orElse(""), Instant.now());
    Optional<QueryWarning> warning = run.stage(Stage.PERSIST, () -> turnRecorder.record(sessionId, turn));
    if (warning.isEmpty()) return result;
    run.events.accept(new QueryEvent.Warned(warning.get()));
    return result.withWarning(warning.get());
  }

  private List<Turn> history(String sessionId) {
    try {
      return sessions.turns(sessionId);
    } catch (QueryAgentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new QueryAgentException(Stage.PERSIST, "cannot read the session's earlier turns: " + e.getMessage(), e);
    }
  }

  private String checkQuestion(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new InvalidQuestionException("the question is empty: ask something about the data, e.g. \"How many customers are there?\"");
    }
    String q = raw.strip();
    if (q.length() > maxQuestionLength) {
      throw new InvalidQuestionException(
          "the question is " + q.length() + " characters long; the limit is " + maxQuestionLength);
    }
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r') {
        throw new InvalidQuestionException("the question contains a control character at position " + i);
      }
    }
    return q.replaceAll("\\s+", " ");
  }

  /** Times stages, emits their events and checks cancellation between them. */
  private static final class Run {
    private final Consumer<QueryEvent> events;
    private final Map<Stage, Duration> timings;
    private final Cancellation cancellation;

    Run(Consumer<QueryEvent> events, Map<Stage, Duration> timings, Cancellation cancellation) {
      this.events = events;
      this.timings = timings;
      this.cancellation = cancellation;
    }

    <T> T stage(Stage stage, Supplier<T> work) {
      cancellation.throwIfCancelled(stage);
      events.accept(new QueryEvent.StageStarted(stage));
      long start = System.nanoTime();
      T value;
      try {
        value = work.get();
      } catch (QueryAgentException e) {
        throw e;
      } catch (RuntimeException e) {
        if (cancellation.isCancelled()) {
          throw new io.github.dbqueryagent.QueryCancelledException(stage);
        }
        throw new QueryAgentException(stage, stage + " failed: " + e, e);
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      timings.merge(stage, elapsed, Duration::plus);
      cancellation.throwIfCancelled(stage);
      events.accept(new QueryEvent.StageCompleted(stage, elapsed));
      return value;
    }
  }
}
