package io.github.dbqueryagent;

/**
 * Token counts of one question, counted with the budgeter's tokenizer (or reported by the model).
 *
 * @param schemaContext tokens of the rendered schema context given to the generator
 * @param prompt tokens sent to the model in all calls (0 for the offline generator)
 * @param completion tokens the model returned in all calls (0 for the offline generator)
 */
public record TokenUsage(int schemaContext, int prompt, int completion) {
  /** No tokens at all. */
  public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

  /** Checks that no count is negative. */
  public TokenUsage {
    if (schemaContext < 0 || prompt < 0 || completion < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
  }

  /** Returns {@code prompt + completion}. */
  public int total() {
    return prompt + completion;
  }

  /** Returns the sum of this and another usage, component by component. */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        Math.max(schemaContext, other.schemaContext), prompt + other.prompt, completion + other.completion);
  }
}
