package io.github.dbqueryagent;

import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.SchemaContext;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a generator would see for a question: the retrieval and the schema context rendered within the
 * token budget, without generating or running SQL. Returned by {@link DatabaseQueryAgent#context(String)};
 * this is how a user debugs a wrong answer ("was the right table even in the prompt?").
 *
 * @param question the question as the pipeline read it (stripped, white space collapsed)
 * @param retrieval the retrieved tables, best first, with matched columns and joins
 * @param context the rendered schema context; its {@link SchemaContext#tokens()} never exceeds {@code budget}
 * @param budget the token budget the context was rendered for
 * @param timings the time of each stage run ({@link Stage#SCHEMA}, {@link Stage#SUMMARIZE}, {@link
 *     Stage#RETRIEVE}, {@link Stage#BUDGET}); never null
 */
public record ContextResult(
    String question, Retrieval retrieval, SchemaContext context, int budget, Map<Stage, Duration> timings) {

  /** Checks and copies the components. */
  public ContextResult {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(retrieval, "retrieval");
    Objects.requireNonNull(context, "context");
    Map<Stage, Duration> copy = new EnumMap<>(Stage.class);
    copy.putAll(Objects.requireNonNull(timings, "timings"));
    timings = java.util.Collections.unmodifiableMap(copy);
  }
}
