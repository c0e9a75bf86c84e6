package io.github.dbqueryagent;

import java.util.Objects;

/**
 * Something went wrong that did not stop the answer, for example a session turn that could not be
 * recorded under {@link SessionStoreFailure#REPORT}. Found in {@link QueryResult#warnings()} and, when
 * streaming, in a {@link io.github.dbqueryagent.event.QueryEvent.Warned} event.
 *
 * @param stage the stage that had the problem
 * @param message a one-line description a person can act on
 */
public record QueryWarning(Stage stage, String message) {
  /** Checks the components. */
  public QueryWarning {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(message, "message");
  }
}
