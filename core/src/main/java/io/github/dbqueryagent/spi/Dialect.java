package io.github.dbqueryagent.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * The SQL dialect of a database, detected from its JDBC product name.
 *
 * <p>The dialect decides how identifiers are quoted and how a row limit is written. {@link #GENERIC}
 * stands for any other database and uses the SQL:2008 {@code FETCH FIRST n ROWS ONLY} clause.
 */
public enum Dialect {
  /** PostgreSQL and compatible servers. */
  POSTGRESQL('"', '"', LimitStyle.LIMIT),
  /** MySQL. */
  MYSQL('`', '`', LimitStyle.LIMIT),
  /** MariaDB. */
  MARIADB('`', '`', LimitStyle.LIMIT),
  /** SQLite. */
  SQLITE('"', '"', LimitStyle.LIMIT),
  /** H2. */
  H2('"', '"', LimitStyle.LIMIT),
  /** Microsoft SQL Server. */
  SQLSERVER('[', ']', LimitStyle.TOP),
  /** Oracle Database (12c and later). */
  ORACLE('"', '"', LimitStyle.FETCH_FIRST),
  /** Any other database: standard quoting and {@code FETCH FIRST n ROWS ONLY}. */
  GENERIC('"', '"', LimitStyle.FETCH_FIRST);

  /** How a dialect writes a row limit. */
  public enum LimitStyle {
    /** {@code LIMIT n} at the end of the query. */
    LIMIT,
    /** {@code SELECT TOP n ...}. */
    TOP,
    /** {@code FETCH FIRST n ROWS ONLY} at the end of the query. */
    FETCH_FIRST
  }

  private final char openQuote;
  private final char closeQuote;
  private final LimitStyle limitStyle;

  Dialect(char openQuote, char closeQuote, LimitStyle limitStyle) {
    this.openQuote = openQuote;
    this.closeQuote = closeQuote;
    this.limitStyle = limitStyle;
  }

  /**
   * Detects the dialect from {@code DatabaseMetaData.getDatabaseProductName()}.
   *
   * @param productName the product name as the driver reports it, for example {@code "PostgreSQL"}
   * @return the matching dialect, {@link #GENERIC} when none matches; never null
   */
  public static Dialect fromProductName(String productName) {
    Objects.requireNonNull(productName, "productName");
    String p = productName.toLowerCase(Locale.ROOT);
    if (p.contains("postgres")) return POSTGRESQL;
    if (p.contains("mariadb")) return MARIADB;
    if (p.contains("mysql")) return MYSQL;
    if (p.contains("sqlite")) return SQLITE;
    if (p.equals("h2") || p.startsWith("h2 ")) return H2;
    if (p.contains("microsoft sql server") || p.contains("sql server")) return SQLSERVER;
    if (p.contains("oracle")) return ORACLE;
    return GENERIC;
  }

  /**
   * Detects the dialect from a JDBC URL such as {@code jdbc:postgresql://host/db}.
   *
   * @param jdbcUrl the URL
   * @return the matching dialect, {@link #GENERIC} when none matches; never null
   */
  public static Dialect fromJdbcUrl(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    String u = jdbcUrl.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:postgresql:")) return POSTGRESQL;
    if (u.startsWith("jdbc:mariadb:")) return MARIADB;
    if (u.startsWith("jdbc:mysql:")) return MYSQL;
    if (u.startsWith("jdbc:sqlite:")) return SQLITE;
    if (u.startsWith("jdbc:h2:")) return H2;
    if (u.startsWith("jdbc:sqlserver:")) return SQLSERVER;
    if (u.startsWith("jdbc:oracle:")) return ORACLE;
    return GENERIC;
  }

  /** Returns how this dialect writes a row limit. */
  public LimitStyle limitStyle() {
    return limitStyle;
  }

  /**
   * Quotes an identifier when it needs quoting: when it is not a plain lower-case, upper-case or
   * mixed-case word that the database would read back unchanged.
   *
   * <p>Unquoted identifiers fold to upper case in H2 and Oracle and to lower case in PostgreSQL, so a
   * name is left bare only when folding cannot change it for this dialect.
   *
   * @param identifier a table, column or schema name exactly as the catalog reports it
   * @return the identifier, quoted if needed; never null
   */
  public String quote(String identifier) {
    Objects.requireNonNull(identifier, "identifier");
    if (isBare(identifier)) {
      return identifier;
    }
    String close = String.valueOf(closeQuote);
    return openQuote + identifier.replace(close, close + close) + closeQuote;
  }

  private boolean isBare(String id) {
    if (id.isEmpty() || !(Character.isLetter(id.charAt(0)) || id.charAt(0) == '_')) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
        return false;
      }
    }
    if (SqlKeywords.isReserved(id)) {
      return false;
    }
    switch (this) {
      case POSTGRESQL:
        return id.equals(id.toLowerCase(Locale.ROOT));
      case H2:
      case ORACLE:
      case GENERIC:
        return id.equals(id.toUpperCase(Locale.ROOT));
      default:
        return true;
    }
  }
}
