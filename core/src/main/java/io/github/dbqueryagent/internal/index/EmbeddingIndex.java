package io.github.dbqueryagent.internal.index;

import io.github.dbqueryagent.internal.text.Words;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.EmbeddingModel;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dense half of the schema index: one unit vector per table, from a short description of the table
 * (its readable name, its columns' readable names and its comment or summary), compared with the
 * question's vector by cosine similarity. Vectors are persisted in a cache directory, one file per model
 * and database (dialect and schema names), each vector keyed by the SHA-256 of its table's description,
 * so a restart, or a catalog in which only some tables changed, embeds only what is new; the file holds
 * the vectors of the current catalog only. Immutable once built; thread-safe.
 */
public final class EmbeddingIndex {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingIndex.class);
  private static final int MAGIC = 0x44425145; // "DBQE"
  private static final int FORMAT = 1;
  private static final int MAX_DESCRIPTION_CHARS = 1_000;
  private static final int BATCH = 64;
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  /** A table and its cosine similarity to the question. */
  public record Hit(TableName table, double similarity) {}

  private final EmbeddingModel model;
  private final List<TableName> tables;
  private final float[][] vectors;

  EmbeddingIndex(Catalog catalog, Map<TableName, String> summaries, Terms terms, EmbeddingModel model,
      Optional<Path> cacheDirectory) {
    this.model = model;
    this.tables = new ArrayList<>();
    List<String> descriptions = new ArrayList<>();
    for (Table t : catalog.tables()) {
      tables.add(t.name());
      descriptions.add(describe(t, summaries.getOrDefault(t.name(), ""), terms));
    }
    Map<String, float[]> stored = cacheDirectory.map(d -> load(file(d, catalog))).orElseGet(HashMap::new);
    this.vectors = new float[tables.size()][];
    List<Integer> missing = new ArrayList<>();
    List<String> keys = new ArrayList<>(descriptions.size());
    for (int i = 0; i < descriptions.size(); i++) {
      String key = sha256(descriptions.get(i));
      keys.add(key);
      float[] v = stored.get(key);
      if (v != null && v.length == model.dimensions()) vectors[i] = v;
      else missing.add(i);
    }
    for (int from = 0; from < missing.size(); from += BATCH) {
      List<Integer> batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
      List<String> texts = new ArrayList<>(batch.size());
      for (int i : batch) texts.add(descriptions.get(i));
      List<float[]> out = model.embed(texts);
      if (out.size() != texts.size()) {
        throw new IllegalStateException("embedding model " + model.name() + " returned " + out.size()
            + " vectors for " + texts.size() + " texts");
      }
      for (int j = 0; j < batch.size(); j++) vectors[batch.get(j)] = normalise(out.get(j));
    }
    if (!missing.isEmpty() && cacheDirectory.isPresent()) {
      Map<String, float[]> all = new HashMap<>();
      for (int i = 0; i < keys.size(); i++) all.put(keys.get(i), vectors[i]);
      save(file(cacheDirectory.get(), catalog), all);
    }
    LOG.debug("embedded {} of {} table descriptions with {} ({} from the cache)", missing.size(), tables.size(),
        model.name(), tables.size() - missing.size());
  }

  /** The text embedded for a table: readable name, comment or summary, readable column names. */
  static String describe(Table t, String summary, Terms terms) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.join(" ", terms.identifierWords(t.name().name())));
    String text = !t.comment().isBlank() ? t.comment().strip() : summary.strip();
    if (!text.isEmpty()) sb.append(": ").append(text);
    sb.append(". Columns: ");
    boolean first = true;
    for (Column c : t.columns()) {
      if (sb.length() > MAX_DESCRIPTION_CHARS) break;
      if (!first) sb.append(", ");
      first = false;
      sb.append(Words.readable(String.join("_", terms.identifierWords(c.name()))));
    }
    return sb.length() > MAX_DESCRIPTION_CHARS ? sb.substring(0, MAX_DESCRIPTION_CHARS) : sb.toString();
  }

  /**
   * Ranks tables by cosine similarity to a question.
   *
   * @param question the question
   * @param limit the most hits
   * @return hits, most similar first
   */
  public List<Hit> search(String question, int limit) {
    float[] q = normalise(model.embed(List.of(question)).get(0));
    List<Hit> all = new ArrayList<>(tables.size());
    for (int i = 0; i < vectors.length; i++) {
      double dot = 0;
      float[] v = vectors[i];
      for (int k = 0; k < v.length; k++) dot += v[k] * q[k];
      all.add(new Hit(tables.get(i), dot));
    }
    all.sort((a, b) -> Double.compare(b.similarity, a.similarity));
    return all.subList(0, Math.min(limit, all.size()));
  }

  private static float[] normalise(float[] v) {
    double norm = 0;
    for (float x : v) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm == 0) return v.clone();
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] / norm);
    return out;
  }

  private Path file(Path directory, Catalog catalog) {
    String name = SAFE_NAME.matcher(model.name()).matches() ? model.name() : sha256(model.name()).substring(0, 16);
    // one file per database (dialect and the schemas the tables live in), not per fingerprint: after a
    // change to some tables, the vectors of the others are found by their description's hash
    java.util.TreeSet<String> schemas = new java.util.TreeSet<>();
    for (TableName t : tables) schemas.add(t.catalog() + "." + t.schema());
    String database = sha256(catalog.dialect() + "|" + String.join("|", schemas)).substring(0, 32);
    return directory.resolve("embeddings").resolve(name).resolve(database + ".vectors");
  }

  private Map<String, float[]> load(Path file) {
    Map<String, float[]> out = new HashMap<>();
    if (!Files.isRegularFile(file)) return out;
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
      if (data.readInt() != MAGIC || data.readInt() != FORMAT) throw new IOException("not a vector cache file");
      int dims = data.readInt();
      int count = data.readInt();
      for (int i = 0; i < count; i++) {
        byte[] key = new byte[data.readUnsignedShort()];
        data.readFully(key);
        float[] v = new float[dims];
        for (int k = 0; k < dims; k++) v[k] = data.readFloat();
        out.put(new String(key, StandardCharsets.UTF_8), v);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring the unreadable embedding cache {}: {}", file, e.toString());
      out.clear();
    }
    return out;
  }

  private void save(Path file, Map<String, float[]> vectorsByKey) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp);
          DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out))) {
        data.writeInt(MAGIC);
        data.writeInt(FORMAT);
        data.writeInt(model.dimensions());
        data.writeInt(vectorsByKey.size());
        for (Map.Entry<String, float[]> e : vectorsByKey.entrySet()) {
          byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
          data.writeShort(key.length);
          data.write(key);
          for (float x : e.getValue()) data.writeFloat(x);
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot write the embedding cache {}: {}", file, e.toString());
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
