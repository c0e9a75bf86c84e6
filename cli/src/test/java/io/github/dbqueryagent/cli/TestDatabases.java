package io.github.dbqueryagent.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Databases the CLI tests run against. */
final class TestDatabases {
  private TestDatabases() {}

  /**
   * Creates a SQLite shop in {@code dir}: 12 customers (5 from Brazil, 3 from Canada, 2 from Germany, 2
   * from the United States) and 5 notes whose bodies need CSV quoting.
   *
   * @return the JDBC URL
   */
  static String sqliteShop(Path dir) throws SQLException {
    Path file = dir.resolve("shop.db");
    String url = "jdbc:sqlite:" + file;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, first_name TEXT NOT NULL,"
          + " last_name TEXT NOT NULL, city TEXT, country TEXT NOT NULL, balance REAL, signup_date TEXT)");
      s.execute("INSERT INTO customers VALUES"
          + " (1, 'Luís', 'Gonçalves', 'São José dos Campos', 'Brazil', 39.62, '2023-01-15'),"
          + " (2, 'Eduardo', 'Martins', 'São Paulo', 'Brazil', 37.62, '2023-02-01'),"
          + " (3, 'Alexandre', 'Rocha', 'São Paulo', 'Brazil', 37.62, '2023-03-10'),"
          + " (4, 'Roberto', 'Almeida', 'Rio de Janeiro', 'Brazil', 37.62, '2023-04-22'),"
          + " (5, 'Fernanda', 'Ramos', 'Brasília', 'Brazil', 37.62, '2023-05-30'),"
          + " (6, 'François', 'Tremblay', 'Montréal', 'Canada', 39.62, '2023-06-01'),"
          + " (7, 'Mark', 'Philips', 'Edmonton', 'Canada', 37.62, '2023-06-02'),"
          + " (8, 'Jennifer', 'Peterson', 'Vancouver', 'Canada', 38.62, '2023-06-03'),"
          + " (9, 'Leonie', 'Köhler', 'Stuttgart', 'Germany', 37.62, '2023-07-01'),"
          + " (10, 'Hannah', 'Schneider', 'Berlin', 'Germany', 37.62, '2023-07-02'),"
          + " (11, 'Frank', 'Harris', 'Mountain View', 'United States', 37.62, '2023-08-01'),"
          + " (12, 'Jack', 'Smith', 'Redmond', 'United States', NULL, '2023-08-02')");
      s.execute("CREATE TABLE notes (note_id INTEGER PRIMARY KEY,"
          + " customer_id INTEGER REFERENCES customers (customer_id), body TEXT, attachment BLOB)");
      s.execute("INSERT INTO notes VALUES (1, 1, 'plain', NULL), (2, 2, 'with, comma', X'CAFE'),"
          + " (3, 3, 'say \"hi\"', NULL), (4, 4, 'two' || char(10) || 'lines', NULL), (5, NULL, NULL, NULL)");
    }
    return url;
  }

  /** Creates an in-memory H2 database with credentials and one table of 3 rows; returns its URL. */
  static String h2WithPassword(String name, String user, String password) throws SQLException {
    String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE accounts (id INT PRIMARY KEY, holder VARCHAR(40) NOT NULL)");
      s.execute("INSERT INTO accounts VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')");
    }
    return url;
  }
}
