package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.internal.session.InMemorySessionStore;
import java.util.List;

/** Keeps the turns of sessions. Implementations must be thread-safe. */
public interface SessionStore {

  /**
   * Appends a completed turn to a session, creating the session when new. The append is atomic: a
   * turn is recorded whole or not at all.
   *
   * @param sessionId the session identifier, not blank
   * @param turn the turn
   */
  void append(String sessionId, Turn turn);

  /**
   * Returns the turns of a session, oldest first.
   *
   * @param sessionId the session identifier
   * @return the turns, empty for an unknown session, never null
   */
  List<Turn> turns(String sessionId);

  /**
   * Returns an in-memory store keeping the last {@code 50} turns of each session, for at most
   * {@code 10,000} sessions (least recently used dropped first).
   */
  static SessionStore inMemory() {
    return new InMemorySessionStore(50, 10_000);
  }
}
