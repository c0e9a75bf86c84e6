package io.github.dbqueryagent.spi;

import java.util.Objects;

/**
 * A text-completion language model as {@link Summarizer#languageModel(SummaryModel)} uses it: one
 * prompt in, one reply out. The LLM modules ({@code db-query-agent-llm-openai}, {@code
 * db-query-agent-llm-ollama}) implement it over their chat clients (the prompt as a single user
 * message, the reply's text content); any other client can be plugged in with a lambda:
 *
 * <pre>{@code
 * SummaryModel model = SummaryModel.named("llama3.1:8b", prompt -> myClient.chat(prompt));
 * Summarizer summarizer = Summarizer.languageModel(model);
 * }</pre>
 *
 * <p>Implementations must be thread-safe; {@link #complete} blocks for the duration of the model call.
 * They should apply their own timeouts and retries: the summarizer calls each prompt once and, when
 * the call fails, describes that table with its fallback summarizer.
 */
@FunctionalInterface
public interface SummaryModel {

  /**
   * Sends one prompt and returns the model's reply.
   *
   * @param prompt the complete prompt (instructions and table metadata), never null or blank
   * @return the reply's text, never null; the summarizer reduces it to one line (a blank reply counts
   *     as a failure)
   * @throws io.github.dbqueryagent.ModelException when the model cannot be reached, refuses the
   *     request, times out or is rate-limited; any other {@link RuntimeException} is treated the same way
   */
  String complete(String prompt);

  /**
   * Returns a stable identifier of the model, for example {@code "gpt-4o-mini"} or {@code
   * "llama3.1:8b"}. {@link Summarizer#cached(Summarizer, java.nio.file.Path)} keys stored summaries by
   * it (as {@code language-model:<name>}), so it must be the same from one run to the next and change
   * when the model does.
   *
   * <p>The default is the implementing class's name: stable for a named class, not for a lambda (whose
   * class name changes between runs; caching a summarizer over an unnamed lambda is rejected). Wrap a
   * lambda with {@link #named(String, SummaryModel)}.
   *
   * @return a non-blank name
   */
  default String name() {
    return getClass().getName();
  }

  /**
   * Gives a model (typically a lambda) a stable {@link #name()}.
   *
   * @param name the model's name, for example {@code "gpt-4o-mini"}; not blank
   * @param model the model to call
   * @return a model that delegates {@link #complete} to {@code model} and whose {@link #name()} is
   *     {@code name}; thread-safe when {@code model} is
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code name} is blank
   */
  static SummaryModel named(String name, SummaryModel model) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    if (name.isBlank()) throw new IllegalArgumentException("a model name must not be blank");
    String stripped = name.strip();
    return new SummaryModel() {
      @Override
      public String complete(String prompt) {
        return model.complete(prompt);
      }

      @Override
      public String name() {
        return stripped;
      }

      @Override
      public String toString() {
        return "SummaryModel[" + stripped + "]";
      }
    };
  }
}
