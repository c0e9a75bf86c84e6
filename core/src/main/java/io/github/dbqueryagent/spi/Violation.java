package io.github.dbqueryagent.spi;

import java.util.Objects;

/**
 * One rule the validator found broken.
 *
 * @param rule a stable rule identifier, for example {@code "single-statement"} or {@code "read-only"}
 * @param message what was wrong and where, in one line a person can act on
 */
public record Violation(String rule, String message) {
  /** Checks the components. */
  public Violation {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return "[" + rule + "] " + message;
  }
}
