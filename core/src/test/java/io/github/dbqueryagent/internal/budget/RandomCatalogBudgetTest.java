package io.github.dbqueryagent.internal.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.RetrievalRequest;
import io.github.dbqueryagent.spi.Retriever;
import io.github.dbqueryagent.spi.SchemaContext;
import io.github.dbqueryagent.spi.Summarizer;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.TokenBudgeter;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: over random catalogs (1 to 300 tables in 1 to 4 schemas, 1 to 60 columns each, comments,
 * sample values, declared keys, identifiers in every case style) and random questions, the default
 * retriever and budgeter never exceed the budget, count their text exactly, keep included and omitted
 * apart, report the columns they render, and keep the retrieval order. Seeded, so a failure repeats.
 */
class RandomCatalogBudgetTest {
  static final String[] WORDS = {"customer", "order", "invoice", "line", "product", "category", "supplier",
      "employee", "region", "country", "city", "name", "amount", "total", "date", "status", "paper", "author",
      "keyphrase", "flight", "airport", "student", "course", "grade", "price", "quantity", "note", "x", "é",
      "über", "naïve", "日本", "\"quoted\"", "a*/b", "o'brien"};
  static final int[] TYPES = {Types.INTEGER, Types.VARCHAR, Types.DATE, Types.NUMERIC, Types.BOOLEAN};
  static final String[] TYPE_NAMES = {"integer", "varchar", "date", "numeric", "boolean"};

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void neverOverBudget(long seed) {
    Random random = new Random(seed);
    Catalog catalog = randomCatalog(random);
    Map<TableName, String> summaries = Summarizer.heuristic().summarize(catalog);
    TokenBudgeter budgeter = TokenBudgeter.defaults();
    Retriever retriever = Retriever.defaults();
    for (int q = 0; q < 8; q++) {
      StringBuilder question = new StringBuilder("How many");
      for (int w = 0; w < 1 + random.nextInt(6); w++) question.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
      Retrieval retrieval = retriever.retrieve(new RetrievalRequest(question.toString(), catalog, summaries, List.of()));
      int budget = 1 + random.nextInt(random.nextBoolean() ? 200 : 4000);
      SchemaContext ctx = budgeter.render(catalog, retrieval, summaries, budget);
      assertThat(ctx.tokens()).as("seed %d, budget %d", seed, budget).isLessThanOrEqualTo(budget);
      assertThat(ctx.tokens()).isEqualTo(budgeter.countTokens(ctx.text()));
      assertThat(Collections.disjoint(ctx.tables(), ctx.omitted())).isTrue();
      assertThat(ctx.columns().keySet()).containsExactlyElementsOf(ctx.tables());
      List<TableName> order = retrieval.tables().stream().map(Retrieval.ScoredTable::table).toList();
      int last = -1;
      for (TableName t : ctx.tables()) {
        assertThat(order.indexOf(t)).isGreaterThan(last);
        last = order.indexOf(t);
        Table table = catalog.table(t).orElseThrow();
        assertThat(ctx.columns().get(t)).isNotEmpty().allMatch(c -> table.column(c).isPresent());
      }
    }
  }

  static Catalog randomCatalog(Random random) {
    int schemas = 1 + random.nextInt(4);
    int n = 1 + random.nextInt(300);
    List<Table> tables = new ArrayList<>();
    Set<TableName> names = new HashSet<>();
    for (int i = 0; i < n; i++) {
      String schema = schemas == 1 ? "" : "s" + random.nextInt(schemas);
      TableName name = new TableName("", schema, identifier(random) + "_" + i);
      if (!names.add(name)) continue;
      int width = 1 + random.nextInt(random.nextInt(10) == 0 ? 60 : 12);
      List<Column> columns = new ArrayList<>();
      columns.add(new Column("id", "integer", Types.INTEGER, false, "", List.of()));
      Set<String> used = new HashSet<>(Set.of("id"));
      for (int c = 1; c < width; c++) {
        String col = identifier(random);
        if (!used.add(col)) continue;
        int type = random.nextInt(TYPES.length);
        String comment = random.nextInt(3) == 0 ? sentence(random) : "";
        List<String> samples = new ArrayList<>();
        if (type == 1 && random.nextInt(4) == 0) for (int s = 0; s < 1 + random.nextInt(8); s++) samples.add(sentence(random));
        columns.add(new Column(col, TYPE_NAMES[type], TYPES[type], true, comment, samples));
      }
      List<ForeignKey> fks = new ArrayList<>();
      if (!tables.isEmpty() && random.nextBoolean()) {
        Table target = tables.get(random.nextInt(tables.size()));
        String col = "ref_" + i;
        columns.add(new Column(col, "integer", Types.INTEGER, true, "", List.of()));
        fks.add(new ForeignKey("fk_" + i, List.of(col), target.name(), List.of("id")));
      }
      tables.add(new Table(name, Table.Kind.TABLE, random.nextBoolean() ? sentence(random) : "", columns, List.of("id"), fks, -1));
    }
    return new Catalog("Random", "1", Dialect.POSTGRESQL, tables);
  }

  static String identifier(Random random) {
    String a = WORDS[random.nextInt(WORDS.length)].replaceAll("[^\\p{L}]", "");
    String b = WORDS[random.nextInt(WORDS.length)].replaceAll("[^\\p{L}]", "");
    if (a.isEmpty()) a = "col";
    switch (random.nextInt(4)) {
      case 0: return a + "_" + b;
      case 1: return a + b;
      case 2: return Character.toUpperCase(a.charAt(0)) + a.substring(1) + (b.isEmpty() ? "" : Character.toUpperCase(b.charAt(0)) + b.substring(1));
      default: return a + " " + b;
    }
  }

  static String sentence(Random random) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1 + random.nextInt(12); i++) sb.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    return sb.toString();
  }
}
