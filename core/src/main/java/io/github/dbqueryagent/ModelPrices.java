package io.github.dbqueryagent;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * What a language model costs, to price a question from its {@link TokenUsage}. Prices are per one
 * million tokens, as providers publish them (for example OpenAI's "$2.50 / 1M input tokens"). Set with
 * {@link DatabaseQueryAgent.Builder#modelPrices(ModelPrices)}; the agent then reports {@link
 * QueryResult#cost()}. Immutable and thread-safe.
 *
 * @param promptPerMillion price of one million prompt (input) tokens that were not served from the
 *     provider's prompt cache, at least 0
 * @param completionPerMillion price of one million completion (output) tokens, at least 0
 * @param cachedPromptPerMillion price of one million prompt tokens served from the provider's prompt
 *     cache, at least 0 (use {@code promptPerMillion} when the provider has no cache discount)
 * @param currency the currency of all three prices
 */
public record ModelPrices(
    BigDecimal promptPerMillion,
    BigDecimal completionPerMillion,
    BigDecimal cachedPromptPerMillion,
    Currency currency) {

  private static final int PER_MILLION = 6;

  /**
   * Checks the components.
   *
   * @throws NullPointerException when a component is null
   * @throws IllegalArgumentException when a price is negative
   */
  public ModelPrices {
    nonNegative(promptPerMillion, "promptPerMillion");
    nonNegative(completionPerMillion, "completionPerMillion");
    nonNegative(cachedPromptPerMillion, "cachedPromptPerMillion");
    Objects.requireNonNull(currency, "currency");
  }

  /**
   * Returns prices from their decimal text and an ISO 4217 currency code, for example {@code
   * ModelPrices.of("2.50", "10.00", "1.25", "USD")}.
   *
   * @throws NumberFormatException when a price is not a decimal number
   * @throws IllegalArgumentException when a price is negative or the currency code is not ISO 4217
   */
  public static ModelPrices of(String promptPerMillion, String completionPerMillion, String cachedPromptPerMillion, String currencyCode) {
    return new ModelPrices(
        new BigDecimal(Objects.requireNonNull(promptPerMillion, "promptPerMillion")),
        new BigDecimal(Objects.requireNonNull(completionPerMillion, "completionPerMillion")),
        new BigDecimal(Objects.requireNonNull(cachedPromptPerMillion, "cachedPromptPerMillion")),
        Currency.getInstance(Objects.requireNonNull(currencyCode, "currencyCode")));
  }

  /**
   * Returns what the tokens cost: {@code (prompt - cachedPrompt) × promptPerMillion + cachedPrompt ×
   * cachedPromptPerMillion + completion × completionPerMillion}, divided by one million. The
   * schema-context count is not priced separately (it is part of the prompt). The amount is exact, not
   * rounded: its scale is the largest price scale plus 6, so compare amounts with {@code compareTo}.
   *
   * @param tokens the token counts to price
   * @return the cost in {@link #currency()}, never null
   */
  public Cost costOf(TokenUsage tokens) {
    Objects.requireNonNull(tokens, "tokens");
    BigDecimal amount =
        promptPerMillion.multiply(BigDecimal.valueOf((long) tokens.prompt() - tokens.cachedPrompt()))
            .add(cachedPromptPerMillion.multiply(BigDecimal.valueOf(tokens.cachedPrompt())))
            .add(completionPerMillion.multiply(BigDecimal.valueOf(tokens.completion())))
            .movePointLeft(PER_MILLION);
    return new Cost(amount, currency);
  }

  private static void nonNegative(BigDecimal price, String name) {
    Objects.requireNonNull(price, name);
    if (price.signum() < 0) throw new IllegalArgumentException(name + " must not be negative: " + price);
  }
}
