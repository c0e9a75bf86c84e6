package io.github.dbqueryagent;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * What answering a question cost in model tokens, priced with the configured {@link ModelPrices}.
 * Immutable and thread-safe.
 *
 * @param amount the cost, at least 0, exact (not rounded to the currency's minor unit)
 * @param currency the currency of {@code amount}
 */
public record Cost(BigDecimal amount, Currency currency) {
  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException when {@code amount} is negative
   */
  public Cost {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    if (amount.signum() < 0) throw new IllegalArgumentException("amount must not be negative: " + amount);
  }

  /** Returns the amount and currency code, for example {@code "0.00412500 USD"}. */
  @Override
  public String toString() {
    return amount.toPlainString() + " " + currency.getCurrencyCode();
  }
}
