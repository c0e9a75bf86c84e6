package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** {@link DialectSchemaSource}'s probe-driven re-reads beyond the per-dialect contract, on H2. */
class ProbingDialectSchemaSourceTest {

  private static JdbcDataSource h2() throws SQLException {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:pdss" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    ChangeDetectionContract.run(ds, "CREATE TABLE region (region_id INT PRIMARY KEY, name VARCHAR(50))");
    return ds;
  }

  /** Counts reads and optionally waits for a latch before reading. */
  private static final class SlowReader implements CatalogReader {
    final AtomicInteger reads = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public boolean supports(Dialect dialect) {
      return dialect == Dialect.H2;
    }

    @Override
    public Catalog read(Connection connection, IntrospectionOptions options) throws SQLException {
      reads.incrementAndGet();
      try {
        gate.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new H2CatalogReader().read(connection, options);
    }
  }

  /** A probe whose token the test sets; counts calls; throws when told to. */
  private static final class ScriptedProbe implements ChangeProbe {
    final AtomicInteger calls = new AtomicInteger();
    volatile String token = "t0";
    volatile boolean fail;

    @Override
    public boolean supports(Dialect dialect) {
      return true;
    }

    @Override
    public Optional<String> token(Connection connection, IntrospectionOptions options) throws SQLException {
      calls.incrementAndGet();
      if (fail) throw new SQLException("probe broke", "08006");
      return Optional.ofNullable(token);
    }
  }

  @Test
  void concurrentCallersShareOneRead() throws Exception {
    JdbcDataSource ds = h2();
    SlowReader reader = new SlowReader();
    reader.gate = new CountDownLatch(1);
    DialectSchemaSource source = DialectSchemaSource.builder(ds).readers(List.of(reader)).build();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Catalog>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) results.add(pool.submit(source::catalog));
      Thread.sleep(200);
      reader.gate.countDown();
      Catalog first = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<Catalog> f : results) assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
      assertThat(reader.reads).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void whileADueProbeRereadsOtherCallersGetTheCachedCatalog() throws Exception {
    JdbcDataSource ds = h2();
    SlowReader reader = new SlowReader();
    ScriptedProbe probe = new ScriptedProbe();
    AtomicLong now = new AtomicLong();
    DialectSchemaSource source = DialectSchemaSource.builder(ds).readers(List.of(reader)).probes(List.of(probe))
        .ticker(now::get).build();
    Catalog first = source.catalog();
    ChangeDetectionContract.run(ds, "CREATE TABLE city (city_id INT PRIMARY KEY)");
    probe.token = "t1";
    now.addAndGet(Duration.ofSeconds(31).toNanos());
    reader.gate = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Catalog> rereading = pool.submit(source::catalog);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (reader.reads.get() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
      assertThat(reader.reads).as("the re-read started").hasValue(2);
      assertThat(source.catalog()).as("does not block behind the re-read").isSameAs(first);
      reader.gate.countDown();
      Catalog second = rereading.get(10, TimeUnit.SECONDS);
      assertThat(second.tables()).hasSize(2);
      assertThat(source.catalog()).isSameAs(second);
      assertThat(reader.reads).hasValue(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailingProbeKeepsTheCachedCatalogUntilTheTtl() throws SQLException {
    JdbcDataSource ds = h2();
    SlowReader reader = new SlowReader();
    ScriptedProbe probe = new ScriptedProbe();
    AtomicLong now = new AtomicLong();
    DialectSchemaSource source = DialectSchemaSource.builder(ds).readers(List.of(reader)).probes(List.of(probe))
        .probeInterval(Duration.ofMinutes(1)).ttl(Duration.ofMinutes(10)).ticker(now::get).build();
    Catalog first = source.catalog();
    assertThat(probe.calls).as("token taken with the read").hasValue(1);
    probe.fail = true;
    now.addAndGet(Duration.ofMinutes(2).toNanos());
    assertThat(source.catalog()).isSameAs(first);
    assertThat(probe.calls).hasValue(2);
    assertThat(source.catalog()).as("not probed again before the next interval").isSameAs(first);
    assertThat(probe.calls).hasValue(2);
    assertThat(reader.reads).hasValue(1);
    now.addAndGet(Duration.ofMinutes(9).toNanos());
    probe.fail = false;
    source.catalog();
    assertThat(reader.reads).hasValue(2);
  }

  @Test
  void withoutAProbeOnlyTheTtlAndRefreshReRead() throws SQLException {
    JdbcDataSource ds = h2();
    SlowReader reader = new SlowReader();
    AtomicLong now = new AtomicLong();
    List<CatalogDiff> diffs = new ArrayList<>();
    DialectSchemaSource source = DialectSchemaSource.builder(ds).readers(List.of(reader)).probes(List.of())
        .probeInterval(Duration.ofSeconds(1)).ttl(Duration.ofMinutes(5)).ticker(now::get).addListener(diffs::add)
        .build();
    Catalog first = source.catalog();
    ChangeDetectionContract.run(ds, "ALTER TABLE region ADD COLUMN code CHAR(2)");
    now.addAndGet(Duration.ofMinutes(4).toNanos());
    assertThat(source.catalog()).isSameAs(first);
    assertThat(reader.reads).hasValue(1);
    source.refresh();
    Catalog second = source.catalog();
    assertThat(reader.reads).hasValue(2);
    assertThat(diffs).singleElement().satisfies(d ->
        assertThat(d.alteredTables().get(0).addedColumns()).containsExactly("CODE"));
    now.addAndGet(Duration.ofMinutes(6).toNanos());
    assertThat(source.catalog()).isNotSameAs(second).isEqualTo(second);
    assertThat(reader.reads).hasValue(3);
    assertThat(diffs).as("same fingerprint").hasSize(1);
  }

  @Test
  void builderRejectsBadProbeSettings() {
    DialectSchemaSource.Builder b = DialectSchemaSource.builder(new JdbcDataSource());
    assertThatThrownBy(() -> b.probeInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("probeInterval");
    assertThatThrownBy(() -> b.probeInterval(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.addListener(null)).isInstanceOf(NullPointerException.class);
    List<ChangeProbe> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> b.probes(withNull)).isInstanceOf(NullPointerException.class)
        .hasMessage("probes element");
  }

  @Test
  void builtInProbesCoverTheBuiltInDialects() {
    for (Dialect d : List.of(Dialect.POSTGRESQL, Dialect.MYSQL, Dialect.MARIADB, Dialect.SQLITE, Dialect.H2)) {
      assertThat(ChangeProbe.builtIn()).as(d.toString()).filteredOn(p -> p.supports(d)).hasSize(1);
    }
    assertThat(ChangeProbe.builtIn()).noneMatch(p -> p.supports(Dialect.ORACLE));
  }

}
