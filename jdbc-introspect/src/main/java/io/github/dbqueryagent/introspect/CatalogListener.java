package io.github.dbqueryagent.introspect;

/**
 * Told when a {@link DialectSchemaSource} re-reads the catalog and its {@linkplain
 * io.github.dbqueryagent.spi.Catalog#fingerprint() fingerprint} changed (not on the first read).
 * Called on the thread that read, after the new catalog is in place, one listener and one change at
 * a time; keep it short. An exception it throws is logged and does not affect the read or the other
 * listeners.
 */
@FunctionalInterface
public interface CatalogListener {

  /**
   * Receives what changed.
   *
   * @param diff the differences between the previous and the new catalog; may be {@linkplain
   *     CatalogDiff#isEmpty() empty} when only parts outside the diff (for example the dialect) changed
   */
  void catalogChanged(CatalogDiff diff);
}
