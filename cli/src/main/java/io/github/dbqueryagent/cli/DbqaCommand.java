package io.github.dbqueryagent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Spec;

/** The top-level {@code dbqa} command; {@link Dbqa} makes {@code ask} the default subcommand. */
@Command(
    name = "dbqa",
    mixinStandardHelpOptions = true,
    versionProvider = DbqaCommand.Version.class,
    subcommands = {
      AskCommand.class, SqlCommand.class, SchemaCommand.class, ContextCommand.class, CommandLine.HelpCommand.class
    },
    description = {
      "Answer natural-language questions about a relational database.",
      "",
      "Without --url, questions go to an embedded demo shop database.",
      "'ask' is the default command: dbqa \"How many customers are from Brazil?\""
    },
    footer = {
      "",
      "Exit codes: 0 answered (or the SQL ran, the catalog or context was printed); 2 usage error;"
          + " 3 question or SQL rejected, or no confident answer; 4 database or model error; 1 internal error."
    })
final class DbqaCommand implements Callable<Integer> {
  final CliContext ctx;

  @Spec CommandLine.Model.CommandSpec spec;

  DbqaCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = DbqaCommand.class.getPackage().getImplementationVersion();
      return new String[] {"dbqa " + (v == null ? "(development build)" : v), "Java " + System.getProperty("java.version")};
    }
  }
}
