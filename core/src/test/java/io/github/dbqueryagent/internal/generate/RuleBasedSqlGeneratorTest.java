package io.github.dbqueryagent.internal.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.QueryResult;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.ValueLookup;
import io.github.dbqueryagent.support.TestDatabases;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The offline generator end to end on the shop fixture, on H2 and SQLite. */
class RuleBasedSqlGeneratorTest {
  @TempDir static Path dir;

  static DatabaseQueryAgent agent(String engine) {
    DataSource ds = engine.equals("h2") ? TestDatabases.h2Shop() : TestDatabases.sqliteShop(dir);
    return DatabaseQueryAgent.builder().dataSource(ds).build();
  }

  static Stream<Arguments> answered() {
    return Stream.of(
        Arguments.of("How many customers are from Brazil?", List.of(List.of("2"))),
        Arguments.of("How many customers are there?", List.of(List.of("5"))),
        Arguments.of("How many customers are there in each country?",
            List.of(List.of("Brazil", "2"), List.of("Canada", "1"), List.of("France", "1"), List.of("Norway", "1"))),
        Arguments.of("What is the average price of products?", List.of(List.of("66.125"))),
        Arguments.of("What is the total amount of all orders?", List.of(List.of("488.5"))),
        Arguments.of("Which customer has the most orders?", List.of(List.of("Ana", "Silva", "2"))),
        Arguments.of("What is the most expensive product?", List.of(List.of("Espresso Machine", "199"))),
        Arguments.of("Which products cost more than 20?", List.of(List.of("Espresso Machine"), List.of("Milk Frother"))),
        Arguments.of("List the products in the Kitchen category", List.of(List.of("Espresso Machine"), List.of("Milk Frother"))),
        Arguments.of("How many orders were placed in 2024?", List.of(List.of("3"))),
        Arguments.of("How many orders are shipped?", List.of(List.of("3"))),
        Arguments.of("What is the highest price?", List.of(List.of("199"))),
        Arguments.of("How many orders does each customer have?",
            List.of(List.of("Ana", "Silva", "2"), List.of("Chloe", "Martin", "1"), List.of("Dan", "Smith", "1"))),
        Arguments.of("How many customers are in the Europe region?", List.of(List.of("2"))),
        Arguments.of("List the cities of customers from Brazil", List.of(List.of("Sao Paulo"), List.of("Rio de Janeiro"))));
  }

  @ParameterizedTest(name = "[h2] {0}")
  @MethodSource("answered")
  void answersOnH2(String question, List<List<String>> expected) {
    check(agent("h2"), question, expected);
  }

  @ParameterizedTest(name = "[sqlite] {0}")
  @MethodSource("answered")
  void answersOnSqlite(String question, List<List<String>> expected) {
    check(agent("sqlite"), question, expected);
  }

  private static void check(DatabaseQueryAgent agent, String question, List<List<String>> expected) {
    QueryResult r = agent.query(question);
    assertThat(r.clarification()).as("clarification for: " + question).isEmpty();
    assertThat(normalise(r.rows())).as(r.sql()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(r.generator()).isEqualTo("rule-based");
    assertThat(r.answer()).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "What is the airspeed velocity of an unladen swallow?",
      "How many unicorns are there?",
      "Which customers churned last quarter?",
      "Show me the employees"
  })
  void declinesWhatItCannotLink(String question) {
    QueryResult r = agent("h2").query(question);
    assertThat(r.clarification()).as(r.sql()).isPresent();
    assertThat(r.sql()).isEmpty();
    assertThat(r.rows()).isEmpty();
    assertThat(r.confidence()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "sqlite"})
  void followUpsRefineThePreviousQuestion(String engine) {
    io.github.dbqueryagent.Session s = agent(engine).session("follow-ups");
    assertThat(s.ask("Which customers are from Brazil?").rows()).hasSize(2);
    QueryResult only = s.ask("only those from Sao Paulo");
    assertThat(normalise(only.rows())).containsExactly(List.of("Ana", "Silva"));
    assertThat(only.explanation()).contains("follow-up");
    QueryResult sorted = s.ask("sort them by city");
    assertThat(sorted.sql()).containsIgnoringCase("ORDER BY");
    assertThat(normalise(sorted.rows())).containsExactly(List.of("Ana", "Silva"));
    QueryResult brazilSorted = agent(engine).session("other").ask("Which customers are from Brazil?");
    assertThat(brazilSorted.rows()).hasSize(2);
    // without history nothing is read as a follow-up
    assertThat(agent(engine).query("only those from Sao Paulo").explanation()).doesNotContain("follow-up");
  }

