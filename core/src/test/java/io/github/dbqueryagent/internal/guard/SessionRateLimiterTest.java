package io.github.dbqueryagent.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.RateLimitedException;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionRateLimiterTest {
  final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  @Test
  void concurrentQuestionsNeverExceedTheLimit() throws Exception {
    SessionRateLimiter limiter = new SessionRateLimiter(250, Duration.ofMinutes(1), clock);
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> tasks = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      tasks.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < 100; i++) {
          try {
            limiter.acquire("shared");
            admitted.incrementAndGet();
          } catch (RateLimitedException e) {
            refused.incrementAndGet();
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : tasks) f.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(admitted).hasValue(250);
    assertThat(refused).hasValue(550);
  }

  @Test
  void theWindowSlides() {
    SessionRateLimiter limiter = new SessionRateLimiter(2, Duration.ofSeconds(10), clock);
    limiter.acquire("a");
    clock.advance(Duration.ofSeconds(4));
    limiter.acquire("a");
    assertThatThrownBy(() -> limiter.acquire("a"))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(6)))
        .hasMessage("session 'a' reached its rate limit of 2 questions per 10 seconds: retry in 6 seconds");
    clock.advance(Duration.ofMillis(5_999));
    assertThatThrownBy(() -> limiter.acquire("a"))
        .isInstanceOfSatisfying(RateLimitedException.class,
            e -> assertThat(e).hasMessageEndingWith("retry in 1 ms"));
    clock.advance(Duration.ofMillis(1));
    limiter.acquire("a");
    assertThatThrownBy(() -> limiter.acquire("a"))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e).hasMessageEndingWith("retry in 4 seconds"));
    clock.advance(Duration.ofMillis(2_750));
    assertThatThrownBy(() -> limiter.acquire("a")).hasMessageEndingWith("retry in 1.3 seconds");
    assertThat(limiter).hasToString("SessionRateLimiter[2 per PT10S]");
  }

  @Test
  void oneQuestionPerHourReadsNaturally() {
    SessionRateLimiter limiter = new SessionRateLimiter(1, Duration.ofHours(1), clock);
    limiter.acquire("x");
    assertThatThrownBy(() -> limiter.acquire("x"))
        .hasMessage("session 'x' reached its rate limit of 1 question per 1 hour: retry in 1 hour");
  }
}
