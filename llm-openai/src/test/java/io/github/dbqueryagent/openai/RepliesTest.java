package io.github.dbqueryagent.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.TokenUsage;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.LanguageModelPrompts;
import org.junit.jupiter.api.Test;

/**
 * What this module adds to core's reply parsing ({@code LanguageModelPromptsTest} covers the shapes):
 * confidence by form, the token usage, the cut-off flag and the API key kept out.
 */
class RepliesTest {
  private static final TokenUsage TOKENS = new TokenUsage(10, 20, 30);
  private static final Secrets SECRETS = new Secrets("sk-secret");

  private static GeneratedSql parse(String reply) {
    return Replies.parse(reply, TOKENS, false, SECRETS, LanguageModelPrompts.ReplyFormat.TEXT);
  }

  @Test
  void sqlInAFencedBlockGetsTheFencedConfidenceAndTheTokens() {
    GeneratedSql sql = parse("```SQL\nSELECT 1;;\n```\nThen maybe:\n```sql\nSELECT 2\n```");

    assertThat(sql.sql()).isEqualTo("SELECT 2");
    assertThat(sql.confidence()).isEqualTo(OpenAiSqlGenerator.FENCED_CONFIDENCE);
    assertThat(sql.tokens()).isEqualTo(TOKENS);
  }

  @Test
  void bareSqlGetsALowerConfidence() {
    GeneratedSql sql = parse("select count(*) from Customer");

    assertThat(sql.sql()).isEqualTo("select count(*) from Customer");
    assertThat(sql.confidence()).isEqualTo(OpenAiSqlGenerator.BARE_CONFIDENCE);
  }

  @Test
  void aClarificationKeepsTheTokens() {
    GeneratedSql sql = parse("The schema has no product table.\nCLARIFY: Which table holds products?");

    assertThat(sql.clarification()).contains("Which table holds products?");
    assertThat(sql.confidence()).isZero();
    assertThat(sql.tokens()).isEqualTo(TOKENS);
  }

  @Test
  void aReplyCutOffInsideTheBlockSaysSo() {
    ModelException e = catchThrowableOfType(ModelException.class,
        () -> Replies.parse("```sql\nSELECT a, b, c FROM", TOKENS, true, SECRETS, LanguageModelPrompts.ReplyFormat.TEXT));

    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isZero();
    assertThat(e.getMessage()).contains("cut off");
  }

  @Test
  void theKeyIsRedactedFromMessagesAndExplanations() {
    ModelException e = catchThrowableOfType(ModelException.class,
        () -> parse("Selecting customers is easy, just ask your DBA. sk-secret"));
    GeneratedSql sql = parse("Using key sk-secret:\n```sql\nSELECT 1\n```");

    assertThat(e.getMessage()).contains("neither").doesNotContain("sk-secret");
    assertThat(sql.explanation()).isEqualTo("Using key ****:");
  }
}
