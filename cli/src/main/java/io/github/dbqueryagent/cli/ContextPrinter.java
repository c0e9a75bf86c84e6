package io.github.dbqueryagent.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.dbqueryagent.ContextResult;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.SchemaContext;
import io.github.dbqueryagent.spi.TableName;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the results of {@code dbqa context} to standard output in one {@link ContextCommand.Format}.
 * A failed question is printed as {@code {"question", "error": {"type", "message"}}} in the JSON
 * formats and, in a text batch, as its question and error; its {@code dbqa: <reason>} line on standard
 * error is the command's. Not thread-safe: one printer per command run.
 */
abstract class ContextPrinter {
  /** The width of the rules that frame the context text and separate the questions of a batch. */
  static final int RULE_WIDTH = 72;

  final PrintStream out;
  final boolean batch;
  final int total;

  ContextPrinter(PrintStream out, boolean batch, int total) {
    this.out = out;
    this.batch = batch;
    this.total = total;
  }

  /**
   * Returns a printer for a format.
   *
   * @param format the format
   * @param out standard output
   * @param batch whether the questions come from {@code --batch}
   * @param total how many questions will be printed
   */
  static ContextPrinter of(ContextCommand.Format format, PrintStream out, boolean batch, int total) {
    switch (format) {
      case JSON:
        return new Json(out, batch, total);
      case JSONL:
        return new JsonLines(out, batch, total);
      default:
        return new Text(out, batch, total);
    }
  }

  /** Called once before the first question. */
  void begin() {}

  /** Prints the context of one question. */
  abstract void print(ContextResult r);

  /** Prints a question that failed. */
  abstract void printFailure(String question, Outcome.Failure failure);

  /** Called once after the last question. */
  void end() {}

