package io.github.dbqueryagent;

/**
 * What happens to an answered question when the {@link io.github.dbqueryagent.spi.SessionStore}
 * cannot record its turn (set with {@link DatabaseQueryAgent.Builder#sessionStoreFailure}). Only the
 * write of a session turn is concerned: one-off questions ({@link DatabaseQueryAgent#query(String)})
 * never touch the store, and a store that cannot <em>read</em> a session's earlier turns always fails
 * the question, since answering a follow-up without its context could answer a different question.
 */
public enum SessionStoreFailure {
  /**
   * The question fails with a {@link QueryAgentException} at {@link Stage#PERSIST} and the answer is
   * withheld, so every answer a caller sees is a turn the session remembers. The default.
   */
  FAIL,
  /**
   * The answer is returned with a {@link QueryWarning} at {@link Stage#PERSIST} in {@link
   * QueryResult#warnings()} (streams also emit a {@link io.github.dbqueryagent.event.QueryEvent.Warned}
   * event) and the failure is logged at WARN. The turn is not recorded: later follow-ups in the
   * session do not see it. For hosts that prefer answering over a complete history.
   */
  REPORT
}
