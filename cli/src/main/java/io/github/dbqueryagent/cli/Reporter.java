package io.github.dbqueryagent.cli;

/**
 * Prints outcomes: the result to standard output through a {@link ResultPrinter}, and for every
 * outcome that is not a plain answer one line {@code dbqa: <reason>} to standard error. A
 * clarification in the {@code table} format is already on standard output and gets no extra line.
 * Keeps the worst exit code.
 */
final class Reporter {
  private final CliContext ctx;
  private final OutputFormat format;
  private final ResultPrinter printer;
  private int worst = ExitCodes.OK;

  Reporter(CliContext ctx, OutputFormat format, ResultPrinter.Mode mode) {
    this.ctx = ctx;
    this.format = format;
    this.printer = ResultPrinter.of(format, ctx.out(), mode);
    printer.begin();
  }

  void report(Outcome o) {
    printer.print(o);
    if (o.error() != null) {
      ctx.err().println("dbqa: " + o.error().message());
    } else if (o.clarification() != null && format != OutputFormat.TABLE) {
      ctx.err().println("dbqa: no confident answer: " + o.clarification().replaceAll("\\s*[\\r\\n]+\\s*", " "));
    }
    ctx.err().flush();
    worst = ExitCodes.worst(worst, o.exitCode());
  }

  /** Ends the output and returns the worst exit code reported. */
  int finish() {
    printer.end();
    ctx.out().flush();
    return worst;
  }
}
