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
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exports a {@link Catalog} as JSON in the versioned {@value ExportMetadata#FORMAT} format, or as
 * Markdown for people.
 *
 * <p>The JSON format is specified in {@code docs/catalog-format.md}: an object with {@code format},
 * {@code database}, {@code fingerprint}, {@code counts}, {@code introspectionMs} and {@code tables};
 * fields always appear in that documented order, tables in catalog order (sorted by catalog, schema,
 * name), columns in ordinal order, so the same catalog always exports to the same bytes. Strings that
 * the catalog does not know (no schema, no comment) are written as {@code ""}, never {@code null}.
 *
 * <p>The Markdown rendering starts with a header table of the metadata, then has one section per table
 * or view with a column table ({@code Column | Type | Null | Key | Comment}) and a list of its foreign
 * keys. It is meant to be read, not parsed: its layout may change between versions.
 *
 * <p>All methods are static, stateless and thread-safe. Output uses {@code \n} line endings on every
 * platform.
 */
public final class CatalogExporter {
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private CatalogExporter() {}

  /**
   * Renders the catalog as pretty-printed JSON in the {@link ExportMetadata#format() metadata's
   * format}.
   *
   * @param catalog the catalog to export
   * @param metadata what to write in the header fields (see {@link ExportMetadata#of(Catalog,
   *     java.time.Duration)})
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
   * @param metadata what to write in the header fields
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
      g.writeNumberField("tables", metadata.tables());
      g.writeNumberField("views", metadata.views());
      g.writeNumberField("columns", metadata.columns());
      g.writeNumberField("foreignKeys", metadata.foreignKeys());
      g.writeEndObject();
      g.writeNumberField("introspectionMs", metadata.introspectionMs());
      g.writeArrayFieldStart("tables");
      for (Table t : catalog.tables()) {
        writeTable(g, t);
      }
      g.writeEndArray();
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
    g.writeStringField("kind", kind(t));
    g.writeStringField("comment", t.comment());
    g.writeNumberField("rowEstimate", t.rowEstimate());
    g.writeArrayFieldStart("primaryKey");
    for (String c : t.primaryKey()) g.writeString(c);
    g.writeEndArray();
    g.writeArrayFieldStart("columns");
    for (Column c : t.columns()) {
      g.writeStartObject();
      g.writeStringField("name", c.name());
      g.writeStringField("type", c.typeName());
      g.writeNumberField("jdbcType", c.jdbcType());
      g.writeBooleanField("nullable", c.nullable());
      g.writeStringField("comment", c.comment());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("foreignKeys");
    for (ForeignKey fk : t.foreignKeys()) {
      g.writeStartObject();
      g.writeStringField("name", fk.name());
      g.writeArrayFieldStart("columns");
      for (String c : fk.columns()) g.writeString(c);
      g.writeEndArray();
      g.writeObjectFieldStart("references");
      TableName ref = fk.referencedTable();
      g.writeStringField("catalog", ref.catalog());
      g.writeStringField("schema", ref.schema());
      g.writeStringField("table", ref.name());
      g.writeArrayFieldStart("columns");
      for (String c : fk.referencedColumns()) g.writeString(c);
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static String kind(Table t) {
    return t.kind() == Table.Kind.VIEW ? "view" : "table";
  }

  /**
   * Renders the catalog as Markdown: a metadata header, then one section per table or view.
   *
   * @param catalog the catalog to export
   * @param metadata what to show in the header
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
   * @param metadata what to show in the header
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
    row(sb, "Tables", String.valueOf(metadata.tables()));
    row(sb, "Views", String.valueOf(metadata.views()));
    row(sb, "Columns", String.valueOf(metadata.columns()));
    row(sb, "Foreign keys", String.valueOf(metadata.foreignKeys()));
    row(sb, "Introspection time", metadata.introspectionMs() + " ms");
    row(sb, "Fingerprint", "`" + metadata.fingerprint() + "`");
    row(sb, "Format", metadata.format());
    for (Table t : catalog.tables()) {
      sb.append('\n');
      writeTableMarkdown(sb, t);
    }
    out.write(sb.toString());
    out.flush();
  }

  private static void writeTableMarkdown(StringBuilder sb, Table t) {
    sb.append("## ").append(cell(t.name().toString()));
    if (t.kind() == Table.Kind.VIEW) sb.append(" (view)");
    sb.append("\n\n");
    if (!t.comment().isBlank()) {
      sb.append(oneLine(t.comment())).append("\n\n");
    }
    if (t.rowEstimate() >= 0) {
      sb.append("About ").append(t.rowEstimate()).append(" rows.\n\n");
    }
    Map<String, List<String>> fkTargets = new LinkedHashMap<>();
    for (ForeignKey fk : t.foreignKeys()) {
      for (int i = 0; i < fk.columns().size(); i++) {
        fkTargets
            .computeIfAbsent(fk.columns().get(i), k -> new ArrayList<>())
            .add(fk.referencedTable() + "." + fk.referencedColumns().get(i));
      }
    }
    sb.append("| Column | Type | Null | Key | Comment |\n|---|---|---|---|---|\n");
    for (Column c : t.columns()) {
      List<String> keys = new ArrayList<>();
      int pk = t.primaryKey().indexOf(c.name());
      if (pk >= 0) keys.add(t.primaryKey().size() > 1 ? "PK(" + (pk + 1) + ")" : "PK");
      for (String target : fkTargets.getOrDefault(c.name(), List.of())) keys.add("FK → " + target);
      sb.append("| ").append(cell(c.name()))
          .append(" | ").append(cell(c.typeName()))
          .append(" | ").append(c.nullable() ? "yes" : "no")
          .append(" | ").append(cell(String.join(", ", keys)))
          .append(" | ").append(cell(c.comment()))
          .append(" |\n");
    }
    if (!t.foreignKeys().isEmpty()) {
      sb.append("\nForeign keys:\n\n");
      for (ForeignKey fk : t.foreignKeys()) {
        sb.append("- ");
        if (!fk.name().isEmpty()) sb.append('`').append(fk.name().replace("`", "'")).append("`: ");
        sb.append('(').append(oneLine(String.join(", ", fk.columns()))).append(") → ")
            .append(oneLine(fk.referencedTable().toString()))
            .append(" (").append(oneLine(String.join(", ", fk.referencedColumns()))).append(")\n");
      }
    }
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
