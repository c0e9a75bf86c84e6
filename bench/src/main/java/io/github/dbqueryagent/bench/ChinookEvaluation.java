package io.github.dbqueryagent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dbqueryagent.DatabaseQueryAgent;
import io.github.dbqueryagent.QueryAgentException;
import io.github.dbqueryagent.QueryResult;
import io.github.dbqueryagent.spi.AccessPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a question file ({@code [{id, question, sql, difficulty}]}, the format of {@code
 * ../shared/data/chinook/questions-dev.json}) through the agent and prints execution accuracy as JSON:
 * overall, per difficulty, for easy+medium, and the precision of the answers given (correct /
 * answered; clarifications count as unanswered).
 *
 * <p>Usage: {@code ChinookEvaluation [--questions FILE] [--url JDBC_URL] [--gold-url JDBC_URL]
 * [--details]}. Defaults: the Chinook SQLite file and questions under {@code ../shared/data/chinook}
 * from the working directory. Predictions run on {@code --url}; gold SQL runs on {@code --gold-url},
 * by default the same URL. With a different gold URL (for instance predictions on a PostgreSQL or
 * MariaDB copy of Chinook loaded by {@link ChinookLoader}, gold SQL on the SQLite file it was written
 * for), date-times are normalised on both sides before comparing (see {@link ResultMatcher}), the
 * report names both URLs (passwords masked), and rows not answered correctly carry their gold SQL.
 * Exits with status 2 and a message when the data is missing.
 */
public final class ChinookEvaluation {
  private ChinookEvaluation() {}

  /**
   * Entry point; see the class documentation for the arguments. Prints the JSON report on standard
   * output.
   *
   * @param args the command-line arguments
   * @throws Exception when the evaluation fails for a reason other than missing data (that exits
   *     with status 2)
   */
  public static void main(String[] args) throws Exception {
    Path questions = Paths.get("../shared/data/chinook/questions-dev.json");
    String url = null;
    String goldUrl = null;
    boolean details = false;
    for (int i = 0; i < args.length; i++) {
      boolean hasValue = i + 1 < args.length;
      switch (args[i]) {
        case "--questions": if (hasValue) questions = Paths.get(args[++i]); else usage(); break;
        case "--url": if (hasValue) url = args[++i]; else usage(); break;
        case "--gold-url": if (hasValue) goldUrl = args[++i]; else usage(); break;
        case "--details": details = true; break;
        default: usage();
      }
    }
    if (url == null) {
      Path db = questions.toAbsolutePath().getParent().resolve("Chinook_Sqlite.sqlite");
      if (!Files.exists(db)) {
        System.err.println("evaluation data missing: " + db + " (see ../shared/data/README.md)");
        System.exit(2);
      }
      url = "jdbc:sqlite:" + db;
    }
    if (!Files.exists(questions)) {
      System.err.println("evaluation data missing: " + questions + " (see ../shared/data/README.md)");
      System.exit(2);
    }
    ObjectNode report = evaluate(questions, url, goldUrl == null ? url : goldUrl, details);
    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
  }

  private static void usage() {
    System.err.println("usage: ChinookEvaluation [--questions FILE] [--url JDBC_URL] [--gold-url JDBC_URL] [--details]");
    System.exit(2);
  }

  /**
   * Evaluates the questions against the database (predictions and gold SQL on the same URL) and
   * returns the JSON report.
   *
   * @param questionsFile the question file
   * @param url the JDBC URL of the database
   * @param details whether to list every question rather than only those not answered correctly
   * @return the report
   * @throws IOException when the question file cannot be read
   * @throws SQLException when the database cannot be reached or a gold query fails
   */
  public static ObjectNode evaluate(Path questionsFile, String url, boolean details) throws IOException, SQLException {
    return evaluate(questionsFile, url, url, details);
  }

