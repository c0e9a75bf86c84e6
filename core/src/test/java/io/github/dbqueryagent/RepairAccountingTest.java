package io.github.dbqueryagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.Attempt.Outcome;
import io.github.dbqueryagent.event.QueryEvent;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.SqlGenerator;
import io.github.dbqueryagent.support.TestDatabases;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The repair loop is accounted for: every attempt is in {@link QueryResult#attempts()} and reported by
 * {@link QueryEvent.AttemptCompleted}, every repair by {@link QueryEvent.RepairRequested}, and the
 * question's tokens are priced when {@link ModelPrices} are set. A scripted generator replays its
 * replies on a real H2 database.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RepairAccountingTest {
  private static final String BROKEN = "SELECT COUNT(*) / 0 FROM customer";
  private static final String GOOD = "SELECT COUNT(*) FROM customer";

  private final DataSource db = TestDatabases.h2Shop();

  /** Replies in order, one per call; records what it was told about the previous attempt. */
  static final class ScriptedGenerator implements SqlGenerator {
    private final List<Supplier<GeneratedSql>> replies;
    final List<Optional<GenerationRequest.PreviousAttempt>> previous = new CopyOnWriteArrayList<>();

    @SafeVarargs
    ScriptedGenerator(Supplier<GeneratedSql>... replies) {
      this.replies = List.of(replies);
    }

    @Override
    public GeneratedSql generate(GenerationRequest request) {
      int call = previous.size();
      previous.add(request.previousAttempt());
      return replies.get(Math.min(call, replies.size() - 1)).get();
    }

    @Override
    public String name() {
      return "scripted";
    }
  }

  private static Supplier<GeneratedSql> sql(String sql, int prompt, int completion, int cached) {
    return () -> GeneratedSql.of(sql, "", 0.9).withTokens(new TokenUsage(40, prompt, completion, cached));
  }

  private DatabaseQueryAgent agent(SqlGenerator generator) {
    return DatabaseQueryAgent.builder()
        .environment(name -> null)
        .dataSource(db)
        .sqlGenerator(generator)
        .build();
  }

  private static ScriptedGenerator brokenThenGood() {
    return new ScriptedGenerator(sql(BROKEN, 1000, 20, 0), sql(GOOD, 1200, 15, 800));
  }

  private static void assertBrokenThenGood(QueryResult r) {
    assertThat(r.rows()).containsExactly(List.of(5L));
    assertThat(r.attempts()).hasSize(2);
    assertThat(r.repairs()).isEqualTo(1);
    Attempt first = r.attempts().get(0);
    assertThat(first.number()).isEqualTo(1);
    assertThat(first.sql()).isEqualTo(BROKEN);
    assertThat(first.outcome()).isEqualTo(Outcome.DATABASE_ERROR);
    assertThat(first.message()).containsIgnoringCase("division by zero");
    assertThat(first.sqlState()).contains("22012");
    assertThat(first.tokens()).isEqualTo(new TokenUsage(40, 1000, 20, 0));
    assertThat(first.generation()).isPositive();
    assertThat(first.validation()).isPositive();
    assertThat(first.execution()).isPositive();
    Attempt second = r.attempts().get(1);
    assertThat(second.number()).isEqualTo(2);
    assertThat(second.sql()).isEqualTo(GOOD);
    assertThat(second.outcome()).isEqualTo(Outcome.EXECUTED);
    assertThat(second.executed()).isTrue();
    assertThat(second.message()).isEmpty();
    assertThat(second.sqlState()).isEmpty();
    assertThat(second.tokens()).isEqualTo(new TokenUsage(40, 1200, 15, 800));
    assertThat(r.tokens()).extracting(TokenUsage::prompt, TokenUsage::completion, TokenUsage::cachedPrompt)
        .containsExactly(2200, 35, 800);
  }

  /** The repair-related events, in order. */
  private static List<QueryEvent> repairEvents(List<QueryEvent> events) {
    List<QueryEvent> out = new ArrayList<>();
    for (QueryEvent e : events) {
      if (e instanceof QueryEvent.AttemptCompleted
          || e instanceof QueryEvent.RepairRequested
          || e instanceof QueryEvent.SqlProposed
          || e instanceof QueryEvent.RowsReceived) {
        out.add(e);
      }
    }
    return out;
  }

  private static void assertRepairEvents(List<QueryEvent> events, QueryResult result) {
    List<QueryEvent> seen = repairEvents(events);
    assertThat(seen).hasSize(6);
    assertThat(seen.get(0)).isEqualTo(new QueryEvent.SqlProposed(BROKEN, "scripted"));
    assertThat(seen.get(1)).isEqualTo(new QueryEvent.AttemptCompleted(result.attempts().get(0)));
    assertThat(seen.get(2)).isInstanceOfSatisfying(QueryEvent.RepairRequested.class, rr -> {
      assertThat(rr.failedAttempt()).isEqualTo(1);
      assertThat(rr.failedSql()).isEqualTo(BROKEN);
      assertThat(rr.reason()).containsIgnoringCase("division by zero");
    });
    assertThat(seen.get(3)).isEqualTo(new QueryEvent.SqlProposed(GOOD, "scripted"));
    assertThat(seen.get(4)).isEqualTo(new QueryEvent.AttemptCompleted(result.attempts().get(1)));
    assertThat(seen.get(5)).isInstanceOf(QueryEvent.RowsReceived.class);
  }

  @Test
  void aDatabaseErrorAndItsRepairAreBothAttempts() {
    ScriptedGenerator generator = brokenThenGood();
    QueryResult r = agent(generator).query("How many customers are there?");

    assertBrokenThenGood(r);
    assertThat(generator.previous.get(0)).isEmpty();
    assertThat(generator.previous.get(1)).hasValueSatisfying(p -> {
      assertThat(p.sql()).isEqualTo(BROKEN);
      assertThat(p.error()).isEqualTo(r.attempts().get(0).message());
    });
    assertThat(r.cost()).isEmpty();
  }

  @Test
  void aStreamReportsEachAttemptAndTheRepairInOrder() throws Exception {
    StreamingTest.Recorder rec = new StreamingTest.Recorder(Long.MAX_VALUE);
    agent(brokenThenGood()).stream("How many customers are there?").subscribe(rec);

    assertThat(rec.done.await(60, TimeUnit.SECONDS)).isTrue();
    QueryEvent last = rec.events.get(rec.events.size() - 1);
    assertThat(last).isInstanceOf(QueryEvent.Completed.class);
    QueryResult r = ((QueryEvent.Completed) last).result();
    assertBrokenThenGood(r);
    assertRepairEvents(rec.events, r);
  }

  @Test
  void aSessionRecordsAttemptsThroughAskAndStream() throws Exception {
    DatabaseQueryAgent agent =
        agent(new ScriptedGenerator(sql(BROKEN, 1000, 20, 0), sql(GOOD, 1200, 15, 800),
            sql(BROKEN, 1000, 20, 0), sql(GOOD, 1200, 15, 800)));
    Session session = agent.session("s-1");

    assertBrokenThenGood(session.ask("How many customers are there?"));

    StreamingTest.Recorder rec = new StreamingTest.Recorder(Long.MAX_VALUE);
    session.stream("How many customers are there, again?").subscribe(rec);
    assertThat(rec.done.await(60, TimeUnit.SECONDS)).isTrue();
    QueryResult r = ((QueryEvent.Completed) rec.events.get(rec.events.size() - 1)).result();
    assertBrokenThenGood(r);
    assertRepairEvents(rec.events, r);
    assertThat(session.turns()).hasSize(2);
  }

  @Test
  void aValidatorRejectionIsARejectedAttemptWithItsViolations() throws Exception {
    ScriptedGenerator generator =
        new ScriptedGenerator(sql("DELETE FROM customer", 300, 10, 0), sql(GOOD, 320, 12, 0));
    StreamingTest.Recorder rec = new StreamingTest.Recorder(Long.MAX_VALUE);
    agent(generator).stream("How many customers are there?").subscribe(rec);
    assertThat(rec.done.await(60, TimeUnit.SECONDS)).isTrue();
    QueryResult r = ((QueryEvent.Completed) rec.events.get(rec.events.size() - 1)).result();

    assertThat(r.rows()).containsExactly(List.of(5L));
    assertThat(r.attempts()).extracting(Attempt::outcome).containsExactly(Outcome.REJECTED, Outcome.EXECUTED);
    Attempt rejected = r.attempts().get(0);
    assertThat(rejected.sql()).isEqualTo("DELETE FROM customer");
    assertThat(rejected.message()).isNotBlank();
    assertThat(rejected.sqlState()).isEmpty();
    assertThat(rejected.execution()).isZero();
    QueryEvent.SqlRejected event = rec.events.stream()
        .filter(QueryEvent.SqlRejected.class::isInstance).map(QueryEvent.SqlRejected.class::cast)
        .findFirst().orElseThrow();
    assertThat(event.violations()).isNotEmpty();
    for (var v : event.violations()) assertThat(rejected.message()).contains(v.toString());
    QueryEvent.RepairRequested repair = rec.events.stream()
        .filter(QueryEvent.RepairRequested.class::isInstance).map(QueryEvent.RepairRequested.class::cast)
        .findFirst().orElseThrow();
    assertThat(repair.failedAttempt()).isEqualTo(1);
    assertThat(repair.reason()).isEqualTo("rejected by the validator: " + rejected.message());
    assertThat(rec.events.stream().filter(QueryEvent.AttemptCompleted.class::isInstance)).hasSize(2);
  }

  @Test
  void aClarificationIsOneAttempt() {
    ScriptedGenerator generator =
        new ScriptedGenerator(() -> GeneratedSql.clarify("Which year?", "").withTokens(new TokenUsage(40, 500, 30, 0)));
    List<QueryEvent> events = new CopyOnWriteArrayList<>();
    StreamingTest.Recorder rec = new StreamingTest.Recorder(Long.MAX_VALUE);
    agent(generator).stream("How much did we sell?").subscribe(rec);
    try {
      assertThat(rec.done.await(60, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    events.addAll(rec.events);
    QueryResult r = ((QueryEvent.Completed) events.get(events.size() - 1)).result();

    assertThat(r.answered()).isFalse();
    assertThat(r.attempts()).hasSize(1);
    Attempt a = r.attempts().get(0);
    assertThat(a.outcome()).isEqualTo(Outcome.CLARIFICATION);
    assertThat(a.sql()).isEmpty();
    assertThat(a.message()).isEqualTo("Which year?");
    assertThat(a.validation()).isZero();
    assertThat(a.execution()).isZero();
    assertThat(a.tokens()).isEqualTo(new TokenUsage(40, 500, 30, 0));
    assertThat(events).noneMatch(QueryEvent.RepairRequested.class::isInstance);
    assertThat(events).filteredOn(QueryEvent.AttemptCompleted.class::isInstance)
        .containsExactly(new QueryEvent.AttemptCompleted(a));
  }

  @Test
  void theRuleBasedGeneratorAnswersInOneExecutedAttemptWithoutTokens() {
    QueryResult r = agent(SqlGenerator.ruleBased()).query("How many customers are there?");

    assertThat(r.attempts()).singleElement().satisfies(a -> {
      assertThat(a.outcome()).isEqualTo(Outcome.EXECUTED);
      assertThat(a.sql()).isNotBlank();
      assertThat(a.tokens()).isEqualTo(TokenUsage.NONE);
    });
    assertThat(r.repairs()).isZero();
  }

  @Test
  void aFailureAfterTheLastRepairIsReportedAsAttemptsBeforeTheException() throws Exception {
    StreamingTest.Recorder rec = new StreamingTest.Recorder(Long.MAX_VALUE);
    agent(new ScriptedGenerator(sql(BROKEN, 10, 1, 0), sql("SELECT 1 / 0 FROM customer", 10, 1, 0)))
        .stream("How many customers are there?").subscribe(rec);
    assertThat(rec.done.await(60, TimeUnit.SECONDS)).isTrue();

    assertThat(rec.events.get(rec.events.size() - 1)).isInstanceOfSatisfying(QueryEvent.Failed.class,
        f -> assertThat(f.error()).isInstanceOf(SqlExecutionException.class));
    assertThat(rec.events).filteredOn(QueryEvent.AttemptCompleted.class::isInstance)
        .extracting(e -> ((QueryEvent.AttemptCompleted) e).attempt().outcome())
        .containsExactly(Outcome.DATABASE_ERROR, Outcome.DATABASE_ERROR);
    assertThat(rec.events).filteredOn(QueryEvent.RepairRequested.class::isInstance).hasSize(1);
  }

  @Test
  void aThrowingGeneratorIsAModelErrorAttempt() throws Exception {
    StreamingTest.Recorder rec = new StreamingTest.Recorder(Long.MAX_VALUE);
    agent(new ScriptedGenerator(() -> {
      throw new ModelException("rate limited by the model provider", true, 429, null);
    })).stream("How many customers are there?").subscribe(rec);
    assertThat(rec.done.await(60, TimeUnit.SECONDS)).isTrue();

    assertThat(rec.events).filteredOn(QueryEvent.AttemptCompleted.class::isInstance).singleElement()
        .satisfies(e -> {
          Attempt a = ((QueryEvent.AttemptCompleted) e).attempt();
          assertThat(a.outcome()).isEqualTo(Outcome.MODEL_ERROR);
          assertThat(a.sql()).isEmpty();
          assertThat(a.message()).contains("rate limited");
        });
    assertThat(rec.events.get(rec.events.size() - 1)).isInstanceOf(QueryEvent.Failed.class);
  }

  @Test
  void costIsPricedExactlyFromTheTokensOfAllAttempts() {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder()
        .environment(name -> null)
        .dataSource(db)
        .sqlGenerator(brokenThenGood())
        .modelPrices(ModelPrices.of("2.50", "10.00", "1.25", "USD"))
        .build();

    QueryResult r = agent.query("How many customers are there?");

    // tokens: prompt 2200 (800 cached), completion 35
    // (1400 × 2.50 + 800 × 1.25 + 35 × 10.00) / 1e6 = (3500 + 1000 + 350) / 1e6 = 0.00485
    assertThat(r.cost()).hasValueSatisfying(c -> {
      assertThat(c.amount()).isEqualByComparingTo(new BigDecimal("0.00485"));
      assertThat(c.currency()).isEqualTo(Currency.getInstance("USD"));
    });
    // toBuilder keeps the prices
    assertThat(agent.toBuilder().sqlGenerator(SqlGenerator.ruleBased()).build()
            .query("How many customers are there?").cost())
        .hasValueSatisfying(c -> assertThat(c.amount()).isZero());
  }

  @Test
  void modelPricesAreChecked() {
    ModelPrices prices = ModelPrices.of("0.15", "0.60", "0.075", "EUR");
    assertThat(prices.costOf(new TokenUsage(0, 1_000_000, 1_000_000, 1_000_000)).amount())
        .isEqualByComparingTo("0.675");
    assertThat(prices.costOf(TokenUsage.NONE).amount()).isZero();
    // exact: the scale is the largest price scale (3) plus 6
    assertThat(prices.costOf(new TokenUsage(5, 1, 0)).toString()).isEqualTo("0.000000150 EUR");
    assertThatThrownBy(() -> ModelPrices.of("-1", "0", "0", "USD"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("promptPerMillion");
    assertThatThrownBy(() -> ModelPrices.of("1", "1", "1", "XYZW"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenUsage(0, 10, 0, 11))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cachedPrompt");
    assertThat(new TokenUsage(1, 2, 3)).isEqualTo(new TokenUsage(1, 2, 3, 0));
  }

  @Test
  void theCompatibilityConstructorHasNoAttemptsAndWithWarningKeepsThem() {
    QueryResult old = new QueryResult("q", "SELECT 1", List.of(), List.of(), false, "a", "", 1.0,
        Optional.empty(), "g", java.util.Map.of(), TokenUsage.NONE, List.of());
    assertThat(old.attempts()).isEmpty();
    assertThat(old.cost()).isEmpty();
    assertThat(old.repairs()).isZero();

    Attempt a = new Attempt(1, "SELECT 1", Outcome.EXECUTED, "", Optional.empty(), Duration.ofMillis(3),
        Duration.ofMillis(1), Duration.ofMillis(2), TokenUsage.NONE);
    Cost cost = new Cost(new BigDecimal("0.01"), Currency.getInstance("USD"));
    QueryResult r = new QueryResult("q", "SELECT 1", List.of(), List.of(), false, "a", "", 1.0,
        Optional.empty(), "g", java.util.Map.of(), TokenUsage.NONE, List.of(), List.of(a), Optional.of(cost));
    QueryResult warned = r.withWarning(new QueryWarning(Stage.PERSIST, "not recorded"));
    assertThat(warned.attempts()).containsExactly(a);
    assertThat(warned.cost()).contains(cost);
    assertThat(a.elapsed()).isEqualTo(Duration.ofMillis(6));
  }
}
