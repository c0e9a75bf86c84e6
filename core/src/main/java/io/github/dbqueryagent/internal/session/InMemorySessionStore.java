package io.github.dbqueryagent.internal.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.dbqueryagent.spi.SessionStore;
import io.github.dbqueryagent.spi.Turn;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the last {@code maxTurns} turns of at most {@code maxSessions} sessions in memory (least
 * recently used sessions dropped first). Thread-safe; appends to one session are atomic.
 */
public final class InMemorySessionStore implements SessionStore {
  private final int maxTurns;
  private final Cache<String, Deque<Turn>> sessions;

  /** Creates the store. */
  public InMemorySessionStore(int maxTurns, int maxSessions) {
    if (maxTurns < 1 || maxSessions < 1) {
      throw new IllegalArgumentException("maxTurns and maxSessions must be at least 1");
    }
    this.maxTurns = maxTurns;
    this.sessions = Caffeine.newBuilder().maximumSize(maxSessions).build();
  }

  @Override
  public void append(String sessionId, Turn turn) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(turn, "turn");
    if (sessionId.isBlank()) throw new IllegalArgumentException("sessionId must not be blank");
    sessions.asMap().compute(sessionId, (k, turns) -> {
      Deque<Turn> d = turns == null ? new ArrayDeque<>() : new ArrayDeque<>(turns);
      d.addLast(turn);
      while (d.size() > maxTurns) d.removeFirst();
      return d;
    });
  }

  @Override
  public List<Turn> turns(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    Deque<Turn> d = sessions.getIfPresent(sessionId);
    return d == null ? List.of() : List.copyOf(d);
  }

  @Override
  public String toString() {
    return "InMemorySessionStore[maxTurns=" + maxTurns + ", sessions=" + sessions.estimatedSize() + "]";
  }
}
