package io.github.dbqueryagent.internal.generate.resilience;

import static io.github.dbqueryagent.internal.generate.resilience.Scripted.request;
import static io.github.dbqueryagent.internal.generate.resilience.Scripted.turn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.TokenUsage;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.SqlGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedSqlGeneratorTest {
  private static final String CONTEXT = "customer(customer_id, country)";
  private final Scripted llm = Scripted.named("openai:gpt-4o").then(r ->
      GeneratedSql.of("SELECT " + r.question().length(), "", 0.8).withTokens(new TokenUsage(100, 20, 0)));
  private final SqlGenerator cached = SqlGenerator.cached(llm, Duration.ofMinutes(10), 100);

  @Test
  void theSameRequestIsAnsweredFromTheCacheWithoutTokens() {
    GeneratedSql first = cached.generate(request("How many customers?"));
    GeneratedSql second = cached.generate(request("How many customers?"));

    assertThat(llm.calls).hasValue(1);
    assertThat(second.sql()).isEqualTo(first.sql());
    assertThat(first.tokens()).isEqualTo(new TokenUsage(100, 20, 0));
    assertThat(second.tokens()).isEqualTo(TokenUsage.NONE);
    assertThat(cached.name()).isEqualTo("openai:gpt-4o");
  }

  @Test
  void aDifferentFingerprintContextQuestionOrHistoryIsAMiss() {
    cached.generate(request("q1"));
    cached.generate(request("q2"));
    cached.generate(request("q1", Scripted.OTHER_CATALOG, CONTEXT, List.of(), Optional.empty(), Cancellation.none()));
    cached.generate(request("q1", Scripted.CATALOG, CONTEXT + " -- more", List.of(), Optional.empty(), Cancellation.none()));
    cached.generate(request("q1", Scripted.CATALOG, CONTEXT, List.of(turn("earlier", "SELECT 1")), Optional.empty(), Cancellation.none()));
    cached.generate(request("q1", Scripted.CATALOG, CONTEXT, List.of(turn("earlier", "SELECT 2")), Optional.empty(), Cancellation.none()));
    assertThat(llm.calls).hasValue(6);

    cached.generate(request("q1", Scripted.CATALOG, CONTEXT, List.of(turn("earlier", "SELECT 2")), Optional.empty(), Cancellation.none()));
    assertThat(llm.calls).hasValue(6);
  }

  @Test
  void twoGeneratorsWithDifferentNamesDoNotShareEntries() {
    // one cache instance per decorator; the name is in the key as well, for caches shared in the future
    CachedSqlGenerator.Key a = CachedSqlGenerator.Key.of("a", request("q"));
    CachedSqlGenerator.Key b = CachedSqlGenerator.Key.of("b", request("q"));
    assertThat(a).isNotEqualTo(b).isEqualTo(CachedSqlGenerator.Key.of("a", request("q")));
  }

  @Test
  void clarificationsAreCachedErrorsAreNot() {
    Scripted flaky = Scripted.named("llm").thenFail(true, 503, "down").thenClarify("Which country?");
    SqlGenerator c = SqlGenerator.cached(flaky, Duration.ofMinutes(10), 100);

    assertThatThrownBy(() -> c.generate(request("q"))).isInstanceOf(ModelException.class);
    assertThat(c.generate(request("q")).clarification()).contains("Which country?");
    assertThat(c.generate(request("q")).clarification()).contains("Which country?");
    assertThat(flaky.calls).hasValue(2);
  }

  @Test
  void repairRequestsBypassTheCache() {
    GenerationRequest repair = request("q1", Scripted.CATALOG, CONTEXT, List.of(),
        Optional.of(new GenerationRequest.PreviousAttempt("SELECT x", "no column x")), Cancellation.none());
    cached.generate(repair);
    cached.generate(repair);
    assertThat(llm.calls).hasValue(2);
    cached.generate(request("q1"));
    assertThat(llm.calls).hasValue(3); // the repair's reply was not stored under the plain request
  }

  @Test
  void entriesExpireAfterTheTtl() {
    AtomicLong nanos = new AtomicLong();
    CachedSqlGenerator c = new CachedSqlGenerator(llm, Duration.ofMinutes(10), 100, nanos::get);
    c.generate(request("q"));
    nanos.addAndGet(Duration.ofMinutes(9).toNanos());
    c.generate(request("q"));
    assertThat(llm.calls).hasValue(1);
    nanos.addAndGet(Duration.ofMinutes(1).toNanos());
    c.generate(request("q"));
    assertThat(llm.calls).hasValue(2);
  }

  @Test
  void badSettingsAreRejected() {
    assertThatThrownBy(() -> SqlGenerator.cached(llm, Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S")
        .hasMessageContaining("maximumSize");
  }
}
