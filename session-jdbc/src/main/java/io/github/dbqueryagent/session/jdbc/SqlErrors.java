package io.github.dbqueryagent.session.jdbc;

import io.github.dbqueryagent.spi.Dialect;
import java.sql.SQLException;
import java.util.Locale;

/** Classifies {@link SQLException}s: which are worth retrying, and what to tell the user. */
final class SqlErrors {
  private SqlErrors() {}

  /** What a failed append transaction may do next. */
  enum Conflict {
    /** Not a concurrency conflict: report the failure. */
    NONE,
    /**
     * A concurrent append committed the same sequence number first: run again at once, the new
     * highest sequence number is now visible.
     */
    DUPLICATE_KEY,
    /**
     * A deadlock, serialization failure, lock timeout or busy SQLite file: run again after a short
     * random pause.
     */
    TRANSIENT
  }

  /**
   * Classifies the failure of an append transaction, looking through chained and cause exceptions.
   * Connection, permission and data errors are {@link Conflict#NONE}.
   */
  static Conflict classify(SQLException e, Dialect dialect) {
    Conflict found = Conflict.NONE;
    Throwable t = e;
    for (int depth = 0; t != null && depth < 16; depth++, t = next(t)) {
      if (t instanceof SQLException) {
        Conflict c = classifyOne((SQLException) t, dialect);
        if (c == Conflict.DUPLICATE_KEY) {
          return c;
        }
        if (c == Conflict.TRANSIENT) {
          found = c;
        }
      }
    }
    return found;
  }

  private static Throwable next(Throwable t) {
    if (t instanceof SQLException && ((SQLException) t).getNextException() != null) {
      return ((SQLException) t).getNextException();
    }
    return t.getCause();
  }

  private static Conflict classifyOne(SQLException e, Dialect dialect) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    int code = e.getErrorCode();
    if (state.equals("23505")) { // unique violation (PostgreSQL, H2, standard)
      return Conflict.DUPLICATE_KEY;
    }
    if (state.equals("40001") // serialization failure; MySQL/MariaDB and SQL Server deadlocks
        || state.equals("40P01") // PostgreSQL deadlock
        || state.equals("55P03") // PostgreSQL lock not available
        || state.equals("HYT00")) { // H2 lock timeout
      return Conflict.TRANSIENT;
    }
    switch (dialect) {
      case MYSQL:
      case MARIADB:
        if (code == 1062) { // ER_DUP_ENTRY
          return Conflict.DUPLICATE_KEY;
        }
        return code == 1205 || code == 1213 ? Conflict.TRANSIENT : Conflict.NONE; // lock wait, deadlock
      case H2:
        return code == 90131 || code == 50200 ? Conflict.TRANSIENT : Conflict.NONE; // concurrent update, lock
      case SQLSERVER:
        if (code == 2627 || code == 2601) { // PRIMARY KEY / unique index violation
          return Conflict.DUPLICATE_KEY;
        }
        return code == 1205 ? Conflict.TRANSIENT : Conflict.NONE; // deadlock victim
      case ORACLE:
        if (code == 1) { // ORA-00001
          return Conflict.DUPLICATE_KEY;
        }
        return code == 60 || code == 8177 ? Conflict.TRANSIENT : Conflict.NONE; // ORA-00060, ORA-08177
      case SQLITE:
        String message = e.getMessage() == null ? "" : e.getMessage().toUpperCase(Locale.ROOT);
        if (message.contains("SQLITE_CONSTRAINT_PRIMARYKEY")) {
          return Conflict.DUPLICATE_KEY;
        }
        return code == 5 // SQLITE_BUSY
                || code == 6 // SQLITE_LOCKED
                || message.contains("SQLITE_BUSY")
                || message.contains("SQLITE_LOCKED")
            ? Conflict.TRANSIENT
            : Conflict.NONE;
      default:
        return Conflict.NONE;
    }
  }

  /**
   * Describes a failure without the driver's message (which may echo a URL or user name): the
   * SQLState, the vendor code and, for common SQLState classes, what to check.
   */
  static String describe(SQLException e) {
    String state = e.getSQLState();
    StringBuilder sb = new StringBuilder();
    sb.append("SQLState ").append(state == null ? "unknown" : state);
    sb.append(", vendor code ").append(e.getErrorCode());
    String hint = hint(state);
    if (!hint.isEmpty()) {
      sb.append("; ").append(hint);
    }
    sb.append("; see the cause for the driver's message");
    return sb.toString();
  }

  private static String hint(String state) {
    if (state == null || state.length() < 2) {
      return "";
    }
    switch (state.substring(0, 2)) {
      case "08":
        return "the database could not be reached or the connection broke";
      case "28":
        return "the database refused the credentials";
      case "42":
        return "check that the table has the expected columns and that the account may SELECT, INSERT"
            + " and DELETE on it (and CREATE TABLE when createTable is on)";
      case "22":
        return "a value did not fit its column";
      default:
        return "";
    }
  }
}
