package io.github.dbqueryagent.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DialectTest {

  @ParameterizedTest
  @CsvSource({
    "PostgreSQL, POSTGRESQL",
    "MariaDB, MARIADB",
    "MySQL, MYSQL",
    "SQLite, SQLITE",
    "H2, H2",
    "Microsoft SQL Server, SQLSERVER",
    "Oracle, ORACLE",
    "Apache Derby, GENERIC",
    "HSQL Database Engine, GENERIC",
    "H2O, GENERIC",
    "'', GENERIC",
  })
  void detectsTheDialectFromTheProductName(String productName, Dialect expected) {
    assertThat(Dialect.fromProductName(productName)).isEqualTo(expected);
  }

  @Test
  void productNameDetectionIgnoresCase() {
    assertThat(Dialect.fromProductName("postgresql")).isEqualTo(Dialect.POSTGRESQL);
    assertThat(Dialect.fromProductName("SQLITE")).isEqualTo(Dialect.SQLITE);
    assertThat(Dialect.fromProductName("h2")).isEqualTo(Dialect.H2);
  }

  @ParameterizedTest
  @CsvSource({
    "jdbc:postgresql://localhost:5432/shop, POSTGRESQL",
    "jdbc:mariadb://localhost:3306/shop, MARIADB",
    "jdbc:mysql://localhost:3306/shop, MYSQL",
    "jdbc:sqlite:/tmp/shop.db, SQLITE",
    "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1, H2",
    "JDBC:H2:mem:shop, H2",
    "jdbc:sqlserver://localhost:1433;databaseName=shop, SQLSERVER",
    "jdbc:oracle:thin:@localhost:1521/XEPDB1, ORACLE",
    "jdbc:derby:memory:shop, GENERIC",
    "jdbc:hsqldb:mem:shop, GENERIC",
  })
  void detectsTheDialectFromTheJdbcUrl(String url, Dialect expected) {
    assertThat(Dialect.fromJdbcUrl(url)).isEqualTo(expected);
  }

  @Test
  void limitStyles() {
    assertThat(Dialect.POSTGRESQL.limitStyle()).isEqualTo(Dialect.LimitStyle.LIMIT);
    assertThat(Dialect.SQLITE.limitStyle()).isEqualTo(Dialect.LimitStyle.LIMIT);
    assertThat(Dialect.SQLSERVER.limitStyle()).isEqualTo(Dialect.LimitStyle.TOP);
    assertThat(Dialect.ORACLE.limitStyle()).isEqualTo(Dialect.LimitStyle.FETCH_FIRST);
    assertThat(Dialect.GENERIC.limitStyle()).isEqualTo(Dialect.LimitStyle.FETCH_FIRST);
  }

  @Test
  void postgresLeavesLowerCaseBareAndQuotesMixedOrUpperCase() {
    assertThat(Dialect.POSTGRESQL.quote("customer")).isEqualTo("customer");
    assertThat(Dialect.POSTGRESQL.quote("order_item")).isEqualTo("order_item");
    assertThat(Dialect.POSTGRESQL.quote("_hidden2")).isEqualTo("_hidden2");
    assertThat(Dialect.POSTGRESQL.quote("Customer")).isEqualTo("\"Customer\"");
    assertThat(Dialect.POSTGRESQL.quote("CUSTOMER")).isEqualTo("\"CUSTOMER\"");
  }

  @Test
  void h2AndOracleLeaveUpperCaseBareAndQuoteLowerCase() {
    assertThat(Dialect.H2.quote("CUSTOMER")).isEqualTo("CUSTOMER");
    assertThat(Dialect.H2.quote("ORDER_ITEM")).isEqualTo("ORDER_ITEM");
    assertThat(Dialect.H2.quote("customer")).isEqualTo("\"customer\"");
    assertThat(Dialect.H2.quote("Customer")).isEqualTo("\"Customer\"");
    assertThat(Dialect.ORACLE.quote("EMP")).isEqualTo("EMP");
    assertThat(Dialect.ORACLE.quote("emp")).isEqualTo("\"emp\"");
    assertThat(Dialect.GENERIC.quote("emp")).isEqualTo("\"emp\"");
  }

  @Test
  void caseInsensitiveEnginesLeaveAnyCaseBare() {
    for (Dialect d : new Dialect[] {Dialect.MYSQL, Dialect.MARIADB, Dialect.SQLITE, Dialect.SQLSERVER}) {
      assertThat(d.quote("InvoiceLine")).as(d.name()).isEqualTo("InvoiceLine");
      assertThat(d.quote("invoice_line")).as(d.name()).isEqualTo("invoice_line");
      assertThat(d.quote("INVOICE")).as(d.name()).isEqualTo("INVOICE");
    }
  }

  @Test
  void eachDialectUsesItsOwnQuoteCharacters() {
    assertThat(Dialect.MYSQL.quote("first name")).isEqualTo("`first name`");
    assertThat(Dialect.MARIADB.quote("first name")).isEqualTo("`first name`");
    assertThat(Dialect.SQLSERVER.quote("first name")).isEqualTo("[first name]");
    assertThat(Dialect.POSTGRESQL.quote("first name")).isEqualTo("\"first name\"");
    assertThat(Dialect.SQLITE.quote("first name")).isEqualTo("\"first name\"");
    assertThat(Dialect.H2.quote("FIRST NAME")).isEqualTo("\"FIRST NAME\"");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void reservedWordsAreAlwaysQuoted(Dialect dialect) {
    for (String word : new String[] {"order", "ORDER", "Order", "select", "user", "group", "date", "key", "value"}) {
      assertThat(dialect.quote(word)).as(word).isNotEqualTo(word).contains(word);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void namesThatAreNotPlainWordsAreQuoted(Dialect dialect) {
    for (String name : new String[] {"2fa_code", "first-name", "café", "a.b", "", "x y"}) {
      String q = dialect.quote(name);
      assertThat(q).as(name).hasSize(name.length() + 2).contains(name);
    }
  }

  @Test
  void embeddedCloseQuotesAreDoubled() {
    assertThat(Dialect.POSTGRESQL.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Dialect.H2.quote("A\"B")).isEqualTo("\"A\"\"B\"");
    assertThat(Dialect.MYSQL.quote("a`b")).isEqualTo("`a``b`");
    assertThat(Dialect.SQLSERVER.quote("a]b")).isEqualTo("[a]]b]");
    // an opening bracket needs no escaping in SQL Server
    assertThat(Dialect.SQLSERVER.quote("a[b")).isEqualTo("[a[b]");
  }

  @Test
  void tableNameRendersSchemaQualifiedAndQuotedOnlyWhereNeeded() {
    assertThat(TableName.of("public", "customer").toSql(Dialect.POSTGRESQL)).isEqualTo("public.customer");
    assertThat(TableName.of("Sales", "Order").toSql(Dialect.POSTGRESQL)).isEqualTo("\"Sales\".\"Order\"");
    assertThat(TableName.of("sales", "order").toSql(Dialect.POSTGRESQL)).isEqualTo("sales.\"order\"");
    assertThat(TableName.of("dbo", "order").toSql(Dialect.SQLSERVER)).isEqualTo("dbo.[order]");
    assertThat(TableName.of("PUBLIC", "CUSTOMER").toSql(Dialect.H2)).isEqualTo("PUBLIC.CUSTOMER");
    assertThat(TableName.of("customer").toSql(Dialect.SQLITE)).isEqualTo("customer");
    assertThat(TableName.of("order items").toSql(Dialect.MYSQL)).isEqualTo("`order items`");
  }

  @Test
  void tableNameLeavesTheCatalogOutExceptForMySqlDatabases() {
    TableName withCatalog = new TableName("shop", "", "customer");
    // a MySQL/MariaDB database is a JDBC catalog: SQL names it so it runs whatever the current database
    assertThat(withCatalog.toSql(Dialect.MYSQL)).isEqualTo("shop.customer");
    assertThat(withCatalog.toSql(Dialect.MARIADB)).isEqualTo("shop.customer");
    assertThat(new TableName("order db", "", "order items").toSql(Dialect.MARIADB)).isEqualTo("`order db`.`order items`");
    assertThat(withCatalog.toSql(Dialect.POSTGRESQL)).isEqualTo("customer");
    assertThat(new TableName("SHOP", "PUBLIC", "CUSTOMER").toSql(Dialect.H2)).isEqualTo("PUBLIC.CUSTOMER");
  }
}
