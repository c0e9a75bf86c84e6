package io.github.dbqueryagent.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where a dbqa run reads and writes, and the environment it sees. The real {@code main} passes the
 * process's streams and {@link System#getenv(String)}; tests pass buffers and a map.
 *
 * @param in standard input (questions for the interactive session, {@code --batch -})
 * @param out standard output: results only
 * @param err standard error: {@code dbqa: <reason>} lines, prompts and banners
 * @param env the environment lookup, returning null for unset names
 * @param interactive whether a person is typing on a terminal (prompts and banners are shown)
 * @param secrets what to mask in every message of this run (filled in by {@link ConnectionOptions})
 */
record CliContext(
    InputStream in,
    PrintStream out,
    PrintStream err,
    Function<String, String> env,
    boolean interactive,
    Secrets secrets) {
  CliContext {
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(env, "env");
  }

  /** Returns the value of an environment variable, or null when unset or blank. */
  String getenv(String name) {
    String v = env.apply(name);
    return v == null || v.isBlank() ? null : v;
  }
}
