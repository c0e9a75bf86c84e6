package io.github.dbqueryagent.internal.index;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.dbqueryagent.internal.retrieve.JoinGraph;
import io.github.dbqueryagent.internal.text.Segmenter;
import io.github.dbqueryagent.internal.text.Words;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.EmbeddingModel;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything derived from one catalog that schema linking, rendering and generation need, built once per
 * catalog and shared by every stage: the join graph over the catalog's foreign keys (declared, and
 * inferred when the schema source infers them), the lexical index (BM25 over split and segmented
 * identifiers, comments and summaries), the sampled-value index, the foreign-key clusters ("areas"), and,
 * when an {@link EmbeddingModel} is configured, the table vectors.
 *
 * <p>{@link #of(Catalog)} returns the index of a catalog from a process-wide cache: first by catalog
 * instance (schema sources return the same instance until the schema changes), then by content — the
 * {@linkplain Catalog#fingerprint() fingerprint} plus the JDBC catalog names and sample values the
 * fingerprint leaves out — so a re-read catalog whose structure did not change reuses its index. The
 * parts that depend on summaries or on an embedding model are built lazily, once per distinct summaries
 * and per model. Build times are logged at INFO. Thread-safe; concurrent callers share one build.
 */
public final class SchemaIndex {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaIndex.class);
  private static final Cache<Catalog, SchemaIndex> BY_INSTANCE = Caffeine.newBuilder().weakKeys().maximumSize(16).build();
  private static final Cache<String, SchemaIndex> BY_CONTENT = Caffeine.newBuilder().maximumSize(8).build();

  private final Catalog catalog;
  private final JoinGraph graph;
  private final ValueIndex values;
  private final Terms terms;
  private final long buildNanos;
  private final Map<Integer, LexicalIndex> lexical = new ConcurrentHashMap<>();
  private final Map<String, EmbeddingIndex> embeddings = new ConcurrentHashMap<>();
  private volatile List<SchemaClusters.Cluster> clusters;

  private SchemaIndex(Catalog catalog) {
    long start = System.nanoTime();
    this.catalog = catalog;
    this.graph = new JoinGraph(catalog);
    this.values = new ValueIndex(catalog);
    this.terms = new Terms(Segmenter.english().withVocabulary(vocabulary(catalog))::segment);
    this.buildNanos = System.nanoTime() - start;
  }

  /**
   * Returns the index of a catalog, building it on first use.
   *
   * @param catalog the catalog
   * @return the shared index, never null
   */
  public static SchemaIndex of(Catalog catalog) {
    Objects.requireNonNull(catalog, "catalog");
    return BY_INSTANCE.get(catalog, c -> BY_CONTENT.get(contentKey(c), k -> {
      SchemaIndex index = new SchemaIndex(c);
      BUILDS.incrementAndGet();
      LOG.info("schema index for {} tables, {} foreign keys built in {} ms (join graph, {})", c.tables().size(),
          c.foreignKeyCount(), index.buildNanos / 1_000_000, index.values);
      return index;
    }));
  }

  /** The fingerprint plus what it leaves out and the index depends on: table identities and sample values. */
  static String contentKey(Catalog catalog) {
    int h = 1;
    for (Table t : catalog.tables()) {
      h = 31 * h + t.name().hashCode();
      for (Column c : t.columns()) {
        if (!c.sampleValues().isEmpty()) h = 31 * h + c.name().hashCode() * 17 + c.sampleValues().hashCode();
      }
    }
    return catalog.fingerprint() + ":" + Integer.toHexString(h);
  }

  /** Returns the catalog indexed. */
  public Catalog catalog() {
    return catalog;
  }

  /** Returns the join graph over the catalog's foreign keys. */
  public JoinGraph graph() {
    return graph;
  }

  /** Returns the sampled-value index. */
  public ValueIndex values() {
    return values;
  }

  /**
   * Returns the term extractor of this catalog: its segmenter prefers the words the catalog itself uses
   * (in split identifiers and comments) to general English.
   */
  public Terms terms() {
    return terms;
  }

  /**
   * The catalog's own words: the words of identifiers split at case and separator boundaries, and of
   * table and column comments; alphabetic, at least three letters.
   */
  private static Set<String> vocabulary(Catalog catalog) {
    Set<String> words = new java.util.HashSet<>();
    java.util.function.Consumer<String> text = t -> {
      for (String w : Words.splitText(t)) if (w.length() >= 3 && Terms.isAlphabetic(w)) words.add(w);
    };
    for (Table t : catalog.tables()) {
      for (String w : Words.splitIdentifier(t.name().name())) if (w.length() >= 3 && Terms.isAlphabetic(w)) words.add(w);
      text.accept(t.comment());
      for (Column c : t.columns()) {
        for (String w : Words.splitIdentifier(c.name())) if (w.length() >= 3 && Terms.isAlphabetic(w)) words.add(w);
        text.accept(c.comment());
      }
    }
    return words;
  }

  /**
   * Returns the lexical index over the catalog and these summaries, built on first use.
   *
   * @param summaries one-line table descriptions
   */
  public LexicalIndex lexical(Map<TableName, String> summaries) {
    int key = summaries.hashCode();
    // a map must not be changed from inside its own computeIfAbsent: bound it before
    if (lexical.size() >= 4 && !lexical.containsKey(key)) lexical.clear();
    return lexical.computeIfAbsent(key, k -> {
      long start = System.nanoTime();
      LexicalIndex index = new LexicalIndex(catalog, summaries, terms);
      LOG.info("lexical index for {} tables built in {} ms", catalog.tables().size(), (System.nanoTime() - start) / 1_000_000);
      return index;
    });
  }

  /**
   * Returns the table vectors of a model, computed on first use (or read from {@code cacheDirectory}).
   *
   * @param model the embedding model
   * @param summaries one-line table descriptions
   * @param cacheDirectory where vectors are persisted, if anywhere
   */
  public EmbeddingIndex embeddings(EmbeddingModel model, Map<TableName, String> summaries, Optional<Path> cacheDirectory) {
    return embeddings.computeIfAbsent(model.name() + ":" + summaries.hashCode(), k -> {
      long start = System.nanoTime();
      EmbeddingIndex index = new EmbeddingIndex(catalog, summaries, terms, model, cacheDirectory);
      LOG.info("table vectors ({}) for {} tables ready in {} ms", model.name(), catalog.tables().size(),
          (System.nanoTime() - start) / 1_000_000);
      return index;
    });
  }

  /** Returns the clusters of the foreign-key graph ("areas"), computed on first use; see {@link SchemaClusters}. */
  public List<SchemaClusters.Cluster> clusters() {
    List<SchemaClusters.Cluster> c = clusters;
    if (c == null) {
      synchronized (this) {
        c = clusters;
        if (c == null) {
          long start = System.nanoTime();
          c = List.copyOf(SchemaClusters.detect(catalog, adjacency()));
          clusters = c;
          LOG.info("{} clusters of {} tables found in {} ms", c.size(), catalog.tables().size(),
              (System.nanoTime() - start) / 1_000_000);
        }
      }
    }
    return c;
  }

  /** The undirected foreign-key graph as adjacency sets, every table present. */
  public Map<TableName, Set<TableName>> adjacency() {
    Map<TableName, Set<TableName>> out = new LinkedHashMap<>();
    for (Table t : catalog.tables()) out.put(t.name(), new LinkedHashSet<>());
    for (Table t : catalog.tables()) {
      for (ForeignKey fk : t.foreignKeys()) {
        TableName ref = fk.referencedTable();
        if (!out.containsKey(ref) || ref.equals(t.name())) continue;
        out.get(t.name()).add(ref);
        out.get(ref).add(t.name());
      }
    }
    return out;
  }

  /** Drops every cached index (for tests). */
  static void clearCaches() {
    BY_INSTANCE.invalidateAll();
    BY_CONTENT.invalidateAll();
  }

  /** The number of catalogs indexed so far in this process (for tests). */
  static final java.util.concurrent.atomic.AtomicInteger BUILDS = new java.util.concurrent.atomic.AtomicInteger();

  @Override
  public String toString() {
    return "SchemaIndex[" + catalog.tables().size() + " tables]";
  }
}
