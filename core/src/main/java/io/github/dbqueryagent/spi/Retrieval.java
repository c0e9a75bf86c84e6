package io.github.dbqueryagent.spi;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of schema linking: the tables a question needs, best first, with the columns that
 * matched, and the foreign keys that join them.
 *
 * @param tables scored tables, best first, never null
 * @param joins foreign-key edges between retrieved tables, never null
 * @param examples the few-shot examples most similar to the question, best first, never null
 */
public record Retrieval(List<ScoredTable> tables, List<JoinEdge> joins, List<FewShotExample> examples) {

  /** Checks and copies the components. */
  public Retrieval {
    tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
    joins = List.copyOf(Objects.requireNonNull(joins, "joins"));
    examples = List.copyOf(Objects.requireNonNull(examples, "examples"));
  }

  /**
   * Creates a retrieval without few-shot examples.
   *
   * @param tables scored tables, best first
   * @param joins foreign-key edges between retrieved tables
   */
  public Retrieval(List<ScoredTable> tables, List<JoinEdge> joins) {
    this(tables, joins, List.of());
  }

  /**
   * A retrieved table.
   *
   * @param table the table
   * @param score relevance, higher is better, 0 for tables added only to connect others
   * @param matchedColumns the columns whose names or comments matched the question
   */
  public record ScoredTable(TableName table, double score, List<String> matchedColumns) {
    /** Checks and copies the components. */
    public ScoredTable {
      Objects.requireNonNull(table, "table");
      matchedColumns = List.copyOf(matchedColumns);
    }
  }

  /**
   * A foreign key joining two retrieved tables.
   *
   * @param from the referencing table
   * @param foreignKey the key declared on {@code from}
   */
  public record JoinEdge(TableName from, ForeignKey foreignKey) {
    /** Checks the components. */
    public JoinEdge {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(foreignKey, "foreignKey");
    }
  }
}
