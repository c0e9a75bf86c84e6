package io.github.dbqueryagent;

import io.github.dbqueryagent.event.QueryEvent;
import io.github.dbqueryagent.spi.Turn;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A conversation with the agent: each question sees the earlier turns (their questions, SQL and
 * result shapes), and each answered turn is recorded in the agent's {@link
 * io.github.dbqueryagent.spi.SessionStore}. A turn that fails is not recorded. Thread-safe, but turns
 * asked concurrently in one session see each other only once recorded.
 */
public final class Session {
  private final DatabaseQueryAgent agent;
  private final String id;

  Session(DatabaseQueryAgent agent, String id) {
    this.agent = agent;
    this.id = id;
  }

  /** Returns the session id. */
  public String id() {
    return id;
  }

  /**
   * Asks a question in this session, blocking until done.
   *
   * @return the result; see {@link DatabaseQueryAgent#query(String)} for its shape and exceptions
   * @throws RateLimitedException when the session reached its {@link
   *     DatabaseQueryAgent.Builder#sessionRateLimit(int, java.time.Duration) rate limit}; nothing was done
   */
  public QueryResult ask(String question) {
    return agent.runInSession(question, id);
  }

  /**
   * Asks a question in this session on a worker thread; see {@link DatabaseQueryAgent#queryAsync}. Over
   * the session's rate limit, the future fails with a {@link RateLimitedException}.
   */
  public CompletableFuture<QueryResult> askAsync(String question) {
    return agent.async(question, id);
  }

  /**
   * Streams a question in this session; see {@link DatabaseQueryAgent#stream(String)}. Each
   * subscription is one question against the session's rate limit; over it, the subscriber receives a
   * {@link QueryEvent.Failed} with a {@link RateLimitedException}.
   */
  public Flow.Publisher<QueryEvent> stream(String question) {
    return agent.streamInSession(question, id);
  }

  /** Returns the recorded turns, oldest first, never null. */
  public List<Turn> turns() {
    return agent.sessionStore().turns(id);
  }

  @Override
  public String toString() {
    return "Session[" + id + "]";
  }
}
