package io.github.dbqueryagent.internal.summarize;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Summarizer;
import io.github.dbqueryagent.spi.SummaryModel;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.TokenBudgeter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Describes each table with a language model, large tables in chunks, within a token budget per run;
 * see {@link Summarizer#languageModelBuilder} for the technique and {@link SummaryPrompts} for the
 * prompts.
 *
 * <p>A run walks the requested tables in catalog order, one model call at a time. Before each call the
 * prompt's tokens are added to the tokens used so far; when the sum would exceed the cumulative budget
 * no more calls are made and that table and all the ones after it get the fallback's descriptions
 * (logged at INFO with their number). Replies count after they arrive. A failing call (any {@link
 * RuntimeException} from the model, or a reply with no text) gives that table the fallback's
 * description and the run goes on; the failures are logged once per run at WARN with the first cause.
 * An interrupted thread stops the calls like a spent budget does (the interrupt flag is kept).
 *
 * <p>Immutable and thread-safe; each run keeps its state on the stack. {@link #summarize} blocks for
 * all the model calls of the run.
 */
public final class LanguageModelSummarizer implements SelectiveSummarizer {
  private static final Logger LOG = LoggerFactory.getLogger(LanguageModelSummarizer.class);

  private final SummaryModel model;
  private final TokenBudgeter budgeter;
  private final int perPromptLimit;
  private final int cumulativeBudget;
  private final Summarizer fallback;
  private final SummaryPrompts prompts;
  private final String name;

  /**
   * Creates the summarizer; {@link Summarizer.LanguageModelBuilder} checks the arguments.
   *
   * @param model the model
   * @param budgeter counts prompt and reply tokens
   * @param perPromptLimit the largest prompt, in tokens
   * @param cumulativeBudget the tokens one run may use
   * @param fallback describes the tables the model does not
   */
  public LanguageModelSummarizer(
      SummaryModel model, TokenBudgeter budgeter, int perPromptLimit, int cumulativeBudget, Summarizer fallback) {
    this.model = Objects.requireNonNull(model, "model");
    this.budgeter = Objects.requireNonNull(budgeter, "budgeter");
    this.perPromptLimit = perPromptLimit;
    this.cumulativeBudget = cumulativeBudget;
    this.fallback = Objects.requireNonNull(fallback, "fallback");
    this.prompts = new SummaryPrompts(budgeter, perPromptLimit);
    this.name = "language-model:" + model.name().strip();
  }

  /** Returns {@code language-model:<model name>}. */
  @Override
  public String name() {
    return name;
  }

  @Override
  public Map<TableName, String> summarize(Catalog catalog) {
    Objects.requireNonNull(catalog, "catalog");
    Set<TableName> all = new LinkedHashSet<>();
    for (Table t : catalog.tables()) all.add(t.name());
    return summarize(catalog, all).summaries();
  }

  @Override
  public Outcome summarize(Catalog catalog, Set<TableName> tables) {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(tables, "tables");
    Map<TableName, List<TableName>> referencedBy = new HashMap<>();
    for (Table t : catalog.tables()) {
      for (ForeignKey fk : t.foreignKeys()) {
        List<TableName> refs = referencedBy.computeIfAbsent(fk.referencedTable(), k -> new ArrayList<>());
        if (!refs.contains(t.name())) refs.add(t.name());
      }
    }
    Run run = new Run();
    Map<TableName, String> out = new HashMap<>();
    List<TableName> fallbacks = new ArrayList<>();
    int requested = 0;
    for (Table t : catalog.tables()) {
      if (!tables.contains(t.name())) continue;
      requested++;
      if (run.stopped != null) {
        fallbacks.add(t.name());
        continue;
      }
      if (Thread.currentThread().isInterrupted()) {
        run.stopped = "the thread was interrupted";
        fallbacks.add(t.name());
        continue;
      }
      try {
        Optional<String> summary = describe(t, referencedBy.getOrDefault(t.name(), List.of()), run);
        if (summary.isPresent()) {
          out.put(t.name(), summary.get());
        } else {
          fallbacks.add(t.name());
        }
      } catch (RuntimeException e) {
        run.failures++;
        if (run.firstFailure == null) {
          run.firstFailure = e;
          run.firstFailedTable = t.name();
        }
        fallbacks.add(t.name());
      }
    }
    if (run.failures > 0) {
      LOG.warn("{}: the model failed for {} of {} tables (first {}: {}); they get the fallback descriptions",
          name, run.failures, requested, run.firstFailedTable, run.firstFailure.getMessage(), run.firstFailure);
    }
    if (run.stopped != null) {
      LOG.info("{}: {} after {} model calls and {} tokens; tables left to the fallback: {}",
          name, run.stopped, run.calls, run.used, fallbacks.size() - run.failures);
    }
    if (!fallbacks.isEmpty()) {
      Map<TableName, String> backup = fallbackSummaries(catalog);
      for (TableName t : fallbacks) {
        String s = backup.get(t);
        if (s != null && !s.isBlank()) out.put(t, s);
      }
    }
    LOG.debug("{}: described {} of {} tables with {} model calls, {} tokens", name,
        requested - fallbacks.size(), requested, run.calls, run.used);
    return new Outcome(out, Set.copyOf(fallbacks));
  }

  /**
   * Describes one table: one call when its prompt fits, else one call per chunk of columns.
   *
   * @return the summary, or empty when the budget does not allow the next call ({@code run.stopped} is
   *     then set)
   * @throws RuntimeException when the model fails or replies with no text
   */
  private Optional<String> describe(Table table, List<TableName> referencedBy, Run run) {
    SummaryPrompts.TableText text = prompts.render(table, referencedBy);
    Optional<SummaryPrompts.Prompt> whole = prompts.whole(text);
    if (whole.isPresent()) return call(whole.get(), table, run);
    String summary = "";
    int from = 0;
    int n = text.columnLines().size();
    while (from < n) {
      SummaryPrompts.Prompt p = prompts.chunk(text, from, summary);
      Optional<String> reply = call(p, table, run);
      if (reply.isEmpty()) return reply;
      summary = reply.get();
      from = p.to();
    }
    return Optional.of(summary);
  }

  private Optional<String> call(SummaryPrompts.Prompt prompt, Table table, Run run) {
    if ((long) run.used + prompt.tokens() > cumulativeBudget) {
      run.stopped = "the token budget of " + cumulativeBudget + " was spent";
      return Optional.empty();
    }
    run.used += prompt.tokens();
    run.calls++;
    String reply = model.complete(prompt.text());
    if (reply != null) run.used += budgeter.countTokens(reply);
    String cleaned = SummaryReply.clean(reply);
    if (cleaned.isEmpty()) {
      throw new ModelException(Stage.SUMMARIZE, "the model's reply for " + table.name() + " held no text",
          false, 0, null);
    }
    return Optional.of(cleaned);
  }

  private Map<TableName, String> fallbackSummaries(Catalog catalog) {
    try {
      Map<TableName, String> m = fallback.summarize(catalog);
      return m == null ? Map.of() : m;
    } catch (RuntimeException e) {
      LOG.warn("{}: the fallback summarizer {} failed; those tables stay without a description", name, fallback, e);
      return Map.of();
    }
  }

  @Override
  public String toString() {
    return "LanguageModelSummarizer[model=" + model.name() + ", perPromptLimit=" + perPromptLimit
        + ", cumulativeBudget=" + cumulativeBudget + ", fallback=" + fallback + "]";
  }

  /** The state of one run. */
  private static final class Run {
    int used;
    int calls;
    int failures;
    RuntimeException firstFailure;
    TableName firstFailedTable;
    String stopped;
  }
}
