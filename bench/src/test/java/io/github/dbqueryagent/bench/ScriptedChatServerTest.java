package io.github.dbqueryagent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptedChatServerTest {
  private static final String PROMPT = "Schema:\nCREATE TABLE t (id int);\n\nQuestion: How many rows are in t?\n";

  private static String repair(String question, String sql) {
    return "Schema:\nCREATE TABLE t (id int);\n\nQuestion: " + question + "\n\n" + ScriptedChatServer.REPAIR_MARKER
        + "\n```sql\n" + sql + "\n```\nError: column \"x\" does not exist\nFix the SQL ...\n";
  }

  @Test
  void findsTheQuestionOfAFirstRequest() {
    assertThat(ScriptedChatServer.question(PROMPT)).contains("How many rows are in t?");
  }

  @Test
  void findsTheQuestionOfARepairRequestWithoutTheRepairSection() {
    String user = repair("Which ids? Return them", "SELECT x FROM t");
    assertThat(ScriptedChatServer.question(user)).contains("Which ids? Return them");
    assertThat(ScriptedChatServer.isRepair(user)).isTrue();
    assertThat(ScriptedChatServer.isRepair(PROMPT)).isFalse();
  }

  @Test
  void takesTheLastQuestionLineAfterSessionHistory() {
    String user = "Schema:\n(no table matched the question)\n\nEarlier in this conversation (oldest first); the new question may refer to it:\n"
        + "Q: first\nSQL: SELECT 1\n\nQuestion: second\n";
    assertThat(ScriptedChatServer.question(user)).contains("second");
  }

  @Test
  void noQuestionLineMeansNoQuestion() {
    assertThat(ScriptedChatServer.question("Schema:\nCREATE TABLE t (id int);\n")).isEmpty();
  }

  @Test
  void breaksAboutOneQuestionInFiveDeterministically() {
    int broken = 0;
    for (int i = 0; i < 1000; i++) if (ScriptedChatServer.breaksFirstAnswer("question number " + i)) broken++;
    assertThat(broken).isBetween(150, 250);
    assertThat(ScriptedChatServer.breaksFirstAnswer("  question number 7 ")).isEqualTo(ScriptedChatServer.breaksFirstAnswer("question number 7"));
  }

  @Test
  void brokenQueryAddsAMisspelledColumnToTheFirstSelectList() {
    assertThat(ScriptedChatServer.broken("SELECT a, b FROM t")).isEqualTo("SELECT misspeled_colum, a, b FROM t");
    assertThat(ScriptedChatServer.broken("select distinct a from t")).isEqualTo("select distinct misspeled_colum, a from t");
    assertThat(ScriptedChatServer.broken("WITH c AS (SELECT a FROM t) SELECT a FROM c"))
        .isEqualTo("WITH c AS (SELECT misspeled_colum, a FROM t) SELECT a FROM c");
  }

  @Test
  void firstAnswerIsBrokenForABreakingQuestionAndTheRepairGetsTheGoldSql() {
    String breaking = null;
    String plain = null;
    for (int i = 0; breaking == null || plain == null; i++) {
      String q = "How many rows are in table " + i + "?";
      if (ScriptedChatServer.breaksFirstAnswer(q)) breaking = breaking == null ? q : breaking;
      else plain = plain == null ? q : plain;
    }
    Map<String, String> script = Map.of(breaking, "SELECT count(*) FROM t", plain, "SELECT id FROM t");
    assertThat(ScriptedChatServer.answer("Question: " + breaking + "\n", script)).contains("SELECT misspeled_colum, count(*) FROM t");
    assertThat(ScriptedChatServer.answer(repair(breaking, "SELECT misspeled_colum, count(*) FROM t"), script)).contains("SELECT count(*) FROM t");
    assertThat(ScriptedChatServer.answer("Question: " + plain + "\n", script)).contains("SELECT id FROM t");
    assertThat(ScriptedChatServer.answer("Question: not scripted\n", script)).isEmpty();
  }
}
