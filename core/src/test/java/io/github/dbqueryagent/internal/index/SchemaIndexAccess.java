package io.github.dbqueryagent.internal.index;

/** Lets tests in other packages drop the process-wide index caches, as a restart would. */
public final class SchemaIndexAccess {
  private SchemaIndexAccess() {}

  /** Drops every cached schema index. */
  public static void clear() {
    SchemaIndex.clearCaches();
  }
}
