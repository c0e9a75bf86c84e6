package io.github.dbqueryagent.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The {@code --format} of {@code dbqa ask} and {@code dbqa sql}. */
enum OutputFormat {
  /** An aligned text table, then the SQL and the answer (the default). */
  TABLE,
  /** One pretty-printed JSON object per question (an array of them for {@code --batch}). */
  JSON,
  /** One compact JSON object per line, one line per question. */
  JSONL,
  /** RFC 4180 CSV with a header row. */
  CSV;

  /** Parses a format name ignoring case, listing the choices when it is unknown. */
  static final class Converter implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      for (OutputFormat f : values()) {
        if (f.name().equalsIgnoreCase(value.strip())) return f;
      }
      throw new TypeConversionException(
          "expected one of "
              + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
              + " (got '" + value + "')");
    }
  }
}
