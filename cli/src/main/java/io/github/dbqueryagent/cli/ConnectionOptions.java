package io.github.dbqueryagent.cli;

import io.github.dbqueryagent.JdbcDataSources;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import picocli.CommandLine.Option;

/** The {@code --url}, {@code --user} and {@code --password-env} options, shared by every command. */
final class ConnectionOptions {
  @Option(
      names = "--url",
      paramLabel = "JDBC_URL",
      description = {
        "The database, e.g. jdbc:postgresql://host/db, jdbc:mariadb://host/db, jdbc:sqlite:shop.db,"
            + " jdbc:h2:./shop. Default: the embedded demo shop database."
      })
  String url;

  @Option(names = "--user", paramLabel = "USER", description = "The database user.")
  String user;

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      description = "Read the database password from this environment variable (never from the command line).")
  String passwordEnv;

  /** An opened database: its data source, how to describe it, and the secrets to hide. */
  record Database(DataSource dataSource, String description, Secrets secrets) {}

  /**
   * Resolves the options into a data source; nothing connects yet.
   *
   * @throws UsageException when the URL is not a JDBC URL, no bundled driver accepts it, or the password
   *     variable is not set
   */
  Database open(CliContext ctx) {
    Secrets secrets = ctx.secrets();
    String password = null;
    if (passwordEnv != null) {
      if (passwordEnv.isBlank()) {
        throw new UsageException("--password-env needs the name of an environment variable");
      }
      password = ctx.env().apply(passwordEnv);
      if (password == null) {
        throw new UsageException("the environment variable " + passwordEnv + " (from --password-env) is not set");
      }
      secrets.add(password);
    }
    if (url == null) {
      if (user != null || passwordEnv != null) {
        throw new UsageException("--user and --password-env need --url (the demo database has no credentials)");
      }
      return new Database(DemoDatabase.dataSource(), "the demo shop database", secrets);
    }
    secrets.addFromUrl(url);
    String u = url.strip();
    if (!u.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
      throw new UsageException("--url must be a JDBC URL starting with 'jdbc:' (got '" + secrets.line(u) + "')");
    }
    try {
      DriverManager.getDriver(u);
    } catch (SQLException e) {
      throw new UsageException(
          "no bundled JDBC driver accepts '" + secrets.line(u) + "': dbqa includes H2 (jdbc:h2:), SQLite"
              + " (jdbc:sqlite:), PostgreSQL (jdbc:postgresql:) and MariaDB/MySQL (jdbc:mariadb:)");
    }
    return new Database(JdbcDataSources.fromUrl(u, user, password), secrets.line(u), secrets);
  }
}
