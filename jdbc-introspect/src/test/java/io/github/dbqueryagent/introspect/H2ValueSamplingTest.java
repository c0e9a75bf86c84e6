package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Value sampling on an in-memory H2 database, plus the settings, the time budget and the cache. */
class H2ValueSamplingTest extends ValueSamplingContract {

  @Override
  DataSource freshDataSource() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:vs" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    return ds;
  }

  @Override
  Dialect dialect() {
    return Dialect.H2;
  }

  @Override
  List<String> brokenColumnDdl() {
    // 'short' is no integer: H2 raises a data conversion error when the view is read
    return List.of("CREATE VIEW broken AS SELECT id, CAST(CAST(note AS INTEGER) AS VARCHAR(20)) AS label FROM customer");
  }

  @Test
  void samplesAreCachedWithTheCatalogAndLeaveTheFingerprintAlone() throws SQLException {
    DataSource ds = fixture();
    DialectSchemaSource sampled = DialectSchemaSource.builder(ds).sampleValues(sampling().build()).build();
    Catalog first = sampled.catalog();
    int statements = samplingSql().size();
    assertThat(statements).isPositive();
    assertThat(sampled.catalog()).isSameAs(first);
    assertThat(samplingSql()).as("a cached catalog is not sampled again").hasSize(statements);
    Catalog plain = DialectSchemaSource.builder(ds).build().catalog();
    assertThat(plain.fingerprint()).isEqualTo(first.fingerprint());
    sampled.refresh();
    assertThat(column(sampled.catalog(), "customer", "country").sampleValues()).containsExactly("Brazil", "Canada", "USA");
    assertThat(samplingSql()).as("a re-read samples again").hasSize(2 * statements);
  }

  @Test
  void stopsQueryingOnceTheTimeBudgetIsSpent() throws SQLException {
    DataSource ds = fixture();
    Catalog catalog = DialectSchemaSource.builder(ds).build().catalog();
    // every reading of the clock moves it one second on: the first column starts within the
    // two-second budget, the second does not
    long[] now = {0};
    ValueSampler sampler = new ValueSampler(sampling().timeBudget(Duration.ofMillis(1_500)).build(),
        () -> now[0] += 1_000_000_000L);
    ValueSampler.Result result;
    try (Connection c = ds.getConnection()) {
      result = sampler.sample(c, catalog);
    }
    assertThat(result.counts().queried()).isEqualTo(1);
    assertThat(result.counts().overLimit()).isEqualTo(5);
    assertThat(result.counts().refused()).as("email, secret_code and audit_log.kind").isEqualTo(3);
    assertThat(samplingSql()).hasSize(1);
  }

  @Test
  void countsWhatEachColumnGave() throws SQLException {
    DataSource ds = fixture();
    Catalog catalog = DialectSchemaSource.builder(ds).build().catalog();
    ValueSampler.Result result;
    try (Connection c = ds.getConnection()) {
      result = new ValueSampler(sampling().build(), System::nanoTime).sample(c, catalog);
    }
    // country, status, Sales Channel sampled; name too many; note too long; unused empty
    assertThat(result.counts()).isEqualTo(new ValueSampler.Counts(6, 3, 1, 1, 1, 0, 3, 0));
  }

  @Test
  void writesTheRowBoundInEachDialect() {
    TableName t = TableName.of("sales", "Customer");
    assertThat(ValueSampler.sql(Dialect.POSTGRESQL, t, "Country", 100, 21)).isEqualTo(
        "SELECT DISTINCT s.v FROM (SELECT \"Country\" AS v FROM sales.\"Customer\" LIMIT 100) s"
            + " WHERE s.v IS NOT NULL LIMIT 21");
    assertThat(ValueSampler.sql(Dialect.SQLSERVER, t, "Country", 100, 21)).isEqualTo(
        "SELECT DISTINCT TOP 21 s.v FROM (SELECT TOP 100 Country AS v FROM sales.Customer) s WHERE s.v IS NOT NULL");
    assertThat(ValueSampler.sql(Dialect.ORACLE, t, "Country", 100, 21)).isEqualTo(
        "SELECT DISTINCT s.v FROM (SELECT \"Country\" AS v FROM \"sales\".\"Customer\" FETCH FIRST 100 ROWS ONLY) s"
            + " WHERE s.v IS NOT NULL FETCH FIRST 21 ROWS ONLY");
    assertThat(ValueSampler.sql(Dialect.MARIADB, new TableName("shop", "", "order`s"), "a b", 100, 21)).isEqualTo(
        "SELECT DISTINCT s.v FROM (SELECT `a b` AS v FROM shop.`order``s` LIMIT 100) s WHERE s.v IS NOT NULL LIMIT 21");
  }

  @Test
  void eligibilityFollowsThePolicyTheKindOfTableAndTheType() throws SQLException {
    Catalog catalog = DialectSchemaSource.builder(fixture()).build().catalog();
    Table customer = catalog.tablesNamed("customer").get(0);
    Table view = catalog.tablesNamed("customer_countries").get(0);
    Table audit = catalog.tablesNamed("audit_log").get(0);
    ValueSampling s = sampling().build();
    assertThat(s.eligible(customer, customer.column("country").orElseThrow(), Dialect.H2)).isTrue();
    assertThat(s.eligible(customer, customer.column("id").orElseThrow(), Dialect.H2)).as("not text").isFalse();
    assertThat(s.eligible(customer, customer.column("email").orElseThrow(), Dialect.H2)).as("sensitive").isFalse();
    assertThat(s.eligible(customer, customer.column("secret_code").orElseThrow(), Dialect.H2)).as("blocked").isFalse();
    assertThat(s.eligible(audit, audit.column("kind").orElseThrow(), Dialect.H2)).as("blocked table").isFalse();
    assertThat(s.eligible(view, view.column("country").orElseThrow(), Dialect.H2)).as("view").isFalse();
    assertThat(s.toBuilder().includeViews(true).build().eligible(view, view.column("country").orElseThrow(),
        Dialect.H2)).isTrue();
    Column clob = Column.of("body", "CHARACTER LARGE OBJECT", Types.CLOB);
    Column text = Column.of("body", "text", Types.LONGVARCHAR);
    assertThat(s.eligible(customer, clob, Dialect.H2)).as("CLOB").isFalse();
    assertThat(s.eligible(customer, text, Dialect.SQLSERVER)).as("SQL Server text").isFalse();
    assertThat(s.eligible(customer, text, Dialect.MARIADB)).as("MariaDB text").isTrue();
  }

  @Test
  void settingsHaveBoundedDefaultsAndBuildReportsEveryBadOne() {
    ValueSampling d = ValueSampling.defaults();
    assertThat(d.maxValues()).isEqualTo(20);
    assertThat(d.maxValueLength()).isEqualTo(100);
    assertThat(d.maxRowsScanned()).isEqualTo(100_000);
    assertThat(d.maxColumns()).isEqualTo(200);
    assertThat(d.queryTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.timeBudget()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.includeViews()).isFalse();
    assertThat(ValueSampling.builder().queryTimeout(Duration.ofMillis(1_200)).build().queryTimeoutSeconds())
        .isEqualTo(2);
    assertThat(d.toBuilder().maxValues(7).build().maxValues()).isEqualTo(7);
    assertThatThrownBy(() -> ValueSampling.builder().maxValues(0).maxValueLength(20_000).maxRowsScanned(0)
        .maxColumns(0).queryTimeout(Duration.ofMillis(500)).timeBudget(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("maxValues", "maxValueLength", "maxRowsScanned", "maxColumns", "queryTimeout",
            "timeBudget");
  }
}
