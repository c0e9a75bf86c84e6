package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.JdbcDataSources;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Hides connection secrets that drivers and {@link java.sql.DriverManager} repeat in exception
 * messages: a JDBC URL with {@code password=...} (or {@code pwd}, {@code token}, ...) or {@code
 * //user:password@host}, as in DriverManager's "No suitable driver found for jdbc:...". Masking uses
 * {@link JdbcDataSources#maskUrl}; a secret that appears in no URL form (a driver that prints the bare
 * password) cannot be recognised here, since a {@link javax.sql.DataSource} does not tell its password.
 * Stateless and thread-safe; package-private scaffolding for {@link DialectSchemaSource}.
 */
final class ConnectionSecrets {
  /** How many causes, chained and suppressed exceptions are inspected or copied, at most. */
  private static final int MAX_DEPTH = 16;

  private ConnectionSecrets() {}

  /** Returns the message with URL secrets replaced by {@code ****}; {@code ""} for null. */
  static String mask(String message) {
    return message == null ? "" : JdbcDataSources.maskUrl(message);
  }

  /**
   * Returns the exception itself when no message in it (its causes, chained and suppressed
   * exceptions included) shows a URL secret; otherwise a copy whose messages are masked. A copy keeps
   * the SQLState, vendor code and stack traces, but is a plain {@link SQLException} (other
   * throwables in the chain become {@link MaskedException}s that print as the original class).
   */
  static SQLException clean(SQLException e) {
    return leaks(e, Collections.newSetFromMap(new IdentityHashMap<>()), 0)
        ? (SQLException) copy(e, Collections.newSetFromMap(new IdentityHashMap<>()), 0) : e;
  }

  private static boolean leaks(Throwable t, Set<Throwable> seen, int depth) {
    if (t == null || depth > MAX_DEPTH || !seen.add(t)) return false;
    String m = t.getMessage();
    if (m != null && !mask(m).equals(m)) return true;
    if (t instanceof SQLException && leaks(((SQLException) t).getNextException(), seen, depth + 1)) return true;
    for (Throwable s : t.getSuppressed()) if (leaks(s, seen, depth + 1)) return true;
    return leaks(t.getCause(), seen, depth + 1);
  }

  private static Throwable copy(Throwable t, Set<Throwable> seen, int depth) {
    seen.add(t);
    Throwable cause = t.getCause();
    Throwable causeCopy = cause != null && depth < MAX_DEPTH && !seen.contains(cause) ? copy(cause, seen, depth + 1)
        : null;
    Throwable c;
    if (t instanceof SQLException) {
      SQLException s = (SQLException) t;
      SQLException sc = new SQLException(mask(s.getMessage()), s.getSQLState(), s.getErrorCode(), causeCopy);
      SQLException last = sc;
      int n = 0;
      for (SQLException next = s.getNextException(); next != null && n < MAX_DEPTH && !seen.contains(next);
          next = next.getNextException(), n++) {
        seen.add(next);
        SQLException nc = new SQLException(mask(next.getMessage()), next.getSQLState(), next.getErrorCode());
        nc.setStackTrace(next.getStackTrace());
        last.setNextException(nc);
        last = nc;
      }
      c = sc;
    } else {
      c = new MaskedException(t.getClass().getName(), mask(t.getMessage()), causeCopy);
    }
    c.setStackTrace(t.getStackTrace());
    for (Throwable s : t.getSuppressed()) {
      if (depth < MAX_DEPTH && !seen.contains(s)) c.addSuppressed(copy(s, seen, depth + 1));
    }
    return c;
  }

  /** A masked copy of a throwable that is not a {@link SQLException}; prints as the original class. */
  static final class MaskedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String originalClass;

    MaskedException(String originalClass, String message, Throwable cause) {
      super(message, cause);
      this.originalClass = originalClass;
    }

    /** Returns the name of the class this is a copy of. */
    String originalClass() {
      return originalClass;
    }

    @Override
    public String toString() {
      return originalClass + ": " + getMessage();
    }
  }
}
