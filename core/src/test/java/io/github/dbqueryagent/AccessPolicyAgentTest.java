package io.github.dbqueryagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.dbqueryagent.event.QueryEvent;
import io.github.dbqueryagent.spi.AccessPolicy;
import io.github.dbqueryagent.spi.AccessPolicy.SensitiveColumnMode;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.SessionStore;
import io.github.dbqueryagent.spi.SqlGenerator;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.Turn;
import io.github.dbqueryagent.spi.ValueLookup;
import io.github.dbqueryagent.spi.Violation;
import io.github.dbqueryagent.support.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The access policy end to end, on the H2 shop: what the model sees, what may run, what comes back. */
class AccessPolicyAgentTest {
  private static final Pattern ORDERS_TABLE = Pattern.compile("(?i)\\borders\\b");

  /** The shop with an email column on customer. */
  static DataSource shopWithEmails() {
    DataSource ds = TestDatabases.h2Shop();
    TestDatabases.run(ds, List.of(
        "ALTER TABLE customer ADD COLUMN email VARCHAR(100)",
        "UPDATE customer SET email = LOWER(first_name) || '@example.com'"));
    return ds;
  }

  /** A generator that answers every question with fixed SQL and records what it was given. */
  static final class Scripted implements SqlGenerator {
    final String sql;
    final List<GenerationRequest> requests = new CopyOnWriteArrayList<>();

    Scripted(String sql) {
      this.sql = sql;
    }

    @Override
    public GeneratedSql generate(GenerationRequest request) {
      requests.add(request);
      return GeneratedSql.of(sql, "", 0.9);
    }
  }

  static DatabaseQueryAgent agent(DataSource ds, AccessPolicy policy, SqlGenerator generator) {
    return DatabaseQueryAgent.builder().environment(name -> null).dataSource(ds).accessPolicy(policy)
        .sqlGenerator(generator).build();
  }

  @Test
  void theModelNeverSeesABlockedTableOrColumn() {
    AccessPolicy policy = AccessPolicy.builder().addBlockedTable("ORDERS").addBlockedColumn("customer.last_name").build();
    Scripted generator = new Scripted("SELECT COUNT(*) FROM customer");
    agent(TestDatabases.h2Shop(), policy, generator).query("How many orders did each customer place, by last name?");

    GenerationRequest request = generator.requests.get(0);
    assertThat(request.catalog().tables()).extracting(t -> t.name().name().toLowerCase())
        .containsExactlyInAnyOrder("customer", "order_item", "product", "region");
    Table customer = request.catalog().tablesNamed("customer").get(0);
    assertThat(customer.columns()).extracting(Column::name).noneMatch(c -> c.equalsIgnoreCase("last_name"));
    Table item = request.catalog().tablesNamed("order_item").get(0);
    assertThat(item.foreignKeys()).extracting(fk -> fk.referencedTable().name().toLowerCase()).containsExactly("product");
    assertThat(request.context().text()).doesNotContainPattern(ORDERS_TABLE).doesNotContainIgnoringCase("last_name");
    assertThat(request.context().tables()).extracting(TableName::name).noneMatch(n -> n.equalsIgnoreCase("orders"));
    assertThat(request.summaries().keySet()).extracting(TableName::name).noneMatch(n -> n.equalsIgnoreCase("orders"));
    assertThat(request.retrieval().tables()).extracting(Retrieval.ScoredTable::table)
        .extracting(TableName::name).noneMatch(n -> n.equalsIgnoreCase("orders"));
  }

  @Test
  void theRuleBasedGeneratorCannotReachABlockedTableOrColumn() {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().environment(name -> null).dataSource(TestDatabases.h2Shop())
        .accessPolicy(AccessPolicy.builder().addBlockedTable("orders").addBlockedColumn("customer.last_name").build())
        .build();
    QueryResult orders = agent.query("How many orders are there?");
    assertThat(orders.sql()).doesNotContainPattern(ORDERS_TABLE);
    QueryResult names = agent.query("List the last names of the customers from Brazil");
    assertThat(names.sql()).doesNotContainIgnoringCase("last_name");
    assertThat(names.rows()).flatExtracting(row -> row).doesNotContain("Silva", "Costa");
    QueryResult open = agent.query("How many customers are from Brazil?");
    assertThat(open.rows()).containsExactly(List.of(2L));
  }

