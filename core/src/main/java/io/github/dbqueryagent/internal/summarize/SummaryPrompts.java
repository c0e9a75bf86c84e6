package io.github.dbqueryagent.internal.summarize;

import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.TokenBudgeter;
import io.github.dbqueryagent.spi.UniqueKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders a table's metadata as text and cuts it into prompts that fit a per-prompt token limit, for
 * {@link LanguageModelSummarizer}. Immutable and thread-safe (when the budgeter is).
 *
 * <p>A prompt is the instructions, a header (table name and kind, comment, primary key, unique keys,
 * foreign keys, referencing tables) and column lines ({@code - name type NOT NULL -- comment; e.g.
 * 'a', 'b'}). Every part is capped so that any prompt fits: the header takes at most about
 * {@value #HEADER_SHARE_PERCENT}% of the limit (comment first, then the key lists are cut), a column
 * line at most an eighth of it, the summary so far at most an eighth, and a chunk always holds at least
 * one column.
 */
final class SummaryPrompts {
  /** The share of the per-prompt limit the header may take, in percent. */
  static final int HEADER_SHARE_PERCENT = 30;

  /** The longest column comment shown, in characters. */
  static final int MAX_COLUMN_COMMENT_CHARS = 200;

  /** The most sample values shown per column. */
  static final int MAX_SAMPLES = 5;

  /** The longest sample value shown, in characters. */
  static final int MAX_SAMPLE_CHARS = 40;

  /** The most referencing tables listed. */
  static final int MAX_REFERENCED_BY = 20;

  static final String INSTRUCTIONS =
      "Describe the database table below for an assistant that writes SQL: in one sentence of at most 40"
          + " words, say what one row represents, name its most important columns and how it relates to"
          + " other tables. Use only the information given. Reply with the sentence alone: no quotes, no"
          + " markdown, no preamble.";

  private static final String FOLLOW_UP =
      "Reply with the summary so far updated with what these columns add: still one sentence of at most"
          + " 40 words about the whole table, saying what one row represents, its most important columns"
          + " and how it relates to other tables. Use only the information given. Reply with the sentence"
          + " alone: no quotes, no markdown, no preamble.";

  private final TokenBudgeter budgeter;
  private final int limit;

  SummaryPrompts(TokenBudgeter budgeter, int limit) {
    this.budgeter = Objects.requireNonNull(budgeter, "budgeter");
    this.limit = limit;
  }

  /** A table rendered once: the header and one line per column, each within its cap. */
  record TableText(String header, List<String> columnLines, int[] columnTokens) {}

  /**
   * A prompt ready to send.
   *
   * @param text the prompt
   * @param tokens its token count, at most the limit
   * @param to the index after the last column it shows
   */
  record Prompt(String text, int tokens, int to) {}

  /** Counts tokens with the configured budgeter. */
  int count(String text) {
    return budgeter.countTokens(text);
  }

  /**
   * Renders a table.
   *
   * @param referencedBy the tables with a foreign key to this one, in catalog order
   */
  TableText render(Table table, List<TableName> referencedBy) {
    int headerCap = Math.max(1, limit * HEADER_SHARE_PERCENT / 100);
    StringBuilder h = new StringBuilder();
    h.append("Table: ").append(table.name()).append(" (").append(kind(table)).append(")\n");
    if (!table.comment().isBlank()) {
      h.append(fit("Comment: " + oneLine(table.comment()), headerCap / 3)).append('\n');
    }
    if (!table.primaryKey().isEmpty()) {
      h.append("Primary key: ").append(String.join(", ", table.primaryKey())).append('\n');
    }
    List<String> uniques = new ArrayList<>();
    for (UniqueKey u : table.uniqueKeys()) uniques.add("(" + String.join(", ", u.columns()) + ")");
    if (!uniques.isEmpty()) h.append(fitList("Unique keys: ", uniques, "; ", headerCap / 8)).append('\n');
    List<String> fks = new ArrayList<>();
    for (ForeignKey fk : table.foreignKeys()) {
      fks.add(String.join(", ", fk.columns()) + " -> " + fk.referencedTable() + "("
          + String.join(", ", fk.referencedColumns()) + ")" + (fk.inferred() ? " (inferred)" : ""));
    }
    if (!fks.isEmpty()) h.append(fitList("Foreign keys: ", fks, "; ", headerCap / 3)).append('\n');
    if (!referencedBy.isEmpty()) {
      List<String> refs = new ArrayList<>();
      for (TableName r : referencedBy) {
        if (refs.size() == MAX_REFERENCED_BY) {
          refs.add("and " + (referencedBy.size() - MAX_REFERENCED_BY) + " more");
          break;
        }
        refs.add(r.toString());
      }
      h.append(fitList("Referenced by: ", refs, ", ", headerCap / 8)).append('\n');
    }
    String header = fit(h.toString(), headerCap);
    if (!header.endsWith("\n")) header += "\n";
    List<String> lines = new ArrayList<>(table.columns().size());
    int[] tokens = new int[table.columns().size()];
    int lineCap = Math.max(1, limit / 8);
    for (int i = 0; i < table.columns().size(); i++) {
      String line = fit(columnLine(table.columns().get(i), table), lineCap);
      lines.add(line);
      tokens[i] = count(line + "\n");
    }
    return new TableText(header, List.copyOf(lines), tokens);
  }

  /** Returns the single prompt describing the whole table, or empty when it exceeds the limit. */
  java.util.Optional<Prompt> whole(TableText t) {
    int n = t.columnLines().size();
    StringBuilder sb = new StringBuilder(INSTRUCTIONS).append("\n\n").append(t.header());
    sb.append(n == 0 ? "Columns: none reported\n" : "Columns (" + n + "):\n");
    for (String line : t.columnLines()) sb.append(line).append('\n');
    String text = sb.toString();
    int tokens = count(text);
    if (tokens > limit && n == 0) {
      text = fit(text, limit);
      tokens = count(text);
    }
    return tokens <= limit ? java.util.Optional.of(new Prompt(text, tokens, n)) : java.util.Optional.empty();
  }

  /**
   * Returns the prompt for the chunk of columns starting at {@code from}: as many consecutive columns
   * as fit, at least one (cut to fit when it alone does not).
   *
   * @param summarySoFar the summary of the columns before {@code from}, {@code ""} for the first chunk
   */
  Prompt chunk(TableText t, int from, String summarySoFar) {
    int n = t.columnLines().size();
    String summary = summarySoFar.isEmpty() ? "" : fit(summarySoFar, Math.max(1, limit / 8));
    // Start from the additive estimate, then check the exact count and step back while it is over.
    int base = count(chunkText(t, from, from + 1, summary, ""));
    int to = from;
    int estimate = base;
    while (to < n) {
      int next = estimate + t.columnTokens()[to];
      if (to > from && next > limit) break;
      estimate = next;
      to++;
    }
    while (true) {
      String text = chunkText(t, from, to, summary, null);
      int tokens = count(text);
      if (tokens <= limit) return new Prompt(text, tokens, to);
      if (to > from + 1) {
        to--;
        continue;
      }
      // One column that does not fit: cut its line to the room left.
      int room = limit - count(chunkText(t, from, to, summary, ""));
      String cut = fit(t.columnLines().get(from), Math.max(1, room - 2));
      text = chunkText(t, from, to, summary, cut);
      tokens = count(text);
      if (tokens <= limit) return new Prompt(text, tokens, to);
      // Only reachable with pathological tokenizers: drop the summary so far as a last resort.
      text = chunkText(t, from, to, "", fit(cut, Math.max(1, room / 2)));
      return new Prompt(text, count(text), to);
    }
  }

  /**
   * Builds a chunk prompt for columns {@code [from, to)}.
   *
   * @param onlyLine null to show the column lines as rendered; otherwise the single line to show
   *     instead of column {@code from} ({@code ""} for none, to measure the fixed part)
   */
  private static String chunkText(TableText t, int from, int to, String summary, String onlyLine) {
    int n = t.columnLines().size();
    StringBuilder sb = new StringBuilder();
    if (from == 0) {
      sb.append(INSTRUCTIONS).append("\nThe table has ").append(n)
          .append(" columns, too many for one message: this message shows some of them, the next messages the rest.");
    } else {
      sb.append("You are describing a database table for an assistant that writes SQL. It has ").append(n)
          .append(" columns, too many for one message: earlier messages showed columns 1-").append(from)
          .append(", this one shows the next ones.\nSummary so far: ").append(summary).append('\n').append(FOLLOW_UP);
    }
    sb.append("\n\n").append(t.header());
    sb.append("Columns ").append(from + 1).append('-').append(to).append(" of ").append(n).append(":\n");
    if (onlyLine != null) {
      if (!onlyLine.isEmpty()) sb.append(onlyLine).append('\n');
    } else {
      for (int i = from; i < to; i++) sb.append(t.columnLines().get(i)).append('\n');
    }
    return sb.toString();
  }

  private String columnLine(Column c, Table table) {
    StringBuilder sb = new StringBuilder("- ").append(c.name());
    if (!c.typeName().isEmpty()) sb.append(' ').append(c.typeName());
    if (!c.nullable()) sb.append(" NOT NULL");
    if (table.primaryKey().contains(c.name())) sb.append(" PK");
    if (c.generation() == Column.Generation.IDENTITY) sb.append(" identity");
    if (c.generation() == Column.Generation.COMPUTED) sb.append(" computed");
    if (!c.comment().isBlank()) {
      sb.append(" -- ").append(SummaryReply.cap(oneLine(c.comment()), MAX_COLUMN_COMMENT_CHARS));
    }
    if (!c.sampleValues().isEmpty()) {
      sb.append(c.comment().isBlank() ? " -- e.g. " : "; e.g. ");
      List<String> shown = new ArrayList<>();
      for (String v : c.sampleValues()) {
        if (shown.size() == MAX_SAMPLES) break;
        shown.add("'" + SummaryReply.cap(oneLine(v), MAX_SAMPLE_CHARS) + "'");
      }
      sb.append(String.join(", ", shown));
      if (c.sampleValues().size() > MAX_SAMPLES) sb.append(", ...");
    }
    return sb.toString();
  }

  private static String kind(Table t) {
    switch (t.kind()) {
      case VIEW: return "view";
      case MATERIALIZED_VIEW: return "materialized view";
      default: return "table";
    }
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  /**
   * Joins items after a prefix, leaving out the last ones (with "and N more") while over {@code max}
   * tokens; at least one item is shown, cut to fit.
   */
  private String fitList(String prefix, List<String> items, String separator, int max) {
    int lo = 1;
    int hi = items.size();
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (count(joined(prefix, items, separator, mid)) <= max) lo = mid;
      else hi = mid - 1;
    }
    return fit(joined(prefix, items, separator, lo), max);
  }

  private static String joined(String prefix, List<String> items, String separator, int shown) {
    return prefix + String.join(separator, items.subList(0, shown))
        + (shown < items.size() ? separator + "and " + (items.size() - shown) + " more" : "");
  }

  /**
   * Returns the longest prefix of a text (cut at a code-point boundary, ending with {@code …}) whose
   * token count is at most {@code max}; the text itself when it fits.
   */
  String fit(String text, int max) {
    if (count(text) <= max) return text;
    int lo = 0;
    int hi = text.length();
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (count(prefix(text, mid) + "…") <= max) lo = mid;
      else hi = mid - 1;
    }
    return lo == 0 ? "" : prefix(text, lo) + "…";
  }

  private static String prefix(String text, int end) {
    if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) end--;
    return text.substring(0, end).stripTrailing();
  }
}
