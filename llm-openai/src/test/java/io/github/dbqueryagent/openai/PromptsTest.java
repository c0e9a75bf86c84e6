package io.github.dbqueryagent.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.Turn;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromptsTest {

  @Test
  void systemPromptStatesTheDialectAndTheRules() {
    GenerationRequest request = Fixtures.request("q?", Dialect.SQLSERVER, List.of(), List.of(), Optional.empty(),
        new Cancellation());

    String system = Prompts.system(request);

    assertThat(system)
        .contains("Microsoft SQL Server")
        .contains("[Order Details]")
        .contains("SELECT TOP n")
        .contains("exactly one read-only SELECT")
        .contains("only the tables and columns listed in the schema")
        .contains("```sql")
        .contains("CLARIFY: <");
  }

  @Test
  void userPromptListsOmittedTablesAndClarifiedTurns() {
    Turn clarified = new Turn("show the big ones", "", List.of(), 0, "", "Big by what?", Instant.EPOCH);
    GenerationRequest request = Fixtures.request("by total", Dialect.H2, List.of(clarified),
        List.of(TableName.of("sales", "InvoiceLine")), Optional.empty(), new Cancellation());

    String user = Prompts.user(request, OpenAiSqlGenerator.HISTORY_TURNS);

    assertThat(user)
        .startsWith("Schema:\n")
        .contains("left out for space: sales.InvoiceLine")
        .contains("Q: show the big ones\n(you asked: Big by what?)")
        .endsWith("Question: by total\n");
  }

  @Test
  void everyDialectHasAName() {
    for (Dialect d : Dialect.values()) {
      assertThat(Prompts.dialectName(d)).isNotBlank();
    }
    assertThat(Prompts.dialectName(Dialect.GENERIC)).contains("standard SQL");
  }
}
