package io.github.dbqueryagent.internal.budget;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.SchemaContext;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.TokenBudgeter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders tables as compact one-line signatures and counts tokens with jtokkit.
 *
 * <p>Each table is a comment line with its description and a signature line:
 *
 * <pre>
 * -- Customer: customer (13 columns); references Employee
 * Customer(CustomerId INTEGER PK, FirstName NVARCHAR, ..., SupportRepId INTEGER -&gt; Employee.EmployeeId)
 * </pre>
 *
 * Tables come best first; a table that does not fit whole is rendered with its keys and matched
 * columns only; when even that does not fit it is listed in {@link SchemaContext#omitted()}.
 *
 * <p>Columns with {@linkplain Column#sampleValues() sample values} show up to {@value
 * #MAX_SAMPLES_SHOWN} of them as SQL literals, with {@code ...} when there are more:
 *
 * <pre>
 * customer(customer_id INTEGER PK, country VARCHAR /* e.g. 'Brazil', 'Canada', 'USA' *&#47;)
 * </pre>
 *
 * Sample values are counted in the budget and are what goes first when it is tight: tables and
 * columns are chosen without them, then the tables that fit are given their sample values best table
 * first, as long as the total stays within the budget. The result never exceeds the budget.
 * Thread-safe (jtokkit encodings are).
 */
public final class JtokkitTokenBudgeter implements TokenBudgeter {
  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  /** The fewest tokens any table rendering takes ("t(c X)" plus a newline is more than this). */
  private static final int MIN_TABLE_TOKENS = 4;

  /** The most sample values shown per column. */
  static final int MAX_SAMPLES_SHOWN = 5;

  private final Encoding encoding;

  private JtokkitTokenBudgeter(Encoding encoding) {
    this.encoding = encoding;
  }

  /** Returns a budgeter with the encoding of a model family. */
  public static JtokkitTokenBudgeter forModel(String model) {
    Objects.requireNonNull(model, "model");
    String m = model.toLowerCase(Locale.ROOT);
    boolean o200k = m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-5")
        || m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4") || m.startsWith("chatgpt-4o");
    return new JtokkitTokenBudgeter(REGISTRY.getEncoding(o200k ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE));
  }

  @Override
  public int countTokens(String text) {
    return encoding.countTokens(Objects.requireNonNull(text, "text"));
  }

  @Override
  public SchemaContext render(Catalog catalog, Retrieval retrieval, Map<TableName, String> summaries, int budget) {
    if (budget < 1) throw new IllegalArgumentException("budget must be at least 1: " + budget);
    int used = 0;
    List<Rendered> included = new ArrayList<>();
    List<TableName> omitted = new ArrayList<>();
    Set<TableName> seen = new HashSet<>();
    Map<TableName, List<String>> matched = new HashMap<>();
    for (Retrieval.ScoredTable st : retrieval.tables()) matched.put(st.table(), st.matchedColumns());
    // first the tables and columns, without sample values
    for (Retrieval.ScoredTable st : retrieval.tables()) {
      if (!seen.add(st.table())) continue;
      if (budget - used < MIN_TABLE_TOKENS) {
        // no table fits in so few tokens: skip the tokenizer for the rest
        if (catalog.table(st.table()).isPresent()) omitted.add(st.table());
        continue;
      }
      Table table = catalog.table(st.table()).orElse(null);
      if (table == null) continue;
      String summary = summaries.getOrDefault(table.name(), "");
      List<String> only = null;
      String text = block(catalog, table, summary, null, false);
      int cost = countTokens(text);
      if (used + cost > budget) {
        summary = "";
        only = matched.getOrDefault(table.name(), List.of());
        text = block(catalog, table, summary, only, false);
        cost = countTokens(text);
      }
      if (used + cost > budget) {
        omitted.add(table.name());
        continue;
      }
      included.add(new Rendered(table, summary, only, text, cost));
      used += cost;
    }
    // then sample values, best table first, while they fit
    for (int i = 0; i < included.size(); i++) {
      Rendered r = included.get(i);
      if (!hasSamples(r.table)) continue;
      String text = block(catalog, r.table, r.summary, r.onlyColumns, true);
      int cost = countTokens(text);
      if (used - r.cost + cost <= budget) {
        included.set(i, r.with(text, cost, true));
        used += cost - r.cost;
      }
    }
    String rendered = join(included);
    int tokens = countTokens(rendered);
    // token counts of concatenations can differ by a token at the joins: drop sample values, then
    // whole tables, from the last, until the text fits
    while (tokens > budget && !included.isEmpty()) {
      int last = -1;
      for (int i = included.size() - 1; i >= 0 && last < 0; i--) if (included.get(i).samples) last = i;
      if (last >= 0) {
        Rendered r = included.get(last);
        String text = block(catalog, r.table, r.summary, r.onlyColumns, false);
        included.set(last, r.with(text, countTokens(text), false));
      } else {
        omitted.add(0, included.remove(included.size() - 1).table.name());
      }
      rendered = join(included);
      tokens = countTokens(rendered);
    }
    List<TableName> names = new ArrayList<>();
    for (Rendered r : included) names.add(r.table.name());
    return new SchemaContext(rendered, tokens, names, omitted);
  }

  /** One table as rendered: with or without sample values, whole or with some columns only. */
  private record Rendered(Table table, String summary, List<String> onlyColumns, String text, int cost,
      boolean samples) {
    Rendered(Table table, String summary, List<String> onlyColumns, String text, int cost) {
      this(table, summary, onlyColumns, text, cost, false);
    }

    Rendered with(String newText, int newCost, boolean withSamples) {
      return new Rendered(table, summary, onlyColumns, newText, newCost, withSamples);
    }
  }

  private static String join(List<Rendered> tables) {
    StringBuilder sb = new StringBuilder();
    for (Rendered r : tables) sb.append(r.text);
    return sb.toString();
  }

  private static boolean hasSamples(Table table) {
    for (Column c : table.columns()) if (!c.sampleValues().isEmpty()) return true;
    return false;
  }

  /**
   * Renders one table; with {@code onlyColumns} non-null, only keys and those columns; with {@code
   * samples}, each shown column's first {@value #MAX_SAMPLES_SHOWN} sample values.
   */
  static String block(Catalog catalog, Table table, String summary, List<String> onlyColumns, boolean samples) {
    StringBuilder sb = new StringBuilder();
    String name = table.name().toSql(catalog.dialect());
    if (!summary.isBlank()) sb.append("-- ").append(name).append(": ").append(summary.strip()).append('\n');
    Map<String, String> fkTargets = new HashMap<>();
    for (ForeignKey fk : table.foreignKeys()) {
      for (int i = 0; i < fk.columns().size(); i++) {
        // an inferred key is a likely join, not a constraint: the model is told so
        fkTargets.put(fk.columns().get(i), fk.referencedTable().toSql(catalog.dialect()) + "."
            + catalog.dialect().quote(fk.referencedColumns().get(i)) + (fk.inferred() ? " (inferred)" : ""));
      }
    }
    sb.append(table.kind() == Table.Kind.MATERIALIZED_VIEW ? "MATERIALIZED VIEW " : table.isView() ? "VIEW " : "").append(name).append('(');
    boolean first = true;
    int skipped = 0;
    for (Column c : table.columns()) {
      boolean key = table.primaryKey().contains(c.name()) || fkTargets.containsKey(c.name());
      if (onlyColumns != null && !key && !onlyColumns.contains(c.name())) {
        skipped++;
        continue;
      }
      if (!first) sb.append(", ");
      first = false;
      sb.append(catalog.dialect().quote(c.name())).append(' ').append(shortType(c));
      if (table.primaryKey().contains(c.name())) sb.append(" PK");
      String target = fkTargets.get(c.name());
      if (target != null) sb.append(" -> ").append(target);
      if (!c.comment().isBlank()) sb.append(" /* ").append(c.comment().strip().replace("*/", "* /")).append(" */");
      if (samples && !c.sampleValues().isEmpty()) sb.append(" /* e.g. ").append(samples(c)).append(" */");
    }
    if (skipped > 0) sb.append(first ? "" : ", ").append("... ").append(skipped).append(" more");
    sb.append(")\n");
    return sb.toString();
  }

  /** Up to {@value #MAX_SAMPLES_SHOWN} sample values as SQL string literals, then {@code ...} if there are more. */
  private static String samples(Column c) {
    List<String> values = c.sampleValues();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(MAX_SAMPLES_SHOWN, values.size()); i++) {
      if (i > 0) sb.append(", ");
      String literal = values.get(i).replace("'", "''").replace("*/", "* /").replace('\n', ' ').replace('\r', ' ');
      sb.append('\'').append(literal).append('\'');
    }
    if (values.size() > MAX_SAMPLES_SHOWN) sb.append(", ...");
    return sb.toString();
  }

  private static String shortType(Column c) {
    String t = c.typeName().isEmpty() ? "ANY" : c.typeName();
    int paren = t.indexOf('(');
    return paren > 0 ? t.substring(0, paren) : t;
  }

  @Override
  public String toString() {
    return "JtokkitTokenBudgeter[" + encoding.getName() + "]";
  }
}
