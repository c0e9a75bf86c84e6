package io.github.dbqueryagent.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.TokenUsage;
import io.github.dbqueryagent.spi.GeneratedSql;
import org.junit.jupiter.api.Test;

class RepliesTest {
  private static final TokenUsage TOKENS = new TokenUsage(10, 20, 30);
  private static final Secrets SECRETS = new Secrets("sk-secret");

  private static GeneratedSql parse(String reply) {
    return Replies.parse(reply, TOKENS, false, SECRETS);
  }

  @Test
  void takesTheFirstSqlBlockAndStripsSemicolons() {
    GeneratedSql sql = parse("```SQL\nSELECT 1;;\n```\nThen maybe:\n```sql\nSELECT 2\n```");

    assertThat(sql.sql()).isEqualTo("SELECT 1");
    assertThat(sql.tokens()).isEqualTo(TOKENS);
  }

  @Test
  void acceptsAnUntaggedBlockHoldingAQuery() {
    assertThat(parse("```\nWITH t AS (SELECT 1 AS x) SELECT x FROM t\n```").sql())
        .isEqualTo("WITH t AS (SELECT 1 AS x) SELECT x FROM t");
  }

  @Test
  void acceptsBareSqlWithALowerConfidence() {
    GeneratedSql sql = parse("select count(*) from Customer");

    assertThat(sql.sql()).isEqualTo("select count(*) from Customer");
    assertThat(sql.confidence()).isEqualTo(OpenAiSqlGenerator.BARE_CONFIDENCE);
  }

  @Test
  void findsAClarifyLineAfterSomeText() {
    GeneratedSql sql = parse("The schema has no product table.\nCLARIFY: Which table holds products?");

    assertThat(sql.clarification()).contains("Which table holds products?");
    assertThat(sql.tokens()).isEqualTo(TOKENS);
  }

  @Test
  void anEmptyClarifyStillAsksSomething() {
    assertThat(parse("clarify:").clarification()).isPresent().get().asString().isNotBlank();
  }

  @Test
  void anEmptySqlBlockIsUnusable() {
    ModelException e = catchThrowableOfType(ModelException.class, () -> parse("```sql\n```"));

    assertThat(e.retriable()).isFalse();
    assertThat(e.getMessage()).contains("empty");
  }

  @Test
  void aReplyCutOffInsideTheBlockSaysSo() {
    ModelException e = catchThrowableOfType(ModelException.class,
        () -> Replies.parse("```sql\nSELECT a, b, c FROM", TOKENS, true, SECRETS));

    assertThat(e.retriable()).isFalse();
    assertThat(e.getMessage()).contains("cut off");
  }

  @Test
  void proseThatMentionsSelectIsNotSql() {
    ModelException e = catchThrowableOfType(ModelException.class,
        () -> parse("Selecting customers is easy, just ask your DBA. sk-secret"));

    assertThat(e.getMessage()).contains("neither").doesNotContain("sk-secret");
  }
}
