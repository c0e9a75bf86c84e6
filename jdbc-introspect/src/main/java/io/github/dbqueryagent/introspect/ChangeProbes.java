package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Dialect;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The built-in {@link ChangeProbe}s. */
final class ChangeProbes {
  private ChangeProbes() {}

  /**
   * Per catalog table: row count and the sum of {@code xmin - 3}, computed as {@code count * age(3) -
   * sum(age(xmin))} because {@code age()} is an int4 function (about twice as fast as {@code
   * xmin::text::bigint}) and both ages use the same transaction-stable reference xid.
   */
  private static final String PG_PART = "(SELECT count(*) || ':' || (count(*) * age('3'::xid)::int8"
      + " - coalesce(sum(age(xmin)::int8), 0)) FROM pg_catalog.%s WHERE %s >= 16384)";
  private static final String PG_SQL = "SELECT " + String.format(PG_PART, "pg_class", "oid")
      + " || '/' || " + String.format(PG_PART, "pg_attribute", "attnum > 0 AND attrelid")
      + " || '/' || " + String.format(PG_PART, "pg_constraint", "oid")
      + " || '/' || " + String.format(PG_PART, "pg_description", "objoid")
      + " || '/' || " + String.format(PG_PART, "pg_namespace", "oid")
      + " || '/' || " + String.format(PG_PART, "pg_attrdef", "adrelid");

  private static final String MY_SYSTEM = " NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')";
  private static final String MY_ALL = "%1$s" + MY_SYSTEM + " AND (DATABASE() IS NULL OR %1$s = DATABASE())";
  private static final String MY_SQL = "SELECT CONCAT_WS('/',"
      + " (SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS('|', TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE,"
      + " TABLE_COMMENT, CREATE_TIME))), 0)) FROM information_schema.TABLES WHERE {TABLE_SCHEMA}),"
      + " (SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS('|', TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME,"
      + " ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_KEY, COLUMN_COMMENT, COLUMN_DEFAULT, EXTRA,"
      + " GENERATION_EXPRESSION))), 0))"
      + " FROM information_schema.COLUMNS WHERE {TABLE_SCHEMA}),"
      + " (SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS('|', CONSTRAINT_SCHEMA, TABLE_NAME,"
      + " CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME,"
      + " REFERENCED_COLUMN_NAME))), 0)) FROM information_schema.KEY_COLUMN_USAGE"
      + " WHERE {CONSTRAINT_SCHEMA}),"
      + " (SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS('|', TABLE_SCHEMA, TABLE_NAME, INDEX_NAME,"
      + " NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME))), 0)) FROM information_schema.STATISTICS WHERE {TABLE_SCHEMA}))";

  private static final String[] H2_SQL = {
    "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, REMARKS FROM INFORMATION_SCHEMA.TABLES"
        + " WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA' ORDER BY TABLE_SCHEMA, TABLE_NAME",
    "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH,"
        + " NUMERIC_PRECISION, NUMERIC_SCALE, IS_NULLABLE, REMARKS, COLUMN_DEFAULT, IS_IDENTITY,"
        + " GENERATION_EXPRESSION FROM INFORMATION_SCHEMA.COLUMNS"
        + " WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA' ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION",
    "SELECT k.CONSTRAINT_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.ORDINAL_POSITION,"
        + " r.UNIQUE_CONSTRAINT_SCHEMA, r.UNIQUE_CONSTRAINT_NAME FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE k"
        + " LEFT JOIN INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA"
        + " AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME WHERE k.CONSTRAINT_SCHEMA <> 'INFORMATION_SCHEMA'"
        + " ORDER BY k.CONSTRAINT_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION",
    "SELECT INDEX_SCHEMA, TABLE_NAME, INDEX_NAME, COLUMN_NAME, ORDINAL_POSITION, IS_UNIQUE"
        + " FROM INFORMATION_SCHEMA.INDEX_COLUMNS WHERE INDEX_SCHEMA <> 'INFORMATION_SCHEMA'"
        + " ORDER BY INDEX_SCHEMA, TABLE_NAME, INDEX_NAME, ORDINAL_POSITION"
  };

  static final ChangeProbe POSTGRES = new SingleValueProbe("PostgresChangeProbe", Set.of(Dialect.POSTGRESQL), PG_SQL);
  static final ChangeProbe MYSQL = new InformationSchemaProbe("MySqlChangeProbe", MY_SQL);
  static final ChangeProbe SQLITE =
      new SingleValueProbe("SqliteChangeProbe", Set.of(Dialect.SQLITE), "PRAGMA schema_version");
  static final ChangeProbe H2 = new HashingProbe("H2ChangeProbe", Set.of(Dialect.H2), H2_SQL);

  /** A single-value probe over {@code information_schema}, restricted to the databases read. */
  private static final class InformationSchemaProbe extends SingleValueProbe {
    private final String template;

    InformationSchemaProbe(String name, String template) {
      super(name, Set.of(Dialect.MYSQL, Dialect.MARIADB), template);
      this.template = template;
    }

    @Override
    String sql(IntrospectionOptions options) {
      String sql = template;
      for (String col : List.of("TABLE_SCHEMA", "CONSTRAINT_SCHEMA")) {
        String filter;
        if (options.schemas().isEmpty()) {
          filter = String.format(MY_ALL, col);
        } else {
          StringBuilder in = new StringBuilder("LOWER(" + col + ") IN (");
          for (int i = 0; i < options.schemas().size(); i++) {
            if (i > 0) in.append(", ");
            in.append('\'').append(options.schemas().get(i).toLowerCase(Locale.ROOT).replace("'", "''")
                .replace("\\", "\\\\")).append('\'');
          }
          filter = in.append(')').toString();
        }
        sql = sql.replace("{" + col + "}", filter);
      }
      return sql;
    }
  }

  /** Runs one query whose single value is the token. */
  private static class SingleValueProbe implements ChangeProbe {
    private final String name;
    private final Set<Dialect> dialects;
    private final String sql;

    SingleValueProbe(String name, Set<Dialect> dialects, String sql) {
      this.name = name;
      this.dialects = dialects;
      this.sql = sql;
    }

    @Override
    public boolean supports(Dialect dialect) {
      return dialects.contains(dialect);
    }

    String sql(IntrospectionOptions options) {
      return sql;
    }

    @Override
    public Optional<String> token(Connection connection, IntrospectionOptions options) throws SQLException {
      try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql(options))) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Runs a few queries and hashes every value they return, in order. */
  private static final class HashingProbe implements ChangeProbe {
    private final String name;
    private final Set<Dialect> dialects;
    private final String[] queries;

    HashingProbe(String name, Set<Dialect> dialects, String... queries) {
      this.name = name;
      this.dialects = dialects;
      this.queries = queries.clone();
    }

    @Override
    public boolean supports(Dialect dialect) {
      return dialects.contains(dialect);
    }

    @Override
    public Optional<String> token(Connection connection, IntrospectionOptions options) throws SQLException {
      MessageDigest md;
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by every Java platform", e);
      }
      try (Statement s = connection.createStatement()) {
        for (String q : queries) {
          try (ResultSet rs = s.executeQuery(q)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              for (int i = 1; i <= n; i++) {
                String v = rs.getString(i);
                md.update((v == null ? "\u0000" : v + "\u0001").getBytes(StandardCharsets.UTF_8));
              }
              md.update((byte) '\n');
            }
          }
          md.update((byte) '#');
        }
      }
      return Optional.of(HexFormat.of().formatHex(md.digest()));
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
