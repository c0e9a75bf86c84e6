package io.github.dbqueryagent.internal.summarize;

import io.github.dbqueryagent.spi.SummaryModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** A scripted {@link SummaryModel} that records its prompts and counts its calls. Thread-safe. */
final class FakeSummaryModel implements SummaryModel {
  private final String name;
  private final Function<String, String> replies;
  private final List<String> prompts = Collections.synchronizedList(new ArrayList<>());

  /** A model that replies {@code "Summary <n> of <table>"}, n counting calls from 1. */
  FakeSummaryModel() {
    this("fake-model", null);
  }

  /** A model that answers each prompt with {@code replies} (which may throw). */
  FakeSummaryModel(String name, Function<String, String> replies) {
    this.name = name;
    this.replies = replies;
  }

  @Override
  public String complete(String prompt) {
    prompts.add(prompt);
    if (replies != null) return replies.apply(prompt);
    return "Summary " + prompts.size() + " of " + tableOf(prompt);
  }

  @Override
  public String name() {
    return name;
  }

  /** Returns the table a prompt is about, as written on its {@code Table:} line. */
  static String tableOf(String prompt) {
    int i = prompt.indexOf("\nTable: ");
    int end = prompt.indexOf(" (", i);
    return prompt.substring(i + "\nTable: ".length(), end);
  }

  int calls() {
    return prompts.size();
  }

  List<String> prompts() {
    synchronized (prompts) {
      return List.copyOf(prompts);
    }
  }
}
