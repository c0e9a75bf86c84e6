package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.internal.summarize.CachedSummarizer;
import io.github.dbqueryagent.internal.summarize.HeuristicSummarizer;
import io.github.dbqueryagent.internal.summarize.LanguageModelSummarizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Describes each table in one line for schema linking and for the prompt context. Implementations
 * must be thread-safe; the agent caches their output by {@link Catalog#fingerprint()}.
 *
 * <p>Three implementations come with the library: {@link #heuristic()} (no model, the default), {@link
 * #languageModel(SummaryModel)} (a model describes each table, large tables in chunks, within a token
 * budget) and {@link #cached(Summarizer, Path)}, which stores another summarizer's output on disk so
 * that a restart over the same schema calls no model. See {@code docs/summaries.md}.
 */
@FunctionalInterface
public interface Summarizer {

  /**
   * Describes the tables of a catalog.
   *
   * @param catalog the catalog
   * @return a one-line description per table; tables without one may be absent; never null
   */
  Map<TableName, String> summarize(Catalog catalog);

  /**
   * Returns a stable identifier of this summarizer and of whatever decides its output (the model),
   * for example {@code "language-model:gpt-4o-mini"}. {@link #cached(Summarizer, Path)} keys stored
   * summaries by it together with the catalog fingerprint, so it must be the same from one run to the
   * next and change when the descriptions would.
   *
   * <p>The default is the implementing class's name: stable for a named class, not for a lambda.
   *
   * @return a non-blank name
   */
  default String name() {
    return getClass().getName();
  }

  /**
   * Returns the default summarizer: the table comment when there is one, else a sentence built from
   * the readable table name, its key columns and its relationships. No model is called.
   */
  static Summarizer heuristic() {
    return new HeuristicSummarizer();
  }

  /**
   * Returns a summarizer that asks a language model to describe each table, with the defaults of
   * {@link #languageModelBuilder(SummaryModel)}: {@link TokenBudgeter#defaults()} for counting, {@value
   * LanguageModelBuilder#DEFAULT_PER_PROMPT_LIMIT} tokens per prompt, {@value
   * LanguageModelBuilder#DEFAULT_CUMULATIVE_BUDGET} tokens per run, {@link #heuristic()} as fallback.
   *
   * @param model the model; its {@link SummaryModel#name()} names the summarizer ({@code
   *     language-model:<name>})
   * @return a thread-safe summarizer whose {@code summarize} blocks for all the model calls of the run
   * @throws NullPointerException when {@code model} is null
   */
  static Summarizer languageModel(SummaryModel model) {
    return languageModelBuilder(model).build();
  }

  /**
   * Starts configuring a language-model summarizer.
   *
   * <p>The technique ("chunked summaries"): each table's metadata (name, kind, comment, keys, foreign
   * keys, the tables that reference it, columns with types, comments and sample values) is rendered as
   * text under short instructions. When that prompt fits the per-prompt limit the model is called once.
   * A wider table is split into chunks of consecutive columns, each chunk's prompt repeating the table
   * header, and the model is called chunk by chunk; from the second chunk on, the prompt carries the
   * summary the model gave for the chunks before ("Summary so far: ..."), and the reply to the last
   * chunk is the table's summary. This is a running ("refine") summary, as in incremental summarization
   * of long documents, so that a 400-column table costs several small calls rather than a prompt larger
   * than the model's context.
   *
   * @param model the model
   * @return a new builder
   * @throws NullPointerException when {@code model} is null
   */
  static LanguageModelBuilder languageModelBuilder(SummaryModel model) {
    return new LanguageModelBuilder(model);
  }

  /**
   * Returns a summarizer that stores {@code delegate}'s output on disk and reuses it: one JSON file per
   * {@linkplain Catalog#fingerprint() catalog fingerprint} and {@linkplain #name() summarizer name} in
   * {@code directory} (created when first written). A run over a catalog whose file exists and is
   * readable calls no model. Files are written atomically (a temporary file moved into place); a file
   * that cannot be read or is corrupt is logged at WARN and recomputed; cache I/O trouble never throws.
   *
   * <p>For a {@link #languageModel(SummaryModel)} delegate, tables that got the fallback description
   * (because the model failed or the run's budget was spent) are stored as such and asked again on the
   * next run, within that run's budget; tables the model described are never asked again for the same
   * fingerprint. See {@code docs/summaries.md} for the file layout.
   *
   * @param delegate the summarizer whose output is stored; its {@link #name()} must be stable
   * @param directory the directory holding the files; several agents may share it
   * @return a thread-safe summarizer named like {@code delegate}
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code delegate.name()} is blank or is a lambda's class name
   *     (it would change with every run); name the model with {@link SummaryModel#named} or override
   *     {@link #name()}
   */
  static Summarizer cached(Summarizer delegate, Path directory) {
    return new CachedSummarizer(delegate, directory);
  }

  /**
   * Configures {@link Summarizer#languageModel(SummaryModel)}. Not thread-safe; {@link #build()} may be
   * called several times, each summarizer being immutable and thread-safe.
   */
  final class LanguageModelBuilder {
    /** The default largest prompt, in tokens, {@value}. */
    public static final int DEFAULT_PER_PROMPT_LIMIT = 3_000;

    /** The default token budget of one run (prompts and replies of all tables), {@value}. */
    public static final int DEFAULT_CUMULATIVE_BUDGET = 30_000;

    /** The smallest per-prompt limit accepted, in tokens, {@value}. */
    public static final int MIN_PER_PROMPT_LIMIT = 500;

    private final SummaryModel model;
    private TokenBudgeter tokenBudgeter = TokenBudgeter.defaults();
    private int perPromptLimit = DEFAULT_PER_PROMPT_LIMIT;
    private int cumulativeBudget = DEFAULT_CUMULATIVE_BUDGET;
    private Summarizer fallback = Summarizer.heuristic();

    private LanguageModelBuilder(SummaryModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * Counts prompt and reply tokens with this budgeter's tokenizer; use the one matching the model
     * ({@link TokenBudgeter#forModel(String)}). Default: {@link TokenBudgeter#defaults()}.
     *
     * @throws NullPointerException when {@code tokenBudgeter} is null
     */
    public LanguageModelBuilder tokenBudgeter(TokenBudgeter tokenBudgeter) {
      this.tokenBudgeter = Objects.requireNonNull(tokenBudgeter, "tokenBudgeter");
      return this;
    }

    /**
     * The largest prompt sent, in tokens; a table whose prompt would be larger is described in chunks.
     * At least {@value #MIN_PER_PROMPT_LIMIT}. Default {@value #DEFAULT_PER_PROMPT_LIMIT}.
     */
    public LanguageModelBuilder perPromptLimit(int tokens) {
      this.perPromptLimit = tokens;
      return this;
    }

    /**
     * The token budget of one {@code summarize} run, prompts and replies together, at least 1. A prompt
     * is sent only while the tokens used so far plus its own fit in the budget (replies are counted
     * when they arrive, so a run may exceed the budget by at most one reply); the tables left then get
     * the fallback's descriptions. Default {@value #DEFAULT_CUMULATIVE_BUDGET}.
     */
    public LanguageModelBuilder cumulativeBudget(int tokens) {
      this.cumulativeBudget = tokens;
      return this;
    }

    /**
     * Describes the tables the model does not (model failure, budget spent). It is called at most once
     * per run, for the whole catalog. Default: {@link Summarizer#heuristic()}.
     *
     * @throws NullPointerException when {@code fallback} is null
     */
    public LanguageModelBuilder fallback(Summarizer fallback) {
      this.fallback = Objects.requireNonNull(fallback, "fallback");
      return this;
    }

    /**
     * Builds the summarizer.
     *
     * @return an immutable, thread-safe summarizer named {@code language-model:<model name>}
     * @throws IllegalArgumentException naming every bad property: a per-prompt limit below {@value
     *     #MIN_PER_PROMPT_LIMIT}, a cumulative budget below 1, a blank model name
     */
    public Summarizer build() {
      List<String> problems = new ArrayList<>();
      if (perPromptLimit < MIN_PER_PROMPT_LIMIT) {
        problems.add("perPromptLimit must be at least " + MIN_PER_PROMPT_LIMIT + " tokens, was " + perPromptLimit);
      }
      if (cumulativeBudget < 1) {
        problems.add("cumulativeBudget must be at least 1 token, was " + cumulativeBudget);
      }
      String modelName = model.name();
      if (modelName == null || modelName.isBlank()) {
        problems.add("the model's name() must not be blank (wrap it with SummaryModel.named)");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid language-model summarizer: " + String.join("; ", problems));
      }
      return new LanguageModelSummarizer(model, tokenBudgeter, perPromptLimit, cumulativeBudget, fallback);
    }
  }
}
