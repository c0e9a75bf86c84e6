package io.github.dbqueryagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.SessionStore;
import io.github.dbqueryagent.spi.Turn;
import io.github.dbqueryagent.support.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class DatabaseQueryAgentTest {

  @Test
  void aDataSourceIsEnough() {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(TestDatabases.h2Shop()).build();
    QueryResult r = agent.query("How many customers are from Brazil?");
    assertThat(r.rows()).containsExactly(List.of(2L));
    assertThat(r.rowCount()).isEqualTo(1);
    assertThat(r.sql()).containsIgnoringCase("COUNT(*)").containsIgnoringCase("brazil");
    assertThat(r.columns()).hasSize(1);
    assertThat(r.truncated()).isFalse();
    assertThat(r.answered()).isTrue();
    assertThat(r.answer()).contains("2");
    assertThat(r.timings()).containsKeys(Stage.SCHEMA, Stage.RETRIEVE, Stage.GENERATE, Stage.VALIDATE, Stage.EXECUTE);
    assertThat(r.tokens().schemaContext()).isPositive().isLessThanOrEqualTo(3000);
    assertThat(r.confidence()).isBetween(0.0, 1.0);
  }

  @Test
  void buildReportsEveryBadPropertyAtOnce() {
    assertThatThrownBy(() -> DatabaseQueryAgent.builder()
            .environment(name -> null)
            .dataSource(TestDatabases.h2Shop())
            .maxRows(0)
            .tokenBudget(5)
            .statementTimeout(Duration.ofMillis(10))
            .maxRepairAttempts(9)
            .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxRows")
        .hasMessageContaining("tokenBudget")
        .hasMessageContaining("statementTimeout")
        .hasMessageContaining("maxRepairAttempts");
  }

  @Test
  void buildRequiresADatabase() {
    assertThatThrownBy(() -> DatabaseQueryAgent.builder().environment(name -> null).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dataSource")
        .hasMessageContaining("jdbcUrl");
    assertThatThrownBy(() -> DatabaseQueryAgent.builder().environment(name -> null).jdbcUrl("postgres://x").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("jdbc:");
  }

  @Test
  void environmentIsUsedWhenTheBuilderSaysNothingAndBuilderWins() {
    Map<String, String> env = Map.of("DBQA_MAX_ROWS", "2", "DBQA_JDBC_URL",
        "jdbc:h2:mem:envtest;DB_CLOSE_DELAY=-1", "DBQA_TOKEN_BUDGET", "nope");
    assertThatThrownBy(() -> DatabaseQueryAgent.builder().environment(env::get).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("DBQA_TOKEN_BUDGET");
    DataSource ds = TestDatabases.h2Shop();
    DatabaseQueryAgent fromEnv = DatabaseQueryAgent.builder().environment(Map.of("DBQA_MAX_ROWS", "2")::get).dataSource(ds).build();
    QueryResult r = fromEnv.query("List the customers");
    assertThat(r.rows()).hasSize(2);
    assertThat(r.truncated()).isTrue();
    DatabaseQueryAgent explicit = fromEnv.toBuilder().maxRows(3).build();
    assertThat(explicit.query("List the customers").rows()).hasSize(3);
  }

  @Test
  void blankAndOverlongQuestionsAreRejectedClearly() {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(TestDatabases.h2Shop()).maxQuestionLength(50).build();
    for (String q : new String[] {"", "   ", null}) {
      assertThatThrownBy(() -> agent.query(q))
          .isInstanceOf(InvalidQuestionException.class)
          .hasMessageContaining("empty")
          .satisfies(e -> assertThat(((QueryAgentException) e).stage()).isEqualTo(Stage.QUESTION));
    }
    assertThatThrownBy(() -> agent.query("x".repeat(51)))
        .isInstanceOf(InvalidQuestionException.class)
        .hasMessageContaining("51")
        .hasMessageContaining("50");
  }

  @Test
  void anUnreachableDatabaseGivesASpecificErrorWithoutThePassword() {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder()
        .environment(name -> null)
        .jdbcUrl("jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2", "someone", "s3cret-pw")
        .build();
    assertThatThrownBy(() -> agent.query("How many customers are there?"))
        .isInstanceOf(SchemaIntrospectionException.class)
        .hasMessageContaining("cannot read the database catalog")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-pw"));
    assertThat(agent.toString()).doesNotContain("s3cret-pw");
  }

  @Test
  void sessionsRecordEachTurnWhole() {
    SessionStore store = SessionStore.inMemory();
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(TestDatabases.h2Shop()).sessionStore(store).build();
    Session session = agent.session("alice");
    session.ask("How many customers are from Brazil?");
    session.ask("How many unicorns are there?");
    assertThatThrownBy(() -> session.ask(" ")).isInstanceOf(InvalidQuestionException.class);
    List<Turn> turns = session.turns();
    assertThat(turns).hasSize(2);
    assertThat(turns.get(0).question()).isEqualTo("How many customers are from Brazil?");
    assertThat(turns.get(0).sql()).containsIgnoringCase("brazil");
    assertThat(turns.get(0).rowCount()).isEqualTo(1);
    assertThat(turns.get(1).hasSql()).isFalse();
    assertThat(turns.get(1).clarification()).isNotBlank();
    assertThat(store.turns("alice")).isEqualTo(turns);
    assertThat(agent.session("bob").turns()).isEmpty();
    assertThatThrownBy(() -> agent.session(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFailedTurnIsNotRecorded() {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder()
        .dataSource(TestDatabases.h2Shop())
        .sqlGenerator(r -> GeneratedSql.of("DELETE FROM customer", "", 1))
        .build();
    Session s = agent.session("s1");
    assertThatThrownBy(() -> s.ask("list everything")).isInstanceOf(SqlRejectedException.class);
    assertThat(s.turns()).isEmpty();
  }

  @Test
  void queryAsyncCompletesOnAWorkerThread() throws Exception {
    try (DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(TestDatabases.h2Shop()).build()) {
      CompletableFuture<QueryResult> f = agent.queryAsync("How many products are there?");
      assertThat(f.get(30, TimeUnit.SECONDS).rows()).containsExactly(List.of(4L));
      CompletableFuture<QueryResult> bad = agent.queryAsync("");
      assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(InvalidQuestionException.class);
    }
  }

  @Test
  void aDatabaseErrorGoesBackToTheGeneratorOnce() {
    AtomicInteger calls = new AtomicInteger();
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder()
        .dataSource(TestDatabases.h2Shop())
        .sqlGenerator(r -> {
          calls.incrementAndGet();
          if (r.previousAttempt().isEmpty()) return GeneratedSql.of("SELECT no_such_column FROM customer", "", 0.5);
          assertThat(r.previousAttempt().get().error()).containsIgnoringCase("no_such_column");
          return GeneratedSql.of("SELECT COUNT(*) FROM customer", "", 0.5);
        })
        .build();
    assertThat(agent.query("count them").rows()).containsExactly(List.of(5L));
    assertThat(calls).hasValue(2);
  }

  @Test
  void theSameFailingSqlAgainEndsTheRepairLoop() {
    AtomicInteger calls = new AtomicInteger();
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder()
        .dataSource(TestDatabases.h2Shop())
        .maxRepairAttempts(3)
        .sqlGenerator(r -> {
          calls.incrementAndGet();
          return GeneratedSql.of("SELECT no_such_column FROM customer", "", 0.5);
        })
        .build();
    assertThatThrownBy(() -> agent.query("count them"))
        .isInstanceOf(SqlExecutionException.class)
        .satisfies(e -> assertThat(((SqlExecutionException) e).sqlState()).isPresent());
    assertThat(calls).hasValue(2);
  }

  @Test
  void resultsAreCappedAndMarkedTruncated() {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(TestDatabases.h2Shop()).maxRows(2).build();
    QueryResult r = agent.query("List the customers");
    assertThat(r.rows()).hasSize(2);
    assertThat(r.truncated()).isTrue();
    assertThat(r.answer()).contains("more rows exist");
    assertThatThrownBy(() -> r.rows().add(List.of())).isInstanceOf(UnsupportedOperationException.class);
  }
}
