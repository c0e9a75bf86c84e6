package io.github.dbqueryagent.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.github.dbqueryagent.ResultColumn;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints {@link Outcome}s to standard output in one {@link OutputFormat}. Errors are not printed here
 * (they go to standard error as {@code dbqa: <reason>}) except inside the JSON formats' {@code error}
 * field. Not thread-safe: one printer per command run.
 */
abstract class ResultPrinter {
  static final JsonFactory JSON =
      JsonFactory.builder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  /** How many outcomes a run prints. */
  enum Mode {
    /** One question or statement. */
    SINGLE,
    /** The questions of a {@code --batch} file: JSON becomes an array, tables are headed by the question. */
    BATCH,
    /** An interactive session: each outcome printed as if it were single. */
    REPL
  }

  final PrintStream out;
  final Mode mode;

  ResultPrinter(PrintStream out, Mode mode) {
    this.out = out;
    this.mode = mode;
  }

  /** Returns a printer for a format and mode. */
  static ResultPrinter of(OutputFormat format, PrintStream out, Mode mode) {
    switch (format) {
      case JSON:
        return new Json(out, mode);
      case JSONL:
        return new JsonLines(out, mode);
      case CSV:
        return new Csv(out, mode);
      default:
        return new Table(out, mode);
    }
  }

  /** Called once before the first outcome. */
  void begin() {}

  /** Prints one outcome. */
  abstract void print(Outcome o);

  /** Called once after the last outcome. */
  void end() {}