  /**
   * Evaluates the questions with predictions on one database and gold SQL on another, and returns
   * the JSON report.
   *
   * @param questionsFile the question file
   * @param url the JDBC URL the agent queries
   * @param goldUrl the JDBC URL the gold SQL runs on; when it differs from {@code url}, date-times
   *     are normalised before comparing and wrong or failed rows carry their gold SQL
   * @param details whether to list every question rather than only those not answered correctly
   * @return the report
   * @throws IOException when the question file cannot be read
   * @throws SQLException when the gold database cannot be reached or a gold query fails
   */
  public static ObjectNode evaluate(Path questionsFile, String url, String goldUrl, boolean details) throws IOException, SQLException {
    boolean crossDatabase = !goldUrl.equals(url);
    ObjectMapper mapper = new ObjectMapper();
    JsonNode questions = mapper.readTree(questionsFile.toFile());
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().jdbcUrl(url)
        // results are compared with the gold rows: measure the SQL, not the masking of emails and phones
        .accessPolicy(AccessPolicy.builder().sensitiveColumnDetection(false).build())
        .build();
    Map<String, int[]> byDifficulty = new LinkedHashMap<>(); // questions, answered, correct
    ArrayNode rows = mapper.createArrayNode();
    long started = System.nanoTime();
    try (Connection gold = DriverManager.getConnection(goldUrl)) {
      for (JsonNode q : questions) {
        String difficulty = q.path("difficulty").asText("unknown");
        int[] counts = byDifficulty.computeIfAbsent(difficulty, k -> new int[3]);
        counts[0]++;
        ObjectNode row = mapper.createObjectNode();
        row.put("id", q.path("id").asInt());
        row.put("difficulty", difficulty);
        row.put("question", q.path("question").asText());
        String status;
        try {
          QueryResult r = agent.query(q.path("question").asText());
          row.put("sql", r.sql());
          if (!r.answered()) {
            status = "clarified";
            row.put("message", r.clarification().orElse(""));
          } else {
            counts[1]++;
            String goldSql = q.path("sql").asText();
            List<List<Object>> expected = run(gold, goldSql);
            boolean ordered = goldSql.toUpperCase(Locale.ROOT).contains("ORDER BY")
                && !goldSql.toUpperCase(Locale.ROOT).contains("LIMIT")
                && q.path("question").asText().toLowerCase(Locale.ROOT).matches(".*\\b(order|sorted|rank)\\b.*");
            if (ResultMatcher.matches(expected, r.rows(), ordered, crossDatabase)) {
              counts[2]++;
              status = "correct";
            } else {
              status = "wrong";
              row.put("expectedRows", expected.size());
              row.put("gotRows", r.rowCount());
            }
          }
        } catch (QueryAgentException e) {
          status = "error";
          row.put("message", e.getMessage());
        }
        row.put("status", status);
        if (crossDatabase && !status.equals("correct")) row.put("goldSql", q.path("sql").asText());
        rows.add(row);
      }
    }
    ObjectNode report = mapper.createObjectNode();
    report.put("benchmark", "execution-accuracy");
    report.put("dataset", questionsFile.getFileName().toString());
    report.put("generator", "rule-based");
    if (crossDatabase) {
      report.put("predictionUrl", mask(url));
      report.put("goldUrl", mask(goldUrl));
    }
    int total = 0;
    int answered = 0;
    int correct = 0;
    ObjectNode per = report.putObject("byDifficulty");
    int emQ = 0;
    int emA = 0;
    int emC = 0;
    for (Map.Entry<String, int[]> e : byDifficulty.entrySet()) {
      int[] c = e.getValue();
      total += c[0];
      answered += c[1];
      correct += c[2];
      if (e.getKey().equals("easy") || e.getKey().equals("medium")) {
        emQ += c[0];
        emA += c[1];
        emC += c[2];
      }
      per.set(e.getKey(), figures(mapper, c[0], c[1], c[2]));
    }
    report.set("overall", figures(mapper, total, answered, correct));
    report.set("easyMedium", figures(mapper, emQ, emA, emC));
    report.put("elapsedMs", (System.nanoTime() - started) / 1_000_000);
    if (details) report.set("questions", rows);
    else {
      ArrayNode misses = report.putArray("notCorrect");
      for (JsonNode r : rows) if (!r.path("status").asText().equals("correct")) misses.add(r);
    }
    return report;
  }

  private static ObjectNode figures(ObjectMapper mapper, int questions, int answered, int correct) {
    ObjectNode o = mapper.createObjectNode();
    o.put("questions", questions);
    o.put("answered", answered);
    o.put("correct", correct);
    o.put("executionAccuracy", questions == 0 ? 0 : round((double) correct / questions));
    o.put("answeredPrecision", answered == 0 ? 0 : round((double) correct / answered));
    return o;
  }

  private static String mask(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static double round(double d) {
    return Math.round(d * 1000) / 1000.0;
  }

  private static List<List<Object>> run(Connection c, String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) row.add(rs.getObject(i));
        out.add(row);
      }
    }
    return out;
  }
}
