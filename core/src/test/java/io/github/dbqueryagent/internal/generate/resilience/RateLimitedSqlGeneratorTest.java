package io.github.dbqueryagent.internal.generate.resilience;

import static io.github.dbqueryagent.internal.generate.resilience.Scripted.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.SqlGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RateLimitedSqlGeneratorTest {
  private final Scripted llm = Scripted.named("openai:gpt-4o").thenAnswer("SELECT 1");

  @Test
  void aBurstOfPermitsPassesThenTheNextCallIsRefusedRetriably() {
    SqlGenerator limited = SqlGenerator.rateLimited(llm, 3, Duration.ofHours(1), Duration.ofSeconds(1));
    for (int i = 0; i < 3; i++) limited.generate(request("q"));

    assertThatThrownBy(() -> limited.generate(request("q")))
        .isInstanceOf(ModelException.class)
        .hasMessageStartingWith("rate limited (client side): openai:gpt-4o is limited to 3 calls per PT1H")
        .satisfies(e -> assertThat(((ModelException) e).retriable()).isTrue());
    assertThat(llm.calls).hasValue(3);
    assertThat(limited.name()).isEqualTo("openai:gpt-4o");
  }

  @Test
  void tokensRefillAtTheConfiguredRate() {
    AtomicLong nanos = new AtomicLong();
    RateLimitedSqlGenerator limited =
        new RateLimitedSqlGenerator(llm, 2, Duration.ofSeconds(10), Duration.ZERO, nanos::get);
    assertThat(limited.reserve()).isZero();
    assertThat(limited.reserve()).isZero();
    assertThat(limited.reserve()).isNegative(); // empty, and maxWait zero
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(limited.reserve()).isZero();
    assertThat(limited.reserve()).isNegative();
    nanos.addAndGet(Duration.ofHours(1).toNanos()); // never more than the burst
    assertThat(limited.reserve()).isZero();
    assertThat(limited.reserve()).isZero();
    assertThat(limited.reserve()).isNegative();
  }

  @Test
  void waitersReserveTokensInTurn() {
    AtomicLong nanos = new AtomicLong();
    RateLimitedSqlGenerator limited =
        new RateLimitedSqlGenerator(llm, 1, Duration.ofSeconds(1), Duration.ofSeconds(3), nanos::get);
    assertThat(limited.reserve()).isZero();
    assertThat(limited.reserve()).isEqualTo(Duration.ofSeconds(1).toNanos());
    assertThat(limited.reserve()).isEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(limited.reserve()).isEqualTo(Duration.ofSeconds(3).toNanos());
    assertThat(limited.reserve()).isNegative(); // 4 s is beyond maxWait
  }

  @Test
  void aCallWaitsForTheNextPermit() {
    SqlGenerator limited = SqlGenerator.rateLimited(llm, 1, Duration.ofMillis(200), Duration.ofSeconds(30));
    limited.generate(request("q"));
    assertThat(limited.generate(request("q")).sql()).isEqualTo("SELECT 1");
    assertThat(llm.calls).hasValue(2);
  }

  @Test
  void cancellationEndsTheWaitAndGivesThePermitBack() throws Exception {
    AtomicLong nanos = new AtomicLong();
    RateLimitedSqlGenerator limited =
        new RateLimitedSqlGenerator(llm, 1, Duration.ofHours(1), Duration.ofHours(2), nanos::get);
    limited.generate(request("q"));
    Cancellation cancellation = new Cancellation();
    CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return limited.generate(request("q", cancellation));
      } catch (RuntimeException e) {
        return e;
      }
    });
    while (limited.tokens() >= 0) { // until the waiter reserved its token
      Thread.sleep(5);
    }
    cancellation.cancel();
    assertThat(waiting.get(30, TimeUnit.SECONDS)).isInstanceOf(QueryCancelledException.class);
    assertThat(llm.calls).hasValue(1);
    assertThat(limited.reserve()).isEqualTo(Duration.ofHours(1).toNanos()); // the cancelled reservation was returned
  }

  @Test
  void manyThreadsNeverGetMoreThanTheBurst() throws Exception {
    SqlGenerator limited = SqlGenerator.rateLimited(llm, 5, Duration.ofHours(1), Duration.ZERO);
    AtomicInteger refused = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        calls.add(pool.submit(() -> {
          try {
            limited.generate(request("q"));
          } catch (ModelException e) {
            refused.incrementAndGet();
          }
        }));
      }
      for (Future<?> f : calls) f.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(llm.calls).hasValue(5);
    assertThat(refused).hasValue(95);
  }

  @Test
  void badSettingsAreRejected() {
    assertThatThrownBy(() -> SqlGenerator.rateLimited(llm, 0, Duration.ZERO, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("permits=0")
        .hasMessageContaining("per=PT0S")
        .hasMessageContaining("maxWait=PT-1S");
  }
}
