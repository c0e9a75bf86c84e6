package io.github.dbqueryagent.cli;

import io.github.dbqueryagent.QueryAgentException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * The {@code dbqa} command line: {@code java -jar dbqa.jar [ask|sql|schema|context] ...}.
 *
 * <pre>
 * dbqa [ask] [--url JDBC_URL] [--user U] [--password-env VAR] [--llm auto|offline|openai|ollama]
 *            [--base-url URL] [--model M] [--api-key-env VAR]
 *            [--session ID] [--format table|json|jsonl|csv] [--batch FILE] [--max-rows N]
 *            [--timeout SECONDS] [QUESTION]
 * dbqa sql    [--url ...] [--format ...] SQL
 * dbqa schema [--url ...] [--format json|md]
 * dbqa context [--url ...] [--budget N] [--format text|json|jsonl] [--batch FILE] [QUESTION]
 * </pre>
 *
 * <p>{@code ask} is the default command: when no command name comes before the first argument that is
 * not an option, {@code ask} is put in front. Results go to standard output; every failure is one line {@code dbqa: <reason>} on
 * standard error, with secrets (the password, secrets in the URL) masked. Exit codes are in {@link
 * ExitCodes}. See {@code docs/cli.md} for the formats.
 */
public final class Dbqa {
  private static final Set<String> COMMANDS =
      Set.of("ask", "sql", "schema", "context", "help", "-h", "--help", "-V", "--version");
  private static final Set<String> VALUE_OPTIONS =
      Set.of("--url", "--user", "--password-env", "--llm", "--base-url", "--model",
          "--api-key-env", "--session", "--format", "--batch", "--max-rows",
          "--timeout", "--schema", "--include-tables", "--exclude-tables", "--budget");

  private Dbqa() {}

  /**
   * Runs dbqa on the process's standard streams and environment, then exits the JVM with the exit
   * code. Output is UTF-8. The log level of the bundled slf4j-simple (default {@code warn}, to standard
   * error) can be changed with the {@code DBQA_LOG_LEVEL} environment variable.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    String level = System.getenv("DBQA_LOG_LEVEL");
    if (level != null && !level.isBlank() && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level.strip());
    }
    PrintStream out =
        new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), true,
            StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code = run(args, System.in, out, err, System::getenv, System.console() != null);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs dbqa in-process: the given streams and environment stand in for the process's; the JVM is not
   * exited. Questions of an interactive session are read from {@code in} without prompts.
   *
   * @param args the command line, without the program name
   * @param in standard input
   * @param out standard output (results)
   * @param err standard error ({@code dbqa: <reason>} lines)
   * @param env the environment: returns a variable's value, or null when unset
   * @return the exit code, see {@link ExitCodes}
   */
  public static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Function<String, String> env) {
    return run(args, in, out, err, env, false);
  }

  static int run(
      String[] args,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Function<String, String> env,
      boolean interactive) {
    Objects.requireNonNull(args, "args");
    CliContext ctx = new CliContext(in, out, err, env, interactive, new Secrets());
    int code = commandLine(ctx).execute(withDefaultCommand(args));
    out.flush();
    err.flush();
    return code;
  }

  /** Returns the picocli command line wired to a context: streams, exit codes and error handlers. */
  static CommandLine commandLine(CliContext ctx) {
    CommandLine cl = new CommandLine(new DbqaCommand(ctx));
    cl.setOut(new PrintWriter(ctx.out(), true));
    cl.setErr(new PrintWriter(ctx.err(), true));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          String command = ex.getCommandLine().getCommandSpec().qualifiedName();
          ctx.err().println("dbqa: " + ctx.secrets().line(ex.getMessage()) + " (see '" + command + " --help')");
          ctx.err().flush();
          return ExitCodes.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          int code = ExitCodes.of(ex);
          String message =
              ex instanceof UsageException || ex instanceof QueryAgentException
                  ? ex.getMessage()
                  : "internal error: " + ex;
          ctx.err().println("dbqa: " + ctx.secrets().line(message));
          ctx.err().flush();
          return code;
        });
    return cl;
  }

  /**
   * Finds the command: the first argument that is neither an option nor an option's value. When it
   * names a command ({@code ask}, {@code sql}, {@code schema}, {@code context}, {@code help}) it is
   * moved to the front, so that {@code dbqa --format csv sql "SELECT 1"} works; otherwise {@code ask} is
   * put in front. A question that is a command name alone needs the explicit form {@code dbqa ask
   * schema}.
   */
  static String[] withDefaultCommand(String[] args) {
    List<String> list = new ArrayList<>(Arrays.asList(args));
    for (int i = 0; i < list.size(); i++) {
      String a = list.get(i);
      if (a.equals("--")) break;
      if (a.startsWith("-") && a.length() > 1) {
        if (COMMANDS.contains(a) && i == 0) return args; // --help, --version
        if (!a.contains("=") && VALUE_OPTIONS.contains(a)) i++; // skip the option's value
        continue;
      }
      if (COMMANDS.contains(a)) {
        list.remove(i);
        list.add(0, a);
        return list.toArray(new String[0]);
      }
      break;
    }
    list.add(0, "ask");
    return list.toArray(new String[0]);
  }
}
