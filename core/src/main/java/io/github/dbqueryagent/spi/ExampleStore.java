package io.github.dbqueryagent.spi;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Where verified question/SQL pairs come from. The retriever ranks them against each question like
 * tables and hands the most similar ones forward; the budgeter renders them within the token budget and
 * the tables their SQL reads are pulled into the context. Implementations must be thread-safe and return
 * quickly: {@link #examples()} is called once per question.
 */
@FunctionalInterface
public interface ExampleStore {

  /**
   * Returns the current examples.
   *
   * @return the examples, never null, possibly empty; the retriever indexes a list once per distinct
   *     content, so return the same list while nothing changed
   */
  List<FewShotExample> examples();

  /**
   * Returns a store holding no example (the default).
   *
   * @return the empty store
   */
  static ExampleStore none() {
    return List::of;
  }

  /**
   * Returns a store holding a fixed list of examples.
   *
   * @param examples the examples, none null
   * @return the store, never null
   * @throws NullPointerException when {@code examples} or one of its elements is null
   */
  static ExampleStore of(Collection<FewShotExample> examples) {
    List<FewShotExample> copy = List.copyOf(Objects.requireNonNull(examples, "examples"));
    return () -> copy;
  }
}
