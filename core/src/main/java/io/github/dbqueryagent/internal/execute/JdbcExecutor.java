package io.github.dbqueryagent.internal.execute;

import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.ResultColumn;
import io.github.dbqueryagent.SqlExecutionException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.ExecutionRequest;
import io.github.dbqueryagent.spi.ExecutionResult;
import io.github.dbqueryagent.spi.Executor;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs statements read-only: {@code setReadOnly(true)}, auto-commit off, the dialect's read-only
 * transaction, always rolled back, with a timeout, a row cap and a fetch size. Thread-safe.
 */
public final class JdbcExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcExecutor.class);
  private static final int FETCH_SIZE = 500;

  private final DataSource dataSource;

  /** Creates the executor over a data source. */
  public JdbcExecutor(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  @SuppressWarnings("try") // the cancel registration is closed by try-with-resources, not used in the body
  public ExecutionResult execute(ExecutionRequest request) {
    Cancellation cancellation = request.cancellation();
    cancellation.throwIfCancelled(Stage.EXECUTE);
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new SqlExecutionException(
          Stage.EXECUTE, "", "cannot connect to the database: " + e.getMessage(), e);
    }
    try (connection) {
      ReadOnlySession session = ReadOnlySession.begin(connection);
      try (Statement statement = connection.createStatement();
          Cancellation.Registration reg = cancellation.onCancel(() -> cancelQuietly(statement))) {
        statement.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (request.timeout().toMillis() + 999) / 1000)));
        statement.setMaxRows(request.maxRows() == Integer.MAX_VALUE ? 0 : request.maxRows() + 1);
        statement.setFetchSize(Math.min(FETCH_SIZE, request.maxRows() + 1));
        try (ResultSet rs = statement.executeQuery(request.sql())) {
          return read(rs, request.maxRows(), cancellation);
        }
      } catch (SQLException e) {
        if (cancellation.isCancelled()) {
          throw new QueryCancelledException(Stage.EXECUTE);
        }
        throw new SqlExecutionException(
            Stage.EXECUTE, request.sql(), describe(e, session.dialect().toString(), request.timeout()), e);
      } finally {
        session.end();
      }
    } catch (SQLException e) {
      throw new SqlExecutionException(Stage.EXECUTE, request.sql(), describe(e, null, request.timeout()), e);
    }
  }

  private static String describe(SQLException e, String database, Duration timeout) {
    String state = e.getSQLState();
    String msg = e.getMessage() == null ? e.toString() : e.getMessage().strip();
    int nl = msg.indexOf('\n');
    if (nl > 0) msg = msg.substring(0, nl);
    String withState = state != null ? " (SQLState " + state + ")" : "";
    if (SqlExecutionException.isConnectionFailure(e)) {
      return "the connection to the database was lost" + withState
          + "; the database may be restarting, ask again when it is back: " + msg;
    }
    if (state != null && (state.equals("25006") || state.startsWith("25"))) {
      return "the database refused a write in the read-only transaction: " + msg;
    }
    if (state != null && (state.equals("57014") || state.equals("70100"))) {
      return "the statement was cancelled or timed out (statement timeout " + seconds(timeout) + ")" + withState
          + "; ask a narrower question or raise statementTimeout(...): " + msg;
    }
    if (database == null) {
      return "the database failed while opening or closing the read-only transaction" + withState + ": " + msg;
    }
    return "the database rejected the query (" + database + (state != null ? ", SQLState " + state : "") + "): " + msg;
  }

  private static String seconds(Duration timeout) {
    return Math.max(1, (timeout.toMillis() + 999) / 1000) + " s";
  }

  private static ExecutionResult read(ResultSet rs, int maxRows, Cancellation cancellation) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<ResultColumn> columns = new ArrayList<>(n);
    boolean[] zoned = new boolean[n + 1];
    for (int i = 1; i <= n; i++) {
      String label = md.getColumnLabel(i);
      if (label == null || label.isEmpty()) label = md.getColumnName(i);
      ResultColumn column = new ResultColumn(label == null ? "column" + i : label, md.getColumnTypeName(i), md.getColumnType(i));
      columns.add(column);
      zoned[i] = hasZone(column);
    }
    List<List<Object>> rows = new ArrayList<>();
    boolean truncated = false;
    while (rs.next()) {
      if (rows.size() == maxRows) {
        truncated = true;
        break;
      }
      if ((rows.size() & 255) == 0) cancellation.throwIfCancelled(Stage.EXECUTE);
      List<Object> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) row.add(value(temporal(rs, i, rs.getObject(i), columns.get(i - 1), zoned[i])));
      rows.add(row);
    }
    return new ExecutionResult(columns, rows, truncated);
  }

  /**
   * Whether a column holds values with a time zone: JDBC's {@code TIMESTAMP_WITH_TIMEZONE} and {@code
   * TIME_WITH_TIMEZONE}, and PostgreSQL's {@code timestamptz} and {@code timetz}, which pgjdbc reports as
   * {@code TIMESTAMP} and {@code TIME}.
   */
  private static boolean hasZone(ResultColumn c) {
    if (c.jdbcType() == Types.TIMESTAMP_WITH_TIMEZONE || c.jdbcType() == Types.TIME_WITH_TIMEZONE) return true;
    String type = c.type() == null ? "" : c.type().toLowerCase(Locale.ROOT);
    return type.equals("timestamptz") || type.equals("timetz");
  }

  /**
   * Re-reads a {@code java.sql.Timestamp}, {@code Time} or {@code Date} as its JDBC 4.2 {@code
   * java.time} value, which keeps what the legacy classes lose: the offset of a timestamp with time
   * zone, the microseconds of a time, local timestamps in a daylight-saving gap of the JVM's zone. A
   * value of a column with a time zone in a driver class of its own (SQL Server's {@code
   * DateTimeOffset}, Oracle's {@code TIMESTAMPTZ}) is read as {@code OffsetDateTime} or {@code
   * OffsetTime} too. Other values (text dates of SQLite, values a driver already returns as {@code
   * java.time}) are kept; so is the original value when the driver cannot convert it (MariaDB's {@code
   * TIME} beyond 24 hours, for example).
   */
  private static Object temporal(ResultSet rs, int i, Object v, ResultColumn column, boolean zoned) {
    Class<?> type;
    if (v == null || v instanceof java.time.temporal.Temporal) {
      return v;
    } else if (v instanceof java.sql.Timestamp) {
      type = zoned ? OffsetDateTime.class : LocalDateTime.class;
    } else if (v instanceof java.sql.Time) {
      type = zoned ? OffsetTime.class : LocalTime.class;
    } else if (v instanceof java.sql.Date) {
      type = LocalDate.class;
    } else if (column.jdbcType() == Types.TIMESTAMP_WITH_TIMEZONE) {
      type = OffsetDateTime.class;
    } else if (column.jdbcType() == Types.TIME_WITH_TIMEZONE) {
      type = OffsetTime.class;
    } else {
      return v;
    }
    try {
      Object t = rs.getObject(i, type);
      return t != null ? t : v;
    } catch (SQLException | RuntimeException e) {
      LOG.debug("cannot read column {} as {}; keeping {}", i, type.getSimpleName(), v.getClass().getName(), e);
      return v;
    }
  }

  /** Copies driver objects that live only as long as the result set into plain values. */
  private static Object value(Object v) throws SQLException {
    if (v instanceof Clob) {
      Clob c = (Clob) v;
      long len = c.length();
      return c.getSubString(1, (int) Math.min(len, Integer.MAX_VALUE));
    }
    if (v instanceof Blob) {
      Blob b = (Blob) v;
      return b.getBytes(1, (int) Math.min(b.length(), Integer.MAX_VALUE));
    }
    if (v instanceof Array) {
      Array array = (Array) v;
      String base = array.getBaseTypeName();
      boolean zoned = base != null && (base.equalsIgnoreCase("timestamptz") || base.toLowerCase(Locale.ROOT).contains("with time zone"));
      return element(array.getArray(), zoned);
    }
    if (v instanceof byte[]) {
      return Arrays.copyOf((byte[]) v, ((byte[]) v).length);
    }
    return v;
  }

  /**
   * An element of a SQL array: nested arrays as lists, legacy {@code java.sql} temporal values as
   * {@code java.time} ones (elements of a {@code timestamptz[]} as {@code OffsetDateTime} in UTC, the
   * instant the driver read), primitive arrays as they are.
   */
  private static Object element(Object e, boolean zoned) throws SQLException {
    if (e instanceof Object[]) {
      List<Object> list = new ArrayList<>();
      for (Object o : (Object[]) e) list.add(element(o, zoned));
      return list;
    }
    if (e instanceof java.sql.Timestamp) {
      java.sql.Timestamp t = (java.sql.Timestamp) e;
      return zoned ? t.toInstant().atOffset(ZoneOffset.UTC) : t.toLocalDateTime();
    }
    if (e instanceof java.sql.Time) return ((java.sql.Time) e).toLocalTime();
    if (e instanceof java.sql.Date) return ((java.sql.Date) e).toLocalDate();
    return value(e);
  }

  private static void cancelQuietly(Statement statement) {
    try {
      statement.cancel();
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Statement.cancel() failed", e);
    }
  }

  @Override
  public String toString() {
    return "JdbcExecutor[" + dataSource + "]";
  }
}
