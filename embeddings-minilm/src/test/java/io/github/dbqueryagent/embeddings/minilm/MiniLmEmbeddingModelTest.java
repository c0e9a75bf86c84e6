package io.github.dbqueryagent.embeddings.minilm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the real quantized model: the first test that embeds pays the load (about a second). */
class MiniLmEmbeddingModelTest {

  private final MiniLmEmbeddingModel model = MiniLmEmbeddingModel.create();

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      normA += a[i] * a[i];
      normB += b[i] * b[i];
    }
    return dot / Math.sqrt(normA * normB);
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float f : v) {
      sum += f * f;
    }
    return Math.sqrt(sum);
  }

  /**
   * The native tokenizer and ONNX Runtime overflow a small thread stack and crash the whole process
   * (seen with the JVM's default 1 MB on Linux x64): calls from threads with a small stack must work.
   */
  @Test
  void worksFromThreadsWithASmallStack() throws Exception {
    List<List<float[]>> out = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    Runnable call = () -> {
      try {
        out.add(MiniLmEmbeddingModel.create().embed(List.of("customers who live in Brazil")));
        out.add(MiniLmEmbeddingModel.create().embed(List.of("flights", "airports", "airlines", "fares")));
      } catch (Throwable t) {
        errors.add(t);
      }
    };
    Thread small = new Thread(null, call, "small-stack", 256 * 1024);
    small.start();
    small.join();
    assertThat(errors).isEmpty();
    assertThat(out).hasSize(2);
    assertThat(out.get(1)).hasSize(4).allSatisfy(v -> assertThat(v).hasSize(384));
  }

  @Test
  void nameAndDimensionsAreFixed() {
    assertThat(model.name()).isEqualTo("all-minilm-l6-v2-q").matches("[A-Za-z0-9._-]+");
    assertThat(model.dimensions()).isEqualTo(384);
    assertThat(MiniLmEmbeddingModel.create()).isSameAs(model);
    assertThat(model).hasToString("MiniLmEmbeddingModel[all-minilm-l6-v2-q, 384 dimensions]");
  }

  @Test
  void returnsOneUnitVectorPerTextInOrder() {
    List<String> texts =
        List.of("customer country city address", "flight departure airport", "order total amount");

    List<float[]> vectors = model.embed(texts);

    assertThat(vectors).hasSize(3).allSatisfy(v -> assertThat(v).hasSize(384));
    assertThat(vectors).allSatisfy(v -> assertThat(norm(v)).isCloseTo(1.0, within(1e-4)));
    for (int i = 0; i < texts.size(); i++) {
      assertThat(vectors.get(i))
          .as("vector %d of the batch is the vector of text %d alone", i, i)
          .containsExactly(model.embed(List.of(texts.get(i))).get(0));
    }
  }

  @Test
  void relatedTextsAreCloserThanUnrelatedOnes() {
    List<float[]> v =
        model.embed(
            List.of(
                "customers who live in Brazil",
                "customer country city address",
                "flight departure airport",
                "total revenue per product last month",
                "order_items product_id quantity unit_price",
                "employees manager hire_date salary"));

    assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(cosine(v.get(0), v.get(2)));
    assertThat(cosine(v.get(3), v.get(4))).isGreaterThan(cosine(v.get(3), v.get(5)));
  }

  @Test
  void sameTextGivesTheSameVector() {
    float[] first = model.embed(List.of("Which suppliers ship to Norway?")).get(0);
    float[] second = model.embed(List.of("Which suppliers ship to Norway?")).get(0);

    assertThat(second).containsExactly(first);
    assertThat(second).isNotSameAs(first);
  }

  @Test
  void textsAreTruncatedAfter126WordPieces() {
    // "customer" is one word piece; 126 of them fill the 128 tokens with [CLS] and [SEP]
    String prefix125 = "customer ".repeat(125);
    String prefix126 = "customer ".repeat(126);

    List<float[]> within = model.embed(List.of(prefix125 + "airport", prefix125 + "banana"));
    List<float[]> beyond = model.embed(List.of(prefix126 + "airport", prefix126 + "banana"));

    assertThat(within.get(0)).isNotEqualTo(within.get(1));
    assertThat(beyond.get(0)).containsExactly(beyond.get(1));
  }

  @Test
  void emptyListGivesEmptyList() {
    assertThat(model.embed(List.of())).isEmpty();
  }

  @Test
  void nullIsRejected() {
    assertThatThrownBy(() -> model.embed(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("texts");
    assertThatThrownBy(() -> model.embed(Arrays.asList("orders", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("texts[1]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t\n", "\u200B", "\u3000", "\u0007"})
  void textsWithNothingToEmbedAreRejected(String blank) {
    assertThatThrownBy(() -> model.embed(List.of("orders", blank)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("texts[1] has nothing to embed");
  }

  @Test
  void concurrentCallsGiveTheSameVectors() throws Exception {
    List<String> texts =
        List.of(
            "customers who live in Brazil",
            "invoice lines with unit price and quantity",
            "employees and their managers",
            "tracks longer than five minutes",
            "albums by artist");
    List<float[]> expected = new ArrayList<>();
    for (String text : texts) {
      expected.add(model.embed(List.of(text)).get(0));
    }
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<List<float[]>>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int shift = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  List<List<float[]>> results = new ArrayList<>();
                  for (int round = 0; round < 5; round++) {
                    // each thread asks for a different rotation, so batches interleave on the pool
                    List<String> rotated = new ArrayList<>(texts);
                    Collections.rotate(rotated, shift + round);
                    List<float[]> vectors = model.embed(rotated);
                    Collections.rotate(vectors, -(shift + round));
                    results.add(vectors);
                  }
                  return results;
                }));
      }
      start.countDown();
      for (Future<List<List<float[]>>> future : futures) {
        for (List<float[]> vectors : future.get(60, TimeUnit.SECONDS)) {
          assertThat(vectors).hasSize(texts.size());
          for (int i = 0; i < texts.size(); i++) {
            assertThat(vectors.get(i)).as(texts.get(i)).containsExactly(expected.get(i));
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
