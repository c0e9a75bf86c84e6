package io.github.dbqueryagent.internal.generate.resilience;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.SchemaContext;
import io.github.dbqueryagent.spi.SqlGenerator;
import io.github.dbqueryagent.spi.Turn;
import io.github.dbqueryagent.spi.ValueLookup;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.support.Catalogs;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fake generator that answers from a script, one step per call; once the script is used up it repeats
 * the last step. Counts its calls. Thread-safe.
 */
final class Scripted implements SqlGenerator {
  private final String name;
  private final Deque<Function<GenerationRequest, GeneratedSql>> steps = new ArrayDeque<>();
  private Function<GenerationRequest, GeneratedSql> last;
  final AtomicInteger calls = new AtomicInteger();

  Scripted(String name) {
    this.name = name;
  }

  static Scripted named(String name) {
    return new Scripted(name);
  }

  synchronized Scripted thenAnswer(String sql) {
    return then(r -> GeneratedSql.of(sql, "read as " + r.question(), 0.9));
  }

  synchronized Scripted thenClarify(String question) {
    return then(r -> GeneratedSql.clarify(question, ""));
  }

  synchronized Scripted thenFail(boolean retriable, int status, String message) {
    return then(r -> {
      throw new ModelException(message, retriable, status, null);
    });
  }

  synchronized Scripted then(Function<GenerationRequest, GeneratedSql> step) {
    steps.add(step);
    return this;
  }

  @Override
  public GeneratedSql generate(GenerationRequest request) {
    calls.incrementAndGet();
    Function<GenerationRequest, GeneratedSql> step;
    synchronized (this) {
      step = steps.isEmpty() ? last : steps.poll();
      last = step;
    }
    if (step == null) throw new IllegalStateException(name + " has no script");
    return step.apply(request);
  }

  @Override
  public String name() {
    return name;
  }

  static final Catalog CATALOG = Catalogs.catalog(Catalogs.table("customer").id("customer_id").col("country"));
  static final Catalog OTHER_CATALOG =
      Catalogs.catalog(Catalogs.table("customer").id("customer_id").col("country").col("city"));

  static GenerationRequest request(String question) {
    return request(question, CATALOG, "customer(customer_id, country)", List.of(), Optional.empty(), Cancellation.none());
  }

  static GenerationRequest request(String question, Cancellation cancellation) {
    return request(question, CATALOG, "customer(customer_id, country)", List.of(), Optional.empty(), cancellation);
  }

  static GenerationRequest request(
      String question, Catalog catalog, String context, List<Turn> history,
      Optional<GenerationRequest.PreviousAttempt> previous, Cancellation cancellation) {
    return new GenerationRequest(
        question, catalog, new Retrieval(List.of(), List.of()), new SchemaContext(context, 5, List.of(), List.of()),
        Map.of(), history, ValueLookup.none(), previous, cancellation);
  }

  static Turn turn(String question, String sql) {
    return new Turn(question, sql, List.of(), 1, "", "", Instant.EPOCH);
  }
}
