package io.github.dbqueryagent;

/** The question was cancelled (by {@code Flow.Subscription.cancel()} or a cancelled future) before it finished. */
public class QueryCancelledException extends QueryAgentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for the stage that was running. */
  public QueryCancelledException(Stage stage) {
    super(stage, "the question was cancelled during " + stage);
  }
}
