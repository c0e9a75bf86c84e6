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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    for (int i = 1; i <= n; i++) {
      String label = md.getColumnLabel(i);
      if (label == null || label.isEmpty()) label = md.getColumnName(i);
      columns.add(new ResultColumn(label == null ? "column" + i : label, md.getColumnTypeName(i), md.getColumnType(i)));
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
      for (int i = 1; i <= n; i++) row.add(value(rs.getObject(i)));
      rows.add(row);
    }
    return new ExecutionResult(columns, rows, truncated);
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
      Object a = ((Array) v).getArray();
      if (a instanceof Object[]) {
        List<Object> list = new ArrayList<>();
        for (Object o : (Object[]) a) list.add(value(o));
        return list;
      }
      return a;
    }
    if (v instanceof byte[]) {
      return Arrays.copyOf((byte[]) v, ((byte[]) v).length);
    }
    return v;
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
