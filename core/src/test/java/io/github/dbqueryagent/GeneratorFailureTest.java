package io.github.dbqueryagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.event.QueryEvent;
import io.github.dbqueryagent.spi.Executor;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.SqlGenerator;
import io.github.dbqueryagent.support.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A generator that hangs, throws or returns nothing: the caller gets a specific exception and nothing
 * reaches the database (every test runs with an executor that records what it is asked to run).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GeneratorFailureTest {
  private final DataSource db = TestDatabases.h2Shop();
  private final List<String> executed = new CopyOnWriteArrayList<>();
  private final Executor recording =
      request -> {
        executed.add(request.sql());
        return Executor.jdbc(db).execute(request);
      };
  /** Released at the end of each test so that hanging generator threads end. */
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseHangingGenerators() {
    release.countDown();
  }

  private static SqlGenerator named(String name, Function<GenerationRequest, GeneratedSql> body) {
    return new SqlGenerator() {
      @Override
      public GeneratedSql generate(GenerationRequest request) {
        return body.apply(request);
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  private DatabaseQueryAgent agent(SqlGenerator generator) {
    return DatabaseQueryAgent.builder()
        .dataSource(db)
        .executor(recording)
        .sqlGenerator(generator)
        .generationTimeout(Duration.ofSeconds(1))
        .build();
  }

  @Test
  void aHangingGeneratorIsCancelledAndTheCallerGetsARetriableTimeout() throws Exception {
    CountDownLatch generatorCancelled = new CountDownLatch(1);
    CountDownLatch generatorInterrupted = new CountDownLatch(1);
    DatabaseQueryAgent agent = agent(named("slow-llm", request -> {
      request.cancellation().onCancel(generatorCancelled::countDown);
      try {
        release.await();
      } catch (InterruptedException e) {
        generatorInterrupted.countDown();
        request.cancellation().throwIfCancelled(Stage.GENERATE);
      }
      return GeneratedSql.of("SELECT COUNT(*) FROM customer", "", 1);
    }));

    assertThatThrownBy(() -> agent.query("How many customers are there?"))
        .isInstanceOf(GenerationTimeoutException.class)
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("slow-llm")
        .hasMessageContaining("1 s")
        .hasMessageContaining("generationTimeout")
        .satisfies(e -> {
          GenerationTimeoutException t = (GenerationTimeoutException) e;
          assertThat(t.retriable()).isTrue();
          assertThat(t.stage()).isEqualTo(Stage.GENERATE);
          assertThat(t.generator()).isEqualTo("slow-llm");
          assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(1));
        });
    assertThat(generatorCancelled.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(generatorInterrupted.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(executed).isEmpty();
  }

  @Test
  void aGeneratorIgnoringCancellationAndInterruptsStillReleasesTheCaller() {
    DatabaseQueryAgent agent = agent(named("stubborn", request -> {
      while (release.getCount() > 0) {
        try {
          release.await();
        } catch (InterruptedException ignored) {
          // a badly behaved generator: keeps waiting
        }
      }
      return GeneratedSql.of("SELECT COUNT(*) FROM customer", "", 1);
    }));

    assertThatThrownBy(() -> agent.query("How many customers are there?"))
        .isInstanceOf(GenerationTimeoutException.class)
        .hasMessageContaining("stubborn");
    // the agent keeps answering while that generator thread is still stuck
    DatabaseQueryAgent healthy = agent.toBuilder().sqlGenerator(SqlGenerator.ruleBased()).build();
    assertThat(healthy.query("How many customers are there?").rows()).containsExactly(List.of(5L));
    assertThat(executed).hasSize(1);
  }

  @Test
  void aThrowingGeneratorFailsAtGenerateNamingTheGenerator() {
    DatabaseQueryAgent agent = agent(named("flaky-llm", request -> {
      throw new IllegalStateException("connection pool of the model client is closed");
    }));

    assertThatThrownBy(() -> agent.query("How many customers are there?"))
        .isExactlyInstanceOf(QueryAgentException.class)
        .hasMessageContaining("flaky-llm")
        .hasMessageContaining("IllegalStateException")
        .hasMessageContaining("connection pool of the model client is closed")
        .hasCauseInstanceOf(IllegalStateException.class)
        .satisfies(e -> assertThat(((QueryAgentException) e).stage()).isEqualTo(Stage.GENERATE));
    assertThat(executed).isEmpty();
  }

  @Test
  void aGeneratorReturningNullFailsAtGenerate() {
    DatabaseQueryAgent agent = agent(named("null-llm", request -> null));

    assertThatThrownBy(() -> agent.query("How many customers are there?"))
        .isExactlyInstanceOf(QueryAgentException.class)
        .hasMessageContaining("null-llm")
        .hasMessageContaining("returned null")
        .satisfies(e -> assertThat(((QueryAgentException) e).stage()).isEqualTo(Stage.GENERATE));
    assertThat(executed).isEmpty();
  }

  @Test
  void aModelExceptionFromTheGeneratorReachesTheCallerUnchanged() {
    ModelException rateLimited = new ModelException("rate limited by the model provider", true, 429, null);
    DatabaseQueryAgent agent = agent(named("llm", request -> {
      throw rateLimited;
    }));

    assertThatThrownBy(() -> agent.query("How many customers are there?")).isSameAs(rateLimited);
    assertThat(executed).isEmpty();
  }

  @Test
  void cancellingTheQuestionCancelsTheHangingGenerator() throws Exception {
    CountDownLatch generating = new CountDownLatch(1);
    CountDownLatch generatorCancelled = new CountDownLatch(1);
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder()
        .dataSource(db)
        .executor(recording)
        .generationTimeout(Duration.ofMinutes(10))
        .sqlGenerator(named("slow-llm", request -> {
          request.cancellation().onCancel(generatorCancelled::countDown);
          generating.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            request.cancellation().throwIfCancelled(Stage.GENERATE);
          }
          return GeneratedSql.of("SELECT COUNT(*) FROM customer", "", 1);
        }))
        .build();

    CompletableFuture<QueryResult> future = agent.queryAsync("How many customers are there?");
    assertThat(generating.await(30, TimeUnit.SECONDS)).isTrue();
    future.cancel(true);
    assertThat(generatorCancelled.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(future).isCancelled();
    assertThat(executed).isEmpty();
  }

  @Test
  void aStreamEndsWithOneFailedEventOnTimeout() throws Exception {
    DatabaseQueryAgent agent = agent(named("slow-llm", request -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return GeneratedSql.of("SELECT COUNT(*) FROM customer", "", 1);
    }));
    StreamingTest.Recorder r = new StreamingTest.Recorder(Long.MAX_VALUE);
    agent.stream("How many customers are there?").subscribe(r);

    assertThat(r.done.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(r.completions).hasValue(1);
    assertThat(r.events).noneMatch(e -> e instanceof QueryEvent.SqlProposed || e instanceof QueryEvent.Completed);
    QueryEvent last = r.events.get(r.events.size() - 1);
    assertThat(last).isInstanceOf(QueryEvent.Failed.class);
    assertThat(((QueryEvent.Failed) last).error()).isInstanceOf(GenerationTimeoutException.class);
    assertThat(executed).isEmpty();
  }

  @Test
  void theGenerationTimeoutIsCheckedByBuild() {
    assertThatThrownBy(() -> DatabaseQueryAgent.builder()
            .environment(name -> null)
            .dataSource(db)
            .generationTimeout(Duration.ofMillis(500))
            .maxRows(0)
            .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("generationTimeout must be between 1 second and 1 hour (got PT0.5S)")
        .hasMessageContaining("maxRows");
    assertThatThrownBy(() -> DatabaseQueryAgent.builder()
            .environment(Map.of("DBQA_GENERATION_TIMEOUT_SECONDS", "0")::get)
            .dataSource(db)
            .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("DBQA_GENERATION_TIMEOUT_SECONDS must be between 1 and 3600 (got 0)");
  }

  @Test
  void aFastGeneratorIsUnaffected() {
    DatabaseQueryAgent agent = agent(SqlGenerator.ruleBased());
    QueryResult r = agent.query("How many customers are from Brazil?");
    assertThat(r.rows()).containsExactly(List.of(2L));
    assertThat(r.warnings()).isEmpty();
    assertThat(executed).hasSize(1);
  }
}
