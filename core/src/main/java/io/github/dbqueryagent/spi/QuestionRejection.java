package io.github.dbqueryagent.spi;

import java.util.Objects;

/**
 * Why a {@link QuestionGuard} refused a question.
 *
 * @param rule a stable rule identifier in kebab case, for example {@code "prompt-injection"} or {@code
 *     "data-modification"}; callers may branch on it
 * @param reason what was wrong, in one line a person can act on, without the question's full text
 */
public record QuestionRejection(String rule, String reason) {
  /** Checks the components: both non-blank, the reason on one line. */
  public QuestionRejection {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(reason, "reason");
    if (rule.isBlank() || reason.isBlank()) {
      throw new IllegalArgumentException("rule and reason must not be blank");
    }
    reason = reason.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  @Override
  public String toString() {
    return "[" + rule + "] " + reason;
  }
}
