package io.github.dbqueryagent.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs dbqa in-process with captured streams. */
final class Cli {
  private Cli() {}

  /** The result of one run. */
  record Run(int code, String out, String err) {
    /** Returns stdout and stderr together, for "never appears anywhere" checks. */
    String all() {
      return out + "\n" + err;
    }
  }

  static Run dbqa(String... args) {
    return withInput(Map.of(), "", args);
  }

  static Run dbqa(Map<String, String> env, String... args) {
    return withInput(env, "", args);
  }

  /** Runs dbqa with {@code stdin} as standard input. */
  static Run withInput(Map<String, String> env, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          Dbqa.run(
              args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e, env::get);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
