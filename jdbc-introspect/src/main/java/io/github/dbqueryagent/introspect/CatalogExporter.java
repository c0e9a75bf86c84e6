package io.github.dbqueryagent.introspect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Identifiers;
import io.github.dbqueryagent.spi.Index;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.UniqueKey;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Exports a {@link Catalog} as JSON in the versioned {@value ExportMetadata#FORMAT} format, or as
 * Markdown for people.
 *
 * <p>The JSON format is specified in {@code docs/catalog-format.md}: an object with {@code format},
 * {@code database}, {@code fingerprint}, {@code counts}, {@code introspectionMs}, {@code schemas},
 * {@code tables} and {@code report}; fields always appear in that documented order, schemas sorted,
 * tables in catalog order (sorted by catalog, schema, name), columns in ordinal order, report entries in
 * table order, so the same catalog and report always export to the same bytes. Strings that the catalog
 * does not know (no schema, no comment, no default) are written as {@code ""}, never {@code null}.
 * {@code report} is always present: with {@code "available": true} and the lists of the {@linkplain
 * ExportMetadata#report() metadata's report}, or, when the metadata carries none, {@code "available":
 * false} and empty lists. Readable names ({@link Table#readableName()}, {@link Column#readableName()})
 * are for people and schema linking, never for SQL.
 *
 * <p>The Markdown rendering starts with a header table of the metadata, then has one section per table
 * or view with its readable name when that says more than the identifier, a column table ({@code
 * Column | Type | Null | Key | Default | Comment}, sizes in the type as in {@code VARCHAR(100)} and
 * {@code DECIMAL(10,2)}, identity and computed columns in the default cell), its foreign keys (inferred
 * ones marked with their confidence), unique keys and indexes, and ends with a "Report" section when
 * the metadata carries a report. It is meant to be read, not parsed: its layout may change between
 * versions.
 *
 * <p>All methods are static, stateless and thread-safe. Output uses {@code \n} line endings on every
 * platform.
 */
public final class CatalogExporter {
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
  private static final IntrospectionReport EMPTY_REPORT =
      new IntrospectionReport(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

  private CatalogExporter() {}

  /**
   * Renders the catalog as pretty-printed JSON in the {@link ExportMetadata#format() metadata's
   * format}.
   *
   * @param catalog the catalog to export
   * @param metadata what to write in the header fields and the report (see {@link
   *     ExportMetadata#of(Introspection)}, {@link ExportMetadata#of(Catalog, java.time.Duration)})
   * @return the JSON document ending with a line feed, never null
   * @throws NullPointerException when an argument is null
   */
  public static String toJson(Catalog catalog, ExportMetadata metadata) {
    StringWriter out = new StringWriter(8192);
    try {
      writeJson(catalog, metadata, out);
    } catch (IOException e) {
      throw new UncheckedIOException("a StringWriter does not fail", e);
    }
    return out.toString();
  }

  /**
   * Writes the catalog as pretty-printed JSON to a writer, followed by a line feed. The writer is
   * flushed, not closed: the caller owns it.
   *
   * @param catalog the catalog to export
   * @param metadata what to write in the header fields and the report
   * @param out where to write
   * @throws IOException when the writer fails; part of the document may have been written
   * @throws NullPointerException when an argument is null
   */
  public static void writeJson(Catalog catalog, ExportMetadata metadata, Writer out) throws IOException {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(out, "out");
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    pretty.indentArraysWith(indenter);
    pretty.indentObjectsWith(indenter);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.setPrettyPrinter(pretty);
      g.writeStartObject();
      g.writeStringField("format", metadata.format());
      g.writeObjectFieldStart("database");
      g.writeStringField("product", metadata.databaseProduct());
      g.writeStringField("version", metadata.databaseVersion());
      g.writeStringField("dialect", metadata.dialect().name());
      g.writeEndObject();
      g.writeStringField("fingerprint", metadata.fingerprint());
      g.writeObjectFieldStart("counts");
      g.writeNumberField("schemas", metadata.schemas());
      g.writeNumberField("tables", metadata.tables());
      g.writeNumberField("views", metadata.views());
      g.writeNumberField("materializedViews", metadata.materializedViews());
      g.writeNumberField("columns", metadata.columns());
      g.writeNumberField("foreignKeys", metadata.foreignKeys());
      g.writeNumberField("inferredForeignKeys", metadata.inferredForeignKeys());
      g.writeNumberField("uniqueKeys", metadata.uniqueKeys());
      g.writeNumberField("indexes", metadata.indexes());
      g.writeEndObject();
      g.writeNumberField("introspectionMs", metadata.introspectionMs());
      stringArray(g, "schemas", catalog.schemas());
      g.writeArrayFieldStart("tables");
      for (Table t : catalog.tables()) {
        writeTable(g, t);
      }
      g.writeEndArray();
      writeReport(g, metadata.report());
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  private static void writeTable(JsonGenerator g, Table t) throws IOException {
    g.writeStartObject();
    g.writeStringField("catalog", t.name().catalog());
    g.writeStringField("schema", t.name().schema());
    g.writeStringField("name", t.name().name());
    g.writeStringField("readableName", t.readableName());
    g.writeStringField("kind", kind(t));
    g.writeStringField("comment", t.comment());
    g.writeNumberField("rowEstimate", t.rowEstimate());
    stringArray(g, "primaryKey", t.primaryKey());
    g.writeArrayFieldStart("columns");
    for (Column c : t.columns()) {
      g.writeStartObject();
      g.writeStringField("name", c.name());
      g.writeStringField("readableName", c.readableName());
      g.writeStringField("type", c.typeName());
      g.writeNumberField("jdbcType", c.jdbcType());
      g.writeNumberField("size", c.size());
      g.writeNumberField("scale", c.scale());
      g.writeBooleanField("nullable", c.nullable());
      g.writeStringField("default", c.defaultValue());
      g.writeStringField("generation", c.generation().name().toLowerCase(Locale.ROOT));
      g.writeStringField("comment", c.comment());
      stringArray(g, "sampleValues", c.sampleValues());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("foreignKeys");
    for (ForeignKey fk : t.foreignKeys()) {
      writeForeignKey(g, fk);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("uniqueKeys");
    for (UniqueKey u : t.uniqueKeys()) {
      g.writeStartObject();
      g.writeStringField("name", u.name());
      stringArray(g, "columns", u.columns());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("indexes");
    for (Index i : t.indexes()) {
      g.writeStartObject();
      g.writeStringField("name", i.name());
      stringArray(g, "columns", i.columns());
      g.writeBooleanField("unique", i.unique());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeForeignKey(JsonGenerator g, ForeignKey fk) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", fk.name());
    stringArray(g, "columns", fk.columns());
    g.writeObjectFieldStart("references");
    TableName ref = fk.referencedTable();
    g.writeStringField("catalog", ref.catalog());
    g.writeStringField("schema", ref.schema());
    g.writeStringField("table", ref.name());
    stringArray(g, "columns", fk.referencedColumns());
    g.writeEndObject();
    g.writeBooleanField("inferred", fk.inferred());
    g.writeNumberField("confidence", fk.confidence());
    g.writeEndObject();
  }

  private static void writeReport(JsonGenerator g, Optional<IntrospectionReport> maybe) throws IOException {
    IntrospectionReport r = maybe.orElse(EMPTY_REPORT);
    g.writeObjectFieldStart("report");
    g.writeBooleanField("available", maybe.isPresent());
    g.writeArrayFieldStart("excludedTables");
    for (IntrospectionReport.ExcludedTable e : r.excludedTables()) {
      g.writeStartObject();
      tableFields(g, e.table());
      g.writeStringField("reason", e.reason().id());
      g.writeStringField("detail", e.detail());
      g.writeEndObject();
    }
    g.writeEndArray();
    for (String field : List.of("droppedForeignKeys", "danglingForeignKeys")) {
      g.writeArrayFieldStart(field);
      for (IntrospectionReport.DroppedForeignKey d
          : field.equals("droppedForeignKeys") ? r.droppedForeignKeys() : r.danglingForeignKeys()) {
        g.writeStartObject();
        tableFields(g, d.table());
        g.writeStringField("reason", d.reason().id());
        g.writeFieldName("foreignKey");
        writeForeignKey(g, d.foreignKey());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeArrayFieldStart("inferredForeignKeys");
    for (IntrospectionReport.InferredForeignKey i : r.inferredForeignKeys()) {
      g.writeStartObject();
      tableFields(g, i.table());
      g.writeFieldName("foreignKey");
      writeForeignKey(g, i.foreignKey());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("tablesWithoutPrimaryKey");
    for (TableName t : r.tablesWithoutPrimaryKey()) {
      g.writeStartObject();
      tableFields(g, t);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("foreignKeyTypeMismatches");
    for (IntrospectionReport.TypeMismatch m : r.foreignKeyTypeMismatches()) {
      g.writeStartObject();
      tableFields(g, m.table());
      g.writeFieldName("foreignKey");
      writeForeignKey(g, m.foreignKey());
      g.writeStringField("column", m.column());
      g.writeStringField("columnType", m.columnType());
      g.writeStringField("referencedColumn", m.referencedColumn());
      g.writeStringField("referencedType", m.referencedType());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void tableFields(JsonGenerator g, TableName t) throws IOException {
    g.writeStringField("catalog", t.catalog());
    g.writeStringField("schema", t.schema());
    g.writeStringField("table", t.name());
  }

  private static void stringArray(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) g.writeString(v);
    g.writeEndArray();
  }

  private static String kind(Table t) {
    return t.kind().name().toLowerCase(Locale.ROOT);
  }

  /**
   * Renders the catalog as Markdown: a metadata header, one section per table or view, and a report
   * section when the metadata carries a report.
   *
   * @param catalog the catalog to export
   * @param metadata what to show in the header and the report section
   * @return the Markdown document, never null
   * @throws NullPointerException when an argument is null
   */
  public static String toMarkdown(Catalog catalog, ExportMetadata metadata) {
    StringWriter out = new StringWriter(8192);
    try {
      writeMarkdown(catalog, metadata, out);
    } catch (IOException e) {
      throw new UncheckedIOException("a StringWriter does not fail", e);
    }
    return out.toString();
  }

  /**
   * Writes the Markdown rendering to a writer. The writer is flushed, not closed.
   *
   * @param catalog the catalog to export
   * @param metadata what to show in the header and the report section
   * @param out where to write
   * @throws IOException when the writer fails; part of the document may have been written
   * @throws NullPointerException when an argument is null
   */
  public static void writeMarkdown(Catalog catalog, ExportMetadata metadata, Writer out) throws IOException {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(out, "out");
    StringBuilder sb = new StringBuilder(8192);
    sb.append("# Database catalog\n\n");
    sb.append("| Property | Value |\n|---|---|\n");
    String product = (metadata.databaseProduct() + " " + metadata.databaseVersion()).strip();
    row(sb, "Database", product.isEmpty() ? "unknown" : product);
    row(sb, "Dialect", metadata.dialect().name());
    row(sb, "Schemas", catalog.schemas().isEmpty() ? "none (" + metadata.schemas() + ")"
        : String.join(", ", catalog.schemas()) + " (" + metadata.schemas() + ")");
    row(sb, "Tables", String.valueOf(metadata.tables()));
    row(sb, "Views", String.valueOf(metadata.views()));
    if (metadata.materializedViews() > 0) row(sb, "Materialized views", String.valueOf(metadata.materializedViews()));
    row(sb, "Columns", String.valueOf(metadata.columns()));
    row(sb, "Foreign keys", metadata.foreignKeys() + " (" + metadata.inferredForeignKeys() + " inferred)");
    row(sb, "Unique keys", String.valueOf(metadata.uniqueKeys()));
    row(sb, "Indexes", String.valueOf(metadata.indexes()));
    row(sb, "Introspection time", metadata.introspectionMs() + " ms");
    row(sb, "Fingerprint", "`" + metadata.fingerprint() + "`");
    row(sb, "Format", metadata.format());
    for (Table t : catalog.tables()) {
      sb.append('\n');
      writeTableMarkdown(sb, t);
    }
    if (metadata.report().isPresent()) {
      sb.append('\n');
      writeReportMarkdown(sb, metadata.report().get());
    }
    out.write(sb.toString());
    out.flush();
  }

  private static void writeTableMarkdown(StringBuilder sb, Table t) {
    sb.append("## ").append(cell(t.name().toString()));
    if (t.kind() == Table.Kind.VIEW) sb.append(" (view)");
    if (t.kind() == Table.Kind.MATERIALIZED_VIEW) sb.append(" (materialized view)");
    sb.append("\n\n");
    if (saysMore(t.name().name(), t.readableName())) {
      sb.append("Readable name: ").append(oneLine(t.readableName())).append("\n\n");
    }
    if (!t.comment().isBlank()) {
      sb.append(oneLine(t.comment())).append("\n\n");
    }
    if (t.rowEstimate() >= 0) {
      sb.append("About ").append(t.rowEstimate()).append(" rows.\n\n");
    }
    Map<String, List<String>> fkTargets = new LinkedHashMap<>();
    for (ForeignKey fk : t.foreignKeys()) {
      for (int i = 0; i < fk.columns().size(); i++) {
        String target = fk.referencedTable() + "." + fk.referencedColumns().get(i);
        fkTargets
            .computeIfAbsent(fk.columns().get(i), k -> new ArrayList<>())
            .add("FK → " + target + (fk.inferred() ? " (inferred, " + confidence(fk) + ")" : ""));
      }
    }
    sb.append("| Column | Type | Null | Key | Default | Comment |\n|---|---|---|---|---|---|\n");
    for (Column c : t.columns()) {
      List<String> keys = new ArrayList<>();
      int pk = t.primaryKey().indexOf(c.name());
      if (pk >= 0) keys.add(t.primaryKey().size() > 1 ? "PK(" + (pk + 1) + ")" : "PK");
      for (String target : fkTargets.getOrDefault(c.name(), List.of())) keys.add(target);
      String name = saysMore(c.name(), c.readableName()) ? c.name() + " (" + c.readableName() + ")" : c.name();
      sb.append("| ").append(cell(name))
          .append(" | ").append(cell(typeWithSize(c)))
          .append(" | ").append(c.nullable() ? "yes" : "no")
          .append(" | ").append(cell(String.join(", ", keys)))
          .append(" | ").append(cell(defaultCell(c)))
          .append(" | ").append(cell(c.comment()))
          .append(" |\n");
    }
    if (!t.foreignKeys().isEmpty()) {
      sb.append("\nForeign keys:\n\n");
      for (ForeignKey fk : t.foreignKeys()) {
        sb.append("- ");
        if (!fk.name().isEmpty()) sb.append(code(fk.name())).append(": ");
        sb.append(keyText(fk));
        if (fk.inferred()) sb.append(" — inferred, confidence ").append(confidence(fk));
        sb.append('\n');
      }
    }
    if (!t.uniqueKeys().isEmpty()) {
      sb.append("\nUnique keys:\n\n");
      for (UniqueKey u : t.uniqueKeys()) {
        sb.append("- ");
        if (!u.name().isEmpty()) sb.append(code(u.name())).append(": ");
        sb.append('(').append(oneLine(String.join(", ", u.columns()))).append(")\n");
      }
    }
    if (!t.indexes().isEmpty()) {
      sb.append("\nIndexes:\n\n");
      for (Index i : t.indexes()) {
        sb.append("- ");
        if (!i.name().isEmpty()) sb.append(code(i.name())).append(": ");
        sb.append('(').append(oneLine(String.join(", ", i.columns()))).append(')');
        if (i.unique()) sb.append(" unique");
        sb.append('\n');
      }
    }
  }

  private static void writeReportMarkdown(StringBuilder sb, IntrospectionReport r) {
    sb.append("## Report\n\n");
    List<String> blocks = new ArrayList<>();
    List<String> items = new ArrayList<>();
    for (IntrospectionReport.ExcludedTable e : r.excludedTables()) {
      items.add(oneLine(e.table().toString()) + ": " + e.reason().id().replace('_', ' ')
          + (e.detail().isEmpty() ? "" : " (" + oneLine(e.detail()) + ")"));
    }
    block(blocks, "Excluded tables", items);
    for (IntrospectionReport.DroppedForeignKey d : r.droppedForeignKeys()) {
      items.add(oneLine(d.table().toString()) + " " + keyText(d.foreignKey()));
    }
    block(blocks, "Foreign keys dropped (their table was excluded)", items);
    for (IntrospectionReport.DroppedForeignKey d : r.danglingForeignKeys()) {
      items.add(oneLine(d.table().toString()) + " " + keyText(d.foreignKey()));
    }
    block(blocks, "Dangling foreign keys (their table is not in the catalog)", items);
    for (IntrospectionReport.InferredForeignKey i : r.inferredForeignKeys()) {
      items.add(oneLine(i.table().toString()) + " " + keyText(i.foreignKey()) + ", confidence "
          + confidence(i.foreignKey()));
    }
    block(blocks, "Inferred foreign keys", items);
    for (TableName t : r.tablesWithoutPrimaryKey()) items.add(oneLine(t.toString()));
    block(blocks, "Tables without a primary key", items);
    for (IntrospectionReport.TypeMismatch m : r.foreignKeyTypeMismatches()) {
      items.add(oneLine(m.table() + "." + m.column()) + " (" + oneLine(m.columnType()) + ") → "
          + oneLine(m.foreignKey().referencedTable() + "." + m.referencedColumn()) + " ("
          + oneLine(m.referencedType()) + ")" + (m.foreignKey().name().isEmpty() ? "" : " in "
          + code(m.foreignKey().name())));
    }
    block(blocks, "Foreign keys whose column types differ", items);
    sb.append(blocks.isEmpty() ? "Nothing excluded, inferred or suspicious.\n" : String.join("\n", blocks));
  }

  /** Adds a titled bullet list of {@code items} to {@code blocks} when there are any, and clears them. */
  private static void block(List<String> blocks, String title, List<String> items) {
    if (items.isEmpty()) return;
    StringBuilder b = new StringBuilder();
    b.append(title).append(" (").append(items.size()).append("):\n\n");
    for (String item : items) b.append("- ").append(item).append('\n');
    blocks.add(b.toString());
    items.clear();
  }

  /** {@code (a, b) → s.t (x, y)}, one line. */
  private static String keyText(ForeignKey fk) {
    return "(" + oneLine(String.join(", ", fk.columns())) + ") → " + oneLine(fk.referencedTable().toString())
        + " (" + oneLine(String.join(", ", fk.referencedColumns())) + ")";
  }

  /** The confidence with up to two decimals, as {@code 0.8}, {@code 0.75}; locale-independent. */
  private static String confidence(ForeignKey fk) {
    return BigDecimal.valueOf(fk.confidence()).setScale(2, RoundingMode.HALF_UP)
        .stripTrailingZeros().toPlainString();
  }

  /** Whether a readable name tells more than the identifier's own words (an abbreviation was expanded). */
  private static boolean saysMore(String identifier, String readable) {
    return !readable.isEmpty() && !String.join(" ", Identifiers.words(identifier)).equals(readable);
  }

  /**
   * The type with its size: {@code VARCHAR(100)} for fixed-length text types, {@code DECIMAL(10,2)} for
   * exact numerics; other types (integers, floating point, dates, large objects) as named.
   */
  private static String typeWithSize(Column c) {
    String type = c.typeName();
    if (c.size() < 0 || type.contains("(")) return type;
    switch (c.jdbcType()) {
      case Types.CHAR:
      case Types.VARCHAR:
      case Types.NCHAR:
      case Types.NVARCHAR:
      case Types.BINARY:
      case Types.VARBINARY:
        return type + "(" + c.size() + ")";
      case Types.DECIMAL:
      case Types.NUMERIC:
        return type + "(" + c.size() + (c.scale() >= 0 ? "," + c.scale() : "") + ")";
      default:
        return type;
    }
  }

  /** The default cell: {@code identity}, {@code computed: expr}, the default expression, or empty. */
  private static String defaultCell(Column c) {
    switch (c.generation()) {
      case IDENTITY:
        return "identity";
      case COMPUTED:
        return "computed: " + code(c.defaultValue());
      default:
        return c.defaultValue().isEmpty() ? "" : code(c.defaultValue());
    }
  }

  /** Inline code, with backticks in the text replaced so the span stays one span. */
  private static String code(String s) {
    return "`" + oneLine(s).replace("`", "'") + "`";
  }

  private static void row(StringBuilder sb, String property, String value) {
    sb.append("| ").append(property).append(" | ").append(cell(value)).append(" |\n");
  }

  /** Makes text safe inside a Markdown table cell: one line, pipes escaped. */
  private static String cell(String s) {
    return oneLine(s).replace("|", "\\|");
  }

  private static String oneLine(String s) {
    return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').strip();
  }
}
