package io.github.dbqueryagent.examples;

import io.github.dbqueryagent.ContextResult;
import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.QueryResult;
import io.github.dbqueryagent.spi.ExampleStore;
import io.github.dbqueryagent.spi.FewShotExample;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A catalog too large for one prompt: two small applications (a shop and a clinic) as schemas beside
 * 300 generated tables that all talk about customers, orders and payments. Shows what the agent sends a
 * model for a question ({@code agent.context}), within a small token budget, with the schema index built
 * ahead of time ({@code agent.prepare()}) and a few-shot example. Run it with {@code mvn -q -pl examples
 * exec:java -Dexec.mainClass=io.github.dbqueryagent.examples.LargeSchema}.
 */
public final class LargeSchema {
  private LargeSchema() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    run("jdbc:h2:mem:large-schema;DB_CLOSE_DELAY=-1", System.out);
  }

  /** Creates the catalog at {@code url}, then prints the context of two questions and one answer. */
  static void run(String url, PrintStream out) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA shop");
      s.execute("CREATE TABLE shop.customer (customer_id INT PRIMARY KEY, name VARCHAR(80), country VARCHAR(40))");
      s.execute("CREATE TABLE shop.purchase (purchase_id INT PRIMARY KEY, customer_id INT REFERENCES shop.customer,"
          + " total DECIMAL(10,2), bought_on DATE)");
      s.execute("INSERT INTO shop.customer VALUES (1, 'Ana', 'Brazil'), (2, 'Bo', 'Canada'), (3, 'Caio', 'Brazil')");
      s.execute("INSERT INTO shop.purchase VALUES (1, 1, 20.00, DATE '2026-01-02'), (2, 3, 35.50, DATE '2026-02-03')");
      s.execute("CREATE SCHEMA clinic");
      s.execute("CREATE TABLE clinic.doctor (doctorid INT PRIMARY KEY, fullname VARCHAR(80), specialty VARCHAR(40))");
      s.execute("CREATE TABLE clinic.patient (patientid INT PRIMARY KEY, fullname VARCHAR(80), birthdate DATE)");
      // lower-case joined names and no declared keys: the agent splits the names and infers the joins
      s.execute("CREATE TABLE clinic.appointment (appointmentid INT PRIMARY KEY, doctorid INT, patientid INT, startsat TIMESTAMP)");
      s.execute("CREATE SCHEMA legacy");
      for (int i = 0; i < 300; i++) {
        String noun = new String[] {"customer", "order", "payment"}[i % 3];
        s.execute("CREATE TABLE legacy." + noun + "_" + i + " (id INT PRIMARY KEY, " + noun + "_code VARCHAR(20),"
            + " amount DECIMAL(10,2), note VARCHAR(200))");
      }
    }

    ExampleStore examples = ExampleStore.of(List.of(new FewShotExample(
        "How many appointments does each doctor have?",
        "SELECT d.fullname, COUNT(*) FROM clinic.appointment a JOIN clinic.doctor d ON d.doctorid = a.doctorid"
            + " GROUP BY d.fullname")));
    try (DatabaseQueryAgent agent = DatabaseQueryAgent.builder().jdbcUrl(url).tokenBudget(600)
        .exampleStore(examples).build()) {
      agent.prepare().join(); // read the catalog and build the schema index before the first question

      for (String question : List.of("Which doctor sees the most patients?",
          "What did customers from Brazil spend in total?")) {
        ContextResult ctx = agent.context(question);
        out.println(question);
        out.println("  " + ctx.context().tokens() + " of " + ctx.budget() + " tokens; tables: " + ctx.context().tables());
        out.println(ctx.context().text().indent(4).stripTrailing());
      }

      QueryResult r = agent.query("How many customers are from Brazil?");
      out.println("SQL: " + r.sql());
      out.println("rows: " + r.rows());
    }
  }
}
