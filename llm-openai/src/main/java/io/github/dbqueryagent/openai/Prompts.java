package io.github.dbqueryagent.openai;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.Turn;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The chat messages sent for one question. The shape follows the usual text-to-SQL prompt (role, schema,
 * rules, question; see DIN-SQL and DAIL-SQL): the schema comes first, the question last, and the repair
 * turn feeds the database's error back as in self-correction loops. Stateless.
 */
final class Prompts {
  /** The prefix of a clarification line in the model's reply. */
  static final String CLARIFY = "CLARIFY:";

  private Prompts() {}

  /** Returns the system message: role, dialect and rules. */
  static String system(GenerationRequest request) {
    Dialect dialect = request.dialect();
    String dialectName = dialectName(dialect);
    StringBuilder sb = new StringBuilder(1200);
    sb.append("You are an expert SQL developer. You translate questions about a relational database into ")
        .append("one SQL query for ").append(dialectName).append(product(request.catalog())).append(".\n\n");
    sb.append("Rules:\n");
    sb.append("1. Write exactly one read-only SELECT statement (a WITH ... SELECT is fine). Never write ")
        .append("INSERT, UPDATE, DELETE, MERGE, DDL, SELECT ... INTO, or more than one statement.\n");
    sb.append("2. Use only the tables and columns listed in the schema given by the user; never invent ")
        .append("table or column names. Join tables through the foreign keys shown (written as -> ).\n");
    sb.append("3. Use ").append(dialectName).append(" syntax. ").append(syntaxHint(dialect)).append('\n');
    sb.append("4. Reply with the query in a single fenced code block that starts with ```sql and ends ")
        .append("with ```. You may write one short sentence before it saying how you read the question.\n");
    sb.append("5. If the question cannot be answered from this schema, or is too ambiguous to answer, ")
        .append("reply instead with a single line: ").append(CLARIFY)
        .append(" <one short question to the user>\n");
    return sb.toString();
  }

  /**
   * Returns the user message: schema context, recent turns, the question and, during repair, the failed
   * SQL with the database's error.
   *
   * @param historyTurns how many of the most recent turns to include
   */
  static String user(GenerationRequest request, int historyTurns) {
    StringBuilder sb = new StringBuilder(request.context().text().length() + 1024);
    sb.append("Schema:\n").append(request.context().text().strip()).append('\n');
    List<TableName> omitted = request.context().omitted();
    if (!omitted.isEmpty()) {
      sb.append("(Also relevant but left out for space: ")
          .append(omitted.stream().map(TableName::toString).collect(Collectors.joining(", "))).append(")\n");
    }

    List<Turn> history = request.history();
    List<Turn> recent = history.subList(Math.max(0, history.size() - historyTurns), history.size());
    if (!recent.isEmpty()) {
      sb.append("\nEarlier in this conversation (oldest first); the new question may refer to it:\n");
      for (Turn t : recent) {
        sb.append("Q: ").append(oneLine(t.question())).append('\n');
        if (t.hasSql()) {
          sb.append("SQL: ").append(oneLine(t.sql())).append('\n');
        } else if (!t.clarification().isEmpty()) {
          sb.append("(you asked: ").append(oneLine(t.clarification())).append(")\n");
        }
      }
    }

    sb.append("\nQuestion: ").append(request.question().strip()).append('\n');

    request.previousAttempt().ifPresent(previous -> {
      sb.append("\nYour previous query for this question failed.\n");
      sb.append("Previous query:\n```sql\n").append(previous.sql().strip()).append("\n```\n");
      sb.append("Database error: ").append(previous.error().strip()).append('\n');
      sb.append("Write a corrected query that avoids this error, following the rules.\n");
    });
    return sb.toString();
  }

  /** Returns a readable name for the dialect, as a model knows it. */
  static String dialectName(Dialect dialect) {
    switch (dialect) {
      case POSTGRESQL:
        return "PostgreSQL";
      case MYSQL:
        return "MySQL";
      case MARIADB:
        return "MariaDB";
      case SQLITE:
        return "SQLite";
      case H2:
        return "H2";
      case SQLSERVER:
        return "Microsoft SQL Server (T-SQL)";
      case ORACLE:
        return "Oracle Database";
      case GENERIC:
        return "standard SQL (SQL:2008)";
      default:
        return dialect.name();
    }
  }

  private static String syntaxHint(Dialect dialect) {
    String quoted = dialect.quote("Order Details");
    String limit;
    switch (dialect.limitStyle()) {
      case TOP:
        limit = "SELECT TOP n ...";
        break;
      case FETCH_FIRST:
        limit = "FETCH FIRST n ROWS ONLY";
        break;
      case LIMIT:
      default:
        limit = "LIMIT n";
        break;
    }
    return "Quote identifiers that need it like " + quoted + ". Limit rows with " + limit + ".";
  }

  private static String product(Catalog catalog) {
    String p = catalog.productName().strip();
    if (p.isEmpty()) return "";
    String v = catalog.productVersion().strip();
    return " (the database is " + p + (v.isEmpty() ? "" : " " + v) + ")";
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }
}
