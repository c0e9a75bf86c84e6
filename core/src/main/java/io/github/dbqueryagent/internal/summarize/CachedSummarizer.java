package io.github.dbqueryagent.internal.summarize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Summarizer;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores another summarizer's output as one JSON file per catalog fingerprint and summarizer name and
 * reuses it; see {@link Summarizer#cached} and {@code docs/summaries.md}.
 *
 * <p>The file is {@code <fingerprint>.<slug>.<hash>.json} in the directory, where {@code slug} is the
 * summarizer's {@linkplain Summarizer#name() name} reduced to lower-case letters, digits, {@code .},
 * {@code _} and {@code -} (at most {@value #MAX_SLUG_CHARS} characters) and {@code hash} the first 8
 * hex digits of the SHA-256 of the exact name. It holds:
 *
 * <pre>{@code
 * {
 *   "format" : 1,
 *   "summarizer" : "language-model:gpt-4o-mini",
 *   "fingerprint" : "3f1c…",
 *   "tables" : [
 *     { "catalog" : "", "schema" : "shop", "name" : "orders", "summary" : "One row per order …", "fallback" : false }
 *   ]
 * }
 * }</pre>
 *
 * Entries are in catalog order; {@code catalog}, {@code schema} and {@code name} are the {@link
 * TableName}'s components exactly. {@code fallback: true} marks a description the delegate took from its
 * fallback (only a {@link SelectiveSummarizer} reports that); those tables are asked again on the next
 * run and the file rewritten when something changed. Because the fingerprint leaves out the JDBC
 * catalog name, an entry whose exact name is not in the catalog is matched by schema and name when that
 * is unique.
 *
 * <p>Reading or writing trouble (unreadable file, corrupt or foreign JSON, full disk) is logged at WARN
 * and the descriptions are recomputed or simply not stored; nothing is thrown for it. Writes go to a
 * temporary file in the directory that is then moved over the target with {@link
 * StandardCopyOption#ATOMIC_MOVE} (a plain replacing move where the file system cannot), so readers
 * never see half a file and concurrent writers (several agents over one directory) leave one whole
 * file. Immutable and thread-safe; {@link #summarize} blocks for file I/O and the delegate.
 */
public final class CachedSummarizer implements Summarizer {
  private static final Logger LOG = LoggerFactory.getLogger(CachedSummarizer.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The version of the file layout; files of another version are recomputed. */
  static final int FORMAT = 1;

  /** The longest name slug in a file name. */
  static final int MAX_SLUG_CHARS = 48;

  private final Summarizer delegate;
  private final Path directory;
  private final String name;

  /**
   * Creates the cache.
   *
   * @throws IllegalArgumentException when the delegate's name is blank or a lambda's class name
   */
  public CachedSummarizer(Summarizer delegate, Path directory) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.directory = Objects.requireNonNull(directory, "directory");
    String n = delegate.name();
    if (n == null || n.isBlank()) {
      throw new IllegalArgumentException("cannot cache the summaries of " + delegate + ": its name() is blank");
    }
    if (n.contains("$$Lambda") || n.matches(".*/0x[0-9a-fA-F]+.*")) {
      throw new IllegalArgumentException("cannot cache the summaries of " + n + ": a lambda's class name changes"
          + " from run to run; give the summarizer a stable name() (wrap a SummaryModel lambda with"
          + " SummaryModel.named(\"my-model\", lambda))");
    }
    this.name = n;
  }

  /** Returns the delegate's name. */
  @Override
  public String name() {
    return name;
  }

  /**
   * Returns the stored descriptions when the file for this catalog is there and valid, else the
   * delegate's, which are then stored.
   *
   * @return one line per table, unmodifiable, never null
   */
  @Override
  public Map<TableName, String> summarize(Catalog catalog) {
    Objects.requireNonNull(catalog, "catalog");
    Path file = file(catalog.fingerprint());
    Optional<Stored> stored = read(file, catalog);
    if (stored.isPresent()) {
      Stored s = stored.get();
      if (s.fallbacks.isEmpty() || !(delegate instanceof SelectiveSummarizer)) {
        LOG.debug("{}: {} cached descriptions from {}", name, s.summaries.size(), file);
        return Map.copyOf(s.summaries);
      }
      LOG.debug("{}: {} cached descriptions from {}, asking again for {} fallback ones", name,
          s.summaries.size(), file, s.fallbacks.size());
      SelectiveSummarizer.Outcome retry = ((SelectiveSummarizer) delegate).summarize(catalog, s.fallbacks);
      Map<TableName, String> merged = new HashMap<>(s.summaries);
      merged.putAll(retry.summaries());
      Set<TableName> stillFallback = new HashSet<>(retry.fallbacks());
      stillFallback.retainAll(s.fallbacks);
      if (!merged.equals(s.summaries) || !stillFallback.equals(s.fallbacks)) {
        write(file, catalog, merged, stillFallback);
      }
      return Map.copyOf(merged);
    }
    Map<TableName, String> summaries;
    Set<TableName> fallbacks;
    if (delegate instanceof SelectiveSummarizer) {
      Set<TableName> all = new HashSet<>();
      for (Table t : catalog.tables()) all.add(t.name());
      SelectiveSummarizer.Outcome outcome = ((SelectiveSummarizer) delegate).summarize(catalog, all);
      summaries = outcome.summaries();
      fallbacks = outcome.fallbacks();
    } else {
      summaries = withoutNulls(delegate.summarize(catalog));
      fallbacks = Set.of();
    }
    write(file, catalog, summaries, fallbacks);
    return Map.copyOf(summaries);
  }

  private static Map<TableName, String> withoutNulls(Map<TableName, String> m) {
    Map<TableName, String> out = new HashMap<>();
    if (m != null) {
      m.forEach((k, v) -> {
        if (k != null && v != null) out.put(k, v);
      });
    }
    return out;
  }

  /** Returns the file for a fingerprint. */
  Path file(String fingerprint) {
    return directory.resolve(fingerprint + "." + slug(name) + "." + hash(name).substring(0, 8) + ".json");
  }

  /** What a valid file holds. */
  private static final class Stored {
    final Map<TableName, String> summaries = new HashMap<>();
    final Set<TableName> fallbacks = new HashSet<>();
  }

  private Optional<Stored> read(Path file, Catalog catalog) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: cannot read the cached summaries {} ({}); describing the tables again", name, file, e.toString());
      return Optional.empty();
    }
    try {
      return Optional.of(parse(root, catalog));
    } catch (IllegalArgumentException e) {
      LOG.warn("{}: ignoring the cached summaries {}: {}; describing the tables again", name, file, e.getMessage());
      return Optional.empty();
    }
  }

  private Stored parse(JsonNode root, Catalog catalog) {
    if (root == null || !root.isObject()) throw new IllegalArgumentException("not a JSON object");
    if (root.path("format").asInt(-1) != FORMAT) {
      throw new IllegalArgumentException("format " + root.path("format") + " is not " + FORMAT);
    }
    if (!name.equals(root.path("summarizer").asText(null))) {
      throw new IllegalArgumentException("written by summarizer " + root.path("summarizer") + ", not " + name);
    }
    if (!catalog.fingerprint().equals(root.path("fingerprint").asText(null))) {
      throw new IllegalArgumentException("written for catalog " + root.path("fingerprint"));
    }
    JsonNode tables = root.path("tables");
    if (!tables.isArray()) throw new IllegalArgumentException("no \"tables\" array");
    Stored s = new Stored();
    for (JsonNode e : tables) {
      String tableName = text(e, "name");
      String summary = text(e, "summary");
      if (tableName.isEmpty()) throw new IllegalArgumentException("an entry without a table name");
      TableName stored = new TableName(text(e, "catalog"), text(e, "schema"), tableName);
      TableName t = resolve(stored, catalog);
      boolean isFallback = e.path("fallback").asBoolean(false);
      if (!summary.isEmpty()) s.summaries.put(t, summary);
      if (isFallback) s.fallbacks.add(t);
    }
    return s;
  }

  private static String text(JsonNode entry, String field) {
    JsonNode v = entry.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("an entry whose \"" + field + "\" is not a string: " + entry);
    }
    return v.asText();
  }

  /** Finds the catalog's table for a stored name: exactly, else by schema and name when unique. */
  private static TableName resolve(TableName stored, Catalog catalog) {
    if (catalog.table(stored).isPresent()) return stored;
    TableName found = null;
    for (Table t : catalog.tables()) {
      if (t.name().schema().equals(stored.schema()) && t.name().name().equals(stored.name())) {
        if (found != null) throw new IllegalArgumentException("table " + stored + " is ambiguous in the catalog");
        found = t.name();
      }
    }
    if (found == null) throw new IllegalArgumentException("table " + stored + " is not in the catalog");
    return found;
  }

  private void write(Path file, Catalog catalog, Map<TableName, String> summaries, Set<TableName> fallbacks) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("summarizer", name);
    root.put("fingerprint", catalog.fingerprint());
    ArrayNode tables = root.putArray("tables");
    for (Table t : catalog.tables()) {
      String summary = summaries.get(t.name());
      boolean isFallback = fallbacks.contains(t.name());
      if (summary == null && !isFallback) continue;
      ObjectNode e = tables.addObject();
      e.put("catalog", t.name().catalog());
      e.put("schema", t.name().schema());
      e.put("name", t.name().name());
      e.put("summary", summary == null ? "" : summary);
      e.put("fallback", isFallback);
    }
    Path tmp = null;
    try {
      Files.createDirectories(directory);
      tmp = Files.createTempFile(directory, ".summaries-", ".tmp");
      Files.write(tmp, JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      LOG.debug("{}: stored {} descriptions in {}", name, tables.size(), file);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: cannot store the summaries in {} ({}); they will be computed again next run", name, file,
          e.toString());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: a stray temporary file is harmless
        }
      }
    }
  }

  private static String slug(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
    if (s.length() > MAX_SLUG_CHARS) s = s.substring(0, MAX_SLUG_CHARS);
    return s.isEmpty() ? "summarizer" : s;
  }

  private static String hash(String name) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "CachedSummarizer[" + delegate + " in " + directory + "]";
  }
}
