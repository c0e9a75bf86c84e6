package io.github.dbqueryagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.internal.session.InMemorySessionStore;
import io.github.dbqueryagent.spi.SessionStore;
import io.github.dbqueryagent.spi.Turn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the {@link SessionStoreContract} on {@link SessionStore#inMemory()}. */
class InMemorySessionStoreTest extends SessionStoreContract {

  @Override
  protected SessionStore createStore() {
    return SessionStore.inMemory();
  }

  @Override
  protected SessionStore createStoreRetainingAtLeast(int turns) {
    return new InMemorySessionStore(Math.max(turns, 50), 100);
  }

  @Test
  void inMemoryKeepsTheLastFiftyTurnsOfASession() {
    SessionStore store = createStore();
    String id = sessionId("bounded");
    for (int i = 0; i < 60; i++) {
      store.append(id, simpleTurn("question " + i, i));
    }

    List<Turn> turns = store.turns(id);

    assertThat(turns).hasSize(50);
    assertSameTurn(turns.get(0), simpleTurn("question 10", 10));
    assertSameTurn(turns.get(49), simpleTurn("question 59", 59));
  }
}