  @Test
  void aForgedGeneratorCannotReadABlockedTableThroughAnAliasACteOrASubquery() {
    AccessPolicy policy = AccessPolicy.builder().addBlockedTable("orders").addBlockedColumn("customer.last_name").build();
    DataSource ds = TestDatabases.h2Shop();
    List<String[]> attempts = List.of(
        new String[] {"SELECT o.total FROM orders AS o", "table-blocked"},
        new String[] {"WITH x AS (SELECT * FROM ORDERS) SELECT COUNT(*) FROM x", "table-blocked"},
        new String[] {"SELECT c.first_name FROM customer c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)",
            "table-blocked"},
        new String[] {"SELECT first_name FROM customer UNION SELECT status FROM public.orders", "table-blocked"},
        new String[] {"SELECT n FROM (SELECT last_name AS n FROM customer) t", "column-blocked"},
        new String[] {"SELECT * FROM customer", "column-blocked"});
    for (String[] attempt : attempts) {
      Scripted forged = new Scripted(attempt[0]);
      SqlRejectedException e = catchThrowableOfType(SqlRejectedException.class,
          () -> agent(ds, policy, forged).query("show me the orders"));
      assertThat(e).as(attempt[0]).isNotNull();
      assertThat(e.violations()).as(attempt[0]).extracting(Violation::rule).contains(attempt[1]);
      assertThat(e.stage()).isEqualTo(Stage.VALIDATE);
      // the repair attempt told the generator why, and it gave up after proposing the same SQL again
      assertThat(forged.requests).hasSize(2);
      assertThat(forged.requests.get(1).previousAttempt().orElseThrow().error()).contains(attempt[1]);
    }
  }

