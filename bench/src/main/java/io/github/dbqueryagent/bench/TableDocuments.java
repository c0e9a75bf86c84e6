package io.github.dbqueryagent.bench;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One plain-text document per table, as top-k table retrievers index them (Vanna, DB-GPT and WrenAI
 * embed or index one text per table and keep the k best): the schema and table name split into words,
 * the column names split into words, the table comment and the column comments. Stateless and
 * thread-safe.
 *
 * <p>Identifiers are split at underscores and other non-alphanumerics, at lower-to-upper case changes
 * ({@code sbTransaction} → {@code sb transaction}, {@code HTTPServer} → {@code http server}) and
 * between letters and digits; concatenated lower-case names ({@code paperkeyphrase}) stay one word.
 */
final class TableDocuments {
  private TableDocuments() {}

  /**
   * Returns the document of every table of a catalog.
   *
   * @param catalog the catalog
   * @return table to document, in catalog order, never null
   */
  static Map<TableName, String> of(Catalog catalog) {
    Map<TableName, String> out = new LinkedHashMap<>();
    for (Table t : catalog.tables()) out.put(t.name(), document(t));
    return out;
  }

  /**
   * Returns one table's document: {@code "Table <schema words> <name words>. Columns: <words>, ...
   * . <table comment>. <column comments>."}, comments only when present.
   */
  static String document(Table t) {
    StringBuilder sb = new StringBuilder("Table ");
    if (!t.name().schema().isEmpty()) sb.append(words(t.name().schema())).append(' ');
    sb.append(words(t.name().name())).append(". Columns: ");
    List<String> columns = new ArrayList<>();
    for (Column c : t.columns()) columns.add(words(c.name()));
    sb.append(String.join(", ", columns)).append('.');
    if (!t.comment().isBlank()) sb.append(' ').append(sentence(t.comment()));
    for (Column c : t.columns()) {
      if (!c.comment().isBlank()) sb.append(' ').append(sentence(c.comment()));
    }
    return sb.toString();
  }

  /** Splits an identifier into lower-case words joined by single spaces. */
  static String words(String identifier) {
    StringBuilder sb = new StringBuilder();
    int n = identifier.length();
    for (int i = 0; i < n; i++) {
      char c = identifier.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        space(sb);
        continue;
      }
      if (i > 0) {
        char p = identifier.charAt(i - 1);
        char next = i + 1 < n ? identifier.charAt(i + 1) : ' ';
        boolean lowerToUpper = Character.isLowerCase(p) && Character.isUpperCase(c);
        boolean acronymEnd = Character.isUpperCase(p) && Character.isUpperCase(c) && Character.isLowerCase(next);
        boolean digitChange = Character.isDigit(p) != Character.isDigit(c) && Character.isLetterOrDigit(p);
        if (lowerToUpper || acronymEnd || digitChange) space(sb);
      }
      sb.append(Character.toLowerCase(c));
    }
    return sb.toString().strip();
  }

  private static void space(StringBuilder sb) {
    if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ' ') sb.append(' ');
  }

  private static String sentence(String comment) {
    String s = comment.strip().replaceAll("\\s+", " ");
    char last = s.charAt(s.length() - 1);
    return last == '.' || last == '?' || last == '!' ? s : s + ".";
  }

  /** Lower-case {@code schema.name} of a table, the key used to compare with gold tables. */
  static String key(TableName t) {
    return (t.schema().isEmpty() ? t.name() : t.schema() + "." + t.name()).toLowerCase(Locale.ROOT);
  }
}
