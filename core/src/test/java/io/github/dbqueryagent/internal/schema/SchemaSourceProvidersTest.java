package io.github.dbqueryagent.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.SchemaSourceProvider;
import io.github.dbqueryagent.support.TestDatabases;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class SchemaSourceProvidersTest {

  static final class FirstProvider implements SchemaSourceProvider {
    @Override
    public String name() {
      return "first";
    }

    @Override
    public SchemaSource create(DataSource dataSource, Duration ttl) {
      return SchemaSource.fixed(new Catalog("test", "1", Dialect.H2, List.of()));
    }
  }

  static final class SecondProvider implements SchemaSourceProvider {
    @Override
    public String name() {
      return "second";
    }

    @Override
    public SchemaSource create(DataSource dataSource, Duration ttl) {
      return SchemaSource.fixed(new Catalog("test", "1", Dialect.H2, List.of()));
    }
  }

  @Test
  void noProviderMeansNoneSelected() {
    assertThat(SchemaSourceProviders.select(List.of()).provider()).isEmpty();
  }

  @Test
  void exactlyOneProviderIsSelected() {
    SchemaSourceProvider one = new FirstProvider();
    assertThat(SchemaSourceProviders.select(List.of(one)).provider()).containsSame(one);
  }

  @Test
  void moreThanOneProviderIsAnErrorListingThem() {
    SchemaSourceProviders.Selection s =
        SchemaSourceProviders.select(List.of(new SecondProvider(), new FirstProvider()));
    assertThatThrownBy(s::provider)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("more than one SchemaSourceProvider")
        .hasMessageContaining(FirstProvider.class.getName() + ", " + SecondProvider.class.getName())
        .hasMessageContaining("schemaSource(...)");
  }

  @Test
  void withoutProvidersOnTheClassPathJdbcIsCoresDatabaseMetaDataSource() {
    DataSource ds = TestDatabases.h2Shop();
    SchemaSource source = SchemaSource.jdbc(ds);
    assertThat(source).isInstanceOf(JdbcSchemaSource.class);
    assertThat(SchemaSource.jdbc(ds, Duration.ofMinutes(5))).isInstanceOf(JdbcSchemaSource.class);
    assertThat(SchemaSourceProviders.describe()).isEqualTo("DatabaseMetaData (core)");
    assertThat(source.catalog().tablesNamed("customer")).hasSize(1);
  }

  @Test
  void jdbcChecksItsArguments() {
    DataSource ds = TestDatabases.h2Shop();
    assertThatThrownBy(() -> SchemaSource.jdbc(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SchemaSource.jdbc(ds, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SchemaSource.jdbc(ds, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl");
  }

  @Test
  void builderDefaultStillWorksWithoutProviders() {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().environment(n -> null).dataSource(TestDatabases.h2Shop()).build();
    assertThat(agent.query("How many customers are there?").rows()).hasSize(1);
  }
}
