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
 * columns only; when even that does not fit it is listed in {@link SchemaContext#omitted()}. The
 * result never exceeds the budget. Thread-safe (jtokkit encodings are).
 */
public final class JtokkitTokenBudgeter implements TokenBudgeter {
  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  /** The fewest tokens any table rendering takes ("t(c X)" plus a newline is more than this). */
  private static final int MIN_TABLE_TOKENS = 4;

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
    StringBuilder text = new StringBuilder();
    int used = 0;
    List<TableName> included = new ArrayList<>();
    List<TableName> omitted = new ArrayList<>();
    Set<TableName> seen = new HashSet<>();
    Map<TableName, List<String>> matched = new HashMap<>();
    for (Retrieval.ScoredTable st : retrieval.tables()) matched.put(st.table(), st.matchedColumns());
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
      String full = block(catalog, table, summary, null);
      int cost = countTokens(full);
      if (used + cost > budget) {
        full = block(catalog, table, "", matched.getOrDefault(table.name(), List.of()));
        cost = countTokens(full);
      }
      if (used + cost > budget) {
        omitted.add(table.name());
        continue;
      }
      text.append(full);
      used += cost;
      included.add(table.name());
    }
    String rendered = text.toString();
    int tokens = countTokens(rendered);
    // token counts of concatenations can differ by a token at the joins; trim whole tables if needed
    while (tokens > budget && !included.isEmpty()) {
      TableName last = included.remove(included.size() - 1);
      omitted.add(0, last);
      rendered = rebuild(catalog, included, summaries);
      tokens = countTokens(rendered);
    }
    return new SchemaContext(rendered, tokens, included, omitted);
  }

  private String rebuild(Catalog catalog, List<TableName> tables, Map<TableName, String> summaries) {
    StringBuilder sb = new StringBuilder();
    for (TableName tn : tables) {
      catalog.table(tn).ifPresent(t -> sb.append(block(catalog, t, summaries.getOrDefault(tn, ""), null)));
    }
    return sb.toString();
  }

  /** Renders one table; with {@code onlyColumns} non-null, only keys and those columns. */
  static String block(Catalog catalog, Table table, String summary, List<String> onlyColumns) {
    StringBuilder sb = new StringBuilder();
    String name = table.name().toSql(catalog.dialect());
    if (!summary.isBlank()) sb.append("-- ").append(name).append(": ").append(summary.strip()).append('\n');
    Map<String, String> fkTargets = new HashMap<>();
    for (ForeignKey fk : table.foreignKeys()) {
      for (int i = 0; i < fk.columns().size(); i++) {
        fkTargets.put(fk.columns().get(i), fk.referencedTable().toSql(catalog.dialect()) + "."
            + catalog.dialect().quote(fk.referencedColumns().get(i)));
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
    }
    if (skipped > 0) sb.append(first ? "" : ", ").append("... ").append(skipped).append(" more");
    sb.append(")\n");
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
