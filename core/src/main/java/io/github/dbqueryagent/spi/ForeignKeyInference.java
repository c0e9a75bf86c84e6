package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.internal.text.Segmenter;
import io.github.dbqueryagent.internal.text.Words;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Infers foreign keys a database does not declare, from naming conventions: a column {@code
 * customer_id} (or {@code CustomerId}, {@code cust_id}) refers to the table named {@code customer} or
 * {@code customers} (words compared after stemming and abbreviation expansion), to its column of the
 * same name, else to its single-column primary key, else to its {@code id} column, and only when both
 * columns are numbers or both are text.
 *
 * <p>Columns already in a foreign key (declared or inferred) and a table's own single-column primary
 * key are never inferred from. An inferred key is named {@code "inferred:"} plus the column, is marked
 * {@link ForeignKey#inferred()}, and carries a confidence:
 *
 * <ul>
 *   <li>{@value #SAME_NAME}: the referenced column has the same name and is the target's primary key
 *       ({@code Invoice.CustomerId} → {@code Customer.CustomerId});
 *   <li>{@value #PRIMARY_KEY}: the referenced column is the target's single-column primary key
 *       ({@code orders.customer_id} → {@code customers.id});
 *   <li>{@value #ID_COLUMN}: the referenced column is named {@code id} or has the same name but is not
 *       the target's primary key (the target declares none, or another one).
 * </ul>
 *
 * <p>When several tables match (same name in two schemas), the one in the referencing table's schema
 * wins; when that does not decide, nothing is inferred. Stateless and thread-safe; the technique is the
 * usual naming-convention heuristic of schema-linking work (for example the implicit-join discovery in
 * DIN-SQL and CHESS prompts), restricted to type-compatible pairs.
 */
public final class ForeignKeyInference {
  /** Confidence of a key whose column name matches the target's primary key. */
  public static final double SAME_NAME = 0.9;
  /** Confidence of a key pointing at the target's single-column primary key under another name. */
  public static final double PRIMARY_KEY = 0.8;
  /** Confidence of a key pointing at a column that is not the target's primary key. */
  public static final double ID_COLUMN = 0.6;

  private ForeignKeyInference() {}

  /**
   * Returns the foreign keys inferred for one table of a catalog.
   *
   * @param catalog the catalog the table belongs to (candidate targets)
   * @param table the referencing table
   * @return inferred keys in column order, never null, possibly empty
   */
  public static List<ForeignKey> infer(Catalog catalog, Table table) {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(table, "table");
    return infer(tablesByNameStems(catalog), table);
  }

  /** The catalog's tables (views left out) by the stems of their expanded names, computed once per catalog. */
  private static Map<List<String>, List<Table>> tablesByNameStems(Catalog catalog) {
    Map<List<String>, List<Table>> out = new HashMap<>();
    for (Table t : catalog.tables()) {
      if (!t.isView()) out.computeIfAbsent(Words.identifierStems(expand(t.name().name())), k -> new ArrayList<>()).add(t);
    }
    return out;
  }

  private static List<ForeignKey> infer(Map<List<String>, List<Table>> byStems, Table table) {
    Set<String> keyed = new HashSet<>();
    for (ForeignKey fk : table.foreignKeys()) keyed.addAll(fk.columns());
    List<ForeignKey> out = new ArrayList<>();
    for (Column c : table.columns()) {
      if (keyed.contains(c.name())) continue;
      if (table.primaryKey().size() == 1 && table.primaryKey().get(0).equals(c.name())) continue;
      List<String> stems = Words.identifierStems(expand(c.name()));
      if (stems.size() < 2 || !stems.get(stems.size() - 1).equals("id")) continue;
      List<Table> matches = new ArrayList<>(byStems.getOrDefault(stems.subList(0, stems.size() - 1), List.of()));
      matches.removeIf(t -> t.name().equals(table.name()));
      if (matches.size() > 1) matches.removeIf(t -> !t.name().schema().equals(table.name().schema()));
      if (matches.size() != 1) continue;
      Table target = matches.get(0);
      ForeignKey fk = keyTo(table, c, target);
      if (fk != null) out.add(fk);
    }
    return out;
  }

  /**
   * Returns the catalog with the inferred keys of every table added to its foreign keys.
   *
   * @return a new catalog, or {@code catalog} itself when nothing was inferred
   */
  public static Catalog apply(Catalog catalog) {
    return apply(catalog, (table, column) -> false);
  }

  /**
   * Returns the catalog with the inferred keys of every table added to its foreign keys, except keys
   * on the columns {@code skip} names (for example columns whose declared key was dropped on purpose).
   *
   * @param skip tells, for a table and one of its column names, that no key is to be inferred from it
   * @return a new catalog, or {@code catalog} itself when nothing was inferred
   */
  public static Catalog apply(Catalog catalog, BiPredicate<TableName, String> skip) {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(skip, "skip");
    List<Table> out = new ArrayList<>(catalog.tables().size());
    boolean changed = false;
    Map<List<String>, List<Table>> byStems = tablesByNameStems(catalog);
    for (Table t : catalog.tables()) {
      List<ForeignKey> inferred = t.isView() ? new ArrayList<>() : new ArrayList<>(infer(byStems, t));
      inferred.removeIf(fk -> fk.columns().stream().anyMatch(c -> skip.test(t.name(), c)));
      if (inferred.isEmpty()) {
        out.add(t);
        continue;
      }
      List<ForeignKey> fks = new ArrayList<>(t.foreignKeys());
      fks.addAll(inferred);
      out.add(t.withForeignKeys(fks));
      changed = true;
    }
    return changed ? catalog.withTables(out) : catalog;
  }

  private static ForeignKey keyTo(Table from, Column c, Table target) {
    String pk = target.primaryKey().size() == 1 ? target.primaryKey().get(0) : null;
    Column to = target.column(c.name()).orElse(null);
    double confidence;
    if (to != null) {
      confidence = to.name().equals(pk) ? SAME_NAME : ID_COLUMN;
    } else if (pk != null) {
      to = target.column(pk).orElse(null);
      confidence = PRIMARY_KEY;
    } else {
      to = target.column("id").orElse(null);
      confidence = ID_COLUMN;
    }
    if (to == null || to.isNumeric() != c.isNumeric() || to.isText() != c.isText()) return null;
    return ForeignKey.inferred("inferred:" + c.name(), List.of(c.name()), target.name(), List.of(to.name()), confidence);
  }

  /**
   * Splits an identifier into words — also lower-case runs such as {@code authorid} or {@code
   * sbcustomerid}, with the shipped English word list — and expands abbreviations word by word, so that
   * {@code cust_id} matches {@code customer} and {@code paperid} matches {@code paper}.
   */
  private static String expand(String identifier) {
    List<String> parts = new ArrayList<>();
    for (String piece : Words.splitIdentifier(identifier)) {
      for (String w : Segmenter.english().segment(piece)) parts.add(Words.ABBREVIATIONS.getOrDefault(w, w));
    }
    return String.join("_", parts);
  }
}
