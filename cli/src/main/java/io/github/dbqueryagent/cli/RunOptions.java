package io.github.dbqueryagent.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --format}, {@code --max-rows} and {@code --timeout} options of {@code ask} and {@code sql}. */
final class RunOptions {
  static final int MAX_ROWS_LIMIT = 1_000_000;
  static final int TIMEOUT_LIMIT_SECONDS = 3600;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = OutputFormat.Converter.class,
      description = "Output format: table, json, jsonl or csv. Default: table.")
  OutputFormat format = OutputFormat.TABLE;

  @Option(
      names = "--max-rows",
      paramLabel = "N",
      description = "The most rows a result holds, 1 to 1000000; more rows are cut and marked truncated."
          + " Default: ${DEFAULT-VALUE}.")
  int maxRows = 1000;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "The statement timeout in seconds, 1 to 3600. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds = 30;

  /**
   * Checks the ranges.
   *
   * @throws UsageException naming the bad option and its value
   */
  void check() {
    if (maxRows < 1 || maxRows > MAX_ROWS_LIMIT) {
      throw new UsageException("--max-rows must be between 1 and " + MAX_ROWS_LIMIT + " (got " + maxRows + ")");
    }
    if (timeoutSeconds < 1 || timeoutSeconds > TIMEOUT_LIMIT_SECONDS) {
      throw new UsageException(
          "--timeout must be between 1 and " + TIMEOUT_LIMIT_SECONDS + " seconds (got " + timeoutSeconds + ")");
    }
  }

  Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }
}