  @Test
  void maskModeMasksResultsEventsAnswersAndSessionTurns() throws Exception {
    SessionStore store = SessionStore.inMemory();
    DataSource ds = shopWithEmails();
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().environment(name -> null).dataSource(ds).sessionStore(store)
        .sqlGenerator(new Scripted("SELECT first_name, email FROM customer WHERE country = 'Brazil' ORDER BY first_name"))
        .build();
    Session session = agent.session("auditor");
    QueryResult r = session.ask("What are the emails of the Brazilian customers?");
    assertThat(r.rows()).containsExactly(List.of("Ana", AccessPolicy.MASKED_VALUE), List.of("Bruno", AccessPolicy.MASKED_VALUE));
    assertThat(r.answer()).contains(AccessPolicy.MASKED_VALUE).doesNotContain("@example.com");
    List<Turn> turns = store.turns("auditor");
    assertThat(turns).hasSize(1);
    assertThat(turns.get(0).answer()).isEqualTo(r.answer()).doesNotContain("@example.com");

    StreamingTest.Recorder recorder = new StreamingTest.Recorder(Long.MAX_VALUE);
    session.stream("And again?").subscribe(recorder);
    assertThat(recorder.done.await(30, TimeUnit.SECONDS)).isTrue();
    List<QueryEvent.RowsReceived> rows = new ArrayList<>();
    for (QueryEvent e : recorder.events) {
      if (e instanceof QueryEvent.RowsReceived) rows.add((QueryEvent.RowsReceived) e);
    }
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).rows()).extracting(row -> row.get(1)).containsOnly(AccessPolicy.MASKED_VALUE);
    assertThat(store.turns("auditor")).extracting(Turn::answer).noneMatch(a -> a.contains("@example.com"));
  }

  @Test
  void maskingFollowsAliasesDerivedTablesAndCtes() {
    DataSource ds = shopWithEmails();
    for (String sql : List.of(
        "SELECT email AS contact FROM customer WHERE customer_id = 1",
        "SELECT x FROM (SELECT UPPER(email) AS x FROM customer WHERE customer_id = 1) t",
        "WITH c AS (SELECT customer_id AS id, email AS k FROM customer) SELECT k FROM c WHERE id = 1",
        "SELECT first_name FROM customer WHERE customer_id = 2 UNION ALL SELECT email FROM customer WHERE customer_id = 1")) {
      QueryResult r = agent(ds, AccessPolicy.defaults(), new Scripted(sql)).query("contact of the first customer");
      assertThat(r.rows()).as(sql).extracting(row -> row.get(0)).contains(AccessPolicy.MASKED_VALUE);
      assertThat(r.rows()).as(sql).flatExtracting(row -> row).noneMatch(v -> String.valueOf(v).contains("@"));
    }
    QueryResult counted = agent(ds, AccessPolicy.defaults(),
        new Scripted("SELECT COUNT(email) AS n FROM customer")).query("how many customers have an email?");
    assertThat(counted.rows()).containsExactly(List.of(5L));
    QueryResult plain = agent(ds, AccessPolicy.defaults(),
        new Scripted("SELECT first_name FROM customer WHERE email = 'ana@example.com'")).query("who is ana?");
    assertThat(plain.rows()).containsExactly(List.of("Ana"));
  }

  @Test
  void maskingCanBeTurnedOffForDetectedColumns() {
    QueryResult r = agent(shopWithEmails(), AccessPolicy.builder().sensitiveColumnDetection(false).build(),
        new Scripted("SELECT email FROM customer WHERE customer_id = 1")).query("email of the first customer");
    assertThat(r.rows()).containsExactly(List.of("ana@example.com"));
    QueryResult configured = agent(TestDatabases.h2Shop(), AccessPolicy.builder().addSensitiveColumn("customer.city").build(),
        new Scripted("SELECT first_name, city FROM customer WHERE customer_id = 1")).query("where does the first customer live?");
    assertThat(configured.rows()).containsExactly(List.of("Ana", AccessPolicy.MASKED_VALUE));
  }

  @Test
  void theRuleBasedGeneratorsAnswersAreMaskedToo() {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().environment(name -> null).dataSource(shopWithEmails()).build();
    QueryResult r = agent.query("List the emails of the customers from Brazil");
    assertThat(r.sql()).containsIgnoringCase("email");
    assertThat(r.rows()).isNotEmpty();
    assertThat(r.rows()).flatExtracting(row -> row).noneMatch(v -> String.valueOf(v).contains("@"));
    assertThat(r.answer()).doesNotContain("@example.com");
  }

  @Test
  void blockModeRejectsQueriesThatReadSensitiveColumnsAndHidesThem() {
    AccessPolicy block = AccessPolicy.builder().sensitiveColumnMode(SensitiveColumnMode.BLOCK).build();
    DataSource ds = shopWithEmails();
    for (String sql : List.of(
        "SELECT email FROM customer",
        "SELECT first_name FROM customer WHERE email LIKE 'a%'",
        "SELECT c.* FROM customer c",
        "SELECT e FROM (SELECT email AS e FROM customer) t")) {
      Scripted forged = new Scripted(sql);
      assertThatThrownBy(() -> agent(ds, block, forged).query("emails please"))
          .as(sql)
          .isInstanceOf(SqlRejectedException.class)
          .satisfies(e -> assertThat(((SqlRejectedException) e).violations()).extracting(Violation::rule)
              .contains("sensitive-column"));
      Table customer = forged.requests.get(0).catalog().tablesNamed("customer").get(0);
      assertThat(customer.columns()).extracting(Column::name).noneMatch(c -> c.equalsIgnoreCase("email"));
      assertThat(forged.requests.get(0).context().text()).doesNotContainIgnoringCase("email");
    }
    QueryResult allowed = agent(ds, block, new Scripted("SELECT first_name FROM customer WHERE customer_id = 1"))
        .query("first customer");
    assertThat(allowed.rows()).containsExactly(List.of("Ana"));
  }

  @Test
  void valueLinkingNeverLooksIntoSensitiveOrHiddenColumns() {
    List<String> looked = new CopyOnWriteArrayList<>();
    ValueLookup recording = (table, column, candidates) -> {
      looked.add(table.name().name().toLowerCase() + "." + column.name().toLowerCase());
      return List.of();
    };
    SqlGenerator probing = request -> {
      Table customer = request.catalog().tablesNamed("customer").get(0);
      for (Column c : customer.columns()) request.values().find(customer, c, List.of("ana@example.com", "Ana"));
      Table hidden = new Table(TableName.of("PUBLIC", "ORDERS"), Table.Kind.TABLE, "",
          List.of(Column.of("STATUS", "VARCHAR", java.sql.Types.VARCHAR)), List.of(), List.of(), -1);
      request.values().find(hidden, hidden.columns().get(0), List.of("shipped"));
      return GeneratedSql.of("SELECT COUNT(*) FROM customer", "", 1);
    };
    DatabaseQueryAgent.builder().environment(name -> null).dataSource(shopWithEmails()).valueLookup(recording)
        .sqlGenerator(probing).accessPolicy(AccessPolicy.builder().addBlockedTable("orders").build())
        .build().query("customers called Ana");
    assertThat(looked).contains("customer.first_name", "customer.country").doesNotContain("customer.email", "orders.status");
  }

  @Test
  void theBuilderTakesAPolicyAndKeepsItInVariants() {
    assertThatThrownBy(() -> DatabaseQueryAgent.builder().accessPolicy(null)).isInstanceOf(NullPointerException.class);
    DatabaseQueryAgent blocking = agent(shopWithEmails(),
        AccessPolicy.builder().sensitiveColumnMode(SensitiveColumnMode.BLOCK).build(), new Scripted("SELECT email FROM customer"));
    DatabaseQueryAgent variant = blocking.toBuilder().maxRows(5).build();
    assertThatThrownBy(() -> variant.query("emails")).isInstanceOf(SqlRejectedException.class)
        .hasMessageContaining("sensitive");
  }
}
