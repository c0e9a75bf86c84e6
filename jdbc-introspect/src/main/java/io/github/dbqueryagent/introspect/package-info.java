/**
 * JDBC catalog tooling: {@link io.github.dbqueryagent.introspect.CatalogExporter} writes an
 * introspected {@link io.github.dbqueryagent.spi.Catalog} as versioned JSON ({@code dbqa-catalog/1},
 * see {@code docs/catalog-format.md}) or Markdown.
 */
package io.github.dbqueryagent.introspect;
