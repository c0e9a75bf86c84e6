package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dbqueryagent.introspect.IntrospectionReport.DroppedForeignKey;
import io.github.dbqueryagent.introspect.IntrospectionReport.ExcludedTable;
import io.github.dbqueryagent.introspect.IntrospectionReport.FkReason;
import io.github.dbqueryagent.introspect.IntrospectionReport.Reason;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Index;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.UniqueKey;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link DialectSchemaSource} (the production path: dialect reader, filters, deprecated rule,
 * report, cache) must read from every supported database, on one logical fixture that each subclass
 * creates with its own DDL in fresh namespaces it owns and drops afterwards.
 *
 * <p>The fixture ({@linkplain #id unquoted names} fold as the database folds them; quoted ones are kept
 * exactly):
 *
 * <pre>
 * namespace 0 (a schema; a database in MariaDB; main in SQLite)
 *   region       (region_code VARCHAR(10) NOT NULL, country_code CHAR(2) NOT NULL,
 *                 name VARCHAR(40) comment 'Display name')
 *                 PRIMARY KEY (country_code, region_code); comment 'Sales regions'
 *   store        (store_id INTEGER identity/auto-increment PRIMARY KEY, region_code VARCHAR(10) NOT NULL,
 *                 country_code CHAR(2) NOT NULL, code VARCHAR(20) NOT NULL, area NUMERIC(10,2),
 *                 status VARCHAR(10) NOT NULL DEFAULT 'open', opened DATE)
 *                 CONSTRAINT fk_store_region FOREIGN KEY (country_code, region_code) REFERENCES region,
 *                 CONSTRAINT uq_store_code UNIQUE (code, country_code),
 *                 INDEX ix_store_opened (opened), UNIQUE INDEX ux_store_region_code (region_code, code)
 *   employee     (id INTEGER PRIMARY KEY, manager_id INTEGER, store_id INTEGER, full_name VARCHAR(80) NOT NULL,
 *                 hired DATE)
 *                 CONSTRAINT fk_employee_manager FOREIGN KEY (manager_id) REFERENCES employee (id),
 *                 CONSTRAINT fk_employee_store FOREIGN KEY (store_id) REFERENCES store (store_id)
 *   "OrderLine"  ("OrderId" INTEGER NOT NULL, "LineNo" INTEGER NOT NULL, "Unit Price" NUMERIC(10,2)
 *                 comment 'Price per unit', qty INTEGER NOT NULL DEFAULT 1)
 *                 PRIMARY KEY ("OrderId", "LineNo"); one row (1, 1, 9.50, 2)
 *   item         (item_id INTEGER PRIMARY KEY, label VARCHAR(40))
 *   visit        (id INTEGER PRIMARY KEY, employee_id INTEGER, visited DATE)  -- no declared key
 *   store_names  VIEW: store_id, code, region_name (store joined to region)
 *   audit_log    (id INTEGER PRIMARY KEY, note VARCHAR(100))             -- excluded by excludeTables("audit_*")
 *   shipment     (id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL, audit_id INTEGER)
 *                 CONSTRAINT fk_shipment_store FOREIGN KEY (store_id) REFERENCES store (store_id),
 *                 CONSTRAINT fk_shipment_audit FOREIGN KEY (audit_id) REFERENCES audit_log (id)
 *   customer_old (id INTEGER PRIMARY KEY, name VARCHAR(40))              -- deprecated by name
 *   tmp_import   (line VARCHAR(200))                                     -- deprecated by name
 *   legacy_price (id INTEGER PRIMARY KEY, price NUMERIC(10,2)); comment 'Deprecated: use store prices'
 * namespace 1 (a second schema; a second database in MariaDB; none in SQLite)
 *   item         (item_id INTEGER PRIMARY KEY, weight NUMERIC(8,3)); one row (7, 1.5)
 * </pre>
 *
 * <p>What a database cannot express is declared in its {@link Capabilities}; the assertions then check
 * what the source must do instead (for example no comment at all) or are skipped with a message.
 *
 * <p>Declared keys are asserted exactly; inferred ones (from naming, when the source infers them) are
 * checked apart: only {@code visit.employee_id -> employee.id} may be inferred. When this was written
 * {@link DialectSchemaSource} did not infer keys, so that check is skipped (with a message) until it does.
 */
abstract class SchemaSourceContract {

  /**
   * What the database (and its reader) can express.
   *
   * @param comments table and column comments exist (not in SQLite)
   * @param secondNamespace the reader reads a second schema or database beside the first (SQLite: an
   *     {@code ATTACH}ed database is not read by {@link SqliteCatalogReader})
   * @param toSqlReachesSecondNamespace {@link TableName#toSql} names the second namespace, so SQL built
   *     from it reaches a table there (MariaDB: {@code TableName} keeps the database as its catalog,
   *     which {@code toSql} leaves out, so the name resolves in the connection's database)
   * @param namedUniqueConstraints unique constraints keep their declared names (all four databases
   *     here; SQLite's reader takes the name from the {@code CREATE TABLE} text, since SQLite itself
   *     names the index behind a {@code UNIQUE} constraint {@code sqlite_autoindex_*})
   */
  record Capabilities(
      boolean comments, boolean secondNamespace, boolean toSqlReachesSecondNamespace,
      boolean namedUniqueConstraints) {}

  /**
   * The fixture a subclass created.
   *
   * @param dataSource connects to the database with namespace 0 as the default
   * @param namespaces the schemas (MariaDB: databases) to pass to {@link DialectSchemaSource.Builder#addSchema},
   *     namespace 0 then 1, exactly as the database reports them; empty when the database has no such
   *     level (SQLite)
   */
  record Fixture(DataSource dataSource, List<String> namespaces) {}

  /** Creates the fixture in fresh namespaces; skips (or fails when {@code CI=true}) without a server. */
  abstract Fixture createFixture() throws SQLException;

  /** Drops what {@link #createFixture()} created; called after each test. */
  abstract void dropFixture() throws SQLException;

  abstract Dialect dialect();

  abstract Capabilities capabilities();

  /**
   * Returns the namespace of a table as the reader names it: its schema, or (MariaDB) its catalog, or
   * {@code ""}.
   */
  abstract String namespaceOf(TableName table);

  /** Returns an unquoted identifier as the database stores it (H2 folds it to upper case). */
  String id(String unquoted) {
    return unquoted;
  }

  /** Whether the namespaces are schemas ({@link TableName#schema()}); MariaDB's are databases (catalogs). */
  boolean namespacesAreSchemas() {
    return true;
  }

  private Fixture fixture;

  @BeforeEach
  void create() throws SQLException {
    fixture = createFixture();
  }

  @AfterEach
  void drop() throws SQLException {
    if (fixture != null) dropFixture();
  }

  /** The source the assertions read: both namespaces, {@code excludeTables("audit_*")}, the deprecated rule on. */
  DialectSchemaSource source() {
    return source(b -> b.excludeTables("audit_*"));
  }

  DialectSchemaSource source(Consumer<DialectSchemaSource.Builder> config) {
    DialectSchemaSource.Builder b = DialectSchemaSource.builder(fixture.dataSource());
    fixture.namespaces().forEach(b::addSchema);
    config.accept(b);
    return b.build();
  }

  private String ns(int i) {
    if (fixture.namespaces().isEmpty()) return "";
    return fixture.namespaces().get(i);
  }

  /** Finds a fixture table by exact name in a namespace; fails when it is missing. */
  Table table(Catalog catalog, int namespace, String exactName) {
    List<Table> hits = catalog.tables().stream()
        .filter(t -> t.name().name().equals(exactName) && namespaceOf(t.name()).equals(ns(namespace)))
        .collect(Collectors.toList());
    assertThat(hits).as("table %s in namespace %s of %s", exactName, ns(namespace), names(catalog)).hasSize(1);
    return hits.get(0);
  }

  Column column(Table table, String exactName) {
    List<Column> hits = table.columns().stream().filter(c -> c.name().equals(exactName)).collect(Collectors.toList());
    assertThat(hits).as("column %s of %s", exactName, table.name()).hasSize(1);
    return hits.get(0);
  }

  private static List<String> names(Catalog catalog) {
    return catalog.tables().stream().map(t -> t.name().toString()).collect(Collectors.toList());
  }

  /** The kept fixture tables per namespace and name, with their kinds. */
  private Map<String, Table.Kind> expectedKept() {
    Map<String, Table.Kind> m = new LinkedHashMap<>();
    for (String t : List.of("region", "store", "employee", "item", "visit", "shipment")) {
      m.put(ns(0) + "|" + id(t), Table.Kind.TABLE);
    }
    m.put(ns(0) + "|OrderLine", Table.Kind.TABLE);
    m.put(ns(0) + "|" + id("store_names"), Table.Kind.VIEW);
    if (!capabilities().comments()) m.put(ns(0) + "|" + id("legacy_price"), Table.Kind.TABLE);
    if (capabilities().secondNamespace()) m.put(ns(1) + "|" + id("item"), Table.Kind.TABLE);
    return m;
  }

  @Test
  void everyFixtureTableAndViewIsPresentWithItsKindAndNothingElse() {
    Catalog catalog = source().catalog();
    Map<String, Table.Kind> actual = new LinkedHashMap<>();
    for (Table t : catalog.tables()) actual.put(namespaceOf(t.name()) + "|" + t.name().name(), t.kind());
    assertThat(actual).containsExactlyInAnyOrderEntriesOf(expectedKept());
    assertThat(catalog.dialect()).isEqualTo(dialect());
    if (namespacesAreSchemas()) {
      assertThat(catalog.schemas()).as("the schemas read").containsAll(fixture.namespaces());
    } else {
      assertThat(catalog.schemas()).as("no schema level").isEmpty();
    }
  }

  @Test
  void columnsComeInOrdinalOrderWithTheirNullability() {
    Catalog catalog = source().catalog();
    assertThat(shape(table(catalog, 0, id("region")))).containsExactly(
        id("region_code") + " NOT NULL", id("country_code") + " NOT NULL", id("name") + " NULL");
    assertThat(shape(table(catalog, 0, id("store")))).containsExactly(
        id("store_id") + " NOT NULL", id("region_code") + " NOT NULL", id("country_code") + " NOT NULL",
        id("code") + " NOT NULL", id("area") + " NULL", id("status") + " NOT NULL", id("opened") + " NULL");
    assertThat(shape(table(catalog, 0, id("employee")))).containsExactly(
        id("id") + " NOT NULL", id("manager_id") + " NULL", id("store_id") + " NULL",
        id("full_name") + " NOT NULL", id("hired") + " NULL");
    assertThat(shape(table(catalog, 0, "OrderLine"))).containsExactly(
        "OrderId NOT NULL", "LineNo NOT NULL", "Unit Price NULL", id("qty") + " NOT NULL");
    assertThat(shape(table(catalog, 0, id("shipment")))).containsExactly(
        id("id") + " NOT NULL", id("store_id") + " NOT NULL", id("audit_id") + " NULL");
    // a view's nullability is derived differently by each database (PostgreSQL calls every view
    // column nullable, MariaDB copies NOT NULL from the base column): only names and order count
    assertThat(table(catalog, 0, id("store_names")).columns()).map(Column::name)
        .containsExactly(id("store_id"), id("code"), id("region_name"));
  }

  private static List<String> shape(Table t) {
    return t.columns().stream().map(c -> c.name() + (c.nullable() ? " NULL" : " NOT NULL"))
        .collect(Collectors.toList());
  }

  @Test
  void primaryAndForeignKeysKeepKeyOrder() {
    Catalog catalog = source().catalog();
    Table region = table(catalog, 0, id("region"));
    Table store = table(catalog, 0, id("store"));
    Table employee = table(catalog, 0, id("employee"));
    assertThat(region.primaryKey()).as("composite key in key order, not column order")
        .containsExactly(id("country_code"), id("region_code"));
    assertThat(store.primaryKey()).containsExactly(id("store_id"));
    assertThat(table(catalog, 0, "OrderLine").primaryKey()).containsExactly("OrderId", "LineNo");
    assertThat(declared(table(catalog, 0, id("visit")))).as("nothing declared").isEmpty();

    assertThat(declared(store)).singleElement().satisfies(fk -> {
      assertThat(fk.name()).isEqualTo(id("fk_store_region"));
      assertThat(fk.columns()).containsExactly(id("country_code"), id("region_code"));
      assertThat(fk.referencedTable()).isEqualTo(region.name());
      assertThat(fk.referencedColumns()).containsExactly(id("country_code"), id("region_code"));
      assertThat(fk.inferred()).isFalse();
    });
    Map<String, ForeignKey> byName = new LinkedHashMap<>();
    for (ForeignKey fk : declared(employee)) byName.put(fk.name(), fk);
    assertThat(byName).containsOnlyKeys(id("fk_employee_manager"), id("fk_employee_store"));
    ForeignKey manager = byName.get(id("fk_employee_manager"));
    assertThat(manager.columns()).containsExactly(id("manager_id"));
    assertThat(manager.referencedTable()).as("self-reference").isEqualTo(employee.name());
    assertThat(manager.referencedColumns()).containsExactly(id("id"));
    ForeignKey toStore = byName.get(id("fk_employee_store"));
    assertThat(toStore.referencedTable()).isEqualTo(store.name());
    assertThat(toStore.referencedColumns()).containsExactly(id("store_id"));

    Table view = table(catalog, 0, id("store_names"));
    assertThat(view.primaryKey()).isEmpty();
    assertThat(view.foreignKeys()).isEmpty();
    assertThat(view.uniqueKeys()).isEmpty();
    assertThat(view.indexes()).isEmpty();
    for (Table t : catalog.tables()) {
      for (ForeignKey fk : t.foreignKeys()) {
        assertThat(catalog.table(fk.referencedTable())).as("target of %s on %s", fk.name(), t.name()).isPresent();
      }
    }
  }

  /**
   * Inferred foreign keys, when the source infers them: {@code visit.employee_id} is the fixture's
   * only column named like a key to another table without a declared key ({@code manager_id} names no
   * table, {@code audit_id} names none either, {@code OrderId} has no {@code order} table). Skipped
   * when the source inferred nothing; see the class Javadoc.
   */
  @Test
  void inferredForeignKeysAreOnlyTheUndeclaredNamingMatches() {
    Catalog catalog = source().catalog();
    Table employee = table(catalog, 0, id("employee"));
    List<ForeignKey> inferred = new ArrayList<>();
    for (Table t : catalog.tables()) {
      for (ForeignKey fk : t.foreignKeys()) if (fk.inferred()) inferred.add(fk);
    }
    assumeTrue(!inferred.isEmpty(), "this DialectSchemaSource inferred no foreign key: nothing to check");
    assertThat(inferred).singleElement().satisfies(fk -> {
      assertThat(fk.columns()).containsExactly(id("employee_id"));
      assertThat(fk.referencedTable()).isEqualTo(employee.name());
      assertThat(fk.referencedColumns()).containsExactly(id("id"));
      assertThat(fk.confidence()).isStrictlyBetween(0.0, 1.0);
    });
    assertThat(table(catalog, 0, id("visit")).foreignKeys()).containsExactlyElementsOf(inferred);
  }

  private static List<ForeignKey> declared(Table t) {
    return t.foreignKeys().stream().filter(fk -> !fk.inferred()).collect(Collectors.toList());
  }

  @Test
  void commentsAreReadWhereTheDatabaseHasThem() {
    Catalog catalog = source().catalog();
    Table region = table(catalog, 0, id("region"));
    Table orderLine = table(catalog, 0, "OrderLine");
    if (capabilities().comments()) {
      assertThat(region.comment()).isEqualTo("Sales regions");
      assertThat(column(region, id("name")).comment()).isEqualTo("Display name");
      assertThat(column(orderLine, "Unit Price").comment()).isEqualTo("Price per unit");
    } else {
      assertThat(region.comment()).isEmpty();
      assertThat(column(region, id("name")).comment()).isEmpty();
    }
    assertThat(column(region, id("region_code")).comment()).isEmpty();
    assertThat(table(catalog, 0, id("store")).comment()).isEmpty();
  }

  @Test
  void sameNamedTablesInTwoNamespacesStayDistinct() throws SQLException {
    assumeTrue(capabilities().secondNamespace(),
        dialect() + ": a second namespace is not read (see Capabilities.secondNamespace)");
    Catalog catalog = source().catalog();
    Table first = table(catalog, 0, id("item"));
    Table second = table(catalog, 1, id("item"));
    assertThat(catalog.tablesNamed("item")).containsExactlyInAnyOrder(first, second);
    assertThat(first.name()).isNotEqualTo(second.name());
    assertThat(catalog.table(first.name())).contains(first);
    assertThat(catalog.table(second.name())).contains(second);
    assertThat(first.columns()).map(Column::name).containsExactly(id("item_id"), id("label"));
    assertThat(second.columns()).map(Column::name).containsExactly(id("item_id"), id("weight"));
    if (capabilities().toSqlReachesSecondNamespace()) {
      List<List<Object>> rows = select(second, List.of(id("weight")));
      assertThat(rows).singleElement().satisfies(r -> assertThat(decimal(r.get(0))).isEqualByComparingTo("1.5"));
    }
  }

  @Test
  void identifiersAreKeptExactlyAndSqlBuiltFromThemRuns() throws SQLException {
    Catalog catalog = source().catalog();
    Table orderLine = table(catalog, 0, "OrderLine");
    assertThat(orderLine.name().name()).isEqualTo("OrderLine");
    assertThat(orderLine.columns()).map(Column::name).contains("OrderId", "LineNo", "Unit Price");
    assertThat(orderLine.name().toSql(dialect())).contains("OrderLine");
    List<List<Object>> rows = select(orderLine, List.of("OrderId", "Unit Price"));
    assertThat(rows).singleElement().satisfies(r -> {
      assertThat(((Number) r.get(0)).intValue()).isEqualTo(1);
      assertThat(decimal(r.get(1))).isEqualByComparingTo("9.50");
    });
    // every table and view the catalog lists can be queried by the names it gives
    for (Table t : catalog.tables()) {
      if (!capabilities().toSqlReachesSecondNamespace() && !namespaceOf(t.name()).equals(ns(0))) continue;
      List<String> all = t.columns().stream().map(Column::name).collect(Collectors.toList());
      select(t, all);
    }
  }

  /** Runs {@code SELECT columns FROM table} with names rendered by the dialect; returns the rows. */
  List<List<Object>> select(Table table, List<String> columns) throws SQLException {
    String sql = "SELECT " + columns.stream().map(dialect()::quote).collect(Collectors.joining(", "))
        + " FROM " + table.name().toSql(dialect());
    List<List<Object>> rows = new ArrayList<>();
    try (Connection c = fixture.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns.size(); i++) row.add(rs.getObject(i));
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new SQLException("SQL built from the catalog failed: " + sql + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private static BigDecimal decimal(Object value) {
    return value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString());
  }

  @Test
  void theReportListsExcludedAndDeprecatedTablesAndTheForeignKeyDroppedWithThem() {
    DialectSchemaSource source = source();
    Catalog catalog = source.catalog();
    IntrospectionReport report = source.lastReport().orElseThrow();
    List<String> excluded = report.excludedTables().stream()
        .map(e -> e.table().name() + " " + e.reason() + " " + e.detail()).collect(Collectors.toList());
    List<String> expected = new ArrayList<>(List.of(
        id("audit_log") + " FILTER excluded by audit_*",
        id("customer_old") + " DEPRECATED_NAME *_old",
        id("tmp_import") + " DEPRECATED_NAME tmp_*"));
    if (capabilities().comments()) {
      expected.add(id("legacy_price") + " DEPRECATED_COMMENT Deprecated: use store prices");
    }
    assertThat(excluded).containsExactlyInAnyOrderElementsOf(expected);
    for (ExcludedTable e : report.excludedTables()) {
      assertThat(namespaceOf(e.table())).isEqualTo(ns(0));
      assertThat(catalog.table(e.table())).as("excluded %s is not in the catalog", e.table()).isEmpty();
    }

    Table shipment = table(catalog, 0, id("shipment"));
    assertThat(report.droppedForeignKeys()).singleElement().satisfies(d -> {
      assertThat(d.table()).isEqualTo(shipment.name());
      assertThat(d.reason()).isEqualTo(FkReason.TARGET_EXCLUDED);
      assertThat(d.foreignKey().name()).isEqualTo(id("fk_shipment_audit"));
      assertThat(d.foreignKey().columns()).containsExactly(id("audit_id"));
      assertThat(d.foreignKey().referencedTable().name()).isEqualTo(id("audit_log"));
    });
    assertThat(declared(shipment)).map(ForeignKey::name).containsExactly(id("fk_shipment_store"));
    assertThat(report.danglingForeignKeys()).isEmpty();
  }

  @Test
  void includeTablesKeepsOnlyMatchesAndDropsKeysIntoTheRest() {
    DialectSchemaSource source = source(b -> b.includeTables("store", "employee"));
    Catalog catalog = source.catalog();
    Map<String, Table.Kind> kept = new LinkedHashMap<>();
    for (Table t : catalog.tables()) kept.put(namespaceOf(t.name()) + "|" + t.name().name(), t.kind());
    assertThat(kept).containsOnlyKeys(ns(0) + "|" + id("store"), ns(0) + "|" + id("employee"));
    IntrospectionReport report = source.lastReport().orElseThrow();
    assertThat(report.excludedTables()).filteredOn(e -> e.table().name().equals(id("region")))
        .singleElement().satisfies(e -> {
          assertThat(e.reason()).isEqualTo(Reason.FILTER);
          assertThat(e.detail()).isEqualTo("not included");
        });
    if (capabilities().secondNamespace()) {
      assertThat(report.excludedTables()).filteredOn(e -> namespaceOf(e.table()).equals(ns(1)))
          .map(e -> e.table().name()).containsExactly(id("item"));
    }
    assertThat(report.droppedForeignKeys()).map(DroppedForeignKey::foreignKey).map(ForeignKey::name)
        .containsExactly(id("fk_store_region"));
    assertThat(declared(table(catalog, 0, id("store")))).isEmpty();
    assertThat(declared(table(catalog, 0, id("employee")))).hasSize(2);
  }

  @Test
  void fingerprintIsStableAcrossReadsAndAfterRefreshWithoutChange() {
    AtomicInteger reads = new AtomicInteger();
    CatalogReader delegate = DialectSchemaSource.builtInReaders().stream()
        .filter(r -> r.supports(dialect())).findFirst().orElseThrow();
    CatalogReader counting = new CatalogReader() {
      @Override
      public boolean supports(Dialect d) {
        return delegate.supports(d);
      }

      @Override
      public Catalog read(Connection connection, IntrospectionOptions options) throws SQLException {
        reads.incrementAndGet();
        return delegate.read(connection, options);
      }
    };
    DialectSchemaSource source = source(b -> b.excludeTables("audit_*").readers(List.of(counting)));
    Catalog first = source.catalog();
    assertThat(source.catalog()).isSameAs(first);
    assertThat(reads).hasValue(1);
    source.refresh();
    Catalog again = source.catalog();
    assertThat(reads).as("refresh() reads the database again").hasValue(2);
    assertThat(again).isNotSameAs(first).isEqualTo(first);
    assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
    Catalog other = source().catalog();
    assertThat(other.fingerprint()).as("a second source on the same schema").isEqualTo(first.fingerprint());
    Catalog unfiltered = source(b -> b.deprecatedRule(false)).catalog();
    assertThat(unfiltered.fingerprint()).as("the filters change the structure seen").isNotEqualTo(first.fingerprint());
  }

  @Test
  void columnSizesDefaultsAndIdentityAreRead() {
    Catalog catalog = source().catalog();
    Table region = table(catalog, 0, id("region"));
    Table store = table(catalog, 0, id("store"));
    Table orderLine = table(catalog, 0, "OrderLine");
    assertThat(column(region, id("name")).size()).as("VARCHAR(40)").isEqualTo(40);
    assertThat(column(region, id("country_code")).size()).as("CHAR(2)").isEqualTo(2);
    Column area = column(store, id("area"));
    assertThat(area.size()).as("NUMERIC(10,2) precision").isEqualTo(10);
    assertThat(area.scale()).as("NUMERIC(10,2) scale").isEqualTo(2);
    assertThat(column(orderLine, "Unit Price").scale()).isEqualTo(2);

    assertThat(column(store, id("status")).defaultValue()).as("DEFAULT 'open'").contains("open");
    assertThat(column(orderLine, id("qty")).defaultValue()).as("DEFAULT 1").contains("1");
    assertThat(column(store, id("code")).defaultValue()).as("NOT NULL, no default").isEmpty();
    assertThat(column(store, id("area")).defaultValue()).as("nullable, no default").isEmpty();

    assertThat(column(store, id("store_id")).generation()).as("identity / auto-increment")
        .isEqualTo(Column.Generation.IDENTITY);
    assertThat(column(store, id("code")).generation()).isEqualTo(Column.Generation.NONE);
    assertThat(column(store, id("status")).generation()).isEqualTo(Column.Generation.NONE);
    assertThat(column(orderLine, "OrderId").generation()).as("a plain key column").isEqualTo(Column.Generation.NONE);
  }

  @Test
  void uniqueConstraintsAndIndexesAreRead() {
    Catalog catalog = source().catalog();
    Table store = table(catalog, 0, id("store"));
    assertThat(store.uniqueKeys()).as("UNIQUE (code, country_code), in key order")
        .anySatisfy(u -> {
          assertThat(u.columns()).containsExactly(id("code"), id("country_code"));
          if (capabilities().namedUniqueConstraints()) assertThat(u.name()).isEqualTo(id("uq_store_code"));
        });
    assertThat(store.uniqueKeys()).as("the primary key is not a unique key")
        .noneSatisfy(u -> assertThat(u.columns()).containsExactly(id("store_id")));
    assertThat(store.indexes()).as("plain index")
        .contains(new Index(id("ix_store_opened"), List.of(id("opened")), false));
    assertThat(store.indexes()).as("unique index")
        .contains(new Index(id("ux_store_region_code"), List.of(id("region_code"), id("code")), true));
    assertThat(table(catalog, 0, id("region")).uniqueKeys()).map(UniqueKey::columns)
        .noneMatch(cols -> cols.contains(id("name")));
  }
}
