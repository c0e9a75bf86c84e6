package io.github.dbqueryagent.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlReplyTest {

  @Test
  void sqlFenceWinsAndProseBecomesTheExplanation() {
    SqlReply reply =
        SqlReply.parse("Counting customers per country:\n\n```sql\nSELECT country, COUNT(*)\nFROM customer\n"
            + "GROUP BY country;\n```\nThis groups by country.");

    assertThat(reply.sql()).isEqualTo("SELECT country, COUNT(*)\nFROM customer\nGROUP BY country");
    assertThat(reply.clarification()).isEmpty();
    assertThat(reply.explanation()).isEqualTo("Counting customers per country: This groups by country.");
  }

  @Test
  void fenceTagIsCaseInsensitiveAndAnUntaggedFenceWithSelectCounts() {
    assertThat(SqlReply.parse("```SQL\nSELECT 1\n```").sql()).isEqualTo("SELECT 1");
    assertThat(SqlReply.parse("```\nselect 2\n```").sql()).isEqualTo("select 2");
    assertThat(SqlReply.parse("```python\nprint(1)\n```\n```sql\nSELECT 3\n```").sql()).isEqualTo("SELECT 3");
  }

  @Test
  void unclosedFenceOfACutOffReplyStillYieldsItsText() {
    assertThat(SqlReply.parse("```sql\nSELECT 1\nFROM t").sql()).isEqualTo("SELECT 1\nFROM t");
  }

  @Test
  void bareSelectOrWithIsAccepted() {
    assertThat(SqlReply.parse("  SELECT * FROM t;;  ").sql()).isEqualTo("SELECT * FROM t");
    assertThat(SqlReply.parse("with x as (select 1) select * from x").sql())
        .isEqualTo("with x as (select 1) select * from x");
  }

  @Test
  void thinkingSectionsAreDropped() {
    assertThat(SqlReply.parse("<think>\nCLARIFY: maybe? SELECT nothing\n</think>\n```sql\nSELECT 1\n```").sql())
        .isEqualTo("SELECT 1");
  }

  @Test
  void clarifyLineBecomesAClarification() {
    assertThat(SqlReply.parse("CLARIFY: Which year?").clarification()).isEqualTo("Which year?");
    assertThat(SqlReply.parse("**CLARIFY:** Which year?").clarification()).isEqualTo("Which year?");
    assertThat(SqlReply.parse("The question is vague.\nclarify: Which year?").clarification())
        .isEqualTo("Which year?");
  }

  @Test
  void leadingClarifyWinsOverLaterSql() {
    SqlReply reply = SqlReply.parse("CLARIFY: Total or count?\n```sql\nSELECT COUNT(*) FROM invoice\n```");

    assertThat(reply.sql()).isEmpty();
    assertThat(reply.clarification()).isEqualTo("Total or count?");
  }

  @Test
  void anythingElseIsRejectedWithAReason() {
    assertThatThrownBy(() -> SqlReply.parse("Sure! Here you go: DELETE FROM t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither SQL");
    assertThatThrownBy(() -> SqlReply.parse("   ")).hasMessageContaining("empty");
    assertThatThrownBy(() -> SqlReply.parse("```sql\n\n```")).hasMessageContaining("block is empty");
    assertThatThrownBy(() -> SqlReply.parse("CLARIFY:   ")).isInstanceOf(IllegalArgumentException.class);
  }
}
