package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.ContextResult;
import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.QueryResult;
import io.github.dbqueryagent.spi.TableName;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Catalogs of several databases (MariaDB) and schemas (PostgreSQL) end to end: retrieval routes the
 * question to the right database or schema, the context names tables qualified as the catalog does, and
 * the SQL runs against the right database whatever the connection's current one. Skips with a message
 * when a server is absent, fails instead when {@code CI=true}.
 */
class MultiSchemaContextIT {
  static final ScratchDatabases MARIADB = ScratchDatabases.mariaDb();
  static final ScratchDatabases POSTGRES = ScratchDatabases.postgres();

  @AfterAll
  static void drop() throws Exception {
    MARIADB.dropAll();
    POSTGRES.dropAll();
  }

  @Test
  void mariaDbTablesInAnotherDatabaseAreQualifiedWithIt() throws Exception {
    String shop = MARIADB.create("dbqa_ctx_shop_");
    String staff = MARIADB.create("dbqa_ctx_staff_");
    try (Connection c = DriverManager.getConnection(MARIADB.url(shop)); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE customer (customer_id INT PRIMARY KEY, name VARCHAR(40), country VARCHAR(40))");
      s.execute("CREATE TABLE purchase (purchase_id INT PRIMARY KEY, customer_id INT, total DECIMAL(10,2))");
      s.execute("INSERT INTO customer VALUES (1, 'Ana', 'Brazil'), (2, 'Bo', 'Canada')");
    }
    try (Connection c = DriverManager.getConnection(MARIADB.url(staff)); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE employee (employee_id INT PRIMARY KEY, name VARCHAR(40), salary DECIMAL(10,2))");
      s.execute("CREATE TABLE payslip (payslip_id INT PRIMARY KEY, employee_id INT, amount DECIMAL(10,2))");
      s.execute("INSERT INTO employee VALUES (1, 'Cy', 10), (2, 'Di', 20), (3, 'Ed', 30)");
    }
    // connected to the database "test": neither shop nor staff is the current database
    UrlDataSource ds = new UrlDataSource(MySqlCatalogReaderIT.URL);
    DialectSchemaSource source = DialectSchemaSource.builder(ds).addSchema(shop).addSchema(staff).build();
    try (DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(ds).schemaSource(source).build()) {
      ContextResult ctx = agent.context("How many employees are there?");
      TableName employee = new TableName(staff, "", "employee");
      assertThat(ctx.context().tables()).first().isEqualTo(employee);
      assertThat(ctx.context().text()).contains(staff + ".employee(");
      // routed: the shop's tables come after the staff database's, if at all
      assertThat(ctx.context().tables().indexOf(new TableName(staff, "", "payslip")))
          .isLessThan(indexOrMax(ctx, new TableName(shop, "", "customer")));

      QueryResult r = agent.query("How many employees are there?");
      assertThat(r.sql()).contains(staff + ".employee");
      assertThat(((Number) r.rows().get(0).get(0)).intValue()).isEqualTo(3);
    }
  }

  @Test
  void postgresQuestionsAreRoutedToTheSchemaThatCoversThem() throws Exception {
    String db = POSTGRES.create("dbqa_ctx_routing_");
    try (Connection c = DriverManager.getConnection(POSTGRES.url(db)); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA dealership");
      s.execute("CREATE TABLE dealership.customer (id INT PRIMARY KEY, name TEXT, city TEXT)");
      s.execute("CREATE TABLE dealership.car (id INT PRIMARY KEY, make TEXT, model TEXT, price NUMERIC)");
      s.execute("CREATE TABLE dealership.salesperson (id INT PRIMARY KEY, name TEXT)");
      s.execute("CREATE TABLE dealership.sale (id INT PRIMARY KEY, car_id INT, customer_id INT, salesperson_id INT, sold_on DATE)");
      s.execute("CREATE SCHEMA crm");
      for (int i = 0; i < 30; i++) {
        s.execute("CREATE TABLE crm.customer_" + i + " (id INT PRIMARY KEY, customer_name TEXT, customer_note TEXT)");
      }
    }
    UrlDataSource ds = new UrlDataSource(POSTGRES.url(db));
    try (DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(ds)
        .schemaSource(DialectSchemaSource.builder(ds).build()).build()) {
      ContextResult ctx = agent.context("Which salesperson sold the most cars to customers?", 1000);
      assertThat(ctx.context().tokens()).isLessThanOrEqualTo(1000);
      assertThat(ctx.context().tables()).extracting(TableName::toString)
          .contains("dealership.customer", "dealership.car", "dealership.salesperson", "dealership.sale");
      // the sale table links the others through inferred keys
      assertThat(ctx.context().text()).contains("-> dealership.car.id (inferred)");
      // the four dealership tables come before every crm table
      int lastDealership = 0;
      int firstCrm = Integer.MAX_VALUE;
      for (int i = 0; i < ctx.context().tables().size(); i++) {
        TableName t = ctx.context().tables().get(i);
        if (t.schema().equals("dealership")) lastDealership = i;
        else firstCrm = Math.min(firstCrm, i);
      }
      assertThat(lastDealership).isLessThan(firstCrm);
    }
  }

  private static int indexOrMax(ContextResult ctx, TableName t) {
    int i = ctx.context().tables().indexOf(t);
    return i < 0 ? Integer.MAX_VALUE : i;
  }

}
