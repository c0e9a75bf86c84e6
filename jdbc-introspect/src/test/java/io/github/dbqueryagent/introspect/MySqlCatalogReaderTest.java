package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Dialect;
import java.sql.Types;
import org.junit.jupiter.api.Test;

/** The server-free parts of {@link MySqlCatalogReader}; the catalog queries run in {@link MySqlCatalogReaderIT}. */
class MySqlCatalogReaderTest {

  @Test
  void supportsMySqlAndMariaDbOnly() {
    MySqlCatalogReader reader = new MySqlCatalogReader();
    assertThat(reader.supports(Dialect.MYSQL)).isTrue();
    assertThat(reader.supports(Dialect.MARIADB)).isTrue();
    assertThat(reader.supports(Dialect.POSTGRESQL)).isFalse();
    assertThat(reader.supports(Dialect.SQLITE)).isFalse();
  }

  @Test
  void typeNamesDropTheSizeAndKeepModifiers() {
    assertThat(MySqlCatalogReader.typeName("int(11) unsigned")).isEqualTo("INT UNSIGNED");
    assertThat(MySqlCatalogReader.typeName("decimal(10,2)")).isEqualTo("DECIMAL");
    assertThat(MySqlCatalogReader.typeName("enum('a','b')")).isEqualTo("ENUM");
    assertThat(MySqlCatalogReader.typeName("tinyint(1)")).isEqualTo("BOOLEAN");
    assertThat(MySqlCatalogReader.typeName("tinyint(4)")).isEqualTo("TINYINT");
    assertThat(MySqlCatalogReader.typeName("longtext")).isEqualTo("LONGTEXT");
  }

  @Test
  void dataTypesMapToJdbcTypes() {
    assertThat(MySqlCatalogReader.jdbcType("tinyint", "tinyint(1)")).isEqualTo(Types.BOOLEAN);
    assertThat(MySqlCatalogReader.jdbcType("tinyint", "tinyint(4)")).isEqualTo(Types.TINYINT);
    assertThat(MySqlCatalogReader.jdbcType("int", "int(10) unsigned")).isEqualTo(Types.INTEGER);
    assertThat(MySqlCatalogReader.jdbcType("bigint", "bigint(20)")).isEqualTo(Types.BIGINT);
    assertThat(MySqlCatalogReader.jdbcType("decimal", "decimal(10,2)")).isEqualTo(Types.DECIMAL);
    assertThat(MySqlCatalogReader.jdbcType("float", "float")).isEqualTo(Types.REAL);
    assertThat(MySqlCatalogReader.jdbcType("double", "double")).isEqualTo(Types.DOUBLE);
    assertThat(MySqlCatalogReader.jdbcType("varchar", "varchar(20)")).isEqualTo(Types.VARCHAR);
    assertThat(MySqlCatalogReader.jdbcType("longtext", "longtext")).isEqualTo(Types.LONGVARCHAR);
    assertThat(MySqlCatalogReader.jdbcType("blob", "blob")).isEqualTo(Types.LONGVARBINARY);
    assertThat(MySqlCatalogReader.jdbcType("datetime", "datetime")).isEqualTo(Types.TIMESTAMP);
    assertThat(MySqlCatalogReader.jdbcType("geometry", "geometry")).isEqualTo(Types.OTHER);
  }
}
