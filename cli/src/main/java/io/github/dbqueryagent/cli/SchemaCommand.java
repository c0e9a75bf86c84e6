package io.github.dbqueryagent.cli;

import io.github.dbqueryagent.introspect.CatalogExporter;
import io.github.dbqueryagent.introspect.ExportMetadata;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.SchemaSource;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/** {@code dbqa schema}: prints the introspected catalog as JSON ({@code dbqa-catalog/1}) or Markdown. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "Print the database catalog: tables, views, columns, keys and comments, as JSON (format"
          + " dbqa-catalog/1, see docs/catalog-format.md) or Markdown."
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

  @Override
  public Integer call() {
    CliContext ctx = parent.ctx;
    ConnectionOptions.Database db = connection.open(ctx);
    Catalog catalog;
    long start = System.nanoTime();
    try {
      catalog = SchemaSource.jdbc(db.dataSource()).catalog();
    } catch (RuntimeException e) {
      ctx.err().println("dbqa: " + Outcome.message(e, db.secrets()));
      return ExitCodes.of(e);
    }
    ExportMetadata metadata = ExportMetadata.of(catalog, Duration.ofNanos(System.nanoTime() - start));
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
    return ExitCodes.OK;
  }
}
