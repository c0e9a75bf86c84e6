package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Types;
import org.junit.jupiter.api.Test;

/**
 * The server-free parts of {@link PostgresCatalogReader}: how type modifiers become sizes and scales.
 * The type modifiers are those PostgreSQL 15 stores in {@code pg_attribute.atttypmod}; the catalog
 * queries run in {@link PostgresCatalogReaderIT}.
 */
class PostgresCatalogReaderTest {
  private static final long INT2 = 21;
  private static final long INT4 = 23;
  private static final long INT8 = 20;
  private static final long FLOAT8 = 701;
  private static final long NUMERIC = 1700;
  private static final long BPCHAR = 1042;
  private static final long VARCHAR = 1043;
  private static final long TEXT = 25;
  private static final long TIMESTAMPTZ = 1184;

  @Test
  void characterTypesHaveTheirDeclaredLength() {
    assertThat(PostgresCatalogReader.size(VARCHAR, 44)).isEqualTo(40); // varchar(40)
    assertThat(PostgresCatalogReader.size(BPCHAR, 7)).isEqualTo(3); // char(3)
    assertThat(PostgresCatalogReader.scale(VARCHAR, 44)).isEqualTo(-1);
    assertThat(PostgresCatalogReader.size(VARCHAR, -1)).isEqualTo(-1); // varchar
    assertThat(PostgresCatalogReader.size(TEXT, -1)).isEqualTo(-1);
  }

  @Test
  void numericHasPrecisionAndScale() {
    assertThat(PostgresCatalogReader.size(NUMERIC, 655366)).isEqualTo(10); // numeric(10,2)
    assertThat(PostgresCatalogReader.scale(NUMERIC, 655366)).isEqualTo(2);
    assertThat(PostgresCatalogReader.size(NUMERIC, 786436)).isEqualTo(12); // numeric(12,0)
    assertThat(PostgresCatalogReader.scale(NUMERIC, 786436)).isEqualTo(0);
    assertThat(PostgresCatalogReader.size(NUMERIC, -1)).isEqualTo(-1); // numeric
    assertThat(PostgresCatalogReader.scale(NUMERIC, -1)).isEqualTo(-1);
    // numeric(5,-2), PostgreSQL 15+: the negative scale does not fit the model
    assertThat(PostgresCatalogReader.size(NUMERIC, 329730)).isEqualTo(5);
    assertThat(PostgresCatalogReader.scale(NUMERIC, 329730)).isEqualTo(-1);
    // numeric(1000,1000), the largest
    assertThat(PostgresCatalogReader.size(NUMERIC, (1000 << 16) + 1000 + 4)).isEqualTo(1000);
    assertThat(PostgresCatalogReader.scale(NUMERIC, (1000 << 16) + 1000 + 4)).isEqualTo(1000);
  }

  @Test
  void integersAndFloatsHaveTheirImpliedPrecision() {
    assertThat(PostgresCatalogReader.size(INT2, -1)).isEqualTo(5);
    assertThat(PostgresCatalogReader.size(INT4, -1)).isEqualTo(10);
    assertThat(PostgresCatalogReader.size(INT8, -1)).isEqualTo(19);
    assertThat(PostgresCatalogReader.scale(INT8, -1)).isEqualTo(0);
    assertThat(PostgresCatalogReader.size(FLOAT8, -1)).isEqualTo(17);
    assertThat(PostgresCatalogReader.scale(FLOAT8, -1)).isEqualTo(-1);
  }

  @Test
  void otherTypesHaveNoSize() {
    assertThat(PostgresCatalogReader.size(TIMESTAMPTZ, 6)).isEqualTo(-1); // timestamptz(6)
    assertThat(PostgresCatalogReader.scale(TIMESTAMPTZ, 6)).isEqualTo(-1);
  }

  @Test
  void typesMapLikePgjdbc() {
    assertThat(PostgresCatalogReader.jdbcType("int4", "pg_catalog", "b", false)).isEqualTo(Types.INTEGER);
    assertThat(PostgresCatalogReader.jdbcType("_int4", "pg_catalog", "b", true)).isEqualTo(Types.ARRAY);
    assertThat(PostgresCatalogReader.jdbcType("code8", "s", "d", false)).isEqualTo(Types.DISTINCT);
  }
}
