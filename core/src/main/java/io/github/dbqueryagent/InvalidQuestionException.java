package io.github.dbqueryagent;

/** The question itself cannot be used: empty, blank, or longer than the configured maximum. */
public class InvalidQuestionException extends QueryAgentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that says what was wrong. */
  public InvalidQuestionException(String message) {
    super(Stage.QUESTION, message);
  }
}
