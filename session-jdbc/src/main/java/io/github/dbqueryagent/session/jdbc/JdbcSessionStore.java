package io.github.dbqueryagent.session.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.github.dbqueryagent.QueryAgentException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.SessionStore;
import io.github.dbqueryagent.spi.Turn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link SessionStore} that keeps turns in a table of any JDBC database, creating its tables when
 * absent. Tested on H2, SQLite, PostgreSQL and MariaDB; the DDL for MySQL, SQL Server and Oracle is
 * written but not tested, and any other database gets standard SQL types ({@code VARCHAR}, {@code
 * CLOB}, {@code BIGINT}).
 *
 * <pre>{@code
 * SessionStore sessions = JdbcSessionStore.builder(writableDataSource)
 *     .tableName("dbqa_session_turn")   // the default
 *     .maxTurnsPerSession(50)           // the default
 *     .build();
 * DatabaseQueryAgent agent = DatabaseQueryAgent.builder()
 *     .dataSource(readOnlyDataSource)
 *     .sessionStore(sessions)
 *     .build();
 * }</pre>
 *
 * <h2>The tables</h2>
 *
 * The turn table ({@link Builder#tableName(String)}) has one row per turn: {@code session_id} (at
 * most {@value #MAX_SESSION_ID_LENGTH} UTF-16 characters), {@code seq} (1, 2, ... within a session:
 * the append order), {@code question}, {@code sql_text}, {@code columns_json} (the column names as a
 * JSON array of strings), {@code row_count}, {@code answer}, {@code clarification}, and {@code
 * created_at} ({@link Turn#at()} in epoch milliseconds, so sub-millisecond precision is dropped); the
 * primary key is {@code (session_id, seq)}. The lock table, named like the turn table plus {@code
 * _lock}, has one row per session, {@code (session_id, version)}, which appends update to queue up
 * behind each other; it holds no history and may be emptied at any time. Column types are chosen
 * per {@link Dialect} (for example {@code TEXT} on PostgreSQL and SQLite, {@code CLOB} on H2, {@code
 * LONGTEXT} with {@code utf8mb4} on MySQL and MariaDB); missing tables are created on first use when
 * {@link Builder#createTable(boolean)} is on (the default). Turns are never deleted implicitly:
 * {@link #turns(String)} returns the last {@link Builder#maxTurnsPerSession(int)} turns, and {@link
 * #deleteSession(String)} and {@link #deleteTurnsBefore(Instant)} remove history.
 *
 * <h2>Database account</h2>
 *
 * The store writes, so give it a {@link DataSource} whose account may {@code SELECT}, {@code
 * INSERT}, {@code UPDATE} and {@code DELETE} on these two tables (and {@code CREATE TABLE} once) —
 * not the read-only account the agent uses to answer questions. The store borrows a connection per
 * call and closes it before returning; it never closes the data source, which stays owned by the
 * caller.
 *
 * <h2>Concurrency and atomicity</h2>
 *
 * Thread-safe; calls block on JDBC I/O. Each {@link #append(String, Turn)} runs one transaction:
 * it updates the session's lock row (inserting it for a new session), which makes concurrent
 * appends to the session from other store instances or processes wait; then reads the session's
 * highest {@code seq} and inserts the turn with the next one. A turn is thus recorded whole or not
 * at all, and {@code seq} always derives from the turns themselves. Appends to one session through
 * one store instance are also serialized in memory, so they hold no pooled connection while they
 * wait. A transaction that still conflicts (two instances inserting the lock row of a new session,
 * a deadlock, a serialization failure under {@code REPEATABLE READ}, a lock timeout, a busy SQLite
 * file) is run again, up to {@value #MAX_ATTEMPTS} attempts in all: at once after a duplicate key,
 * after a short random pause otherwise.
 *
 * <h2>Errors</h2>
 *
 * Database failures throw {@link QueryAgentException} with {@link Stage#PERSIST}; the message names
 * the operation, the table, the SQLState and the vendor code (never the session id, the URL or the
 * driver's message, which may echo credentials), and the {@link SQLException} is kept as the cause.
 */
public final class JdbcSessionStore implements SessionStore {

  /** The table name used when {@link Builder#tableName(String)} is not called. */
  public static final String DEFAULT_TABLE_NAME = "dbqa_session_turn";

  /** The number of turns {@link #turns(String)} returns when not configured. */
  public static final int DEFAULT_MAX_TURNS_PER_SESSION = 50;

  /** The longest accepted session id, in UTF-16 characters ({@link String#length()}). */
  public static final int MAX_SESSION_ID_LENGTH = 255;

  /** How many times an append runs its transaction before giving up on a concurrency conflict. */
  public static final int MAX_ATTEMPTS = 10;

  private static final int MAX_IDENTIFIER_LENGTH = 63;
  private static final int MAX_TABLE_LENGTH = MAX_IDENTIFIER_LENGTH - TableLayout.LOCK_SUFFIX.length();
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> RESERVED =
      Set.of(
          "ALL", "ALTER", "AND", "ANY", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CHECK", "COLUMN",
          "CONSTRAINT", "CREATE", "CROSS", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
          "CURRENT_USER", "DATE", "DAY", "DEFAULT", "DELETE", "DESC", "DISTINCT", "DROP", "ELSE", "END",
          "EXCEPT", "EXISTS", "FALSE", "FETCH", "FOR", "FOREIGN", "FROM", "FULL", "GRANT", "GROUP",
          "HAVING", "IF", "IN", "INDEX", "INNER", "INSERT", "INTERSECT", "INTERVAL", "INTO", "IS", "JOIN",
          "KEY", "LEFT", "LIKE", "LIMIT", "MINUS", "MONTH", "NATURAL", "NOT", "NULL", "OFFSET", "ON",
          "OR", "ORDER", "OUTER", "PRIMARY", "REFERENCES", "RIGHT", "ROW", "ROWS", "SELECT", "SET",
          "TABLE", "THEN", "TO", "TOP", "TRUE", "UNION", "UNIQUE", "UPDATE", "USER", "USING", "VALUE",
          "VALUES", "WHEN", "WHERE", "WITH", "YEAR");
  private static final int LOCK_STRIPES = 64;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JavaType STRING_LIST =
      JSON.getTypeFactory().constructCollectionType(List.class, String.class);
  private static final ObjectReader COLUMNS_READER = JSON.readerFor(STRING_LIST);
  private static final ObjectWriter COLUMNS_WRITER = JSON.writerFor(STRING_LIST);

  private final DataSource dataSource;
  private final String tableName;
  private final int maxTurnsPerSession;
  private final boolean createTable;
  private final ReentrantLock[] appendLocks = new ReentrantLock[LOCK_STRIPES];
  private final Object initLock = new Object();
  private volatile TableLayout layout;

  private JdbcSessionStore(Builder b) {
    this.dataSource = b.dataSource;
    this.tableName = b.tableName;
    this.maxTurnsPerSession = b.maxTurnsPerSession;
    this.createTable = b.createTable;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      appendLocks[i] = new ReentrantLock();
    }
  }

  /**
   * Starts a builder for a store on a data source.
   *
   * @param dataSource where the tables live; its account must be able to write them. The store
   *     borrows connections and never closes the data source.
   * @return a new builder with the defaults: table {@value #DEFAULT_TABLE_NAME}, {@value
   *     #DEFAULT_MAX_TURNS_PER_SESSION} turns per session, tables created when missing
   * @throws NullPointerException if {@code dataSource} is null
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * Appends a turn to a session in one transaction: the turn is stored whole with the next sequence
   * number of the session, or not at all. Creates the tables first when they are missing and {@link
   * Builder#createTable(boolean)} is on. Blocks on JDBC I/O, also while another append to the same
   * session holds its lock; on a conflict, runs the transaction again, up to {@value #MAX_ATTEMPTS}
   * attempts in all.
   *
   * @param sessionId the session, not blank, at most {@value #MAX_SESSION_ID_LENGTH} characters;
   *     compared exactly (case and spaces count)
   * @param turn the turn; {@link Turn#at()} is stored to the millisecond
   * @throws NullPointerException if {@code sessionId} or {@code turn} is null
   * @throws IllegalArgumentException if {@code sessionId} is blank or too long, or {@code turn.at()}
   *     does not fit in epoch milliseconds
   * @throws QueryAgentException with {@link Stage#PERSIST} if the database fails, a table is missing
   *     (and may not be created) or has other columns, the attempts are exhausted, or the thread is
   *     interrupted while pausing between attempts
   */
  @Override
  public void append(String sessionId, Turn turn) {
    checkSessionId(sessionId);
    Objects.requireNonNull(turn, "turn");
    long createdAt;
    try {
      createdAt = turn.at().toEpochMilli();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("turn.at() " + turn.at() + " does not fit in epoch milliseconds", e);
    }
    String columnsJson = writeColumns(turn.columns());
    TableLayout t = layout();
    ReentrantLock lock = appendLocks[stripe(sessionId)];
    lock.lock();
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          appendOnce(t, sessionId, turn, columnsJson, createdAt);
          return;
        } catch (SQLException e) {
          SqlErrors.Conflict conflict = SqlErrors.classify(e, t.dialect);
          if (conflict == SqlErrors.Conflict.NONE) {
            throw failure("append a turn", e);
          }
          if (attempt >= MAX_ATTEMPTS) {
            throw new QueryAgentException(
                Stage.PERSIST,
                "Session store could not append a turn to table "
                    + tableName
                    + ": still conflicting with concurrent appends after "
                    + MAX_ATTEMPTS
                    + " attempts ("
                    + SqlErrors.describe(e)
                    + ")",
                e);
          }
          if (conflict == SqlErrors.Conflict.TRANSIENT) {
            backOff(attempt, e);
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the last turns of a session, oldest first: at most {@link
   * Builder#maxTurnsPerSession(int)} of them, in the order they were appended. Creates the tables
   * first when they are missing and {@link Builder#createTable(boolean)} is on. Blocks on JDBC I/O.
   *
   * @param sessionId the session, not blank
   * @return an unmodifiable snapshot, empty for an unknown session, never null; {@link Turn#at()} has
   *     millisecond precision, and text stored as NULL (as Oracle does with {@code ""}) reads as
   *     {@code ""}
   * @throws NullPointerException if {@code sessionId} is null
   * @throws IllegalArgumentException if {@code sessionId} is blank or too long
   * @throws QueryAgentException with {@link Stage#PERSIST} if the database fails, a table is missing
   *     (and may not be created) or has other columns, or a stored row cannot be read
   */
  @Override
  public List<Turn> turns(String sessionId) {
    checkSessionId(sessionId);
    TableLayout t = layout();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(t.selectLatest)) {
      ps.setMaxRows(maxTurnsPerSession);
      ps.setString(1, sessionId);
      List<Turn> newestFirst = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && newestFirst.size() < maxTurnsPerSession) {
          newestFirst.add(readTurn(rs));
        }
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      Collections.reverse(newestFirst);
      return Collections.unmodifiableList(newestFirst);
    } catch (SQLException e) {
      throw failure("read the turns of a session", e);
    }
  }

  /**
   * Deletes every turn of a session and its lock row, in one transaction; waits for an append to the
   * session in progress. Creates the tables first when they are missing and {@link
   * Builder#createTable(boolean)} is on. Blocks on JDBC I/O.
   *
   * @param sessionId the session, not blank
   * @return the number of turns deleted, 0 for an unknown session
   * @throws NullPointerException if {@code sessionId} is null
   * @throws IllegalArgumentException if {@code sessionId} is blank or too long
   * @throws QueryAgentException with {@link Stage#PERSIST} if the database fails
   */
  public int deleteSession(String sessionId) {
    checkSessionId(sessionId);
    TableLayout t = layout();
    return write(
        "delete the turns of a session",
        c -> {
          try (PreparedStatement lock = c.prepareStatement(t.deleteSessionLock);
              PreparedStatement turns = c.prepareStatement(t.deleteSessionTurns)) {
            lock.setString(1, sessionId);
            lock.executeUpdate();
            turns.setString(1, sessionId);
            return turns.executeUpdate();
          }
        });
  }

  /**
   * Deletes the turns of all sessions whose {@link Turn#at()} is before a cutoff, and the lock rows
   * of sessions left without turns, in one transaction: a retention policy for a scheduled job.
   * Creates the tables first when they are missing and {@link Builder#createTable(boolean)} is on.
   * Blocks on JDBC I/O; scans the turn table (there is no index on {@code created_at}).
   *
   * @param cutoff turns strictly older than this instant (compared in epoch milliseconds) are deleted
   * @return the number of turns deleted
   * @throws NullPointerException if {@code cutoff} is null
   * @throws IllegalArgumentException if {@code cutoff} does not fit in epoch milliseconds
   * @throws QueryAgentException with {@link Stage#PERSIST} if the database fails
   */
  public int deleteTurnsBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    long millis;
    try {
      millis = cutoff.toEpochMilli();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("cutoff " + cutoff + " does not fit in epoch milliseconds", e);
    }
    TableLayout t = layout();
    return write(
        "delete old turns",
        c -> {
          try (PreparedStatement turns = c.prepareStatement(t.deleteTurnsBefore);
              PreparedStatement locks = c.prepareStatement(t.deleteOrphanLocks)) {
            turns.setLong(1, millis);
            int deleted = turns.executeUpdate();
            locks.executeUpdate();
            return deleted;
          }
        });
  }

  /**
   * Returns the table name as configured (written unquoted in SQL, so the database folds its case).
   *
   * @return the table name, possibly schema-qualified, never null
   */
  public String tableName() {
    return tableName;
  }

  /**
   * Returns how many turns {@link #turns(String)} returns at most.
   *
   * @return at least 1
   */
  public int maxTurnsPerSession() {
    return maxTurnsPerSession;
  }

  /**
   * Describes the configuration; never the data source, whose {@code toString()} may hold a URL.
   *
   * @return for example {@code JdbcSessionStore[table=dbqa_session_turn, maxTurnsPerSession=50,
   *     createTable=true]}
   */
  @Override
  public String toString() {
    return "JdbcSessionStore[table="
        + tableName
        + ", maxTurnsPerSession="
        + maxTurnsPerSession
        + ", createTable="
        + createTable
        + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private void appendOnce(TableLayout t, String sessionId, Turn turn, String columnsJson, long createdAt)
      throws SQLException {
    inTransaction(
        c -> {
          // 1. Take the session's lock row: concurrent appends to this session wait here.
          try (PreparedStatement lock = c.prepareStatement(t.lockSession)) {
            lock.setString(1, sessionId);
            if (lock.executeUpdate() == 0) {
              try (PreparedStatement insert = c.prepareStatement(t.insertLock)) {
                insert.setString(1, sessionId);
                insert.executeUpdate(); // a concurrent first append makes this a duplicate key: retried
              }
            }
          }
          // 2. Read the highest seq: a new read after the lock, so it sees the previous holder's turn.
          long seq;
          try (PreparedStatement ps = c.prepareStatement(t.maxSeq)) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
              seq = rs.next() ? rs.getLong(1) + 1 : 1;
            }
          }
          // 3. Insert the turn.
          try (PreparedStatement ps = c.prepareStatement(t.insertTurn)) {
            ps.setString(1, sessionId);
            ps.setLong(2, seq);
            ps.setString(3, turn.question());
            ps.setString(4, turn.sql());
            ps.setString(5, columnsJson);
            ps.setInt(6, turn.rowCount());
            ps.setString(7, turn.answer());
            ps.setString(8, turn.clarification());
            ps.setLong(9, createdAt);
            return ps.executeUpdate();
          }
        });
  }

  private int write(String action, Work work) {
    try {
      return inTransaction(work);
    } catch (SQLException e) {
      throw failure(action, e);
    }
  }

  @FunctionalInterface
  private interface Work {
    int run(Connection c) throws SQLException;
  }

  /**
   * Runs work in one transaction on a borrowed connection: commits, or rolls back and rethrows. Once
   * committed, failures restoring auto-commit or closing the connection are ignored, so that a write
   * that happened is never reported as failed (and retried into a duplicate).
   */
  private int inTransaction(Work work) throws SQLException {
    Connection c = dataSource.getConnection();
    boolean committed = false;
    Exception failure = null;
    try {
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit) {
        c.setAutoCommit(false);
      }
      try {
        int result = work.run(c);
        c.commit();
        committed = true;
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      } finally {
        if (autoCommit) {
          try {
            c.setAutoCommit(true);
          } catch (SQLException ignored) {
            // The connection is closed next; a pool resets auto-commit when it takes it back.
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      try {
        c.close();
      } catch (SQLException closeFailure) {
        if (failure != null) {
          failure.addSuppressed(closeFailure);
        } else if (!committed) {
          throw closeFailure;
        }
      }
    }
  }

  /** Sleeps 1 to min(2^attempt, 100) ms, so that transactions that collided spread out. */
  private static void backOff(int attempt, SQLException cause) {
    long maxMillis = Math.min(100L, 1L << Math.min(attempt, 7));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, maxMillis + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      QueryAgentException failure =
          new QueryAgentException(
              Stage.PERSIST, "Session store was interrupted while retrying an append; the turn was not recorded", e);
      failure.addSuppressed(cause);
      throw failure;
    }
  }

  private Turn readTurn(ResultSet rs) throws SQLException {
    long seq = rs.getLong(1);
    String question = rs.getString(2);
    String sql = rs.getString(3);
    String columnsJson = rs.getString(4);
    int rowCount = rs.getInt(5);
    String answer = rs.getString(6);
    String clarification = rs.getString(7);
    long createdAt = rs.getLong(8);
    List<String> columns;
    try {
      columns =
          columnsJson == null || columnsJson.isEmpty() ? List.of() : COLUMNS_READER.readValue(columnsJson);
    } catch (JsonProcessingException e) {
      throw new QueryAgentException(
          Stage.PERSIST,
          "Session store could not read the column names of the turn with seq " + seq + " in table " + tableName
              + ": columns_json is not a JSON array of strings",
          e);
    }
    if (columns == null) {
      columns = List.of();
    }
    if (columns.stream().anyMatch(Objects::isNull)) {
      throw new QueryAgentException(
          Stage.PERSIST,
          "Session store could not read the column names of the turn with seq " + seq + " in table " + tableName
              + ": columns_json contains null");
    }
    return new Turn(
        question == null ? "" : question,
        sql,
        columns,
        rowCount,
        answer,
        clarification,
        Instant.ofEpochMilli(createdAt));
  }

  private String writeColumns(List<String> columns) {
    try {
      return COLUMNS_WRITER.writeValueAsString(columns);
    } catch (JsonProcessingException e) {
      throw new QueryAgentException(Stage.PERSIST, "Session store could not encode the column names as JSON", e);
    }
  }

  private static void checkSessionId(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    if (sessionId.isBlank()) {
      throw new IllegalArgumentException("sessionId must not be blank");
    }
    if (sessionId.length() > MAX_SESSION_ID_LENGTH) {
      throw new IllegalArgumentException(
          "sessionId is "
              + sessionId.length()
              + " characters long; JdbcSessionStore accepts at most "
              + MAX_SESSION_ID_LENGTH
              + " (hash longer ids)");
    }
  }

  private static int stripe(String sessionId) {
    int h = sessionId.hashCode();
    return (h ^ (h >>> 16)) & (LOCK_STRIPES - 1);
  }

  private QueryAgentException failure(String action, SQLException e) {
    return new QueryAgentException(
        Stage.PERSIST,
        "Session store could not " + action + " (table " + tableName + ", " + SqlErrors.describe(e) + ")",
        e);
  }

  // ---------------------------------------------------------------------------------------------
  // Table set-up, once per store instance, on first use.

  private TableLayout layout() {
    TableLayout t = layout;
    if (t != null) {
      return t;
    }
    synchronized (initLock) {
      if (layout == null) {
        layout = initialize();
      }
      return layout;
    }
  }

  private TableLayout initialize() {
    try (Connection c = dataSource.getConnection()) {
      Dialect dialect = Dialect.fromProductName(c.getMetaData().getDatabaseProductName());
      TableLayout t = new TableLayout(dialect, tableName);
      boolean autoCommit = c.getAutoCommit();
      if (!autoCommit) {
        c.setAutoCommit(true);
      }
      try {
        prepare(c, t.table, t.createTable, TableLayout.TURN_COLUMNS);
        prepare(c, t.lockTable, t.createLockTable, TableLayout.LOCK_COLUMNS);
      } finally {
        if (!autoCommit) {
          c.setAutoCommit(false);
        }
      }
      return t;
    } catch (SQLException e) {
      throw failure("prepare its tables", e);
    }
  }

  /** Checks that a table exists with the expected columns, creating it when missing and allowed. */
  private void prepare(Connection c, String table, String createSql, String columns) throws SQLException {
    if (!tableExists(c, table)) {
      if (!createTable) {
        throw new QueryAgentException(
            Stage.PERSIST,
            "Session store table "
                + table
                + " does not exist (or the account may not read it) and createTable is off: create it"
                + " (see the session-jdbc README) or build the store with createTable(true)");
      }
      try (Statement s = c.createStatement()) {
        s.executeUpdate(createSql);
      } catch (SQLException e) {
        // Another store instance may have created it in the meantime.
        if (!tableExists(c, table)) {
          throw e;
        }
      }
    }
    try (Statement s = c.createStatement()) {
      s.executeQuery(TableLayout.probe(table, columns)).close();
    } catch (SQLException e) {
      throw new QueryAgentException(
          Stage.PERSIST,
          "Session store table "
              + table
              + " exists but lacks some of the columns "
              + columns
              + ": choose another tableName or migrate the table ("
              + SqlErrors.describe(e)
              + ")",
          e);
    }
  }

  /**
   * Probes a table with a query that returns no rows. A connection failure is rethrown; any other
   * error (missing table, no privilege) means "absent" here, and creating the table then reports the
   * real cause.
   */
  private static boolean tableExists(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeQuery(TableLayout.probe(table, "1")).close();
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
        throw e;
      }
      return false;
    }
  }

  /**
   * Builds a {@link JdbcSessionStore}. Not thread-safe; {@link #build()} may be called more than once,
   * each call returning an independent store over the same table.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private String tableName = DEFAULT_TABLE_NAME;
    private int maxTurnsPerSession = DEFAULT_MAX_TURNS_PER_SESSION;
    private boolean createTable = true;

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * Sets the table that holds the turns; the lock table is named the same plus {@code _lock}.
     * Checked by {@link #build()}: one or two plain identifiers separated by a dot ({@code table} or
     * {@code schema.table}), each of ASCII letters, digits and underscores, starting with a letter or
     * underscore and not an SQL reserved word; the table at most 58 characters (63 with the suffix,
     * PostgreSQL's limit), the schema at most 63. The name is written unquoted, so the database folds
     * its case as usual (upper case in H2 and Oracle, lower case in PostgreSQL).
     *
     * @param tableName the table name; default {@value JdbcSessionStore#DEFAULT_TABLE_NAME}
     * @return this builder
     * @throws NullPointerException if {@code tableName} is null
     */
    public Builder tableName(String tableName) {
      this.tableName = Objects.requireNonNull(tableName, "tableName");
      return this;
    }

    /**
     * Sets how many of the latest turns {@link JdbcSessionStore#turns(String)} returns. Older turns
     * stay in the table (see {@link JdbcSessionStore#deleteTurnsBefore(Instant)}). Checked by {@link
     * #build()}: at least 1.
     *
     * @param maxTurnsPerSession the number of turns; default {@value
     *     JdbcSessionStore#DEFAULT_MAX_TURNS_PER_SESSION}
     * @return this builder
     */
    public Builder maxTurnsPerSession(int maxTurnsPerSession) {
      this.maxTurnsPerSession = maxTurnsPerSession;
      return this;
    }

    /**
     * Sets whether the store creates its table on first use when it is missing. When off, a missing
     * table makes every call fail with a {@link QueryAgentException} that says so.
     *
     * @param createTable whether to create the table; default {@code true}
     * @return this builder
     */
    public Builder createTable(boolean createTable) {
      this.createTable = createTable;
      return this;
    }

    /**
     * Checks the settings and builds the store. Does not connect: the table is checked (and created)
     * on first use, so an unreachable database does not fail here.
     *
     * @return a new thread-safe store
     * @throws IllegalArgumentException naming every invalid setting ({@code tableName}, {@code
     *     maxTurnsPerSession}) at once
     */
    public JdbcSessionStore build() {
      List<String> problems = new ArrayList<>();
      String tableProblem = checkTableName(tableName);
      if (tableProblem != null) {
        problems.add(tableProblem);
      }
      if (maxTurnsPerSession < 1) {
        problems.add("maxTurnsPerSession must be at least 1, was " + maxTurnsPerSession);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Invalid JdbcSessionStore settings: " + String.join("; ", problems));
      }
      return new JdbcSessionStore(this);
    }

    private static String checkTableName(String name) {
      String[] parts = name.split("\\.", -1);
      String rule =
          ": use one or two identifiers separated by a dot (table or schema.table), each of ASCII"
              + " letters, digits and underscores, starting with a letter or underscore, not a reserved"
              + " word, the table at most "
              + MAX_TABLE_LENGTH
              + " characters (it gets the suffix "
              + TableLayout.LOCK_SUFFIX
              + " for the lock table) and the schema at most "
              + MAX_IDENTIFIER_LENGTH;
      String shown = "tableName '" + printable(name) + "' is invalid";
      if (parts.length > 2) {
        return shown + rule;
      }
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i];
        int max = i == parts.length - 1 ? MAX_TABLE_LENGTH : MAX_IDENTIFIER_LENGTH;
        if (part.length() > max) {
          return shown + ": '" + part.substring(0, 20) + "...' is longer than " + max + " characters";
        }
        if (!IDENTIFIER.matcher(part).matches()) {
          return shown + rule;
        }
        if (RESERVED.contains(part.toUpperCase(Locale.ROOT))) {
          return shown + ": '" + part + "' is a reserved word";
        }
      }
      return null;
    }

    private static String printable(String s) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < s.length() && i < 80; i++) {
        char ch = s.charAt(i);
        sb.append(Character.isISOControl(ch) ? '?' : ch);
      }
      return s.length() > 80 ? sb + "..." : sb.toString();
    }
  }
}
