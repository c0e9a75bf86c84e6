package io.github.dbqueryagent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LargeSchemaTest {
  @Test
  void theRightSchemaReachesTheContextWithinTheBudget() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LargeSchema.run("jdbc:h2:mem:large-schema-test;DB_CLOSE_DELAY=-1", new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    // the clinic's three tables, joined through inferred keys, and the example
    assertThat(out).contains("tables: [CLINIC.DOCTOR", "CLINIC.APPOINTMENT", "CLINIC.PATIENT");
    assertThat(out).contains("(inferred)");
    assertThat(out).contains("-- Example question: How many appointments does each doctor have?");
    // the shop's tables for the shop question, not the 300 legacy ones first
    assertThat(out).contains("tables: [SHOP.");
    assertThat(out).containsPattern("of 600 tokens");
    assertThat(out).contains("rows: [[2]]");
  }
}
