package io.github.dbqueryagent.openai;

import static io.github.dbqueryagent.openai.Fixtures.completion;
import static io.github.dbqueryagent.openai.Fixtures.error;
import static io.github.dbqueryagent.openai.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.GeneratedSql;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The retry and timeout model of {@link OpenAiSqlGenerator}, against a scripted local server speaking the
 * OpenAI chat-completions protocol: which failures are retried, how long the generator waits, and that no
 * wait or attempt runs past the timeout.
 */
class OpenAiRetryTest {
  private static final String KEY = "sk-retry-test-0123456789SECRET";
  private static final String SQL_REPLY = completion("```sql\nSELECT 1\n```");

  @StartStop public final MockWebServer server = new MockWebServer();

  private final List<OpenAiSqlGenerator> generators = new ArrayList<>();
  /** The waits the recording sleeper was asked for. */
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeGenerators() {
    generators.forEach(OpenAiSqlGenerator::close);
  }

  /** Text mode, 2 retries, a 10 s timeout, and a sleeper that records each wait and returns at once. */
  private OpenAiSqlGenerator.Builder builder() {
    return OpenAiSqlGenerator.builder().apiKey(KEY).baseUrl(server.url("/v1").toString()).structuredOutput(false)
        .maxRetries(2).timeout(Duration.ofSeconds(10)).sleeper((wait, cancellation) -> {
          waits.add(wait);
          return true;
        });
  }

  private OpenAiSqlGenerator generator(OpenAiSqlGenerator.Builder builder) {
    OpenAiSqlGenerator g = builder.build();
    generators.add(g);
    return g;
  }

