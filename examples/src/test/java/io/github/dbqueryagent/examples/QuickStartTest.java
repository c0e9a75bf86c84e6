package io.github.dbqueryagent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickStartTest {
  @Test
  void theQuickStartAnswersItsQuestions() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    QuickStart.run("jdbc:h2:mem:quickstart-test;DB_CLOSE_DELAY=-1", new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("rows:   [[4]]");
    assertThat(out).contains("[[Ursula K. Le Guin, 2]]");
    assertThat(out).contains("The Dispossessed");
    assertThat(out).contains("clarification: ");
    assertThat(out).doesNotContain("clarification: -");
    assertThat(out).contains("rejected: InvalidQuestionException");
    assertThat(out).contains("session turns: 1");
    assertThat(out).contains("stream: SQL proposed:").contains("stream: completed with [[4]]");
  }
}
