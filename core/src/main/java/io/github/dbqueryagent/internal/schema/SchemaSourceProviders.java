package io.github.dbqueryagent.internal.schema;

import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.spi.SchemaSource;
import io.github.dbqueryagent.spi.SchemaSourceProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers the {@link SchemaSourceProvider} behind {@link SchemaSource#jdbc(DataSource, Duration)}:
 * {@link ServiceLoader} over the class loader that loaded core, once per JVM (the result, error
 * included, is cached; thread-safe). Zero providers means core's {@link JdbcSchemaSource}; exactly one
 * is used; more than one is a {@link ConfigurationException} listing them, never "take the first".
 */
public final class SchemaSourceProviders {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaSourceProviders.class);

  /** The outcome of discovery: a provider, none, or an error message. */
  static final class Selection {
    private final SchemaSourceProvider provider;
    private final String error;

    private Selection(SchemaSourceProvider provider, String error) {
      this.provider = provider;
      this.error = error;
    }

    /** Returns the selected provider; empty when core's own source is to be used. */
    Optional<SchemaSourceProvider> provider() {
      if (error != null) throw new ConfigurationException(error);
      return Optional.ofNullable(provider);
    }
  }

  private static final class Holder {
    static final Selection DISCOVERED = discover();
  }

  private SchemaSourceProviders() {}

  /**
   * Returns the default schema source: the discovered provider's, else a {@link JdbcSchemaSource}.
   *
   * @param dataSource where to connect; not null
   * @param ttl cache time-to-live; not null, positive
   * @return a new source, never null; nothing connects until its first {@code catalog()}
   * @throws ConfigurationException when more than one provider is on the class path, when one cannot
   *     be loaded, or when it returns null
   * @throws IllegalArgumentException when {@code ttl} is not positive
   */
  public static SchemaSource create(DataSource dataSource, Duration ttl) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive: " + ttl);
    Optional<SchemaSourceProvider> provider = Holder.DISCOVERED.provider();
    if (provider.isEmpty()) return JdbcSchemaSource.builder(dataSource).ttl(ttl).build();
    SchemaSourceProvider p = provider.get();
    SchemaSource source = p.create(dataSource, ttl);
    if (source == null) {
      throw new ConfigurationException("SchemaSourceProvider " + p.getClass().getName() + " returned null;"
          + " pass a schema source explicitly with DatabaseQueryAgent.Builder.schemaSource(...)");
    }
    return source;
  }

  /**
   * Returns a description of what {@link #create} uses, for logs and diagnostics: the provider's name
   * and class, or {@code "DatabaseMetaData (core)"}.
   *
   * @throws ConfigurationException as {@link #create} does
   */
  public static String describe() {
    return describe(Holder.DISCOVERED.provider());
  }

  private static String describe(Optional<SchemaSourceProvider> p) {
    return p.map(x -> x.name() + " (" + x.getClass().getName() + ")").orElse("DatabaseMetaData (core)");
  }

  private static Selection discover() {
    List<SchemaSourceProvider> found = new ArrayList<>();
    try {
      ServiceLoader.load(SchemaSourceProvider.class, SchemaSourceProviders.class.getClassLoader()).forEach(found::add);
    } catch (ServiceConfigurationError e) {
      String msg = "cannot load a SchemaSourceProvider from META-INF/services/"
          + SchemaSourceProvider.class.getName() + ": " + e.getMessage()
          + "; fix the class path or pass a schema source explicitly with DatabaseQueryAgent.Builder.schemaSource(...)";
      LOG.warn(msg);
      return new Selection(null, msg);
    }
    Selection s = select(found);
    if (s.error != null) {
      LOG.warn(s.error);
    } else {
      LOG.debug("SchemaSource.jdbc uses {}", describe(Optional.ofNullable(s.provider)));
    }
    return s;
  }

  /**
   * Chooses among discovered providers: none, exactly one, or an error naming each (sorted by class
   * name) when there are more.
   */
  static Selection select(List<SchemaSourceProvider> providers) {
    if (providers.isEmpty()) return new Selection(null, null);
    if (providers.size() == 1) return new Selection(providers.get(0), null);
    String names = providers.stream()
        .map(p -> p.getClass().getName())
        .sorted(Comparator.naturalOrder())
        .collect(Collectors.joining(", "));
    return new Selection(null, "more than one SchemaSourceProvider on the class path (" + names
        + "): remove all but one, or pass a schema source explicitly with"
        + " DatabaseQueryAgent.Builder.schemaSource(...)");
  }
}
