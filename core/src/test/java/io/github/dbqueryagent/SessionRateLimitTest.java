package io.github.dbqueryagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.StreamingTest.Recorder;
import io.github.dbqueryagent.event.QueryEvent;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.support.MutableClock;
import io.github.dbqueryagent.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@code sessionRateLimit}: a sliding window per session, on a clock the test moves. */
class SessionRateLimitTest {
  static final String Q = "How many customers are there?";

  final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
  final DataSource ds = TestDatabases.h2Shop();
  final AtomicInteger catalogReads = new AtomicInteger();

  DatabaseQueryAgent agent(int questions, Duration per) {
    return DatabaseQueryAgent.builder()
        .dataSource(ds)
        .schemaSource(() -> {
          catalogReads.incrementAndGet();
          return SchemaSource.jdbc(ds).catalog();
        })
        .sessionRateLimit(questions, per)
        .clock(clock)
        .build();
  }

  @Test
  void aSessionGetsItsQuestionsPerWindowAndIsToldWhenToRetry() {
    DatabaseQueryAgent agent = agent(3, Duration.ofMinutes(1));
    Session alice = agent.session("alice");
    alice.ask(Q);
    clock.advance(Duration.ofSeconds(10));
    alice.ask(Q);
    agent.session("alice").ask(Q); // another handle, the same session
    int reads = catalogReads.get();

    clock.advance(Duration.ofSeconds(5));
    assertThatThrownBy(() -> alice.ask(Q))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> {
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(45)); // the first question leaves the window at 60 s
          assertThat(e.sessionId()).isEqualTo("alice");
          assertThat(e.stage()).isEqualTo(Stage.QUESTION);
          assertThat(e).hasMessage("session 'alice' reached its rate limit of 3 questions per 1 minute: retry in 45 seconds");
        });
    assertThat(catalogReads).hasValue(reads); // refused before any work
    assertThat(alice.turns()).hasSize(3);

    assertThat(agent.session("bob").ask(Q).answered()).isTrue(); // other sessions are not affected
    assertThat(agent.query(Q).answered()).isTrue(); // nor are one-off questions

    clock.advance(Duration.ofMillis(44_500));
    assertThatThrownBy(() -> alice.ask(Q))
        .isInstanceOfSatisfying(RateLimitedException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(500)));
    clock.advance(Duration.ofMillis(500));
    alice.ask(Q); // 60 s after the first
    assertThatThrownBy(() -> alice.ask(Q)).isInstanceOf(RateLimitedException.class); // the second left at 70 s
    clock.advance(Duration.ofSeconds(10));
    alice.ask(Q);
    assertThat(alice.turns()).hasSize(5);
  }

  @Test
  void refusedQuestionsDoNotCount() {
    DatabaseQueryAgent agent = agent(1, Duration.ofSeconds(10));
    Session s = agent.session("s");
    s.ask(Q);
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertThatThrownBy(() -> s.ask(Q)).isInstanceOf(RateLimitedException.class);
    }
    clock.advance(Duration.ofSeconds(5)); // 10 s after the only admitted question
    assertThat(s.ask(Q).answered()).isTrue();
  }

  @Test
  void asyncAndStreamingQuestionsCountAndFailTheirWay() throws Exception {
    DatabaseQueryAgent agent = agent(2, Duration.ofHours(1));
    Session s = agent.session("carol");
    assertThat(s.askAsync(Q).get(30, TimeUnit.SECONDS).answered()).isTrue();
    Recorder ok = new Recorder(Long.MAX_VALUE);
    s.stream(Q).subscribe(ok);
    assertThat(ok.done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ok.events.get(ok.events.size() - 1)).isInstanceOf(QueryEvent.Completed.class);

    CompletableFuture<QueryResult> limited = s.askAsync(Q);
    assertThatThrownBy(() -> limited.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(RateLimitedException.class);
    Recorder refused = new Recorder(Long.MAX_VALUE);
    s.stream(Q).subscribe(refused);
    assertThat(refused.done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(refused.events.get(refused.events.size() - 1)).isInstanceOfSatisfying(QueryEvent.Failed.class,
        f -> assertThat(((RateLimitedException) f.error()).retryAfter()).isEqualTo(Duration.ofHours(1)));
    assertThat(refused.completions).hasValue(1);
  }

  @Test
  void theLimitIsCheckedInBuild() {
    assertThatThrownBy(() -> DatabaseQueryAgent.builder()
            .environment(name -> null)
            .dataSource(ds)
            .sessionRateLimit(0, Duration.ofMillis(10))
            .maxRows(0)
            .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sessionRateLimit questions must be between 1 and 10000 (got 0)")
        .hasMessageContaining("sessionRateLimit period must be between 1 second and 1 day (got PT0.01S)")
        .hasMessageContaining("maxRows");
    assertThatThrownBy(() -> DatabaseQueryAgent.builder().dataSource(ds).sessionRateLimit(10_001, Duration.ofDays(2)).build())
        .hasMessageContaining("(got 10001)")
        .hasMessageContaining("(got PT48H)");
    assertThatThrownBy(() -> DatabaseQueryAgent.builder().clock(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void withoutALimitSessionsAreNotThrottled() {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(ds).clock(clock).build();
    Session s = agent.session("free");
    for (int i = 0; i < 5; i++) assertThat(s.ask(Q).answered()).isTrue();
  }
}
