package io.github.dbqueryagent.ollama;

import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.Turn;
import java.util.List;

/**
 * Builds the chat messages for one generation: a system message with the role, the dialect and the
 * rules, and one user message with the schema context, the recent history, the question and, during
 * repair, the failed SQL with the database's error. Stateless.
 *
 * <p>The shape is the usual zero-shot text-to-SQL prompt: the schema as code-like text before the question
 * (Rajkumar et al., 2022, "Evaluating the Text-to-SQL Capabilities of Large Language Models"; the "code
 * representation" of Gao et al., 2023, DAIL-SQL), an answer in a fenced block, and an explicit way out
 * ({@code CLARIFY:}) so that the model asks instead of guessing.
 */
final class SqlPrompt {
  /** How many earlier turns of a session the prompt shows, newest last. */
  static final int HISTORY_TURNS = 5;

  /** The longest database error quoted in a repair prompt, in characters. */
  static final int MAX_ERROR_CHARS = 2_000;

  private SqlPrompt() {}

  /** One chat message. */
  record Message(String role, String content) {}

  /** Returns the system and user messages for a request. */
  static List<Message> messages(GenerationRequest request) {
    return List.of(new Message("system", system(request)), new Message("user", user(request)));
  }

  static String system(GenerationRequest request) {
    Dialect dialect = request.dialect();
    String product = request.catalog().productName();
    String version = request.catalog().productVersion();
    StringBuilder sb = new StringBuilder(1_200);
    sb.append("You are an expert SQL analyst. You translate a question about a relational database into one ")
        .append(displayName(dialect)).append(" query.\n");
    if (!product.isEmpty()) {
      sb.append("The database is ").append(product);
      if (!version.isEmpty()) sb.append(' ').append(version);
      sb.append(".\n");
    }
    sb.append("Rules:\n")
        .append("1. Write exactly one read-only SELECT statement (WITH ... SELECT is fine). Never write INSERT, ")
        .append("UPDATE, DELETE, MERGE, DDL, SELECT ... INTO, or more than one statement.\n")
        .append("2. Use only the tables and columns in the schema context, spelled exactly as shown. ")
        .append("Never invent a table or column.\n")
        .append("3. Use ").append(displayName(dialect)).append(" syntax: ").append(syntaxHints(dialect)).append('\n')
        .append("4. Reply with the SQL in a ```sql code block. Do not explain unless asked.\n")
        .append("5. If the question is ambiguous or the schema context cannot answer it, reply with exactly one ")
        .append("line instead: CLARIFY: <a short question for the user>\n");
    return sb.toString();
  }

  static String user(GenerationRequest request) {
    StringBuilder sb = new StringBuilder(request.context().text().length() + 1_000);
    sb.append("Schema context:\n");
    String schema = request.context().text().strip();
    sb.append(schema.isEmpty() ? "(no table matched the question)" : schema).append("\n\n");
    List<Turn> history = request.history();
    if (!history.isEmpty()) {
      sb.append("Earlier in this conversation (oldest first):\n");
      for (Turn t : history.subList(Math.max(0, history.size() - HISTORY_TURNS), history.size())) {
        sb.append("Q: ").append(oneLine(t.question())).append('\n');
        if (t.hasSql()) {
          sb.append("SQL: ").append(oneLine(t.sql())).append('\n');
        } else if (!t.clarification().isEmpty()) {
          sb.append("You asked back: ").append(oneLine(t.clarification())).append('\n');
        }
      }
      sb.append("Resolve follow-ups such as \"only those from Canada\" against these turns.\n\n");
    }
    sb.append("Question: ").append(request.question()).append('\n');
    request.previousAttempt().ifPresent(previous -> {
      String error = previous.error().strip();
      if (error.length() > MAX_ERROR_CHARS) error = error.substring(0, MAX_ERROR_CHARS) + " ...";
      sb.append("\nYour previous SQL for this question failed:\n```sql\n").append(previous.sql().strip())
          .append("\n```\nDatabase error: ").append(error).append('\n')
          .append("Fix the SQL so that it runs on ").append(displayName(request.dialect()))
          .append(" and answers the question. Reply with the corrected SQL in a ```sql code block.\n");
    });
    return sb.toString();
  }

  static String displayName(Dialect dialect) {
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
        return "SQL Server (T-SQL)";
      case ORACLE:
        return "Oracle";
      default:
        return "standard SQL";
    }
  }

  private static String syntaxHints(Dialect dialect) {
    switch (dialect) {
      case POSTGRESQL:
        return "double-quote identifiers that are not all lower case; LIMIT n; ILIKE for case-insensitive "
            + "matching; EXTRACT and date_trunc for dates.";
      case MYSQL:
      case MARIADB:
        return "backtick-quote identifiers when needed; LIMIT n; YEAR(), MONTH() and DATE_FORMAT for dates.";
      case SQLITE:
        return "double-quote identifiers when needed; LIMIT n; strftime('%Y', col) for date parts; no RIGHT or "
            + "FULL JOIN.";
      case H2:
        return "double-quote identifiers that are not all upper case; LIMIT n; EXTRACT(YEAR FROM col) for dates.";
      case SQLSERVER:
        return "[bracket] identifiers when needed; SELECT TOP n instead of LIMIT; YEAR(), DATEPART for dates.";
      case ORACLE:
        return "double-quote identifiers that are not all upper case; FETCH FIRST n ROWS ONLY instead of LIMIT; "
            + "no AS before table aliases.";
      default:
        return "double-quote identifiers when needed; FETCH FIRST n ROWS ONLY instead of LIMIT.";
    }
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }
}
