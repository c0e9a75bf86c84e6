package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link SqlServerCatalogReader#jdbcType(String)} against mssql-jdbc's own code: the driver's
 * {@code getColumns} calls {@code sp_columns_100} and rewrites its {@code DATA_TYPE} (ODBC 3 codes, as
 * Microsoft documents them for {@code sp_columns}) with the package-private {@code DataTypeFilter},
 * which this test calls by reflection. The ODBC code per type below is the documented one; that a
 * server answers exactly these codes is not checked here (no SQL Server runs in the build).
 */
class SqlServerTypeMappingTest {

  /** sys.types name -> the ODBC DATA_TYPE that sp_columns_100 (@ODBCVer = 3) reports for it. */
  private static Map<String, Integer> odbcCodes() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("bit", -7);
    m.put("tinyint", -6);
    m.put("smallint", 5);
    m.put("int", 4);
    m.put("bigint", -5);
    m.put("decimal", 3);
    m.put("numeric", 2);
    m.put("money", 3);
    m.put("smallmoney", 3);
    m.put("float", 6);
    m.put("real", 7);
    m.put("char", 1);
    m.put("varchar", 12);
    m.put("text", -1);
    m.put("nchar", -8);
    m.put("nvarchar", -9);
    m.put("ntext", -10);
    m.put("binary", -2);
    m.put("varbinary", -3);
    m.put("image", -4);
    m.put("timestamp", -2);
    m.put("uniqueidentifier", -11);
    m.put("date", 91);
    m.put("time", -154);
    m.put("datetime", 93);
    m.put("datetime2", 93);
    m.put("smalldatetime", 93);
    m.put("datetimeoffset", -155);
    m.put("sql_variant", -150);
    m.put("xml", -152);
    m.put("geography", -151);
    m.put("geometry", -151);
    m.put("hierarchyid", -151);
    return m;
  }

  @Test
  void everyTypeMapsAsTheDriversDataTypeFilterRewritesSpColumns() throws Exception {
    Class<?> filter = Class.forName("com.microsoft.sqlserver.jdbc.DataTypeFilter");
    Constructor<?> ctor = filter.getDeclaredConstructor();
    ctor.setAccessible(true);
    Object instance = ctor.newInstance();
    Method rewrite = filter.getDeclaredMethod("oneValueToAnother", int.class);
    rewrite.setAccessible(true);
    for (Map.Entry<String, Integer> e : odbcCodes().entrySet()) {
      int driver = (Integer) rewrite.invoke(instance, e.getValue());
      assertThat(SqlServerCatalogReader.jdbcType(e.getKey())).as(e.getKey()).isEqualTo(driver);
    }
  }
}