  /**
   * Returns a UTF-8 JSON generator on {@code out} that indents objects and arrays by two spaces and
   * writes {@code "name": value}; it does not close {@code out}.
   */
  static JsonGenerator prettyGenerator(PrintStream out) throws IOException {
    JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withRootSeparator(""));
    pretty.indentArraysWith(indenter);
    pretty.indentObjectsWith(indenter);
    g.setPrettyPrinter(pretty);
    return g;
  }

  /** Writes one outcome as a JSON object, fields in the documented order. */
  static void writeJson(JsonGenerator g, Outcome o) throws IOException {
    g.writeStartObject();
    g.writeStringField("question", o.question());
    g.writeStringField("sql", o.sql());
    g.writeArrayFieldStart("columns");
    for (ResultColumn c : o.columns()) {
      g.writeStartObject();
      g.writeStringField("name", c.name());
      g.writeStringField("type", c.type());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("rows");
    for (List<Object> row : o.rows()) {
      g.writeStartArray();
      for (Object v : row) Values.writeJson(g, v);
      g.writeEndArray();
    }
    g.writeEndArray();
    g.writeNumberField("rowCount", o.rows().size());
    g.writeBooleanField("truncated", o.truncated());
    g.writeStringField("answer", o.answer());
    g.writeStringField("generator", o.generator());
    g.writeStringField("clarification", o.clarification());
    g.writeObjectFieldStart("timingsMs");
    for (Map.Entry<String, Double> t : o.timingsMs().entrySet()) g.writeNumberField(t.getKey(), t.getValue());
    g.writeEndObject();
    g.writeObjectFieldStart("tokens");
    g.writeNumberField("schemaContext", o.tokens().schemaContext());
    g.writeNumberField("prompt", o.tokens().prompt());
    g.writeNumberField("completion", o.tokens().completion());
    g.writeEndObject();
    if (o.error() == null) {
      g.writeNullField("error");
    } else {
      g.writeObjectFieldStart("error");
      g.writeStringField("type", o.error().type());
      g.writeStringField("message", o.error().message());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** Pretty-printed JSON: one object per outcome, or one array of them for a batch. */
  private static final class Json extends ResultPrinter {
    private JsonGenerator g;
    private final boolean array = mode == Mode.BATCH;

    Json(PrintStream out, Mode mode) {
      super(out, mode);
    }

    @Override
    void begin() {
      try {
        g = prettyGenerator(out);
        if (array) g.writeStartArray();
        g.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void print(Outcome o) {
      try {
        writeJson(g, o);
        g.flush();
        if (!array) out.print('\n');
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void end() {
      try {
        if (array) {
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
  private static final class JsonLines extends ResultPrinter {
    JsonLines(PrintStream out, Mode mode) {
      super(out, mode);
    }

    @Override
    void print(Outcome o) {
      try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
        writeJson(g, o);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.print('\n');
      out.flush();
    }
  }

  /** RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled. */
  private static final class Csv extends ResultPrinter {
    private int printed;

    Csv(PrintStream out, Mode mode) {
      super(out, mode);
    }

    @Override
    void print(Outcome o) {
      if (!o.hasResult()) return;
      StringBuilder sb = new StringBuilder();
      if (printed++ > 0) sb.append("\r\n");
      List<String> header = new ArrayList<>();
      for (ResultColumn c : o.columns()) header.add(c.name());
      line(sb, header);
      for (List<Object> row : o.rows()) {
        List<String> cells = new ArrayList<>(row.size());
        for (Object v : row) {
          String s = Values.text(v);
          cells.add(s == null ? "" : s);
        }
        line(sb, cells);
      }
      out.print(sb);
      out.flush();
    }

    private static void line(StringBuilder sb, List<String> cells) {
      for (int i = 0; i < cells.size(); i++) {
        if (i > 0) sb.append(',');
        sb.append(quote(cells.get(i)));
      }
      sb.append("\r\n");
    }

    static String quote(String s) {
      boolean needs = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
      return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
  }

  /** An aligned text table, then the SQL and the answer. */
  private static final class Table extends ResultPrinter {
    private static final int MAX_WIDTH = 60;
    private int printed;

    Table(PrintStream out, Mode mode) {
      super(out, mode);
    }

    @Override
    void print(Outcome o) {
      StringBuilder sb = new StringBuilder();
      if (mode == Mode.BATCH) {
        if (printed++ > 0) sb.append('\n');
        sb.append("> ").append(o.question().replaceAll("\\s+", " ")).append('\n');
      } else if (mode == Mode.REPL && o.error() == null && printed++ > 0) {
        sb.append('\n');
      }
      if (o.error() != null) {
        out.print(sb);
        out.flush();
        return; // the reason is on standard error
      }
      if (o.clarification() != null) {
        sb.append(o.answer()).append('\n');
        out.print(sb);
        out.flush();
        return;
      }
      table(sb, o);
      sb.append('\n');
      sb.append("SQL: ").append(o.sql().replaceAll("\\s*[\\r\\n]+\\s*", " ")).append('\n');
      sb.append("Answer: ").append(o.answer()).append('\n');
      out.print(sb);
      out.flush();
    }

    private static void table(StringBuilder sb, Outcome o) {
      int n = o.columns().size();
      int[] width = new int[n];
      boolean[] numeric = new boolean[n];
      List<String[]> cells = new ArrayList<>(o.rows().size());
      for (int c = 0; c < n; c++) {
        width[c] = cell(o.columns().get(c).name()).length();
        numeric[c] = !o.rows().isEmpty();
      }
      for (List<Object> row : o.rows()) {
        String[] line = new String[n];
        for (int c = 0; c < n; c++) {
          Object v = c < row.size() ? row.get(c) : null;
          String s = Values.text(v);
          line[c] = s == null ? "NULL" : cell(s);
          width[c] = Math.max(width[c], line[c].length());
          if (v != null && !Values.isNumber(v)) numeric[c] = false;
        }
        cells.add(line);
      }
      if (n > 0) {
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < n; c++) {
          sb.append(c == 0 ? " " : " | ");
          pad(sb, cell(o.columns().get(c).name()), width[c], false);
          rule.append(c == 0 ? "-" : "-+-").append("-".repeat(width[c]));
        }
        trimEnd(sb);
        sb.append('\n').append(rule).append("-\n");
        for (String[] line : cells) {
          for (int c = 0; c < n; c++) {
            sb.append(c == 0 ? " " : " | ");
            pad(sb, line[c], width[c], numeric[c]);
          }
          trimEnd(sb);
          sb.append('\n');
        }
      }
      int rows = o.rows().size();
      sb.append('(').append(rows).append(rows == 1 ? " row" : " rows");
      if (o.truncated()) sb.append(", truncated: more rows than --max-rows");
      sb.append(")\n");
    }

    private static String cell(String s) {
      String one = s.replace("\r\n", "\u21b5").replace('\n', '\u21b5').replace('\r', '\u21b5').replace('\t', ' ');
      return one.length() > MAX_WIDTH ? one.substring(0, MAX_WIDTH - 1) + "\u2026" : one;
    }

    private static void pad(StringBuilder sb, String s, int width, boolean right) {
      if (right) sb.append(" ".repeat(width - s.length()));
      sb.append(s);
      if (!right) sb.append(" ".repeat(width - s.length()));
    }

    private static void trimEnd(StringBuilder sb) {
      int len = sb.length();
      while (len > 0 && sb.charAt(len - 1) == ' ') len--;
      sb.setLength(len);
    }
  }
}
