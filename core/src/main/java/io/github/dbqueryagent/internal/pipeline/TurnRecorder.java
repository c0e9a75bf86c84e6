package io.github.dbqueryagent.internal.pipeline;

import io.github.dbqueryagent.QueryAgentException;
import io.github.dbqueryagent.QueryWarning;
import io.github.dbqueryagent.SessionStoreFailure;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.SessionStore;
import io.github.dbqueryagent.spi.Turn;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a session turn to the {@link SessionStore} and applies the {@link SessionStoreFailure} policy
 * when the store throws. The store's {@code append} is atomic by contract, so a failed append leaves
 * no part of the turn behind; the recorder never retries. Thread-safe.
 */
final class TurnRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(TurnRecorder.class);

  private final SessionStore store;
  private final SessionStoreFailure policy;

  TurnRecorder(SessionStore store, SessionStoreFailure policy) {
    this.store = store;
    this.policy = policy;
  }

  /**
   * Records the turn.
   *
   * @return empty when recorded; under {@link SessionStoreFailure#REPORT} the warning for a failed append
   * @throws QueryAgentException at {@link Stage#PERSIST} when the append failed under {@link
   *     SessionStoreFailure#FAIL}
   */
  Optional<QueryWarning> record(String sessionId, Turn turn) {
    try {
      store.append(sessionId, turn);
      return Optional.empty();
    } catch (RuntimeException e) {
      String reason = "the session store " + storeName() + " could not record the turn of session '" + sessionId
          + "': " + oneLine(e);
      if (policy == SessionStoreFailure.FAIL) {
        throw new QueryAgentException(
            Stage.PERSIST, reason + "; the answer is withheld (sessionStoreFailure FAIL), ask again", e);
      }
      LOG.warn("{}; answered anyway without recording the turn (sessionStoreFailure REPORT)", reason, e);
      return Optional.of(new QueryWarning(
          Stage.PERSIST, reason + "; the turn was not recorded, so follow-up questions will not see it"));
    }
  }

  private String storeName() {
    String simple = store.getClass().getSimpleName();
    return simple.isEmpty() ? store.getClass().getName() : simple;
  }

  private static String oneLine(Throwable t) {
    String s = t instanceof QueryAgentException && t.getMessage() != null ? t.getMessage() : t.toString();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
