package io.github.dbqueryagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.event.QueryEvent;
import io.github.dbqueryagent.spi.SessionStore;
import io.github.dbqueryagent.spi.Turn;
import io.github.dbqueryagent.support.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The {@link SessionStoreFailure} policies when the session store cannot record a turn. */
class SessionStoreFailureTest {

  /** An in-memory store whose appends fail while {@code failures} is positive; reads may fail too. */
  static final class FlakyStore implements SessionStore {
    final SessionStore delegate = SessionStore.inMemory();
    final AtomicInteger appendFailures = new AtomicInteger();
    volatile boolean readsFail;

    @Override
    public void append(String sessionId, Turn turn) {
      if (appendFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("disk full");
      }
      delegate.append(sessionId, turn);
    }

    @Override
    public List<Turn> turns(String sessionId) {
      if (readsFail) throw new IllegalStateException("store offline");
      return delegate.turns(sessionId);
    }
  }

  private final FlakyStore store = new FlakyStore();

  private DatabaseQueryAgent agent(SessionStoreFailure policy) {
    DatabaseQueryAgent.Builder b = DatabaseQueryAgent.builder().dataSource(TestDatabases.h2Shop()).sessionStore(store);
    return policy == null ? b.build() : b.sessionStoreFailure(policy).build();
  }

  @Test
  void byDefaultTheQuestionFailsAtPersistAndTheAnswerIsWithheld() {
    Session s = agent(null).session("alice");
    store.appendFailures.set(1);

    assertThatThrownBy(() -> s.ask("How many customers are from Brazil?"))
        .isExactlyInstanceOf(QueryAgentException.class)
        .hasMessageContaining("FlakyStore")
        .hasMessageContaining("alice")
        .hasMessageContaining("disk full")
        .hasMessageContaining("withheld")
        .hasCauseInstanceOf(IllegalStateException.class)
        .satisfies(e -> assertThat(((QueryAgentException) e).stage()).isEqualTo(Stage.PERSIST));
    assertThat(s.turns()).isEmpty();
    // the store is back: the session goes on
    assertThat(s.ask("How many customers are from Brazil?").rows()).containsExactly(List.of(2L));
    assertThat(s.turns()).hasSize(1);
  }

  @Test
  void underFailAStreamEndsWithAFailedEventAtPersist() throws Exception {
    DatabaseQueryAgent agent = agent(SessionStoreFailure.FAIL);
    store.appendFailures.set(1);
    StreamingTest.Recorder r = new StreamingTest.Recorder(Long.MAX_VALUE);
    agent.session("alice").stream("How many customers are from Brazil?").subscribe(r);

    assertThat(r.done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(r.completions).hasValue(1);
    assertThat(r.events).noneMatch(e -> e instanceof QueryEvent.Completed || e instanceof QueryEvent.Warned);
    QueryEvent last = r.events.get(r.events.size() - 1);
    assertThat(last).isInstanceOf(QueryEvent.Failed.class);
    assertThat(((QueryEvent.Failed) last).error().stage()).isEqualTo(Stage.PERSIST);
    assertThat(store.delegate.turns("alice")).isEmpty();
  }

  @Test
  void underReportTheAnswerComesWithAWarningAndALogLine() {
    Session s = agent(SessionStoreFailure.REPORT).session("bob");
    store.appendFailures.set(2);

    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    QueryResult answered;
    QueryResult clarified;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      answered = s.ask("How many customers are from Brazil?");
      clarified = s.ask("How many unicorns are there?");
    } finally {
      System.setErr(err);
    }

    assertThat(answered.rows()).containsExactly(List.of(2L));
    assertThat(answered.warnings()).singleElement().satisfies(w -> {
      assertThat(w.stage()).isEqualTo(Stage.PERSIST);
      assertThat(w.message()).contains("FlakyStore", "bob", "disk full", "not recorded");
    });
    assertThat(clarified.clarification()).isPresent();
    assertThat(clarified.warnings()).hasSize(1);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("WARN")
        .contains("could not record the turn of session 'bob'")
        .contains("sessionStoreFailure REPORT");
    // nothing half-written: neither turn is in the store, and the next one is recorded whole
    assertThat(s.turns()).isEmpty();
    QueryResult next = s.ask("How many products are there?");
    assertThat(next.warnings()).isEmpty();
    assertThat(s.turns()).singleElement().satisfies(t -> {
      assertThat(t.question()).isEqualTo("How many products are there?");
      assertThat(t.rowCount()).isEqualTo(1);
    });
  }

  @Test
  void underReportAStreamEmitsTheWarningAndCompletesWithIt() throws Exception {
    DatabaseQueryAgent agent = agent(SessionStoreFailure.REPORT);
    store.appendFailures.set(1);
    StreamingTest.Recorder r = new StreamingTest.Recorder(Long.MAX_VALUE);
    agent.session("carol").stream("How many customers are from Brazil?").subscribe(r);

    assertThat(r.done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(r.completions).hasValue(1);
    List<QueryEvent> warned = r.events.stream().filter(e -> e instanceof QueryEvent.Warned).toList();
    assertThat(warned).hasSize(1);
    QueryWarning warning = ((QueryEvent.Warned) warned.get(0)).warning();
    assertThat(warning.stage()).isEqualTo(Stage.PERSIST);
    QueryEvent last = r.events.get(r.events.size() - 1);
    assertThat(last).isInstanceOf(QueryEvent.Completed.class);
    QueryResult result = ((QueryEvent.Completed) last).result();
    assertThat(result.rows()).containsExactly(List.of(2L));
    assertThat(result.warnings()).containsExactly(warning);
    assertThat(r.events.indexOf(warned.get(0))).isLessThan(r.events.size() - 1);
    long started = r.events.stream().filter(e -> e instanceof QueryEvent.StageStarted).count();
    long completed = r.events.stream().filter(e -> e instanceof QueryEvent.StageCompleted).count();
    assertThat(started).isEqualTo(completed);
  }

  @Test
  void oneOffQuestionsNeverTouchTheStore() {
    DatabaseQueryAgent agent = agent(SessionStoreFailure.FAIL);
    store.appendFailures.set(100);
    store.readsFail = true;
    QueryResult r = agent.query("How many customers are from Brazil?");
    assertThat(r.rows()).containsExactly(List.of(2L));
    assertThat(r.warnings()).isEmpty();
    assertThat(store.appendFailures).hasValue(100);
  }

  @Test
  void aStoreThatCannotReadHistoryFailsTheQuestionUnderEitherPolicy() {
    store.readsFail = true;
    for (SessionStoreFailure policy : SessionStoreFailure.values()) {
      Session s = agent(policy).session("dave");
      assertThatThrownBy(() -> s.ask("only those from Brazil"))
          .as(policy.toString())
          .isExactlyInstanceOf(QueryAgentException.class)
          .hasMessageContaining("store offline")
          .satisfies(e -> assertThat(((QueryAgentException) e).stage()).isEqualTo(Stage.PERSIST));
    }
  }

  @Test
  void warningsAreImmutableAndAddedInOrder() {
    QueryResult r = agent(null).query("How many customers are from Brazil?");
    QueryWarning a = new QueryWarning(Stage.PERSIST, "first");
    QueryWarning b = new QueryWarning(Stage.ANSWER, "second");
    QueryResult both = r.withWarning(a).withWarning(b);
    assertThat(both.warnings()).containsExactly(a, b);
    assertThat(r.warnings()).isEmpty();
    assertThat(both.rows()).isEqualTo(r.rows());
    assertThatThrownBy(() -> both.warnings().add(a)).isInstanceOf(UnsupportedOperationException.class);
  }
}
