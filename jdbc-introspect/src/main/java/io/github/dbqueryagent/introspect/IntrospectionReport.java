package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.TableName;
import java.util.List;
import java.util.Objects;

/**
 * What the table filters of a {@link DialectSchemaSource} removed from one catalog read, and which
 * foreign keys they had to drop. Produced on every read; see {@link DialectSchemaSource#lastReport()}.
 *
 * <p>Immutable and thread-safe; the lists are unmodifiable, never null, possibly empty, in catalog
 * (table name) order.
 *
 * @param excludedTables tables left out of the catalog, each with its reason
 * @param droppedForeignKeys foreign keys removed from the remaining tables because their referenced
 *     table was excluded (reason {@code TARGET_EXCLUDED})
 * @param danglingForeignKeys foreign keys kept in the catalog whose referenced table was not in the
 *     catalog as read (reason {@code TARGET_MISSING}): another schema than those introspected, or a
 *     table the database reports but the reader did not see
 */
public record IntrospectionReport(
    List<ExcludedTable> excludedTables,
    List<DroppedForeignKey> droppedForeignKeys,
    List<DroppedForeignKey> danglingForeignKeys) {

  /** Copies the lists; throws {@link NullPointerException} when any is null. */
  public IntrospectionReport {
    excludedTables = List.copyOf(Objects.requireNonNull(excludedTables, "excludedTables"));
    droppedForeignKeys = List.copyOf(Objects.requireNonNull(droppedForeignKeys, "droppedForeignKeys"));
    danglingForeignKeys = List.copyOf(Objects.requireNonNull(danglingForeignKeys, "danglingForeignKeys"));
  }

  /** Why a table was left out. */
  public enum Reason {
    /** It did not match any {@code includeTables} glob, or it matched an {@code excludeTables} glob. */
    FILTER,
    /** Its name matched a deprecated-name pattern ({@code *_old}, {@code tmp_*}, ...). */
    DEPRECATED_NAME,
    /** Its comment contains "deprecated" (ignoring case). */
    DEPRECATED_COMMENT
  }

  /** Why a foreign key was dropped. */
  public enum FkReason {
    /** Its referenced table was excluded by a filter or the deprecated rule. */
    TARGET_EXCLUDED,
    /** Its referenced table is not in the catalog as read. */
    TARGET_MISSING
  }

  /**
   * A table left out of the catalog.
   *
   * @param table its name
   * @param reason why
   * @param detail the glob that matched, or the comment; never null
   */
  public record ExcludedTable(TableName table, Reason reason, String detail) {
    /** Checks the arguments; {@code detail} null becomes empty. */
    public ExcludedTable {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(reason, "reason");
      detail = detail == null ? "" : detail;
    }
  }

  /**
   * A foreign key removed from a remaining table.
   *
   * @param table the table that declared it
   * @param foreignKey the foreign key as read
   * @param reason why it was dropped
   */
  public record DroppedForeignKey(TableName table, ForeignKey foreignKey, FkReason reason) {
    /** Checks the arguments. */
    public DroppedForeignKey {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(foreignKey, "foreignKey");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
