package io.github.dbqueryagent.session.jdbc;

import io.github.dbqueryagent.spi.Dialect;

/**
 * The SQL a {@link JdbcSessionStore} runs against its two tables, with the column types of one
 * dialect: the turn table, one row per turn, and the lock table ({@code <table>_lock}), one row per
 * session that appends lock so that concurrent appends to a session queue up instead of racing.
 *
 * <p>The table name is validated by the builder (plain identifiers, optionally schema-qualified, no
 * reserved words) and written unquoted, so the database folds its case exactly as it would in
 * hand-written SQL; column names are plain lower-case words that no supported dialect reserves.
 */
final class TableLayout {
  /** The suffix of the lock table's name. */
  static final String LOCK_SUFFIX = "_lock";

  /** The turn table's columns in the order of {@link #insertTurn}. */
  static final String TURN_COLUMNS =
      "session_id, seq, question, sql_text, columns_json, row_count, answer, clarification, created_at";

  /** The lock table's columns. */
  static final String LOCK_COLUMNS = "session_id, version";

  final Dialect dialect;
  final String table;
  final String lockTable;
  final String createTable;
  final String createLockTable;
  final String lockSession;
  final String insertLock;
  final String maxSeq;
  final String insertTurn;
  final String selectLatest;
  final String deleteSessionLock;
  final String deleteSessionTurns;
  final String deleteTurnsBefore;
  final String deleteOrphanLocks;

  TableLayout(Dialect dialect, String table) {
    this.dialect = dialect;
    this.table = table;
    this.lockTable = table + LOCK_SUFFIX;
    Types types = Types.of(dialect);
    this.createTable =
        "CREATE TABLE "
            + table
            + " (session_id "
            + types.sessionId
            + " NOT NULL, seq "
            + types.bigint
            + " NOT NULL, question "
            + types.text
            + ", sql_text "
            + types.text
            + ", columns_json "
            + types.text
            + ", row_count "
            + types.integer
            + " NOT NULL, answer "
            + types.text
            + ", clarification "
            + types.text
            + ", created_at "
            + types.bigint
            + " NOT NULL, PRIMARY KEY (session_id, seq))"
            + types.tableSuffix;
    this.createLockTable =
        "CREATE TABLE "
            + lockTable
            + " (session_id "
            + types.sessionId
            + " NOT NULL, version "
            + types.bigint
            + " NOT NULL, PRIMARY KEY (session_id))"
            + types.tableSuffix;
    // A real change, so that every database takes the row lock and reports one updated row.
    this.lockSession = "UPDATE " + lockTable + " SET version = version + 1 WHERE session_id = ?";
    this.insertLock = "INSERT INTO " + lockTable + " (" + LOCK_COLUMNS + ") VALUES (?, 1)";
    this.maxSeq = "SELECT MAX(seq) FROM " + table + " WHERE session_id = ?";
    this.insertTurn = "INSERT INTO " + table + " (" + TURN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    this.selectLatest =
        "SELECT seq, question, sql_text, columns_json, row_count, answer, clarification, created_at FROM "
            + table
            + " WHERE session_id = ? ORDER BY seq DESC";
    this.deleteSessionLock = "DELETE FROM " + lockTable + " WHERE session_id = ?";
    this.deleteSessionTurns = "DELETE FROM " + table + " WHERE session_id = ?";
    this.deleteTurnsBefore = "DELETE FROM " + table + " WHERE created_at < ?";
    this.deleteOrphanLocks =
        "DELETE FROM "
            + lockTable
            + " WHERE NOT EXISTS (SELECT 1 FROM "
            + table
            + " t WHERE t.session_id = "
            + lockTable
            + ".session_id)";
  }

  /** Returns a query over the given columns of a table that returns no rows: a cheap probe. */
  static String probe(String table, String columns) {
    return "SELECT " + columns + " FROM " + table + " WHERE 1 = 0";
  }

  /**
   * The column types of a dialect.
   *
   * <p>Text columns are nullable because Oracle stores an empty string as NULL; the store reads NULL
   * back as {@code ""}. On MySQL and MariaDB the session id is {@code VARBINARY} so that ids differing
   * only by case or trailing spaces stay distinct (their default collations ignore both), and the
   * tables are InnoDB (transactions, row locks) with {@code utf8mb4} text (four-byte characters such
   * as emoji).
   */
  private static final class Types {
    final String sessionId;
    final String text;
    final String bigint;
    final String integer;
    final String tableSuffix;

    private Types(String sessionId, String text, String bigint, String integer, String tableSuffix) {
      this.sessionId = sessionId;
      this.text = text;
      this.bigint = bigint;
      this.integer = integer;
      this.tableSuffix = tableSuffix;
    }

    static Types of(Dialect dialect) {
      switch (dialect) {
        case POSTGRESQL:
        case SQLITE:
          return new Types("VARCHAR(255)", "TEXT", "BIGINT", "INTEGER", "");
        case MYSQL:
        case MARIADB:
          return new Types("VARBINARY(1020)", "LONGTEXT", "BIGINT", "INTEGER", " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        case SQLSERVER:
          return new Types("NVARCHAR(255) COLLATE Latin1_General_100_BIN2", "NVARCHAR(MAX)", "BIGINT", "INT", "");
        case ORACLE:
          return new Types("VARCHAR2(255 CHAR)", "CLOB", "NUMBER(19)", "NUMBER(10)", "");
        case H2:
        case GENERIC:
        default:
          return new Types("VARCHAR(255)", "CLOB", "BIGINT", "INTEGER", "");
      }
    }
  }
}
