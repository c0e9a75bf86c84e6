package io.github.dbqueryagent;

import io.github.dbqueryagent.spi.QuestionRejection;
import java.util.Objects;

/**
 * The {@link io.github.dbqueryagent.spi.QuestionGuard} refused the question before any work was done:
 * it tried to steer the agent, to read its instructions, or to change the database. Nothing was
 * generated or run, and nothing was recorded in the session. Rephrasing as a question about the data
 * may help; asking the same again will not.
 */
public class QuestionRejectedException extends QueryAgentException {
  private static final long serialVersionUID = 1L;
  private final String rule;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param rejection the guard's verdict
   */
  public QuestionRejectedException(QuestionRejection rejection) {
    super(Stage.QUESTION, "question rejected: " + Objects.requireNonNull(rejection, "rejection"));
    this.rule = rejection.rule();
    this.reason = rejection.reason();
  }

  /** Returns the rule that refused the question, for example {@code "prompt-injection"}; never null. */
  public String rule() {
    return rule;
  }

  /** Returns the one-line reason, without the rule id; never null. */
  public String reason() {
    return reason;
  }
}
