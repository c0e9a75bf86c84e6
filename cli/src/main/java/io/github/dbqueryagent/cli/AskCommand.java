package io.github.dbqueryagent.cli;

import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.Session;
import io.github.dbqueryagent.spi.SqlGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code dbqa ask}: one question, a batch file of questions, or an interactive session. */
@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    description = {
      "Ask a question in natural language (the default command).",
      "",
      "With QUESTION: answer it. With --batch FILE: answer one question per line. With neither: an"
          + " interactive session that reads questions from standard input until end of input, 'exit' or"
          + " 'quit'; its questions share one session, so follow-ups see earlier turns."
    })
final class AskCommand implements Callable<Integer> {
  @ParentCommand DbqaCommand parent;

  @Mixin ConnectionOptions connection;

  @Mixin RunOptions run;

  @Mixin LlmOptions llm;

  @Option(
      names = "--session",
      paramLabel = "ID",
      description = "Ask in this session (follow-ups see its earlier turns). Default: a new session for an"
          + " interactive run, none otherwise.")
  String sessionId;

  @Option(
      names = "--batch",
      paramLabel = "FILE",
      description = "Answer the questions in FILE, one per line ('-' for standard input); blank lines and lines"
          + " starting with # are skipped. The exit code is the worst of all questions.")
  String batch;

  @Parameters(
      paramLabel = "QUESTION",
      arity = "0..*",
      description = "The question; several words are joined with spaces.")
  List<String> words;

  @Override
  public Integer call() {
    CliContext ctx = parent.ctx;
    run.check();
    // the keys a model server may echo in its errors, masked before anything is checked or printed
    ctx.secrets().add(ctx.getenv(LlmOptions.DEFAULT_API_KEY_ENV));
    if (llm.apiKeyEnv != null && !llm.apiKeyEnv.isBlank()) ctx.secrets().add(ctx.getenv(llm.apiKeyVariable()));
    llm.check(ctx.secrets());
    if (batch != null && words != null && !words.isEmpty()) {
      throw new UsageException("give either a QUESTION or --batch FILE, not both");
    }
    if (sessionId != null && (sessionId.isBlank() || sessionId.length() > 200)) {
      throw new UsageException("--session must be 1 to 200 non-blank characters");
    }
    List<String> questions = batch != null ? BatchFile.read(ctx, batch) : null;
    ConnectionOptions.Database db = connection.open(ctx);
    SqlGenerator generator = GeneratorChoice.create(llm, ctx.env(), note -> ctx.err().println("dbqa: warning: " + note));
    try {
      DatabaseQueryAgent agent =
          DatabaseQueryAgent.builder()
              .dataSource(db.dataSource())
              .sqlGenerator(generator)
              .maxRows(run.maxRows)
              .statementTimeout(run.timeout())
              .environment(ctx.env())
              .build();
      if (questions != null) {
        Session session = sessionId == null ? null : agent.session(sessionId);
        Reporter reporter = new Reporter(ctx, run.format, ResultPrinter.Mode.BATCH);
        for (String q : questions) reporter.report(answer(agent, session, q, generator, db));
        return reporter.finish();
      }
      if (words != null && !words.isEmpty()) {
        Session session = sessionId == null ? null : agent.session(sessionId);
        Reporter reporter = new Reporter(ctx, run.format, ResultPrinter.Mode.SINGLE);
        reporter.report(answer(agent, session, String.join(" ", words), generator, db));
        return reporter.finish();
      }
      return repl(ctx, agent, generator, db);
    } finally {
      if (generator instanceof AutoCloseable) {
        try {
          ((AutoCloseable) generator).close();
        } catch (Exception e) {
          // closing releases HTTP threads; nothing to report at exit
        }
      }
    }
  }

  private static Outcome answer(
      DatabaseQueryAgent agent, Session session, String question, SqlGenerator generator,
      ConnectionOptions.Database db) {
    try {
      return Outcome.of(session != null ? session.ask(question) : agent.query(question));
    } catch (RuntimeException e) { // QueryAgentException and its subtypes; anything else is a bug (exit 1)
      return Outcome.failed(question, generator.name(), e, db.secrets());
    }
  }

  private int repl(CliContext ctx, DatabaseQueryAgent agent, SqlGenerator generator, ConnectionOptions.Database db) {
    String id = sessionId != null ? sessionId : "dbqa-" + UUID.randomUUID().toString().substring(0, 8);
    Session session = agent.session(id);
    if (ctx.interactive()) {
      ctx.err().println("dbqa: " + db.description() + ", generator " + generator.name() + ", session " + id
          + ". Ask a question; 'exit', 'quit' or end of input (Ctrl-D) leaves.");
    }
    Reporter reporter = new Reporter(ctx, run.format, ResultPrinter.Mode.REPL);
    BufferedReader in = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
    while (true) {
      if (ctx.interactive()) {
        ctx.err().print("dbqa> ");
        ctx.err().flush();
      }
      String line;
      try {
        line = in.readLine();
      } catch (IOException e) {
        ctx.err().println("dbqa: cannot read standard input: " + e.getMessage());
        reporter.finish();
        return ExitCodes.USAGE;
      }
      if (line == null) break;
      String q = line.strip();
      if (q.isEmpty() || q.startsWith("#")) continue;
      String lower = q.toLowerCase(Locale.ROOT);
      if (lower.equals("exit") || lower.equals("quit") || lower.equals("\\q")) break;
      reporter.report(answer(agent, session, q, generator, db));
    }
    return reporter.finish();
  }
}
