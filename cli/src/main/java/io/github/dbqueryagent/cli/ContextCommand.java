package io.github.dbqueryagent.cli;

import io.github.dbqueryagent.ContextResult;
import io.github.dbqueryagent.DatabaseQueryAgent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code dbqa context}: prints what the SQL generator would see for a question, the tables the
 * retriever chose (with their scores and matched columns) and the schema context rendered within the
 * token budget, without generating or running SQL ({@link DatabaseQueryAgent#context(String, int)}).
 * It is how a user finds out why an answer is wrong: was the right table, or the right column, even in
 * the prompt?
 */
@Command(
    name = "context",
    mixinStandardHelpOptions = true,
    description = {
      "Show what the model would see for a question: the tables retrieved for it (best first, with"
          + " their scores and matched columns), the tables left out for the token budget, and the schema"
          + " context rendered within the budget. Nothing is generated and no SQL runs.",
      "",
      "With QUESTION: show its context. With --batch FILE: one question per line. A question the"
          + " question guard refuses is reported like in 'ask' (exit code 3); in a batch the other"
          + " questions still run and the exit code is the worst of all questions."
    })
final class ContextCommand implements Callable<Integer> {
  /** The largest {@code --budget}, as for the agent's token budget. */
  static final int MAX_BUDGET = 1_000_000;

  /** The values of {@code dbqa context --format}. */
  enum Format {
    /** For people: a header, the tables and the context text. */
    TEXT,
    /** One pretty-printed JSON object per question (an array of them for {@code --batch}). */
    JSON,
    /** One compact JSON object per line, one line per question. */
    JSONL;

    /** Parses a format name ignoring case, listing the choices when it is unknown. */
    static final class Converter implements ITypeConverter<Format> {
      @Override
      public Format convert(String value) {
        for (Format f : values()) {
          if (f.name().equalsIgnoreCase(value.strip())) return f;
        }
        throw new TypeConversionException(
            "expected one of "
                + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                + " (got '" + value + "')");
      }
    }
  }

  @ParentCommand DbqaCommand parent;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--budget",
      paramLabel = "N",
      description = "The token budget of the schema context, 1 to 1000000. Default: the agent's, 3000 or"
          + " DBQA_TOKEN_BUDGET.")
  Integer budget;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = Format.Converter.class,
      description = "text, json or jsonl. Default: text.")
  Format format = Format.TEXT;

  @Option(
      names = "--batch",
      paramLabel = "FILE",
      description = "Show the context of each question in FILE, one per line ('-' for standard input);"
          + " blank lines and lines starting with # are skipped. The exit code is the worst of all"
          + " questions.")
  String batch;

  @Parameters(
      paramLabel = "QUESTION",
      arity = "0..*",
      description = "The question; several words are joined with spaces.")
  List<String> words;

  @Override
  public Integer call() {
    CliContext ctx = parent.ctx;
    boolean hasQuestion = words != null && !words.isEmpty();
    if (budget != null && (budget < 1 || budget > MAX_BUDGET)) {
      throw new UsageException("--budget must be between 1 and " + MAX_BUDGET + " tokens (got " + budget + ")");
    }
    if (batch != null && hasQuestion) {
      throw new UsageException("give either a QUESTION or --batch FILE, not both");
    }
    if (batch == null && !hasQuestion) {
      throw new UsageException(
          "give a QUESTION or --batch FILE, e.g. dbqa context \"How many customers are from Brazil?\"");
    }
    List<String> questions = batch != null ? BatchFile.read(ctx, batch) : List.of(String.join(" ", words));
    ConnectionOptions.Database db = connection.open(ctx);
    try (DatabaseQueryAgent agent =
        DatabaseQueryAgent.builder().dataSource(db.dataSource()).environment(ctx.env()).build()) {
      try {
        // read the catalog and build the schema index first, so timingsMs shows retrieval, not indexing
        agent.prepare().join();
      } catch (java.util.concurrent.CompletionException e) {
        // an unreadable catalog fails each question below, with its message and exit code
      }
      ContextPrinter printer = ContextPrinter.of(format, ctx.out(), batch != null, questions.size());
      printer.begin();
      int worst = ExitCodes.OK;
      for (String question : questions) {
        ContextResult result;
        try {
          result = budget == null ? agent.context(question) : agent.context(question, budget);
        } catch (RuntimeException e) { // QueryAgentException and its subtypes; anything else is a bug (exit 1)
          Outcome.Failure failure = new Outcome.Failure(Outcome.type(e), Outcome.message(e, db.secrets()));
          printer.printFailure(question, failure);
          ctx.err().println("dbqa: " + failure.message());
          ctx.err().flush();
          worst = ExitCodes.worst(worst, ExitCodes.of(e));
          continue;
        }
        printer.print(result);
      }
      printer.end();
      ctx.out().flush();
      return worst;
    }
  }
}
