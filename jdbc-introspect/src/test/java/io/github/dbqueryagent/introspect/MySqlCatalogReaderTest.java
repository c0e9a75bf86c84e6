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

  @Test
  void mariaDbFrom1027QuotesDefaults() {
    assertThat(MySqlCatalogReader.quotesDefaults("10.11.19-MariaDB-0+deb12u1")).isTrue();
    assertThat(MySqlCatalogReader.quotesDefaults("5.5.5-10.2.7-MariaDB-log")).isTrue();
    assertThat(MySqlCatalogReader.quotesDefaults("11.4.2-MariaDB")).isTrue();
    assertThat(MySqlCatalogReader.quotesDefaults("10.3.0-MariaDB")).isTrue();
    assertThat(MySqlCatalogReader.quotesDefaults("10.2.6-MariaDB")).isFalse();
    assertThat(MySqlCatalogReader.quotesDefaults("10.1.48-MariaDB-1~bionic")).isFalse();
    assertThat(MySqlCatalogReader.quotesDefaults("8.0.36")).isFalse();
    assertThat(MySqlCatalogReader.quotesDefaults("5.7.44-log")).isFalse();
    assertThat(MySqlCatalogReader.quotesDefaults(null)).isFalse();
  }

  @Test
  void mariaDbDefaultsAreKeptAndTheWordNullIsNoDefault() {
    assertThat(MySqlCatalogReader.defaultExpression("'new'", "varchar", "", true)).isEqualTo("'new'");
    assertThat(MySqlCatalogReader.defaultExpression("'NULL'", "varchar", "", true)).isEqualTo("'NULL'");
    assertThat(MySqlCatalogReader.defaultExpression("NULL", "varchar", "", true)).isEmpty();
    assertThat(MySqlCatalogReader.defaultExpression(null, "int", "auto_increment", true)).isEmpty();
    assertThat(MySqlCatalogReader.defaultExpression("current_timestamp()", "timestamp", "", true))
        .isEqualTo("current_timestamp()");
    assertThat(MySqlCatalogReader.defaultExpression("0.00", "decimal", "", true)).isEqualTo("0.00");
  }

  @Test
  void mySqlRawDefaultsBecomeExpressions() {
    assertThat(MySqlCatalogReader.defaultExpression("new", "varchar", "", false)).isEqualTo("'new'");
    assertThat(MySqlCatalogReader.defaultExpression("it's", "varchar", "", false)).isEqualTo("'it''s'");
    assertThat(MySqlCatalogReader.defaultExpression("NULL", "varchar", "", false)).isEqualTo("'NULL'");
    assertThat(MySqlCatalogReader.defaultExpression("", "varchar", "", false)).isEqualTo("''");
    assertThat(MySqlCatalogReader.defaultExpression("2020-01-01 00:00:00", "datetime", "", false))
        .isEqualTo("'2020-01-01 00:00:00'");
    assertThat(MySqlCatalogReader.defaultExpression("a", "enum", "", false)).isEqualTo("'a'");
    assertThat(MySqlCatalogReader.defaultExpression("0.00", "decimal", "", false)).isEqualTo("0.00");
    assertThat(MySqlCatalogReader.defaultExpression("7", "int", "", false)).isEqualTo("7");
    assertThat(MySqlCatalogReader.defaultExpression("b'101'", "bit", "", false)).isEqualTo("b'101'");
    // MySQL 5.7 reports CURRENT_TIMESTAMP bare, MySQL 8 marks it (and expression defaults) DEFAULT_GENERATED
    assertThat(MySqlCatalogReader.defaultExpression("CURRENT_TIMESTAMP", "timestamp", "", false))
        .isEqualTo("CURRENT_TIMESTAMP");
    assertThat(MySqlCatalogReader.defaultExpression("CURRENT_TIMESTAMP(3)", "datetime", "", false))
        .isEqualTo("CURRENT_TIMESTAMP(3)");
    assertThat(MySqlCatalogReader.defaultExpression("CURRENT_TIMESTAMP", "varchar", "", false))
        .isEqualTo("'CURRENT_TIMESTAMP'");
    assertThat(MySqlCatalogReader.defaultExpression("rand()", "double", "DEFAULT_GENERATED", false))
        .isEqualTo("rand()");
    assertThat(MySqlCatalogReader.defaultExpression("uuid()", "varchar", "DEFAULT_GENERATED", false))
        .isEqualTo("uuid()");
    assertThat(MySqlCatalogReader.defaultExpression(null, "varchar", "", false)).isEmpty();
  }
}
