package io.github.dbqueryagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.SchemaContext;
import io.github.dbqueryagent.spi.SqlGenerator;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.Turn;
import io.github.dbqueryagent.spi.ValueLookup;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.TablesNamesFinder;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SqlGenerator} must show, as an abstract JUnit 5 test class.
 *
 * <p>To check an implementation, extend this class and implement {@link #generator()}. A model-backed
 * generator talks to a scripted local server; its test implements the scripting hooks ({@link
 * #expectSql}, {@link #expectRepair}, {@link #expectClarification}, {@link #expectFailure}) so that the
 * server answers each scenario, and {@link #lastPromptReceived()} so that the contract can check what
 * reached the model. A generator that derives its answers itself (the offline {@link
 * SqlGenerator#ruleBased()}) leaves the hooks as no-ops: the contract then checks its real answers. JUnit
 * creates a new instance per test, so a subclass may start one server per instance.
 *
 * <p>Every scenario runs on {@link #catalog()}: by default a Chinook-like pair of tables, {@code Customer}
 * and {@code Invoice} joined by {@code CustomerId}, in the PostgreSQL dialect. Requests retrieve every
 * table and carry a simple rendering of the catalog as schema context.
 *
 * <p>What every generator must do:
 *
 * <ul>
 *   <li>an answerable question ({@link #ANSWERABLE}) gets non-blank SQL that parses (jsqlparser) as
 *       exactly one {@code SELECT} reading the {@code Customer} table, a confidence in [0, 1], no
 *       clarification and non-null token usage;
 *   <li>a question it cannot answer ({@link #clarificationQuestion()}) gets empty SQL, a non-blank
 *       clarification question and confidence 0;
 *   <li>repair: given a {@linkplain GenerationRequest#previousAttempt() previous attempt}, it does not
 *       return the failed SQL unchanged (different SQL, or a clarification); a model-backed generator
 *       puts the failed SQL and the error into its prompt. A generator that does not repair declares so
 *       with {@link #repairsPreviousAttempt()}; the contract then checks that it still answers;
 *   <li>history: a follow-up ({@link #FOLLOW_UP} after {@link #ANSWERABLE}) is answered as a refinement
 *       (one {@code SELECT} filtering on {@code 'Canada'}); a model's prompt contains the earlier
 *       question;
 *   <li>cancellation: a request whose {@link Cancellation} is already cancelled throws {@link
 *       QueryCancelledException} for {@link Stage#GENERATE} before any model call (no prompt reaches the
 *       server);
 *   <li>failures (only when {@link #supportsModelFailures()}): a 5xx reply becomes a retriable {@link
 *       ModelException}, a 401 a non-retriable one, both with the HTTP status and stage {@link
 *       Stage#GENERATE}, never another {@code RuntimeException}, and no message in the cause chain
 *       contains the {@linkplain #apiKey() API key}, even when the server echoes it (see {@link
 *       #causeChainMayContainKey()});
 *   <li>thread-safety: {@value #THREADS} concurrent calls on one instance all succeed with the same SQL
 *       as a single call;
 *   <li>{@link SqlGenerator#name()} is non-blank and stable.
 * </ul>
 */
public abstract class SqlGeneratorContract {

  /** Concurrent callers in {@link #concurrentCallsOnOneInstanceAllSucceedConsistently()}. */
  protected static final int THREADS = 8;

  /** A question every generator must answer with SQL on {@link #catalog()}. */
  protected static final String ANSWERABLE = "How many customers are there?";

  /** A follow-up to {@link #ANSWERABLE} that refines it. */
  protected static final String FOLLOW_UP = "only those from Canada";

  /** The database error of the failed attempt in the repair scenario. */
  protected static final String REPAIR_ERROR = "ERROR: relation \"customers\" does not exist (SQLState 42P01)";

  private static final Instant AT = Instant.parse("2026-03-14T15:09:26Z");

  /** Creates the contract. */
  protected SqlGeneratorContract() {}

  // --- what the subclass provides ------------------------------------------------------------------

  /**
   * Returns the generator under test. Called once or more per test; calls within one test should share
   * the scripted server.
   *
   * @return a generator, never null
   */
  protected abstract SqlGenerator generator();

  /**
   * Returns the catalog every scenario runs on. The default is {@link #chinookCatalog()}; override it to
   * use the same tables built another way (names may differ in case and style, the tables and columns
   * must be a customer table with a country column and an invoice table referencing it).
   *
   * @return the catalog
   */
  protected Catalog catalog() {
    return chinookCatalog();
  }

  /**
   * Returns the value lookup requests carry. The default finds candidates among the columns' {@linkplain
   * Column#sampleValues() sample values}, ignoring case.
   *
   * @return the lookup
   */
  protected ValueLookup valueLookup() {
    return (table, column, candidates) -> {
      List<String> found = new ArrayList<>();
      for (String sample : column.sampleValues()) {
        for (String candidate : candidates) {
          if (sample.equalsIgnoreCase(candidate) && !found.contains(sample)) found.add(sample);
        }
      }
      return found;
    };
  }

  /**
   * Returns a question the generator must answer with a clarification. The default is a question about
   * things the catalog does not hold.
   *
   * @return the question
   */
  protected String clarificationQuestion() {
    return "Which spaceship has the warpiest engines?";
  }

  /**
   * Scripts the model to answer {@code question} (the last question in the prompt) with {@code sql}. The
   * default does nothing: the generator derives its answer itself.
   *
   * @param question the question
   * @param sql the SQL the model replies with
   */
  protected void expectSql(String question, String sql) {}

  /**
   * Scripts the model for a repair of {@code question}: it should reply with {@code fixedSql} when its
   * prompt contains {@code failedSql} and {@code error}, and with {@code failedSql} again otherwise. The
   * default calls {@link #expectSql(String, String) expectSql(question, fixedSql)}.
   *
   * @param question the question
   * @param failedSql the SQL that failed
   * @param error the database error
   * @param fixedSql the corrected SQL
   */
  protected void expectRepair(String question, String failedSql, String error, String fixedSql) {
    expectSql(question, fixedSql);
  }

  /**
   * Scripts the model to answer {@code question} with the clarification {@code clarification}. The
   * default does nothing.
   *
   * @param question the question
   * @param clarification the question back to the user
   */
  protected void expectClarification(String question, String clarification) {}

  /**
   * Scripts the model server to fail every request with HTTP {@code status} and an error body whose
   * message is {@code message}. Only called when {@link #supportsModelFailures()}.
   *
   * @param status the HTTP status
   * @param message the error message of the body
   */
  protected void expectFailure(int status, String message) {}

  /**
   * Returns whether the generator calls a model that can fail; when false the failure cases are skipped.
   *
   * @return false by default
   */
  protected boolean supportsModelFailures() {
    return false;
  }

  /**
   * Returns whether the generator uses a {@linkplain GenerationRequest#previousAttempt() previous
   * attempt} to produce different SQL. Return false only to document a generator that ignores it; the
   * repair case then checks that it still answers, with the same SQL as without the attempt.
   *
   * @return true by default
   */
  protected boolean repairsPreviousAttempt() {
    return true;
  }

  /**
   * Returns the text of the last prompt the model server received (all messages joined), or empty when
   * it received none or there is no model.
   *
   * @return the prompt
   */
  protected Optional<String> lastPromptReceived() {
    return Optional.empty();
  }

  /**
   * Returns the secret the generator authenticates with, which must never appear in an exception
   * message.
   *
   * @return the API key, or empty when there is none
   */
  protected Optional<String> apiKey() {
    return Optional.empty();
  }

  /**
   * Returns whether the {@link ModelException}'s causes may quote the server's error text unredacted.
   * Return true only to document a generator whose own message is redacted but whose cause (a client
   * library's exception) is not; the failure cases then check the {@code ModelException} alone.
   *
   * @return false by default: no message in the whole cause chain may contain the {@linkplain #apiKey()
   *     API key}
   */
  protected boolean causeChainMayContainKey() {
    return false;
  }

  // --- cases ----------------------------------------------------------------------------------------

  @Test
  void answerableQuestionGetsOneSelect() {
    expectSql(ANSWERABLE, "SELECT COUNT(*) AS customers FROM \"Customer\"");

    GeneratedSql reply = generator().generate(request(ANSWERABLE));

    assertSingleSelect(reply);
    assertThat(readTables(reply.sql())).as("tables read by %s", reply.sql()).contains(customerTable());
    assertThat(reply.confidence()).isBetween(0.0, 1.0);
    assertThat(reply.tokens()).isNotNull();
    assertThat(reply.explanation()).isNotNull();
  }

  @Test
  void unanswerableQuestionGetsAClarification() {
    String question = clarificationQuestion();
    expectClarification(question, "Which table holds spaceships? I only know customers and invoices.");

    GeneratedSql reply = generator().generate(request(question));

    assertThat(reply.sql()).as("SQL of a clarification").isEmpty();
    assertThat(reply.clarification()).as("clarification").isPresent();
    assertThat(reply.clarification().orElseThrow()).isNotBlank();
    assertThat(reply.confidence()).isZero();
    assertThat(reply.tokens()).isNotNull();
  }

  @Test
  void repairDoesNotReturnTheFailedSqlUnchanged() {
    expectSql(ANSWERABLE, "SELECT COUNT(*) AS n FROM customers");
    SqlGenerator generator = generator();
    GeneratedSql first = generator.generate(request(ANSWERABLE));
    assertSingleSelect(first);
    String failed = first.sql();
    expectRepair(ANSWERABLE, failed, REPAIR_ERROR, "SELECT COUNT(*) AS n FROM \"Customer\"");

    GeneratedSql repaired =
        generator.generate(
            request(
                ANSWERABLE,
                List.of(),
                Optional.of(new GenerationRequest.PreviousAttempt(failed, REPAIR_ERROR)),
                new Cancellation()));

    if (!repairsPreviousAttempt()) {
      // Documented gap: the generator ignores the previous attempt and answers as before.
      assertThat(repaired.sql()).isEqualTo(failed);
      return;
    }
    if (repaired.clarification().isEmpty()) {
      assertSingleSelect(repaired);
      assertThat(normalize(repaired.sql())).as("repaired SQL").isNotEqualTo(normalize(failed));
    }
    lastPromptReceived()
        .ifPresent(prompt -> assertThat(prompt).as("repair prompt").contains(failed).contains(REPAIR_ERROR));
  }

  @Test
  void followUpIsReadWithItsHistory() {
    String earlierSql = "SELECT COUNT(*) AS n FROM \"Customer\"";
    expectSql(FOLLOW_UP, "SELECT COUNT(*) AS n FROM \"Customer\" WHERE \"Country\" = 'Canada'");
    Turn earlier = new Turn(ANSWERABLE, earlierSql, List.of("n"), 1, "There are 59 customers.", "", AT);

    GeneratedSql reply =
        generator().generate(request(FOLLOW_UP, List.of(earlier), Optional.empty(), new Cancellation()));

    assertSingleSelect(reply);
    assertThat(reply.sql()).as("follow-up SQL").contains("'Canada'");
    assertThat(readTables(reply.sql())).contains(customerTable());
    lastPromptReceived().ifPresent(prompt -> assertThat(prompt).contains(ANSWERABLE).contains(FOLLOW_UP));
  }

  @Test
  void alreadyCancelledRequestThrowsBeforeCallingTheModel() {
    expectSql(ANSWERABLE, "SELECT COUNT(*) AS n FROM \"Customer\"");
    Cancellation cancellation = new Cancellation();
    cancellation.cancel();

    Throwable thrown =
        catchThrowable(() -> generator().generate(request(ANSWERABLE, List.of(), Optional.empty(), cancellation)));

    assertThat(thrown).isInstanceOf(QueryCancelledException.class);
    assertThat(((QueryCancelledException) thrown).stage()).isEqualTo(Stage.GENERATE);
    assertThat(lastPromptReceived()).as("prompt sent despite the cancellation").isEmpty();
  }

  @Test
  void serverErrorIsARetriableModelException() {
    assumeTrue(supportsModelFailures(), "the generator calls no model");
    expectFailure(503, "The server is overloaded" + apiKey().map(k -> " (key " + k + ")").orElse(""));

    ModelException e = modelFailure();

    assertThat(e.retriable()).as("503 retriable").isTrue();
    assertThat(e.statusCode()).isEqualTo(503);
  }

  @Test
  void unauthorizedIsANonRetriableModelExceptionWithoutTheKey() {
    assumeTrue(supportsModelFailures(), "the generator calls no model");
    // A hostile server that echoes the key: it must still not reach any message.
    expectFailure(401, "Incorrect API key provided" + apiKey().map(k -> ": " + k).orElse(""));

    ModelException e = modelFailure();

    assertThat(e.retriable()).as("401 retriable").isFalse();
    assertThat(e.statusCode()).isEqualTo(401);
  }

  @Test
  void concurrentCallsOnOneInstanceAllSucceedConsistently() throws InterruptedException {
    expectSql(ANSWERABLE, "SELECT COUNT(*) AS n FROM \"Customer\"");
    SqlGenerator generator = generator();
    String expected = generator.generate(request(ANSWERABLE)).sql();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<GeneratedSql>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return generator.generate(request(ANSWERABLE));
                }));
      }
      start.countDown();
      for (Future<GeneratedSql> f : futures) {
        GeneratedSql reply;
        try {
          reply = f.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
          throw new AssertionError("a concurrent generate failed", e.getCause());
        } catch (TimeoutException e) {
          throw new AssertionError("concurrent generate calls did not finish within 2 minutes", e);
        }
        assertSingleSelect(reply);
        assertThat(reply.sql()).as("SQL of a concurrent call").isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nameIsNonBlankAndStable() {
    expectSql(ANSWERABLE, "SELECT COUNT(*) AS n FROM \"Customer\"");
    SqlGenerator generator = generator();
    String name = generator.name();

    assertThat(name).isNotBlank();
    generator.generate(request(ANSWERABLE));
    assertThat(generator.name()).isEqualTo(name);
    assertThat(generator().name()).as("name of another instance").isEqualTo(name);
  }

  // --- helpers --------------------------------------------------------------------------------------

  /**
   * Returns a request for {@code question} without history, previous attempt or cancellation.
   *
   * @param question the question
   * @return the request
   */
  protected final GenerationRequest request(String question) {
    return request(question, List.of(), Optional.empty(), new Cancellation());
  }

  /**
   * Returns a request over {@link #catalog()} that retrieves every table and joins them along their
   * foreign keys, with a simple rendering of the catalog as schema context.
   *
   * @param question the question
   * @param history earlier turns, oldest first
   * @param previous the failed attempt, during repair
   * @param cancellation the cancellation signal
   * @return the request
   */
  protected final GenerationRequest request(
      String question,
      List<Turn> history,
      Optional<GenerationRequest.PreviousAttempt> previous,
      Cancellation cancellation) {
    Catalog catalog = catalog();
    List<Retrieval.ScoredTable> scored = new ArrayList<>();
    List<Retrieval.JoinEdge> joins = new ArrayList<>();
    List<TableName> names = new ArrayList<>();
    Map<TableName, List<String>> columns = new LinkedHashMap<>();
    Map<TableName, String> summaries = new LinkedHashMap<>();
    StringBuilder text = new StringBuilder();
    for (Table table : catalog.tables()) {
      names.add(table.name());
      scored.add(new Retrieval.ScoredTable(table.name(), 1.0, List.of()));
      for (ForeignKey fk : table.foreignKeys()) joins.add(new Retrieval.JoinEdge(table.name(), fk));
      List<String> cols = new ArrayList<>();
      List<String> rendered = new ArrayList<>();
      for (Column c : table.columns()) {
        cols.add(c.name());
        String r = c.name() + " " + c.typeName() + (table.primaryKey().contains(c.name()) ? " PK" : "");
        for (ForeignKey fk : table.foreignKeys()) {
          int i = fk.columns().indexOf(c.name());
          if (i >= 0) r += " -> " + fk.referencedTable() + "." + fk.referencedColumns().get(i);
        }
        rendered.add(r);
      }
      columns.put(table.name(), cols);
      if (!table.comment().isEmpty()) {
        summaries.put(table.name(), table.comment());
        text.append("-- ").append(table.name()).append(": ").append(table.comment()).append('\n');
      }
      text.append(table.name()).append('(').append(String.join(", ", rendered)).append(")\n");
    }
    SchemaContext context = new SchemaContext(text.toString(), text.length() / 4, names, List.of(), columns);
    return new GenerationRequest(
        question,
        catalog,
        new Retrieval(scored, joins),
        context,
        summaries,
        history,
        valueLookup(),
        previous,
        cancellation);
  }

  /**
   * Returns the default catalog: Chinook's {@code Customer} (with sample countries) and {@code Invoice},
   * PostgreSQL dialect.
   *
   * @return the catalog
   */
  protected static Catalog chinookCatalog() {
    TableName customer = TableName.of("Customer");
    TableName invoice = TableName.of("Invoice");
    Table c =
        new Table(
            customer,
            Table.Kind.TABLE,
            "customers who buy tracks",
            List.of(
                new Column("CustomerId", "integer", Types.INTEGER, false, "", List.of()),
                Column.of("FirstName", "varchar(40)", Types.VARCHAR),
                Column.of("LastName", "varchar(20)", Types.VARCHAR),
                Column.of("Country", "varchar(40)", Types.VARCHAR)
                    .withSampleValues(List.of("Brazil", "Canada", "Germany", "USA"))),
            List.of("CustomerId"),
            List.of(),
            59);
    Table i =
        new Table(
            invoice,
            Table.Kind.TABLE,
            "",
            List.of(
                new Column("InvoiceId", "integer", Types.INTEGER, false, "", List.of()),
                Column.of("CustomerId", "integer", Types.INTEGER),
                Column.of("InvoiceDate", "timestamp", Types.TIMESTAMP),
                Column.of("Total", "numeric(10,2)", Types.NUMERIC)),
            List.of("InvoiceId"),
            List.of(new ForeignKey("fk_invoice_customer", List.of("CustomerId"), customer, List.of("CustomerId"))),
            412);
    return new Catalog("PostgreSQL", "16.4", Dialect.POSTGRESQL, List.of(c, i));
  }

  /**
   * Asserts that a reply is SQL, not a clarification, and that the SQL parses as exactly one {@code
   * SELECT}.
   *
   * @param reply the reply
   */
  protected static void assertSingleSelect(GeneratedSql reply) {
    assertThat(reply).isNotNull();
    assertThat(reply.clarification()).as("clarification of %s", reply).isEmpty();
    assertThat(reply.sql()).as("SQL").isNotBlank();
    Statements statements;
    try {
      statements = CCJSqlParserUtil.parseStatements(reply.sql());
    } catch (JSQLParserException e) {
      throw new AssertionError("not parseable SQL: " + reply.sql(), e);
    }
    List<Statement> list = statements.getStatements();
    assertThat(list).as("statements in %s", reply.sql()).hasSize(1);
    assertThat(list.get(0)).as("statement %s", reply.sql()).isInstanceOf(Select.class);
  }

  private ModelException modelFailure() {
    Throwable thrown = catchThrowable(() -> generator().generate(request(ANSWERABLE)));
    if (!(thrown instanceof ModelException)) {
      fail("expected a ModelException but got " + thrown, thrown);
    }
    ModelException e = (ModelException) thrown;
    assertThat(e.stage()).isEqualTo(Stage.GENERATE);
    assertThat(e.getMessage()).isNotBlank();
    apiKey()
        .ifPresent(
            key -> {
              for (Throwable t = e; t != null; t = causeChainMayContainKey() ? null : t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).as("message of %s", t.getClass()).doesNotContain(key);
                assertThat(t.toString()).doesNotContain(key);
              }
            });
    return e;
  }

  private String customerTable() {
    for (Table t : catalog().tables()) {
      if (t.name().name().toLowerCase(Locale.ROOT).startsWith("customer")) return unquoted(t.name().name());
    }
    throw new IllegalStateException("the catalog has no customer table");
  }

  private static List<String> readTables(String sql) {
    try {
      List<String> tables = new ArrayList<>();
      for (String t : TablesNamesFinder.findTables(sql)) {
        String last = t.substring(t.lastIndexOf('.') + 1);
        tables.add(unquoted(last));
      }
      return tables;
    } catch (JSQLParserException e) {
      throw new AssertionError("not parseable SQL: " + sql, e);
    }
  }

  private static String unquoted(String name) {
    return name.replace("\"", "").replace("`", "").replace("[", "").replace("]", "").toLowerCase(Locale.ROOT);
  }

  private static String normalize(String sql) {
    return sql.strip().replaceAll("\\s+", " ").replaceAll(";$", "").toLowerCase(Locale.ROOT);
  }
}
