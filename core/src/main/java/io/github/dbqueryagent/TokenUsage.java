package io.github.dbqueryagent;

/**
 * Token counts of one question, counted with the budgeter's tokenizer (or reported by the model).
 *
 * @param schemaContext tokens of the rendered schema context given to the generator
 * @param prompt tokens sent to the model in all calls (0 for the offline generator)
 * @param completion tokens the model returned in all calls (0 for the offline generator)
 * @param cachedPrompt how many of the {@code prompt} tokens the provider served from its prompt cache
 *     (billed at a lower price by some providers), from 0 to {@code prompt}; 0 when the model does not
 *     report it
 */
public record TokenUsage(int schemaContext, int prompt, int completion, int cachedPrompt) {
  /** No tokens at all. */
  public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);

  /**
   * Checks that no count is negative and that the cached prompt tokens are part of the prompt.
   *
   * @throws IllegalArgumentException when a count is negative or {@code cachedPrompt > prompt}
   */
  public TokenUsage {
    if (schemaContext < 0 || prompt < 0 || completion < 0 || cachedPrompt < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
    if (cachedPrompt > prompt) {
      throw new IllegalArgumentException(
          "cachedPrompt (" + cachedPrompt + ") must not exceed prompt (" + prompt + ")");
    }
  }

  /**
   * Returns counts without cached prompt tokens (as before {@code cachedPrompt} existed).
   *
   * @throws IllegalArgumentException when a count is negative
   */
  public TokenUsage(int schemaContext, int prompt, int completion) {
    this(schemaContext, prompt, completion, 0);
  }

  /** Returns {@code prompt + completion}. */
  public int total() {
    return prompt + completion;
  }

  /**
   * Returns the sum of this and another usage: prompt, completion and cached prompt tokens add up; the
   * schema context is the larger of the two (the same context is sent on every attempt).
   */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        Math.max(schemaContext, other.schemaContext),
        prompt + other.prompt,
        completion + other.completion,
        cachedPrompt + other.cachedPrompt);
  }
}
