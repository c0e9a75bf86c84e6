package io.github.dbqueryagent.introspect;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link CatalogReader} reads.
 *
 * @param schemas the schemas to read, compared ignoring case; empty means every non-system schema
 */
public record IntrospectionOptions(List<String> schemas) {
  /** Checks and copies the components. */
  public IntrospectionOptions {
    schemas = List.copyOf(Objects.requireNonNull(schemas, "schemas"));
  }

  /** Every non-system schema. */
  public static IntrospectionOptions defaults() {
    return new IntrospectionOptions(List.of());
  }

  /** Returns whether a schema is to be read. */
  public boolean includes(String schema) {
    return schemas.isEmpty() || (schema != null && schemas.stream().anyMatch(s -> s.equalsIgnoreCase(schema)));
  }
}
