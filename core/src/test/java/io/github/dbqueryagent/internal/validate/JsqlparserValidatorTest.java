package io.github.dbqueryagent.internal.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.ValidatedSql;
import io.github.dbqueryagent.spi.ValidationContext;
import io.github.dbqueryagent.spi.Validator;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsqlparserValidatorTest {
  static final Validator VALIDATOR = Validator.jsqlparser();

  static Catalog catalog(Dialect dialect) {
    Table customer = new Table(TableName.of("customer"), Table.Kind.TABLE, "",
        List.of(Column.of("id", "INTEGER", Types.INTEGER), Column.of("name", "VARCHAR", Types.VARCHAR)),
        List.of("id"), List.of(), -1);
    Table orders = new Table(TableName.of("sales", "orders"), Table.Kind.TABLE, "",
        List.of(Column.of("id", "INTEGER", Types.INTEGER)), List.of("id"), List.of(), -1);
    return new Catalog("test", "1", dialect, List.of(customer, orders));
  }

  static ValidatedSql validate(String sql, Dialect dialect) {
    return VALIDATOR.validate(sql, new ValidationContext(dialect, 100, catalog(dialect)));
  }

  static ValidatedSql validate(String sql) {
    return validate(sql, Dialect.POSTGRESQL);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "DELETE FROM customer | read-only",
        "UPDATE customer SET name = 'x' | read-only",
        "INSERT INTO customer VALUES (1, 'x') | read-only",
        "DROP TABLE customer | read-only",
        "TRUNCATE TABLE customer | read-only",
        "CREATE TABLE x (id INT) | read-only",
        "ALTER TABLE customer ADD COLUMN y INT | read-only",
        "GRANT ALL ON customer TO public | read-only",
        "SELECT 1; DROP TABLE customer | single-statement",
        "SELECT * FROM customer; SELECT 1 | single-statement",
        "WITH gone AS (DELETE FROM customer RETURNING *) SELECT * FROM gone | read-only",
        "WITH x AS (UPDATE customer SET name = 'y' RETURNING id) SELECT * FROM x | read-only",
        "SELECT * INTO copy FROM customer | select-into",
        "SELECT * FROM customer FOR UPDATE | locking",
        "SELECT pg_sleep(10) | denied-function",
        "SELECT pg_read_file('/etc/passwd') | denied-function",
        "SELECT name FROM customer WHERE id IN (SELECT lo_import('/etc/passwd')) | denied-function",
        "SELECT set_config('a', 'b', false) | denied-function",
        "SELECT * FROM nosuchtable | unknown-table",
        "SELECT * FROM customer c JOIN other.orders o ON o.id = c.id | unknown-table",
        "THIS IS NOT SQL | syntax",
        "'' | syntax"
      })
  void rejects(String sql, String rule) {
    ValidatedSql v = validate(sql);
    assertThat(v.accepted()).as(sql).isFalse();
    assertThat(v.violations()).extracting(x -> x.rule()).contains(rule);
    assertThat(v.violations()).allSatisfy(x -> assertThat(x.message()).isNotBlank());
  }

  @Test
  void rejectsMySqlOutfileAndSleep() {
    assertThat(validate("SELECT name FROM customer INTO OUTFILE '/tmp/x'", Dialect.MYSQL).accepted()).isFalse();
    assertThat(validate("SELECT SLEEP(5)", Dialect.MARIADB).violations()).extracting(x -> x.rule()).contains("denied-function");
    assertThat(validate("SELECT load_extension('x')", Dialect.SQLITE).accepted()).isFalse();
    assertThat(validate("SELECT * FROM CSVWRITE('/tmp/x', 'SELECT 1')", Dialect.H2).accepted()).isFalse();
  }

  @Test
  void unknownTableSuggestsTheClosestName() {
    ValidatedSql v = validate("SELECT * FROM customers");
    assertThat(v.violations().get(0).message()).contains("customers").contains("did you mean 'customer'");
  }

  @Test
  void cteNamesAndSchemaQualifiedTablesAreKnown() {
    assertThat(validate("WITH c AS (SELECT * FROM customer) SELECT * FROM c").accepted()).isTrue();
    assertThat(validate("SELECT * FROM sales.orders").accepted()).isTrue();
    assertThat(validate("SELECT * FROM \"customer\"").accepted()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "POSTGRESQL | SELECT name FROM customer | SELECT name FROM customer LIMIT 101",
        "SQLITE | SELECT name FROM customer; | SELECT name FROM customer LIMIT 101",
        "MYSQL | SELECT name FROM customer UNION SELECT name FROM customer | SELECT name FROM customer UNION SELECT name FROM customer LIMIT 101",
        "ORACLE | SELECT name FROM customer | SELECT name FROM customer FETCH FIRST 101 ROWS ONLY",
        "SQLSERVER | SELECT name FROM customer | SELECT TOP 101 name FROM customer",
        "POSTGRESQL | SELECT name FROM customer LIMIT 5 | SELECT name FROM customer LIMIT 5",
        "H2 | SELECT name FROM customer FETCH FIRST 3 ROWS ONLY | SELECT name FROM customer FETCH FIRST 3 ROWS ONLY"
      })
  void addsARowLimitInTheDialectsSyntaxWhenThereIsNone(Dialect dialect, String sql, String expected) {
    ValidatedSql v = validate(sql, dialect);
    assertThat(v.accepted()).isTrue();
    assertThat(v.sql()).isEqualToIgnoringWhitespace(expected);
  }

  @Test
  void aTrailingCommentCannotSwallowTheAddedLimit() {
    ValidatedSql v = validate("SELECT name FROM customer -- note");
    assertThat(v.accepted()).isTrue();
    assertThat(v.sql()).contains("LIMIT 101").doesNotContain("--");
  }

  @Test
  void acceptsOrdinaryAnalyticalQueries() {
    for (String sql : List.of(
        "SELECT c.name, COUNT(*) FROM customer c JOIN sales.orders o ON o.id = c.id GROUP BY c.name HAVING COUNT(*) > 1 ORDER BY 2 DESC",
        "SELECT name FROM customer WHERE id IN (SELECT id FROM sales.orders)",
        "SELECT DISTINCT name FROM customer",
        "SELECT name, ROW_NUMBER() OVER (ORDER BY id) FROM customer",
        "SELECT CASE WHEN id > 1 THEN 'a' ELSE 'b' END FROM customer",
        "SELECT EXTRACT(YEAR FROM CURRENT_DATE)")) {
      assertThat(validate(sql).accepted()).as(sql).isTrue();
    }
  }

  @Test
  void sqlServerBracketIdentifiersParse() {
    assertThat(validate("SELECT [name] FROM [customer]", Dialect.SQLSERVER).accepted()).isTrue();
  }
}
