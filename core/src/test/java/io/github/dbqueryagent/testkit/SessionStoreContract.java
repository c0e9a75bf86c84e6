package io.github.dbqueryagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.dbqueryagent.spi.SessionStore;
import io.github.dbqueryagent.spi.Turn;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SessionStore} must show, as an abstract JUnit 5 test class.
 *
 * <p>To check an implementation, extend this class and implement {@link #createStore()}; override
 * {@link #createStoreRetainingAtLeast(int)} when the store keeps only the last turns of a session by
 * default (as {@link SessionStore#inMemory()} does). Every test uses session ids made unique per test
 * instance, so a persistent store may share its storage between tests and runs.
 *
 * <p>What is checked: an unknown session has no turns; appended turns come back oldest first (in
 * append order, not by {@link Turn#at()}) with every field preserved ({@code at} to the millisecond);
 * sessions are isolated, also when ids differ only by case, a trailing space or LIKE wildcards;
 * Unicode and 10,000-character texts round-trip; a null or blank session id and a null turn are
 * rejected with {@link NullPointerException} or {@link IllegalArgumentException}; concurrent appends
 * to one session lose nothing and never interleave fields of different turns; the returned list is
 * unmodifiable and a snapshot.
 */
public abstract class SessionStoreContract {

  /** Appending threads in {@link #concurrentAppendsToOneSessionLoseNothing()}. */
  protected static final int THREADS = 8;

  /** Turns each thread appends in {@link #concurrentAppendsToOneSessionLoseNothing()}. */
  protected static final int TURNS_PER_THREAD = 50;

  private static final Instant BASE = Instant.parse("2026-03-14T15:09:26.535897932Z");
  private static final Pattern CONCURRENT_QUESTION = Pattern.compile("q t=(\\d+) i=(\\d+)");

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** Creates the contract. */
  protected SessionStoreContract() {}

  /**
   * Returns the store under test, in its default configuration. Called once per test; the stores of
   * different tests may share storage.
   *
   * @return a store, never null
   */
  protected abstract SessionStore createStore();

  /**
   * Returns a store that keeps at least {@code turns} turns per session, for the concurrency test.
   * The default returns {@link #createStore()}; override it when the default store keeps fewer.
   *
   * @param turns the number of turns of one session the store must return, at least 1
   * @return a store, never null
   */
  protected SessionStore createStoreRetainingAtLeast(int turns) {
    return createStore();
  }

  /**
   * Returns a session id unique to this test instance.
   *
   * @param name a readable prefix
   * @return {@code name + "-" + a random suffix}
   */
  protected final String sessionId(String name) {
    return name + "-" + run;
  }

  @Test
  void unknownSessionHasNoTurns() {
    SessionStore store = createStore();

    List<Turn> turns = store.turns(sessionId("nobody"));

    assertThat(turns).isNotNull().isEmpty();
  }

  @Test
  void appendedTurnsComeBackOldestFirstWithEveryField() {
    SessionStore store = createStore();
    String id = sessionId("order");
    Turn first =
        new Turn(
            "How many customers are there?",
            "SELECT COUNT(*) AS n FROM customer",
            List.of("n"),
            1,
            "There are 42 customers.",
            "",
            BASE);
    // Deliberately earlier than the first: order is append order, not time order.
    Turn second =
        new Turn(
            "only those from Canada",
            "SELECT COUNT(*) AS n FROM customer WHERE country = 'Canada'",
            List.of("n"),
            1,
            "7 customers are from Canada.",
            "",
            BASE.minus(Duration.ofHours(1)).plusNanos(123_456));
    Turn third =
        new Turn(
            "list them with their totals",
            "SELECT c.name, SUM(o.total) AS total FROM customer c JOIN orders o ON o.customer_id = c.id"
                + " WHERE c.country = 'Canada' GROUP BY c.name",
            List.of("name", "total"),
            7,
            "Seven customers; the largest total is 1,250.00.",
            "",
            BASE.plusSeconds(90).plusNanos(999_999));

    store.append(id, first);
    store.append(id, second);
    store.append(id, third);

    assertTurns(store.turns(id), List.of(first, second, third));
  }

  @Test
  void clarificationTurnWithoutSqlRoundTrips() {
    SessionStore store = createStore();
    String id = sessionId("clarify");
    Turn clarification =
        new Turn("show me the big ones", "", List.of(), 0, "", "Big by revenue or by headcount?", Instant.EPOCH);

    store.append(id, clarification);

    List<Turn> turns = store.turns(id);
    assertTurns(turns, List.of(clarification));
    assertThat(turns.get(0).hasSql()).isFalse();
  }

  @Test
  void sessionsAreIsolated() {
    SessionStore store = createStore();
    String alice = sessionId("alice");
    String bob = sessionId("bob");
    String upperAlice = sessionId("ALICE");
    String paddedAlice = alice + " ";
    String wildcard = sessionId("a%");
    String underscore = sessionId("_lice");
    Map<String, Turn> bySession = new HashMap<>();
    for (String id : List.of(alice, bob, upperAlice, paddedAlice, wildcard, underscore)) {
      Turn turn = simpleTurn("question of " + id, 0);
      bySession.put(id, turn);
      store.append(id, turn);
    }
    Turn aliceSecond = simpleTurn("second question of alice", 1);
    store.append(alice, aliceSecond);

    assertTurns(store.turns(alice), List.of(bySession.get(alice), aliceSecond));
    for (String id : List.of(bob, upperAlice, paddedAlice, wildcard, underscore)) {
      assertTurns(store.turns(id), List.of(bySession.get(id)));
    }
    assertThat(store.turns(sessionId("carol"))).isEmpty();
  }

  @Test
  void unicodeRoundTrips() {
    SessionStore store = createStore();
    String id = sessionId("unicode-\u00e9\u6f22\u5b57-\uD83D\uDE00");
    Turn turn =
        new Turn(
            "Combien de clients \u00e0 Z\u00fcrich ? \u5ba2\u6237\u6709\u591a\u5c11\uff1f "
                + "\u0639\u062f\u062f \u0627\u0644\u0639\u0645\u0644\u0627\u0621 \uD83D\uDE00\uD83C\uDDE8\uD83C\uDDE6 "
                + "e\u0301 \u00df \u212b",
            "SELECT \"Kund\u00e9\", 'it''s', 'back\\slash', '\"quoted\"'\nFROM t\tWHERE x = '%_'",
            List.of(
                "Kund\u00e9",
                "\u5ba2\u6237",
                "with \"quotes\"",
                "back\\slash",
                "[\"json\",{\"like\":1}]",
                "\uD83D\uDCB0 total",
                ""),
            3,
            "R\u00e9ponse : 3 \u2014 \u00ab ok \u00bb \u2713 \uD834\uDD1E\r\nline two\u2028line three",
            "Meinten Sie \u201eUmsatz\u201c oder \u201eGewinn\u201c? '; DROP TABLE turns; --",
            BASE);

    store.append(id, turn);

    assertTurns(store.turns(id), List.of(turn));
  }

  @Test
  void longTextRoundTrips() {
    SessionStore store = createStore();
    String id = sessionId("long");
    String answer = longText(10_000);
    String sql = "SELECT 1 AS x FROM t WHERE note = '" + longText(9_960) + "'";
    Turn turn = new Turn("a very long answer, please", sql, List.of("x"), 1, answer, "", BASE);

    store.append(id, turn);

    List<Turn> turns = store.turns(id);
    assertThat(answer).hasSize(10_000);
    assertTurns(turns, List.of(turn));
    assertThat(turns.get(0).answer()).hasSize(10_000);
  }

  @Test
  void nullOrBlankSessionIdIsRejected() {
    SessionStore store = createStore();
    Turn turn = simpleTurn("rejected", 0);

    for (String bad : new String[] {null, "", " ", "  \t\n"}) {
      assertThatThrownBy(() -> store.append(bad, turn))
          .as("append(%s, turn)", bad == null ? "null" : "\"" + bad + "\"")
          .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> store.turns(null))
        .as("turns(null)")
        .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
    // A blank id may be rejected on read too; if it is accepted, nothing can have been stored under it.
    for (String blank : new String[] {"", " "}) {
      List<Turn> turns;
      try {
        turns = store.turns(blank);
      } catch (IllegalArgumentException expected) {
        continue;
      }
      assertThat(turns).as("turns(\"%s\")", blank).isEmpty();
    }
  }

  @Test
  void nullTurnIsRejectedAndNothingIsRecorded() {
    SessionStore store = createStore();
    String id = sessionId("null-turn");

    assertThatThrownBy(() -> store.append(id, null)).isInstanceOf(NullPointerException.class);

    assertThat(store.turns(id)).isEmpty();
  }

  @Test
  void concurrentAppendsToOneSessionLoseNothing() throws InterruptedException {
    int total = THREADS * TURNS_PER_THREAD;
    SessionStore store = createStoreRetainingAtLeast(total);
    String id = sessionId("concurrent");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < TURNS_PER_THREAD; i++) {
                    store.append(id, concurrentTurn(thread, i));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        try {
          f.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
          fail("an append failed", e.getCause());
        } catch (TimeoutException e) {
          fail("appends did not finish within 5 minutes (deadlock?)", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }

    List<Turn> turns = store.turns(id);

    assertThat(turns).hasSize(total);
    Set<String> seen = new HashSet<>();
    int[] lastIndexOfThread = new int[THREADS];
    Arrays.fill(lastIndexOfThread, -1);
    for (Turn turn : turns) {
      Matcher m = CONCURRENT_QUESTION.matcher(turn.question());
      assertThat(m.matches()).as("question of %s", turn).isTrue();
      int thread = Integer.parseInt(m.group(1));
      int i = Integer.parseInt(m.group(2));
      assertSameTurn(turn, concurrentTurn(thread, i));
      assertThat(seen.add(turn.question())).as("duplicate turn %s", turn.question()).isTrue();
      assertThat(i)
          .as("turns of thread %d must stay in append order", thread)
          .isGreaterThan(lastIndexOfThread[thread]);
      lastIndexOfThread[thread] = i;
    }
  }

  @Test
  void returnedListIsUnmodifiableSnapshot() {
    SessionStore store = createStore();
    String id = sessionId("unmodifiable");
    Turn first = simpleTurn("first", 0);
    Turn second = simpleTurn("second", 1);

    assertUnmodifiable(store.turns(id), first);
    store.append(id, first);
    List<Turn> before = store.turns(id);
    assertUnmodifiable(before, second);
    store.append(id, second);

    assertTurns(before, List.of(first));
    assertTurns(store.turns(id), List.of(first, second));
  }

  /**
   * Asserts that two lists hold the same turns in the same order, comparing {@code at} to the
   * millisecond.
   *
   * @param actual the turns a store returned
   * @param expected the turns appended
   */
  protected static void assertTurns(List<Turn> actual, List<Turn> expected) {
    assertThat(actual).isNotNull();
    assertThat(actual).as("number of turns").hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertSameTurn(actual.get(i), expected.get(i));
    }
  }

  /**
   * Asserts that two turns have equal fields, comparing {@code at} to the millisecond.
   *
   * @param actual the turn a store returned
   * @param expected the turn appended
   */
  protected static void assertSameTurn(Turn actual, Turn expected) {
    String what = "turn \"" + abbreviate(expected.question()) + "\"";
    assertThat(actual).as(what).isNotNull();
    assertThat(actual.question()).as(what + " question").isEqualTo(expected.question());
    assertThat(actual.sql()).as(what + " sql").isEqualTo(expected.sql());
    assertThat(actual.columns()).as(what + " columns").containsExactlyElementsOf(expected.columns());
    assertThat(actual.rowCount()).as(what + " rowCount").isEqualTo(expected.rowCount());
    assertThat(actual.answer()).as(what + " answer").isEqualTo(expected.answer());
    assertThat(actual.clarification()).as(what + " clarification").isEqualTo(expected.clarification());
    assertThat(actual.at().truncatedTo(ChronoUnit.MILLIS))
        .as(what + " at (to the millisecond)")
        .isEqualTo(expected.at().truncatedTo(ChronoUnit.MILLIS));
  }

  /**
   * Returns a small turn whose fields all derive from its question and number.
   *
   * @param question the question
   * @param n a number mixed into the other fields
   * @return the turn
   */
  protected static Turn simpleTurn(String question, int n) {
    return new Turn(
        question, "SELECT " + n + " AS n", List.of("n"), 1, "The answer is " + n + ".", "", BASE.plusMillis(n));
  }

  private static Turn concurrentTurn(int thread, int i) {
    int n = thread * 1000 + i;
    return new Turn(
        "q t=" + thread + " i=" + i,
        "SELECT " + thread + " AS t, " + i + " AS i",
        List.of("t" + thread, "i" + i),
        n,
        "answer of thread " + thread + " turn " + i,
        i % 7 == 0 ? "clarification " + n : "",
        BASE.plusMillis(n));
  }

  private static String longText(int length) {
    String[] pieces = {"Lorem ipsum ", "\u00e9t\u00e9 ", "\u6f22\u5b57 ", "\uD83D\uDE00 ", "'quote' ", "\\n\n"};
    StringBuilder sb = new StringBuilder(length);
    int p = 0;
    while (true) {
      String piece = pieces[p++ % pieces.length];
      if (sb.length() + piece.length() > length) {
        break;
      }
      sb.append(piece);
    }
    while (sb.length() < length) {
      sb.append('x');
    }
    return sb.toString();
  }

  private static void assertUnmodifiable(List<Turn> turns, Turn extra) {
    assertThatThrownBy(() -> turns.add(extra)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> turns.add(0, extra)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> turns.addAll(List.of(extra))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(turns::clear).isInstanceOf(UnsupportedOperationException.class);
    if (!turns.isEmpty()) {
      assertThatThrownBy(() -> turns.set(0, extra)).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> turns.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
