package io.github.dbqueryagent.spi;

import java.util.Objects;

/**
 * A verified question and the SQL that answers it, shown to a generator as a few-shot example when a new
 * question resembles it (the demonstrations of in-context learning: Brown et al., 2020; for text-to-SQL,
 * example selection by question similarity as in DAIL-SQL, Gao et al., 2023).
 *
 * @param question the question in natural language, not blank
 * @param sql the SQL that answers it, in the catalog's dialect, not blank
 */
public record FewShotExample(String question, String sql) {
  /**
   * Checks the components.
   *
   * @throws NullPointerException when a component is null
   * @throws IllegalArgumentException when a component is blank
   */
  public FewShotExample {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(sql, "sql");
    if (question.isBlank()) throw new IllegalArgumentException("a few-shot example needs a question");
    if (sql.isBlank()) throw new IllegalArgumentException("the few-shot example \"" + question + "\" has no SQL");
    question = question.strip();
    sql = sql.strip();
  }
}
