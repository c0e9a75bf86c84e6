package io.github.dbqueryagent.examples;

import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.QueryAgentException;
import io.github.dbqueryagent.QueryResult;
import io.github.dbqueryagent.Session;
import io.github.dbqueryagent.event.QueryEvent;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * The smallest useful program: an H2 database in memory, one agent, a few questions, a session and a
 * stream. Run it with {@code mvn -q -pl examples exec:java
 * -Dexec.mainClass=io.github.dbqueryagent.examples.QuickStart}.
 */
public final class QuickStart {
  private QuickStart() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    run("jdbc:h2:mem:quickstart;DB_CLOSE_DELAY=-1", System.out);
  }

  /** Creates a small library database at {@code url}, then asks questions about it. */
  static void run(String url, PrintStream out) throws SQLException, InterruptedException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE author (author_id INT PRIMARY KEY, name VARCHAR(100), country VARCHAR(50))");
      s.execute("CREATE TABLE book (book_id INT PRIMARY KEY, title VARCHAR(200), pages INT, author_id INT,"
          + " FOREIGN KEY (author_id) REFERENCES author (author_id))");
      s.execute("INSERT INTO author VALUES (1, 'Chinua Achebe', 'Nigeria'), (2, 'Ursula K. Le Guin', 'USA'),"
          + " (3, 'Italo Calvino', 'Italy')");
      s.execute("INSERT INTO book VALUES (1, 'Things Fall Apart', 209, 1), (2, 'The Dispossessed', 387, 2),"
          + " (3, 'A Wizard of Earthsea', 183, 2), (4, 'Invisible Cities', 165, 3)");
    }

    // 1. one builder call: every stage has a working default (offline generator, read-only execution)
    try (DatabaseQueryAgent agent = DatabaseQueryAgent.builder().jdbcUrl(url).build()) {
      for (String question : new String[] {
          "How many books are there?",
          "Which author has the most books?",
          "What is the longest book?",
          "How many books does each author have?"}) {
        QueryResult r = agent.query(question);
        out.println(question);
        out.println("  SQL:    " + r.sql());
        out.println("  rows:   " + r.rows());
        out.println("  answer: " + r.answer());
      }

      // 2. a question it cannot link comes back as a clarification, not a guess
      QueryResult unsure = agent.query("What is the average royalty per publisher?");
      out.println("clarification: " + unsure.clarification().orElse("-"));

      // 3. bad input gets a specific exception
      try {
        agent.query("   ");
      } catch (QueryAgentException e) {
        out.println("rejected: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }

      // 4. a session records each turn
      Session session = agent.session("reader-1");
      session.ask("How many authors are from Italy?");
      out.println("session turns: " + session.turns().size());

      // 5. streaming with backpressure: request events one at a time
      CountDownLatch done = new CountDownLatch(1);
      agent.stream("How many books are there?").subscribe(new Flow.Subscriber<QueryEvent>() {
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
          subscription = s;
          s.request(1);
        }

        @Override
        public void onNext(QueryEvent event) {
          if (event instanceof QueryEvent.SqlProposed) {
            out.println("stream: SQL proposed: " + ((QueryEvent.SqlProposed) event).sql());
          } else if (event instanceof QueryEvent.Completed) {
            out.println("stream: completed with " + ((QueryEvent.Completed) event).result().rows());
          }
          subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
          out.println("stream error: " + t);
          done.countDown();
        }

        @Override
        public void onComplete() {
          done.countDown();
        }
      });
      if (!done.await(30, TimeUnit.SECONDS)) out.println("stream: timed out");
    }
  }
}