  /**
   * Writes one result as a JSON object: {@code question}, {@code tables}, {@code omitted}, {@code
   * columns}, {@code tokens}, {@code budget}, {@code text}, {@code timingsMs}.
   */
  static void writeJson(JsonGenerator g, ContextResult r) throws IOException {
    SchemaContext c = r.context();
    g.writeStartObject();
    g.writeStringField("question", r.question());
    g.writeArrayFieldStart("tables");
    for (TableName t : c.tables()) g.writeString(t.toString());
    g.writeEndArray();
    g.writeArrayFieldStart("omitted");
    for (TableName t : c.omitted()) g.writeString(t.toString());
    g.writeEndArray();
    g.writeArrayFieldStart("columns");
    for (String column : qualifiedColumns(c)) g.writeString(column);
    g.writeEndArray();
    g.writeNumberField("tokens", c.tokens());
    g.writeNumberField("budget", r.budget());
    g.writeStringField("text", c.text());
    g.writeObjectFieldStart("timingsMs");
    g.writeNumberField("retrieve", millis(r.timings().get(Stage.RETRIEVE)));
    g.writeNumberField("budget", millis(r.timings().get(Stage.BUDGET)));
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Writes a failed question as {@code {"question": ..., "error": {"type": ..., "message": ...}}}. */
  static void writeFailure(JsonGenerator g, String question, Outcome.Failure failure) throws IOException {
    g.writeStartObject();
    g.writeStringField("question", question);
    g.writeObjectFieldStart("error");
    g.writeStringField("type", failure.type());
    g.writeStringField("message", failure.message());
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Returns the rendered columns as {@code schema.table.column}, tables in rendered order. */
  static List<String> qualifiedColumns(SchemaContext c) {
    List<String> out = new ArrayList<>();
    for (TableName t : c.tables()) {
      for (String column : c.columns().getOrDefault(t, List.of())) out.add(t + "." + column);
    }
    return out;
  }

  /** Milliseconds with microsecond decimals; 0 for a stage that did not run. */
  static double millis(Duration d) {
    return d == null ? 0 : Math.round(d.toNanos() / 1000.0) / 1000.0;
  }

  /** Pretty-printed JSON: one object per question, or one array of them for a batch. */
  private static final class Json extends ContextPrinter {
    private JsonGenerator g;

    Json(PrintStream out, boolean batch, int total) {
      super(out, batch, total);
    }

    @Override
    void begin() {
      try {
        g = ResultPrinter.prettyGenerator(out);
        if (batch) g.writeStartArray();
        g.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void print(ContextResult r) {
      try {
        writeJson(g, r);
        done();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void printFailure(String question, Outcome.Failure failure) {
      try {
        writeFailure(g, question, failure);
        done();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void done() throws IOException {
      g.flush();
      if (!batch) out.print('\n');
      out.flush();
    }

    @Override
    void end() {
      try {
        if (batch) {
          g.writeEndArray();
          g.flush();
          out.print('\n');
        }
        g.close();
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** One compact JSON object per line. */
  private static final class JsonLines extends ContextPrinter {
    JsonLines(PrintStream out, boolean batch, int total) {
      super(out, batch, total);
    }

    @Override
    void print(ContextResult r) {
      try (JsonGenerator g = ResultPrinter.JSON.createGenerator(out, JsonEncoding.UTF8)) {
        writeJson(g, r);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.print('\n');
      out.flush();
    }

    @Override
    void printFailure(String question, Outcome.Failure failure) {
      try (JsonGenerator g = ResultPrinter.JSON.createGenerator(out, JsonEncoding.UTF8)) {
        writeFailure(g, question, failure);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.print('\n');
      out.flush();
    }
  }

  /**
   * For people: the question and the tokens used of the budget; the tables in the order rendered with
   * their retrieval score and matched columns; the tables left out for the budget; then the context
   * text between two rules. In a batch each question starts with a numbered rule, and a failed question
   * shows its error; otherwise a failure prints nothing here.
   */
  private static final class Text extends ContextPrinter {
    private int printed;

    Text(PrintStream out, boolean batch, int total) {
      super(out, batch, total);
    }

    @Override
    void print(ContextResult r) {
      StringBuilder sb = new StringBuilder();
      separator(sb);
      SchemaContext c = r.context();
      sb.append("Question: ").append(oneLine(r.question())).append('\n');
      sb.append("Context:  ").append(c.tokens()).append(" of ").append(r.budget()).append(" tokens, ")
          .append(count(c.tables().size(), "table"));
      if (!c.omitted().isEmpty()) sb.append(", ").append(c.omitted().size()).append(" left out for the budget");
      sb.append('\n');
      tables(sb, "Tables, in the order rendered:", c.tables(), r.retrieval());
      tables(sb, "Left out for the budget:", c.omitted(), r.retrieval());
      sb.append('\n');
      rule(sb, "---- context text ");
      if (c.text().isEmpty()) {
        sb.append("(empty: no table fits in ").append(count(r.budget(), "token")).append(")\n");
      } else {
        sb.append(c.text());
        if (!c.text().endsWith("\n")) sb.append('\n');
      }
      rule(sb, "");
      out.print(sb);
      out.flush();
    }

    @Override
    void printFailure(String question, Outcome.Failure failure) {
      if (!batch) return; // the reason is on standard error
      StringBuilder sb = new StringBuilder();
      separator(sb);
      sb.append("Question: ").append(oneLine(question)).append('\n');
      sb.append("Error:    ").append(failure.message()).append('\n');
      out.print(sb);
      out.flush();
    }

    private void separator(StringBuilder sb) {
      printed++;
      if (!batch) return;
      if (printed > 1) sb.append('\n');
      rule(sb, "==== " + printed + " of " + total + " ", '=');
    }

    /**
     * Lists tables aligned under a title: position, name, retrieval score ({@code -} for a table the
     * retrieval did not return) and matched columns ({@code -} for none). Nothing for no tables.
     */
    private static void tables(StringBuilder sb, String title, List<TableName> tables, Retrieval retrieval) {
      if (tables.isEmpty()) return;
      Map<TableName, Retrieval.ScoredTable> scored = new HashMap<>();
      for (Retrieval.ScoredTable st : retrieval.tables()) scored.putIfAbsent(st.table(), st);
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"#", "table", "score", "matched columns"});
      for (int i = 0; i < tables.size(); i++) {
        TableName t = tables.get(i);
        Retrieval.ScoredTable st = scored.get(t);
        String score = st == null ? "-" : String.format(Locale.ROOT, "%.3f", st.score());
        String matched = st == null || st.matchedColumns().isEmpty() ? "-" : String.join(", ", st.matchedColumns());
        rows.add(new String[] {String.valueOf(i + 1), t.toString(), score, matched});
      }
      int[] width = new int[3];
      for (String[] row : rows) {
        for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], row[i].length());
      }
      sb.append('\n').append(title).append('\n');
      for (String[] row : rows) {
        sb.append("  ").append(" ".repeat(width[0] - row[0].length())).append(row[0]);
        sb.append("  ").append(row[1]).append(" ".repeat(width[1] - row[1].length()));
        sb.append("  ").append(" ".repeat(width[2] - row[2].length())).append(row[2]);
        sb.append("  ").append(row[3]).append('\n');
      }
    }

    private static void rule(StringBuilder sb, String title) {
      rule(sb, title, '-');
    }

    private static void rule(StringBuilder sb, String title, char c) {
      sb.append(title).append(String.valueOf(c).repeat(Math.max(4, RULE_WIDTH - title.length()))).append('\n');
    }

    private static String count(int n, String noun) {
      return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String oneLine(String s) {
      return s.replaceAll("\\s+", " ").strip();
    }
  }
}
