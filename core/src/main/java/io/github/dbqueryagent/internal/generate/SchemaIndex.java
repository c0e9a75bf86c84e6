package io.github.dbqueryagent.internal.generate;

import io.github.dbqueryagent.internal.retrieve.JoinGraph;
import io.github.dbqueryagent.internal.text.Words;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Per-catalog facts the rule-based generator needs: name stems, display columns, the join graph. Immutable. */
final class SchemaIndex {
  final Catalog catalog;
  final JoinGraph graph;
  private final Map<TableName, List<String>> tableStems = new HashMap<>();
  private final Map<TableName, Map<String, List<String>>> columnStems = new HashMap<>();
  private final Map<TableName, Set<String>> keyColumns = new HashMap<>();
  private final Map<TableName, List<Column>> displayColumns = new HashMap<>();

  SchemaIndex(Catalog catalog) {
    this.catalog = catalog;
    this.graph = io.github.dbqueryagent.internal.index.SchemaIndex.of(catalog).graph(); // shared, built once per catalog
    for (Table t : catalog.tables()) {
      tableStems.put(t.name(), Words.identifierStems(t.name().name()));
      Map<String, List<String>> cols = new HashMap<>();
      for (Column c : t.columns()) cols.put(c.name(), Words.identifierStems(c.name()));
      columnStems.put(t.name(), cols);
      Set<String> keys = new HashSet<>(t.primaryKey());
      for (ForeignKey fk : t.foreignKeys()) keys.addAll(fk.columns());
      keyColumns.put(t.name(), keys);
    }
    // looked up for every value and mention while linking: computed once per catalog
    for (Table t : catalog.tables()) displayColumns.put(t.name(), List.copyOf(computeDisplayColumns(t)));
  }

  List<String> tableStems(Table t) {
    return tableStems.getOrDefault(t.name(), List.of());
  }

  List<String> columnStems(Table t, Column c) {
    return columnStems.getOrDefault(t.name(), Map.of()).getOrDefault(c.name(), List.of());
  }

  /** Whether a column is part of the primary key or a foreign key (or looks like an identifier). */
  boolean isKey(Table t, Column c) {
    if (keyColumns.getOrDefault(t.name(), Set.of()).contains(c.name())) return true;
    List<String> stems = columnStems(t, c);
    return !stems.isEmpty() && stems.get(stems.size() - 1).equals("id") && !c.isText();
  }

  /** Returns the foreign key whose single column is {@code c}, or null. */
  ForeignKey foreignKeyOf(Table t, Column c) {
    for (ForeignKey fk : t.foreignKeys()) {
      if (fk.columns().size() == 1 && fk.columns().get(0).equals(c.name())) return fk;
    }
    return null;
  }

  /**
   * The columns that name a row of the table for a person: {@code name}/{@code title}-like columns,
   * first and last name together, else the first non-key text column, else the primary key.
   */
  List<Column> displayColumns(Table t) {
    List<Column> cached = displayColumns.get(t.name());
    return cached != null ? cached : computeDisplayColumns(t);
  }

  private List<Column> computeDisplayColumns(Table t) {
    List<String> tableWords = tableStems(t);
    Column exact = null;
    Column first = null;
    Column lastName = null;
    Column fullName = null;
    Column title = null;
    Column otherName = null;
    for (Column c : t.columns()) {
      if (!c.isText()) continue;
      List<String> s = columnStems(t, c);
      String joined = String.join(" ", s);
      if (joined.equals("name") || joined.equals(String.join(" ", tableWords) + " name")) {
        if (exact == null) exact = c;
      } else if (joined.equals("first name") || joined.equals("given name") || joined.equals("fname")) {
        first = c;
      } else if (joined.equals("last name") || joined.equals("surname") || joined.equals("family name") || joined.equals("lname")) {
        lastName = c;
      } else if (joined.equals("full name") || joined.equals("display name")) {
        fullName = c;
      } else if (joined.equals("title") || joined.equals(String.join(" ", tableWords) + " title")) {
        if (title == null) title = c;
      } else if (!s.isEmpty() && s.get(s.size() - 1).equals("name") && otherName == null) {
        otherName = c;
      }
    }
    if (exact != null) return List.of(exact);
    if (fullName != null) return List.of(fullName);
    if (first != null && lastName != null) return List.of(first, lastName);
    if (title != null) return List.of(title);
    if (otherName != null) return List.of(otherName);
    for (Column c : t.columns()) {
      if (c.isText() && !isKey(t, c)) return List.of(c);
    }
    List<Column> pk = new ArrayList<>();
    for (String k : t.primaryKey()) t.column(k).ifPresent(pk::add);
    if (!pk.isEmpty()) return pk;
    return List.of(t.columns().get(0));
  }

  /** Returns the table's date or timestamp columns, those whose name says "date" first. */
  List<Column> dateColumns(Table t) {
    List<Column> out = new ArrayList<>();
    for (Column c : t.columns()) {
      if (c.isTemporal() && !c.isNumeric()) out.add(c);
    }
    out.sort((a, b) -> Boolean.compare(!a.name().toLowerCase(Locale.ROOT).contains("date"),
        !b.name().toLowerCase(Locale.ROOT).contains("date")));
    return out;
  }
}