  static List<List<String>> normalise(List<List<Object>> rows) {
    List<List<String>> out = new ArrayList<>();
    for (List<Object> row : rows) {
      List<String> r = new ArrayList<>();
      for (Object o : row) {
        if (o instanceof Number) {
          r.add(new BigDecimal(o.toString()).stripTrailingZeros().toPlainString());
        } else {
          r.add(String.valueOf(o));
        }
      }
      out.add(r);
    }
    return out;
  }

  /** The catalog with sample values on one column (names compared ignoring case: H2 folds them). */
  static Catalog withSamples(Catalog catalog, String table, String column, List<String> values) {
    List<Table> tables = new ArrayList<>();
    for (Table t : catalog.tables()) {
      List<Column> columns = new ArrayList<>();
      for (Column c : t.columns()) {
        boolean target = t.name().name().equalsIgnoreCase(table) && c.name().equalsIgnoreCase(column);
        columns.add(target ? c.withSampleValues(values) : c);
      }
      tables.add(t.withColumns(columns));
    }
    return catalog.withTables(tables);
  }

  /** A value lookup that finds nothing and records the columns it was asked about. */
  static ValueLookup recording(List<String> columns) {
    return (table, column, candidates) -> {
      columns.add((table.name().name() + "." + column.name()).toLowerCase(java.util.Locale.ROOT));
      return List.of();
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "sqlite"})
  void linksAValueFromTheSampleValuesWithoutALookup(String engine) {
    DataSource ds = engine.equals("h2") ? TestDatabases.h2Shop() : TestDatabases.sqliteShop(dir);
    Catalog sampled = withSamples(SchemaSource.jdbc(ds).catalog(), "customer", "country",
        List.of("Brazil", "Canada", "France", "Norway"));
    List<String> looked = Collections.synchronizedList(new ArrayList<>());
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(ds).schemaSource(SchemaSource.fixed(sampled))
        .valueLookup(recording(looked)).build();

    QueryResult r = agent.query("How many customers are from norway?");

    assertThat(r.clarification()).as(r.explanation()).isEmpty();
    assertThat(r.sql()).as("the stored spelling").contains("'Norway'");
    assertThat(normalise(r.rows())).containsExactly(List.of("1"));
    assertThat(looked).as("columns looked up").isNotEmpty().doesNotContain("customer.country");

    // the same lookup without sample values finds nothing, and the question is not answered
    looked.clear();
    QueryResult without = DatabaseQueryAgent.builder().dataSource(ds).valueLookup(recording(looked)).build()
        .query("How many customers are from norway?");
    assertThat(without.clarification()).isPresent();
    assertThat(looked).contains("customer.country");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "sqlite"})
  void newSampleValuesOfAReReadCatalogAreUsedThoughItsFingerprintIsTheSame(String engine) {
    DataSource ds = engine.equals("h2") ? TestDatabases.h2Shop() : TestDatabases.sqliteShop(dir);
    Catalog read = SchemaSource.jdbc(ds).catalog();
    AtomicReference<Catalog> current =
        new AtomicReference<>(withSamples(read, "customer", "country", List.of("Brazil", "Canada")));
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(ds).schemaSource(current::get)
        .valueLookup(ValueLookup.none()).build();
    assertThat(normalise(agent.query("How many customers are from Brazil?").rows())).containsExactly(List.of("2"));
    assertThat(agent.query("How many customers are from France?").clarification()).isPresent();

    Catalog reread = withSamples(read, "customer", "country", List.of("Brazil", "Canada", "France", "Norway"));
    assertThat(reread.fingerprint()).isEqualTo(current.get().fingerprint());
    current.set(reread);
    QueryResult france = agent.query("How many customers are from France?");
    assertThat(france.clarification()).as(france.explanation()).isEmpty();
    assertThat(normalise(france.rows())).containsExactly(List.of("1"));
  }
}
