package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.AccessPolicy;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Table;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Value sampling through {@link DialectSchemaSource} on a real database. Each subclass gives a data
 * source on an empty database it owns, fresh for each test; the contract creates a customer table
 * whose text columns cover every case (few values, many values, a long value, no value, a quoted
 * name, a sensitive name, a blocked column), a blocked table and a view, and records the SQL each
 * connection runs to show which columns were queried.
 */
abstract class ValueSamplingContract {
  /** The policy the tests give the sampling: one blocked table, one blocked column, default detection. */
  static final AccessPolicy POLICY =
      AccessPolicy.builder().addBlockedTable("audit_log").addBlockedColumn("customer.secret_code").build();

  /** A data source on a database with no tables, fresh for each test. */
  abstract DataSource freshDataSource() throws SQLException;

  abstract Dialect dialect();

  /**
   * DDL that creates a view {@code broken} with a text column {@code label} whose reading fails at run
   * time, for example one casting {@code customer.note} to an integer.
   */
  abstract List<String> brokenColumnDdl();

  final List<String> recorded = Collections.synchronizedList(new ArrayList<>());

  String q(String identifier) {
    return dialect().quote(identifier);
  }

  /** Creates the fixture in a fresh database and returns a data source recording its SQL. */
  DataSource fixture() throws SQLException {
    DataSource ds = freshDataSource();
    List<String> ddl = new ArrayList<>();
    ddl.add("CREATE TABLE customer (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50), country VARCHAR(30),"
        + " status CHAR(8), email VARCHAR(100), secret_code VARCHAR(20), " + q("Sales Channel") + " VARCHAR(20),"
        + " note VARCHAR(300), unused VARCHAR(10))");
    StringBuilder insert = new StringBuilder("INSERT INTO customer VALUES ");
    String[] countries = {"'Brazil'", "'Canada'", "'USA'", "NULL"};
    String[] channels = {"'web'", "'store'", "'Phone'"};
    for (int i = 1; i <= 30; i++) {
      if (i > 1) insert.append(", ");
      insert.append('(').append(i).append(", 'Customer ").append(i).append("', ").append(countries[i % 4])
          .append(", '").append(i % 2 == 0 ? "active" : "inactive").append("', 'info@example.org', '")
          .append(i % 2 == 0 ? "A1" : "B2").append("', ").append(channels[i % 3]).append(", '")
          .append(i == 7 ? "x".repeat(150) : "short").append("', NULL)");
    }
    ddl.add(insert.toString());
    ddl.add("CREATE TABLE audit_log (id INTEGER NOT NULL PRIMARY KEY, kind VARCHAR(10))");
    ddl.add("INSERT INTO audit_log VALUES (1, 'login'), (2, 'logout')");
    ddl.add("CREATE VIEW customer_countries AS SELECT id, country FROM customer");
    CatalogFacts.run(ds, ddl);
    return CatalogFacts.recording(ds, recorded);
  }

  /** The sampling statements recorded so far (they select {@code ... AS v FROM}). */
  List<String> samplingSql() {
    synchronized (recorded) {
      return recorded.stream().filter(s -> s.contains(" AS v FROM ")).toList();
    }
  }

  static Column column(Catalog catalog, String table, String column) {
    List<Table> tables = catalog.tablesNamed(table);
    assertThat(tables).as(table).hasSize(1);
    return tables.get(0).column(column).orElseThrow(() -> new AssertionError("no column " + table + "." + column));
  }

  static ValueSampling.Builder sampling() {
    return ValueSampling.builder().accessPolicy(POLICY);
  }

  @Test
  void isOffByDefault() throws SQLException {
    Catalog catalog = DialectSchemaSource.builder(fixture()).build().catalog();
    for (Table t : catalog.tables()) {
      for (Column c : t.columns()) assertThat(c.sampleValues()).as(t.name() + "." + c.name()).isEmpty();
    }
    assertThat(samplingSql()).isEmpty();
  }

