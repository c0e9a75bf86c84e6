/**
 * JDBC catalog tooling.
 *
 * <ul>
 *   <li>{@link io.github.dbqueryagent.introspect.DialectSchemaSource}: a cached {@link
 *       io.github.dbqueryagent.spi.SchemaSource} that reads the catalog with a dialect's own system
 *       catalog in a few bulk queries ({@link io.github.dbqueryagent.introspect.CatalogReader}, for
 *       example {@link io.github.dbqueryagent.introspect.PostgresCatalogReader}) and falls back to
 *       {@code DatabaseMetaData} for other databases.
 *   <li>{@link io.github.dbqueryagent.introspect.ChangeProbe}: a cheap per-dialect token that moves
 *       on DDL, so {@code DialectSchemaSource} re-reads only when the schema changed and tells each
 *       {@link io.github.dbqueryagent.introspect.CatalogListener} the {@link
 *       io.github.dbqueryagent.introspect.CatalogDiff}.
 *   <li>{@link io.github.dbqueryagent.introspect.ValueSampling}: opt-in, bounded sampling of distinct
 *       values of low-cardinality text columns for value linking, which never queries columns an
 *       {@link io.github.dbqueryagent.spi.AccessPolicy} blocks, hides or treats as sensitive.
 *   <li>{@link io.github.dbqueryagent.introspect.CatalogExporter}: writes an introspected {@link
 *       io.github.dbqueryagent.spi.Catalog} as versioned JSON ({@code dbqa-catalog/1}, see {@code
 *       docs/catalog-format.md}) or Markdown.
 * </ul>
 */
package io.github.dbqueryagent.introspect;
