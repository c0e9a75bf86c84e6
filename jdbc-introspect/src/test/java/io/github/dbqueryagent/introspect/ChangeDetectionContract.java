package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Change detection on a real database: the dialect's {@link ChangeProbe} token moves on DDL, and
 * {@link DialectSchemaSource} re-reads only then and tells its listeners what changed. Each subclass
 * gives a data source on an empty database (or schema) it owns.
 */
abstract class ChangeDetectionContract {

  /** A data source on a database or schema with no tables, fresh for each test. */
  abstract DataSource freshDataSource() throws SQLException;

  /** The schemas to restrict the source to, or empty for the connection's default. */
  List<String> schemas() {
    return List.of();
  }

  /** The prefix to put before a table name in DDL, for example {@code "s."}, or {@code ""}. */
  String prefix() {
    return "";
  }

  /** Whether the database has {@code COMMENT ON COLUMN}. */
  boolean hasCommentOn() {
    return false;
  }

  /** Adds a column comment in the dialect's syntax, or does nothing when unsupported. */
  String commentSql(String table, String column, String comment) {
    return "COMMENT ON COLUMN " + prefix() + table + "." + column + " IS '" + comment + "'";
  }

  abstract Dialect dialect();

  static void run(DataSource ds, String... sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      for (String q : sql) s.execute(q);
    }
  }

  private Optional<String> token(DataSource ds, ChangeProbe probe) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return probe.token(c, new IntrospectionOptions(schemas()));
    }
  }

  private ChangeProbe probe() {
    return ChangeProbe.builtIn().stream().filter(p -> p.supports(dialect())).findFirst().orElseThrow();
  }

  @Test
  void probeTokenIsStableAndMovesOnEveryKindOfDdl() throws SQLException {
    DataSource ds = freshDataSource();
    String p = prefix();
    run(ds, "CREATE TABLE " + p + "cd_item (id INTEGER PRIMARY KEY, label VARCHAR(40))");
    ChangeProbe probe = probe();
    String t0 = token(ds, probe).orElseThrow();
    assertThat(token(ds, probe)).contains(t0);

    run(ds, "ALTER TABLE " + p + "cd_item ADD COLUMN note VARCHAR(20)");
    String t1 = token(ds, probe).orElseThrow();
    assertThat(t1).isNotEqualTo(t0);

    run(ds, "CREATE TABLE " + p + "cd_other (id INTEGER PRIMARY KEY)");
    String t2 = token(ds, probe).orElseThrow();
    assertThat(t2).isNotIn(t0, t1);

    run(ds, "DROP TABLE " + p + "cd_other");
    String t3 = token(ds, probe).orElseThrow();
    assertThat(t3).isNotEqualTo(t2);

    if (hasCommentOn()) {
      run(ds, commentSql("cd_item", "label", "what it is called"));
      assertThat(token(ds, probe).orElseThrow()).isNotEqualTo(t3);
    }

    String t4 = token(ds, probe).orElseThrow();
    run(ds, "CREATE INDEX cd_item_label_idx ON " + p + "cd_item (label)");
    String t5 = token(ds, probe).orElseThrow();
    assertThat(t5).as("an index is part of the catalog").isNotEqualTo(t4);

    if (dialect() != Dialect.SQLITE) { // SQLite cannot alter a column; its schema_version moves on any change
      run(ds, "ALTER TABLE " + p + "cd_item ALTER COLUMN note SET DEFAULT 'n/a'");
      assertThat(token(ds, probe).orElseThrow()).as("a default is part of the catalog").isNotEqualTo(t5);
    }
  }

  @Test
  void sourceReReadsOnlyWhenTheTokenMovedAndTellsListeners() throws SQLException {
    DataSource ds = freshDataSource();
    String p = prefix();
    run(ds, "CREATE TABLE " + p + "cd_item (id INTEGER PRIMARY KEY, label VARCHAR(40))");
    AtomicInteger reads = new AtomicInteger();
    CatalogReader counting = new CatalogReader() {
      private final CatalogReader delegate = DialectSchemaSource.builtInReaders().stream()
          .filter(r -> r.supports(dialect())).findFirst().orElseThrow();

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
    AtomicLong now = new AtomicLong();
    List<CatalogDiff> diffs = new ArrayList<>();
    DialectSchemaSource.Builder b = DialectSchemaSource.builder(ds).readers(List.of(counting))
        .probeInterval(Duration.ofSeconds(30)).ttl(Duration.ofHours(1)).ticker(now::get)
        .addListener(d -> {
          throw new IllegalStateException("a broken listener must not break the read");
        })
        .addListener(diffs::add);
    schemas().forEach(b::addSchema);
    DialectSchemaSource source = b.build();

    Catalog first = source.catalog();
    assertThat(names(first)).containsExactly("cd_item");
    assertThat(reads).hasValue(1);

    now.addAndGet(Duration.ofSeconds(31).toNanos());
    assertThat(source.catalog()).isSameAs(first);
    assertThat(reads).hasValue(1);

    run(ds, "ALTER TABLE " + p + "cd_item ADD COLUMN note VARCHAR(20)");
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(source.catalog()).as("probe not due yet").isSameAs(first);
    assertThat(reads).hasValue(1);

    now.addAndGet(Duration.ofSeconds(30).toNanos());
    Catalog second = source.catalog();
    assertThat(reads).hasValue(2);
    assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
    assertThat(diffs).hasSize(1);
    CatalogDiff d1 = diffs.get(0);
    assertThat(d1.oldFingerprint()).isEqualTo(first.fingerprint());
    assertThat(d1.newFingerprint()).isEqualTo(second.fingerprint());
    assertThat(d1.addedTables()).isEmpty();
    assertThat(d1.removedTables()).isEmpty();
    assertThat(d1.alteredTables()).hasSize(1);
    assertThat(lower(d1.alteredTables().get(0).table().name())).isEqualTo("cd_item");
    assertThat(d1.alteredTables().get(0).addedColumns()).map(ChangeDetectionContract::lower)
        .containsExactly("note");

    run(ds, "CREATE TABLE " + p + "cd_other (id INTEGER PRIMARY KEY)");
    now.addAndGet(Duration.ofSeconds(31).toNanos());
    assertThat(names(source.catalog())).containsExactlyInAnyOrder("cd_item", "cd_other");
    assertThat(reads).hasValue(3);
    assertThat(diffs).hasSize(2);
    assertThat(diffs.get(1).addedTables()).map(t -> lower(t.name())).containsExactly("cd_other");

    run(ds, "DROP TABLE " + p + "cd_other");
    now.addAndGet(Duration.ofSeconds(31).toNanos());
    assertThat(names(source.catalog())).containsExactly("cd_item");
    assertThat(reads).hasValue(4);
    assertThat(diffs).hasSize(3);
    assertThat(diffs.get(2).removedTables()).map(t -> lower(t.name())).containsExactly("cd_other");

    if (hasCommentOn()) {
      run(ds, commentSql("cd_item", "label", "what it is called"));
      now.addAndGet(Duration.ofSeconds(31).toNanos());
      source.catalog();
      assertThat(reads).hasValue(5);
      assertThat(diffs).hasSize(4);
      assertThat(diffs.get(3).alteredTables().get(0).changedColumns()).singleElement()
          .satisfies(c -> assertThat(c.after().comment()).isEqualTo("what it is called"));
    }

    int before = reads.get();
    source.refresh();
    source.catalog();
    assertThat(reads).as("refresh() reads even without a change").hasValue(before + 1);
    assertThat(diffs).as("same fingerprint, no listener call").hasSize(hasCommentOn() ? 4 : 3);

    now.addAndGet(Duration.ofHours(2).toNanos());
    source.catalog();
    assertThat(reads).as("TTL re-reads whatever the probe says").hasValue(before + 2);
  }

  private static List<String> names(Catalog c) {
    return c.tables().stream().map(t -> lower(t.name().name())).collect(Collectors.toList());
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

}
