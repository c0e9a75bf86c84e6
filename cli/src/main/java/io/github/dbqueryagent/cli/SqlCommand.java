package io.github.dbqueryagent.cli;

import io.github.dbqueryagent.SqlRejectedException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.TokenUsage;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.ExecutionRequest;
import io.github.dbqueryagent.spi.ExecutionResult;
import io.github.dbqueryagent.spi.Executor;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.ValidatedSql;
import io.github.dbqueryagent.spi.ValidationContext;
import io.github.dbqueryagent.spi.Validator;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dbqa sql}: runs given SQL through the same validator and executor as answers: one read-only
 * statement of known tables, a row limit added, a read-only connection with a statement timeout.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run SQL through the same checks as generated SQL: exactly one read-only query over tables of the"
          + " catalog, a row limit added, run read-only with a statement timeout."
    })
final class SqlCommand implements Callable<Integer> {
  /** The generator name shown for SQL given on the command line. */
  static final String GENERATOR = "sql";

  @ParentCommand DbqaCommand parent;

  @Mixin ConnectionOptions connection;

  @Mixin RunOptions run;

  @Parameters(paramLabel = "SQL", arity = "1..*", description = "The query; several words are joined with spaces.")
  List<String> words;

  @Override
  public Integer call() {
    CliContext ctx = parent.ctx;
    run.check();
    String input = String.join(" ", words).strip();
    if (input.isEmpty()) {
      throw new UsageException("the SQL is empty: give a query, e.g. dbqa sql \"SELECT COUNT(*) FROM customers\"");
    }
    ConnectionOptions.Database db = connection.open(ctx);
    Reporter reporter = new Reporter(ctx, run.format, ResultPrinter.Mode.SINGLE);
    reporter.report(execute(input, db));
    return reporter.finish();
  }

  private Outcome execute(String input, ConnectionOptions.Database db) {
    Map<Stage, Duration> timings = new EnumMap<>(Stage.class);
    try {
      Catalog catalog = timed(timings, Stage.SCHEMA, () -> SchemaSource.jdbc(db.dataSource()).catalog());
      ValidatedSql validated =
          timed(timings, Stage.VALIDATE,
              () -> Validator.jsqlparser().validate(input, new ValidationContext(catalog.dialect(), run.maxRows, catalog)));
      if (!validated.accepted()) {
        throw new SqlRejectedException(input, validated.violations());
      }
      ExecutionResult rows =
          timed(timings, Stage.EXECUTE,
              () -> Executor.jdbc(db.dataSource())
                  .execute(new ExecutionRequest(validated.sql(), run.maxRows, run.timeout(), null)));
      return new Outcome(
          input, validated.sql(), rows.columns(), rows.rows(), rows.truncated(), answer(rows), GENERATOR, null,
          Outcome.millis(timings), TokenUsage.NONE, null, ExitCodes.OK);
    } catch (RuntimeException e) {
      return Outcome.failed(input, GENERATOR, e, db.secrets());
    }
  }

  private String answer(ExecutionResult rows) {
    int n = rows.rows().size();
    if (n == 1 && rows.columns().size() == 1) {
      String v = Values.text(rows.rows().get(0).get(0));
      return "The result is " + (v == null ? "NULL" : v) + ".";
    }
    String s = "The query returned " + n + (n == 1 ? " row" : " rows");
    return rows.truncated() ? s + " (truncated at --max-rows " + run.maxRows + ")." : s + ".";
  }

  private static <T> T timed(Map<Stage, Duration> timings, Stage stage, Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      timings.put(stage, Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
