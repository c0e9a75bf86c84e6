package io.github.dbqueryagent.internal.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.QueryResult;
import io.github.dbqueryagent.support.TestDatabases;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
}
