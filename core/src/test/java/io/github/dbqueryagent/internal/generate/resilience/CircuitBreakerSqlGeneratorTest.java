package io.github.dbqueryagent.internal.generate.resilience;

import static io.github.dbqueryagent.internal.generate.resilience.Scripted.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.internal.generate.resilience.CircuitBreakerSqlGenerator.State;
import io.github.dbqueryagent.spi.SqlGenerator;
import io.github.dbqueryagent.spi.SqlGenerator.CircuitBreakerConfig;
import io.github.dbqueryagent.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CircuitBreakerSqlGeneratorTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  private CircuitBreakerSqlGenerator breaker(SqlGenerator g, int threshold, int trials) {
    return (CircuitBreakerSqlGenerator) SqlGenerator.withCircuitBreaker(g, CircuitBreakerConfig.builder()
        .failureThreshold(threshold).openDuration(Duration.ofSeconds(30)).halfOpenTrials(trials).clock(clock).build());
  }

  private static void failsWith(SqlGenerator g, String message) {
    assertThatThrownBy(() -> g.generate(request("q")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((ModelException) e).retriable()).isTrue());
  }

  @Test
  void opensAfterNConsecutiveRetriableFailuresAndShortCircuits() {
    Scripted llm = Scripted.named("openai:gpt-4o").thenFail(true, 503, "server error");
    CircuitBreakerSqlGenerator b = breaker(llm, 3, 1);

    for (int i = 0; i < 3; i++) failsWith(b, "server error");
    assertThat(b.state()).isEqualTo(State.OPEN);
    failsWith(b, "circuit open for openai:gpt-4o until 2025-01-01T00:00:30Z");
    assertThat(llm.calls).hasValue(3);
    assertThat(b.name()).isEqualTo("openai:gpt-4o");
  }

  @Test
  void aSuccessResetsTheCountAndNonRetriableFailuresDoNotCount() {
    Scripted llm = Scripted.named("llm")
        .thenFail(true, 503, "a").thenFail(true, 503, "b").thenAnswer("SELECT 1")
        .thenFail(true, 503, "c").thenFail(false, 400, "bad request").thenFail(false, 400, "bad request")
        .thenFail(true, 503, "d");
    CircuitBreakerSqlGenerator b = breaker(llm, 3, 1);

    failsWith(b, "a");
    failsWith(b, "b");
    assertThat(b.generate(request("q")).sql()).isEqualTo("SELECT 1");
    failsWith(b, "c");
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> b.generate(request("q"))).hasMessage("bad request");
    }
    failsWith(b, "d");
    assertThat(b.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void halfOpensAfterTheOpenDurationAndClosesOnSuccess() {
    Scripted llm = Scripted.named("llm").thenFail(true, 503, "down").thenFail(true, 503, "down").thenAnswer("SELECT 1");
    CircuitBreakerSqlGenerator b = breaker(llm, 2, 1);
    failsWith(b, "down");
    failsWith(b, "down");
    clock.advance(Duration.ofSeconds(29));
    failsWith(b, "circuit open");
    assertThat(llm.calls).hasValue(2);

    clock.advance(Duration.ofSeconds(1));
    assertThat(b.generate(request("q")).sql()).isEqualTo("SELECT 1");
    assertThat(b.state()).isEqualTo(State.CLOSED);
    assertThat(b.generate(request("q")).sql()).isEqualTo("SELECT 1");
  }

  @Test
  void aFailedTrialReopensForAnotherOpenDuration() {
    Scripted llm = Scripted.named("llm").thenFail(true, 503, "down");
    CircuitBreakerSqlGenerator b = breaker(llm, 1, 1);
    failsWith(b, "down");
    clock.advance(Duration.ofSeconds(30));
    failsWith(b, "down"); // the trial
    assertThat(b.state()).isEqualTo(State.OPEN);
    failsWith(b, "until 2025-01-01T00:01:00Z");
    assertThat(llm.calls).hasValue(2);
  }

  @Test
  void halfOpenLetsOnlyTheTrialCallsThrough() throws Exception {
    CountDownLatch inTrial = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicBoolean down = new AtomicBoolean(true);
    Scripted llm = Scripted.named("llm").then(r -> {
      if (down.get()) throw new ModelException("down", true, 503, null);
      inTrial.countDown();
      try {
        finish.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return io.github.dbqueryagent.spi.GeneratedSql.of("SELECT 1", "", 1);
    });
    CircuitBreakerSqlGenerator b = breaker(llm, 1, 1);
    failsWith(b, "down");
    down.set(false);
    clock.advance(Duration.ofSeconds(30));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> trial = pool.submit(() -> b.generate(request("q")));
      assertThat(inTrial.await(30, TimeUnit.SECONDS)).isTrue();
      failsWith(b, "half-open: trial call in progress");
      finish.countDown();
      trial.get(30, TimeUnit.SECONDS);
      assertThat(b.state()).isEqualTo(State.CLOSED);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void inAChainAnOpenBreakerMovesOnWithoutCallingTheEndpoint() {
    Scripted openAi = Scripted.named("openai:gpt-4o").thenFail(true, 429, "rate limited");
    Scripted offline = Scripted.named("rule-based").thenAnswer("SELECT 1");
    SqlGenerator chain = SqlGenerator.firstOf(breaker(openAi, 2, 1), offline);

    for (int i = 0; i < 2; i++) chain.generate(request("q"));
    String explanation = chain.generate(request("q")).explanation();

    assertThat(openAi.calls).hasValue(2);
    assertThat(explanation).startsWith("[generated by rule-based after openai:gpt-4o failed: circuit open for openai:gpt-4o until");
  }

  @Test
  void theConfigurationIsCheckedAtOnce() {
    assertThatThrownBy(() -> CircuitBreakerConfig.builder()
            .failureThreshold(0).openDuration(Duration.ZERO).halfOpenTrials(0).clock(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failureThreshold must be at least 1 (got 0)")
        .hasMessageContaining("openDuration must be positive (got PT0S)")
        .hasMessageContaining("halfOpenTrials must be at least 1 (got 0)")
        .hasMessageContaining("clock must not be null");
    CircuitBreakerConfig d = CircuitBreakerConfig.defaults();
    assertThat(List.of(d.failureThreshold(), d.halfOpenTrials())).containsExactly(5, 1);
    assertThat(d.openDuration()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void underManyThreadsTheBreakerOpensAndAdmitsNoMoreCalls() throws Exception {
    Scripted llm = Scripted.named("llm").thenFail(true, 503, "down");
    CircuitBreakerSqlGenerator b = breaker(llm, 50, 1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        calls.add(pool.submit(() -> {
          try {
            b.generate(request("q"));
          } catch (ModelException expected) {
            // down or open
          }
        }));
      }
      for (Future<?> f : calls) f.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(b.state()).isEqualTo(State.OPEN);
    // calls that were admitted before the breaker opened may still run; none is admitted after it opened
    assertThat(llm.calls.get()).isBetween(50, 57);
  }
}
