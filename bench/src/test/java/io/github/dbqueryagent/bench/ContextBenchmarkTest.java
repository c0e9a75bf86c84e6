package io.github.dbqueryagent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The parts of {@link ContextBenchmark} that need no database and no evaluation data. */
class ContextBenchmarkTest {

  @Test
  void goldTablesOfJoinsAreQualifiedWithTheDatabase() {
    assertThat(GoldTables.of("SELECT a.name FROM author a JOIN writes w ON a.aid = w.aid", "academic"))
        .containsExactly("academic.author", "academic.writes");
  }

  @Test
  void goldTablesComeFromTheFirstAlternativeOnly() {
    String field = "SELECT count(*) FROM flight;SELECT count(*) FROM flight f JOIN airline a ON f.airline_code = a.airline_code";
    assertThat(GoldTables.of(field, "atis")).containsExactly("atis.flight");
  }

  @Test
  void columnAlternativesDoNotHideTables() {
    String field = "SELECT {r.name, r.id}, count(*) FROM restaurant r JOIN location l ON r.id = l.restaurant_id GROUP BY {}";
    assertThat(GoldTables.of(field, "restaurants")).containsExactly("restaurants.location", "restaurants.restaurant");
  }

  @Test
  void commonTableExpressionsAreNotTables() {
    String sql = "WITH SellTx AS (SELECT sbTxCustId, COUNT(*) AS n FROM sbTransaction GROUP BY sbTxCustId),"
        + " top AS (SELECT * FROM SellTx WHERE n > 1)"
        + " SELECT c.sbCustName FROM sbCustomer c JOIN top t ON c.sbCustId = t.sbTxCustId";
    assertThat(GoldTables.of(sql, "broker")).containsExactly("broker.sbcustomer", "broker.sbtransaction");
  }

  @Test
  void subqueriesAndOtherSchemasAreFoundAndRequalified() {
    String sql = "SELECT u.username FROM consumer_div.users u WHERE u.uid IN"
        + " (SELECT n.user_id FROM consumer_div.notifications n WHERE n.status = 'unread')";
    assertThat(GoldTables.of(sql, "ewallet")).containsExactly("ewallet.notifications", "ewallet.users");
  }

  @Test
  void quotedAndMixedCaseNamesAreLowerCased() {
    assertThat(GoldTables.tables("SELECT * FROM \"public\".\"Track\" t, Album")).containsExactly("album", "track");
  }

  @Test
  void tableFunctionsAreNotTables() {
    String sql = "SELECT d::date, count(s.id) FROM generate_series('2023-01-01'::date, '2023-01-07', '1 day') d"
        + " LEFT JOIN sales s ON s.sale_date = d::date GROUP BY 1";
    assertThat(GoldTables.tables(sql)).containsExactly("sales");
  }

  @Test
  void unparsableOrTablelessGoldIsRejected() {
    assertThatThrownBy(() -> GoldTables.tables("SELECT FROM WHERE")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GoldTables.tables("SELECT 1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no table");
    assertThatThrownBy(() -> GoldTables.of("  ", "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void identifiersAreSplitIntoWords() {
    assertThat(TableDocuments.words("sbTransaction")).isEqualTo("sb transaction");
    assertThat(TableDocuments.words("wallet_user_balance_daily")).isEqualTo("wallet user balance daily");
    assertThat(TableDocuments.words("HTTPServerLog")).isEqualTo("http server log");
    assertThat(TableDocuments.words("customer_0030")).isEqualTo("customer 0030");
    assertThat(TableDocuments.words("paperkeyphrase")).isEqualTo("paperkeyphrase");
  }

  @Test
  void percentilesAreNearestRank() {
    double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(ContextBenchmark.percentile(v, 0.5)).isEqualTo(5);
    assertThat(ContextBenchmark.percentile(v, 0.95)).isEqualTo(10);
    assertThat(ContextBenchmark.percentile(new double[] {3}, 0.95)).isEqualTo(3);
    assertThat(ContextBenchmark.percentile(new double[0], 0.5)).isZero();
  }

  private static final Set<String> CHINOOK = Set.of("album", "artist", "customer", "employee", "genre", "invoice",
      "invoice_line", "media_type", "playlist", "playlist_track", "track");
  private static final List<String> WIDE_NOUNS = List.of("customer", "order", "invoice", "product", "supplier",
      "shipment", "warehouse", "employee", "department", "payment", "refund", "campaign", "lead", "contract", "asset",
      "ticket", "region", "store", "account", "ledger", "budget", "project", "task", "vehicle", "route", "claim",
      "policy", "patient", "visit", "device");

  @Test
  void everyHeldOutGoldTableExistsInTheHeldOutCatalog() throws IOException {
    Set<String> own = new HashSet<>();
    Matcher m = Pattern.compile("(?i)CREATE TABLE (\\w+)\\.(\\w+)").matcher(ContextDatabases.heldOutDdl());
    while (m.find()) own.add(m.group(1) + "." + m.group(2));
    assertThat(own).hasSizeGreaterThan(25);
    assertThat(SqlScript.split(ContextDatabases.heldOutDdl())).isNotEmpty();

    List<ContextRun.Question> questions = ContextBenchmark.heldOutQuestions();
    assertThat(questions).hasSizeBetween(40, 60);
    for (ContextRun.Question q : questions) {
      assertThat(q.question()).isNotBlank();
      assertThat(q.gold()).as(q.question()).isNotEmpty();
      for (String table : q.gold()) {
        String schema = table.substring(0, table.indexOf('.'));
        String name = table.substring(table.indexOf('.') + 1);
        switch (schema) {
          case "chinook" -> assertThat(CHINOOK).as(q.question()).contains(name);
          case "wide" -> {
            int i = Integer.parseInt(name.substring(name.lastIndexOf('_') + 1));
            assertThat(name).as(q.question()).isEqualTo(WIDE_NOUNS.get(i % WIDE_NOUNS.size()) + String.format("_%04d", i));
          }
          default -> assertThat(own).as(q.question()).contains(table);
        }
      }
    }
  }
}
