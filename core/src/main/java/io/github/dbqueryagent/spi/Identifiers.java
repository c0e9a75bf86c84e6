package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.internal.text.Words;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Readable forms of database identifiers, for schema linking and display; never used in generated SQL,
 * which always uses the identifier exactly as the database reports it.
 *
 * <p>An identifier is split at underscores, hyphens, spaces, digit boundaries and camel-case humps
 * ({@code InvoiceLine}, {@code HTTPStatus}, {@code cust_order_dt}), lower-cased, and each part found in
 * {@link #abbreviations()} is expanded ({@code qty} → quantity, {@code amt} → amount, {@code cust} →
 * customer, {@code dt} → date, {@code desc} → description, {@code num} → number, ...). Stateless and
 * thread-safe.
 */
public final class Identifiers {
  private Identifiers() {}

  /**
   * Returns the readable form: {@code "cust_order_dt"} → {@code "customer order date"}, {@code
   * "InvoiceLine"} → {@code "invoice line"}.
   *
   * @param identifier an identifier as the database reports it
   * @return lower-case words separated by single spaces, never null; empty for an identifier without
   *     letters or digits
   */
  public static String readable(String identifier) {
    return Words.readable(Objects.requireNonNull(identifier, "identifier"));
  }

  /**
   * Returns the identifier's words, lower-case, without expanding abbreviations.
   *
   * @return the words in order, never null
   */
  public static List<String> words(String identifier) {
    return Words.splitIdentifier(Objects.requireNonNull(identifier, "identifier"));
  }

  /** Returns the abbreviations expanded by {@link #readable}, lower-case short form to expansion; unmodifiable. */
  public static Map<String, String> abbreviations() {
    return Words.ABBREVIATIONS;
  }
}
