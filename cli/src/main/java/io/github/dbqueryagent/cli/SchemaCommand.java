package io.github.dbqueryagent.cli;

import io.github.dbqueryagent.introspect.CatalogExporter;
import io.github.dbqueryagent.introspect.DialectSchemaSource;
import io.github.dbqueryagent.introspect.ExportMetadata;
import io.github.dbqueryagent.introspect.Introspection;
import io.github.dbqueryagent.spi.Catalog;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code dbqa schema}: introspects the database with {@link DialectSchemaSource} (schemas, table
 * filters, deprecated-table rule, inferred foreign keys) and prints the catalog with its introspection
 * report as JSON ({@code dbqa-catalog/1}) or Markdown on standard output, and a one-line summary of the
 * report on standard error.
 */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "Print the database catalog: tables, views, columns, keys, indexes and comments, with the"
          + " introspection report (excluded tables, dropped, dangling and inferred foreign keys, tables"
          + " without primary key, mismatched key types), as JSON (format dbqa-catalog/1, see"
          + " docs/catalog-format.md) or Markdown. A one-line summary goes to standard error."
    })
final class SchemaCommand implements Callable<Integer> {
  /** The values of {@code dbqa schema --format}. */
  enum Format {
    /** JSON in the {@code dbqa-catalog/1} format. */
    JSON,
    /** Markdown for people. */
    MD;

    /** Parses a format name ignoring case, listing the choices when it is unknown. */
    static final class Converter implements ITypeConverter<Format> {
      @Override
      public Format convert(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        if (v.equals("MARKDOWN")) return MD;
        for (Format f : values()) {
          if (f.name().equals(v)) return f;
        }
        throw new TypeConversionException("expected one of json, md (got '" + value + "')");
      }
    }
  }

  @ParentCommand DbqaCommand parent;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = Format.Converter.class,
      description = "json or md. Default: md.")
  Format format = Format.MD;

  @Option(
      names = "--schema",
      paramLabel = "SCHEMA",
      description = "Read only this schema (compared ignoring case); repeat for several. Default: every"
          + " non-system schema.")
  List<String> schemas = new ArrayList<>();

  @Option(
      names = "--include-tables",
      paramLabel = "GLOB",
      split = ",",
      description = "Keep only tables matching a glob (* any run, ? one character, ignoring case, matched"
          + " against schema.table and table); repeat or separate with commas.")
  List<String> includeTables = new ArrayList<>();

  @Option(
      names = "--exclude-tables",
      paramLabel = "GLOB",
      split = ",",
      description = "Leave out tables matching a glob (same syntax); repeat or separate with commas.")
  List<String> excludeTables = new ArrayList<>();

  @Option(
      names = "--no-deprecated-rule",
      description = "Keep tables named *_old, *_bak, *_backup, tmp_*, temp_* or commented 'deprecated'"
          + " (left out by default).")
  boolean noDeprecatedRule;

  @Option(
      names = "--no-inferred-keys",
      description = "Do not infer foreign keys from column names (customer_id -> customers.id); only"
          + " declared keys are shown.")
  boolean noInferredKeys;

  @Override
  public Integer call() {
    CliContext ctx = parent.ctx;
    checkOptions();
    ConnectionOptions.Database db = connection.open(ctx);
    Introspection introspection;
    try {
      introspection = source(db.dataSource()).introspect();
    } catch (RuntimeException e) {
      ctx.err().println("dbqa: " + Outcome.message(e, db.secrets()));
      return ExitCodes.of(e);
    }
    Catalog catalog = introspection.catalog();
    ExportMetadata metadata = ExportMetadata.of(introspection);
    try {
      Writer w = new OutputStreamWriter(ctx.out(), StandardCharsets.UTF_8);
      if (format == Format.JSON) {
        CatalogExporter.writeJson(catalog, metadata, w);
      } else {
        CatalogExporter.writeMarkdown(catalog, metadata, w);
      }
      w.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.err().println("dbqa schema: " + introspection.summary());
    ctx.err().flush();
    return ExitCodes.OK;
  }

  /** Rejects blank schema names and globs, naming the option. */
  private void checkOptions() {
    List<String> problems = new ArrayList<>();
    if (schemas.stream().anyMatch(String::isBlank)) problems.add("--schema needs a schema name");
    if (includeTables.stream().anyMatch(String::isBlank)) problems.add("--include-tables: a glob must not be blank");
    if (excludeTables.stream().anyMatch(String::isBlank)) problems.add("--exclude-tables: a glob must not be blank");
    if (!problems.isEmpty()) throw new UsageException(String.join("; ", problems));
  }

  /** The source for one read: no change probe (nothing is cached across runs), the options applied. */
  private DialectSchemaSource source(DataSource dataSource) {
    DialectSchemaSource.Builder b = DialectSchemaSource.builder(dataSource)
        .probes(List.of())
        .deprecatedRule(!noDeprecatedRule)
        .inferForeignKeys(!noInferredKeys);
    for (String schema : schemas) b.addSchema(schema.strip());
    if (!includeTables.isEmpty()) b.includeTables(includeTables.toArray(String[]::new));
    if (!excludeTables.isEmpty()) b.excludeTables(excludeTables.toArray(String[]::new));
    return b.build();
  }
}