  private void reply(int code, String body, String... headers) {
    MockResponse.Builder r = new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) r.addHeader(headers[i], headers[i + 1]);
    server.enqueue(r.body(body).build());
  }

  private static String rateLimited() {
    return error("Rate limit reached for gpt-4o-mini", "requests", "rate_limit_exceeded");
  }

  @Test
  void waitsTheRetryAfterSecondsThenSucceeds() {
    reply(429, rateLimited(), "Retry-After", "1");
    reply(200, SQL_REPLY);
    // The real sleeper: the wait must really happen.
    OpenAiSqlGenerator g = generator(builder().sleeper(RetryPolicy.Sleeper.REAL));

    long start = System.nanoTime();
    GeneratedSql sql = g.generate(request("q?"));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(sql.sql()).isEqualTo("SELECT 1");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(950);
  }

  @Test
  void retryAfterMsTakesPrecedenceOverRetryAfter() {
    reply(429, rateLimited(), "retry-after-ms", "250", "Retry-After", "3");
    reply(200, SQL_REPLY);

    generator(builder()).generate(request("q?"));

    assertThat(waits).containsExactly(Duration.ofMillis(250));
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() {
    String in3s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3));
    reply(503, error("overloaded", "server_error", ""), "Retry-After", in3s);
    reply(200, SQL_REPLY);

    generator(builder()).generate(request("q?"));

    assertThat(waits).hasSize(1);
    assertThat(waits.get(0)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
  }

  @Test
  void aRetryAfterPastTheTimeoutFailsAtOnceSayingHowLongTheServerAskedToWait() {
    reply(429, rateLimited(), "Retry-After", "120");
    reply(200, SQL_REPLY);
    OpenAiSqlGenerator g = generator(builder().sleeper(RetryPolicy.Sleeper.REAL));

    long start = System.nanoTime();
    ModelException e = catchThrowableOfType(ModelException.class, () -> g.generate(request("q?")));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(e.retriable()).isTrue();
    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.getMessage()).contains("rate-limiting").contains("gave up after 1 attempt")
        .contains("the server asked to wait 120 s").contains("timeout of 10 s");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void exhaustedQuotaIsFinalAfterOneRequest() {
    reply(429, error("You exceeded your current quota", "insufficient_quota", "insufficient_quota"),
        "Retry-After", "1");
    reply(200, SQL_REPLY);

    ModelException e = catchThrowableOfType(ModelException.class,
        () -> generator(builder().maxRetries(5)).generate(request("q?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.getMessage()).contains("insufficient_quota");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void serverErrorsAreRetriedWithJitteredBackoffUntilSuccess() {
    reply(500, error("boom", "server_error", ""));
    reply(500, error("boom", "server_error", ""));
    reply(200, SQL_REPLY);

    GeneratedSql sql = generator(builder()).generate(request("q?"));

    assertThat(sql.sql()).isEqualTo("SELECT 1");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(waits).hasSize(2);
    assertThat(waits.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(500));
    assertThat(waits.get(1)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
  }

  @Test
  void anAttemptThatHangsTimesOutAndTheRetrySucceedsWithinTheTimeout() {
    server.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).body(SQL_REPLY).build());
    reply(200, SQL_REPLY);
    OpenAiSqlGenerator g = generator(builder().timeout(Duration.ofSeconds(4)).attemptTimeout(Duration.ofMillis(300)));

    long start = System.nanoTime();
    GeneratedSql sql = g.generate(request("q?"));

    assertThat(sql.sql()).isEqualTo("SELECT 1");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void theLastAttemptGetsOnlyTheTimeLeft() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.SECONDS).body(SQL_REPLY).build());
    }
    // a near-zero backoff: the retry's jittered wait must not use up the time left (that is another test)
    OpenAiSqlGenerator g = generator(builder().maxRetries(5).timeout(Duration.ofMillis(2000))
        .attemptTimeout(Duration.ofMillis(1200)).backoff(Duration.ofMillis(1), Duration.ofMillis(1)));

    long start = System.nanoTime();
    ModelException e = catchThrowableOfType(ModelException.class, () -> g.generate(request("q?")));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4500));
    assertThat(e.retriable()).isTrue();
    assertThat(e.getMessage()).contains("timeout").contains("gave up after 2 attempts")
        .contains("no time left for another attempt");
  }

  @Test
  void unauthorizedIsNeverRetried() {
    reply(401, error("Incorrect API key provided", "invalid_request_error", "invalid_api_key"));
    reply(200, SQL_REPLY);

    ModelException e = catchThrowableOfType(ModelException.class,
        () -> generator(builder().maxRetries(5)).generate(request("q?")));

    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(401);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void badRequestNotFoundAndUnprocessableAreNeverRetried() {
    for (int status : new int[] {400, 403, 404, 422}) {
      reply(status, error("nope", "invalid_request_error", "x"));
    }
    OpenAiSqlGenerator g = generator(builder().maxRetries(5));

    for (int status : new int[] {400, 403, 404, 422}) {
      ModelException e = catchThrowableOfType(ModelException.class, () -> g.generate(request("q?")));
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.retriable()).isFalse();
    }
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void maxRetriesIsHonouredAndTheAttemptsAreReported() {
    for (int i = 0; i < 5; i++) reply(503, error("overloaded", "server_error", ""));

    ModelException e = catchThrowableOfType(ModelException.class,
        () -> generator(builder().maxRetries(1)).generate(request("q?")));

    assertThat(e.retriable()).isTrue();
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.getMessage()).contains("HTTP 503").contains("gave up after 2 attempts");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void noRetriesWhenMaxRetriesIsZero() {
    reply(429, rateLimited());
    reply(200, SQL_REPLY);

    ModelException e = catchThrowableOfType(ModelException.class,
        () -> generator(builder().maxRetries(0)).generate(request("q?")));

    assertThat(e.retriable()).isTrue();
    assertThat(e.getMessage()).contains("gave up after 1 attempt").contains("maxRetries 0");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void refusedConnectionsAreRetried() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    OpenAiSqlGenerator g = generator(builder().baseUrl("http://127.0.0.1:" + port + "/v1"));

    ModelException e = catchThrowableOfType(ModelException.class, () -> g.generate(request("q?")));

    assertThat(e.retriable()).isTrue();
    assertThat(e.getMessage()).contains("cannot connect").contains("gave up after 3 attempts");
    assertThat(waits).hasSize(2);
  }

  @Test
  void cancellingDuringABackoffWaitReturnsAtOnce() throws Exception {
    reply(503, error("overloaded", "server_error", ""), "Retry-After", "30");
    reply(200, SQL_REPLY);
    OpenAiSqlGenerator g = generator(builder().timeout(Duration.ofSeconds(60)).sleeper(RetryPolicy.Sleeper.REAL));
    Cancellation cancellation = new Cancellation();
    ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();
    try {
      canceller.schedule(cancellation::cancel, 500, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();

      assertThatThrownBy(() -> g.generate(request("q?", List.of(), Optional.empty(), cancellation)))
          .isInstanceOf(QueryCancelledException.class);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(server.getRequestCount()).isEqualTo(1);
    } finally {
      canceller.shutdownNow();
    }
  }

  @Test
  void backoffIsFullJitterUnderAnExponentialCap() {
    RetryPolicy top = new RetryPolicy(RetryPolicy.DEFAULT_BASE, RetryPolicy.DEFAULT_CAP, () -> 1.0,
        java.time.Clock.systemUTC(), RetryPolicy.Sleeper.REAL);
    RetryPolicy half = new RetryPolicy(RetryPolicy.DEFAULT_BASE, RetryPolicy.DEFAULT_CAP, () -> 0.5,
        java.time.Clock.systemUTC(), RetryPolicy.Sleeper.REAL);

    assertThat(top.backoff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(top.backoff(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(top.backoff(4)).isEqualTo(Duration.ofSeconds(4));
    assertThat(top.backoff(5)).isEqualTo(Duration.ofSeconds(8));
    assertThat(top.backoff(10)).isEqualTo(Duration.ofSeconds(8));
    assertThat(half.backoff(3)).isEqualTo(Duration.ofSeconds(1));
  }
}
