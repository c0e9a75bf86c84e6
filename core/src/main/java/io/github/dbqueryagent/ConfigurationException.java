package io.github.dbqueryagent;

/** The agent was configured wrongly; the message names each bad property. */
public class ConfigurationException extends QueryAgentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ConfigurationException(String message) {
    super(Stage.QUESTION, message);
  }

  /** Creates the exception with a cause. */
  public ConfigurationException(String message, Throwable cause) {
    super(Stage.QUESTION, message, cause);
  }
}