  @Test
  void samplesLowCardinalityTextColumnsOfBaseTablesOnly() throws SQLException {
    Catalog catalog = DialectSchemaSource.builder(fixture()).sampleValues(sampling().build()).build().catalog();
    assertThat(column(catalog, "customer", "country").sampleValues()).containsExactly("Brazil", "Canada", "USA");
    assertThat(column(catalog, "customer", "status").sampleValues()).as("CHAR padding removed")
        .containsExactly("active", "inactive");
    assertThat(column(catalog, "customer", "Sales Channel").sampleValues()).as("sorted ignoring case")
        .containsExactly("Phone", "store", "web");
    assertThat(column(catalog, "customer", "name").sampleValues()).as("30 distinct values").isEmpty();
    assertThat(column(catalog, "customer", "note").sampleValues()).as("a 150-character value").isEmpty();
    assertThat(column(catalog, "customer", "unused").sampleValues()).as("only nulls").isEmpty();
    assertThat(column(catalog, "customer_countries", "country").sampleValues()).as("views are skipped").isEmpty();
    // the columns queried: the customer table's permitted text columns, nothing else
    assertThat(samplingSql()).hasSize(6);
  }

  @Test
  void neverQueriesBlockedOrSensitiveColumnsOrBlockedTables() throws SQLException {
    AccessPolicy policy = POLICY.toBuilder().addSensitiveColumn("country").build();
    Catalog catalog = DialectSchemaSource.builder(fixture())
        .sampleValues(sampling().accessPolicy(policy).includeViews(true).build()).build().catalog();
    List<String> sql = samplingSql();
    assertThat(sql).isNotEmpty();
    for (String s : sql) {
      String lower = s.toLowerCase(Locale.ROOT);
      assertThat(lower).as("blocked column").doesNotContain("secret_code");
      assertThat(lower).as("sensitive by name").doesNotContain("email");
      assertThat(lower).as("blocked table").doesNotContain("audit_log");
      assertThat(lower).as("configured sensitive: " + s).doesNotContain("country");
    }
    assertThat(sql).anySatisfy(s -> assertThat(s).contains(q("Sales Channel")));
    assertThat(column(catalog, "customer", "email").sampleValues()).isEmpty();
    assertThat(column(catalog, "customer", "secret_code").sampleValues()).isEmpty();
    assertThat(column(catalog, "customer", "country").sampleValues()).isEmpty();
    assertThat(column(catalog, "customer_countries", "country").sampleValues()).isEmpty();
    assertThat(column(catalog, "audit_log", "kind").sampleValues()).isEmpty();
    assertThat(column(catalog, "customer", "status").sampleValues()).containsExactly("active", "inactive");
  }

  @Test
  void aColumnThatFailsIsSkippedAndTheReadGoesOn() throws SQLException {
    DataSource ds = fixture();
    CatalogFacts.run(ds, brokenColumnDdl());
    DialectSchemaSource source =
        DialectSchemaSource.builder(ds).sampleValues(sampling().includeViews(true).build()).build();
    Catalog catalog = source.catalog();
    assertThat(samplingSql()).as("the failing column was queried")
        .anySatisfy(s -> assertThat(s.toLowerCase(Locale.ROOT)).contains("broken").contains("label"));
    assertThat(column(catalog, "broken", "label").sampleValues()).isEmpty();
    assertThat(column(catalog, "customer", "country").sampleValues()).containsExactly("Brazil", "Canada", "USA");
    assertThat(column(catalog, "customer", "status").sampleValues()).containsExactly("active", "inactive");
  }

  @Test
  void boundsRowsAndValuesPerColumnAndColumnsPerRead() throws SQLException {
    DataSource ds = fixture();
    // the first five rows hold at most five names: within maxValues
    Catalog scanned = DialectSchemaSource.builder(ds)
        .sampleValues(sampling().maxRowsScanned(5).maxValues(5).build()).build().catalog();
    assertThat(column(scanned, "customer", "name").sampleValues()).hasSizeBetween(1, 5);
    // three channels are too many for maxValues 2; two statuses are not
    Catalog two = DialectSchemaSource.builder(ds).sampleValues(sampling().maxValues(2).build()).build().catalog();
    assertThat(column(two, "customer", "Sales Channel").sampleValues()).isEmpty();
    assertThat(column(two, "customer", "status").sampleValues()).containsExactly("active", "inactive");
    // a value of 150 characters qualifies once the limit allows it
    Catalog longer = DialectSchemaSource.builder(ds)
        .sampleValues(sampling().maxValueLength(150).build()).build().catalog();
    assertThat(column(longer, "customer", "note").sampleValues()).containsExactly("short", "x".repeat(150));

    recorded.clear();
    Catalog one = DialectSchemaSource.builder(ds).sampleValues(sampling().maxColumns(1).build()).build().catalog();
    assertThat(samplingSql()).hasSize(1);
    long withValues = one.tables().stream().flatMap(t -> t.columns().stream())
        .filter(c -> !c.sampleValues().isEmpty()).count();
    assertThat(withValues).isLessThanOrEqualTo(1);
  }
}
