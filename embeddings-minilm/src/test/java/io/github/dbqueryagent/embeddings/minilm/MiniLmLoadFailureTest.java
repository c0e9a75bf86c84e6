package io.github.dbqueryagent.embeddings.minilm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs in its own JVM (surefire execution {@code load-failure}) where {@code onnxruntime.native.path}
 * names a directory without ONNX Runtime's native libraries, so the model cannot load.
 */
class MiniLmLoadFailureTest {

  private final MiniLmEmbeddingModel model = MiniLmEmbeddingModel.create();

  @Test
  void aModelThatCannotLoadFailsEveryCallWithAModelException() {
    assumeTrue(
        System.getProperty("onnxruntime.native.path") != null,
        "skipped: runs only in the load-failure execution of maven-surefire-plugin, which sets"
            + " onnxruntime.native.path");

    // an empty list never loads the model
    assertThat(model.embed(List.of())).isEmpty();

    for (int call = 0; call < 2; call++) {
      assertThatThrownBy(() -> model.embed(List.of("customers who live in Brazil")))
          .isInstanceOf(ModelException.class)
          .hasMessageStartingWith("Could not load the all-minilm-l6-v2-q model")
          .hasMessageContaining("onnxruntime")
          .satisfies(
              e -> {
                ModelException failure = (ModelException) e;
                assertThat(failure.stage()).isEqualTo(Stage.RETRIEVE);
                assertThat(failure.retriable()).isFalse();
                assertThat(failure.getCause()).isInstanceOf(LinkageError.class);
              });
    }
    // arguments are still checked first
    assertThatThrownBy(() -> model.embed(List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
