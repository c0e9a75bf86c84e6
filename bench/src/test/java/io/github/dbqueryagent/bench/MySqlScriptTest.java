package io.github.dbqueryagent.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MySqlScriptTest {
  private static List<String> sql(String script, boolean backslashEscapes) {
    return MySqlScript.split(script, backslashEscapes).stream().map(MySqlScript.Statement::sql).toList();
  }

  @Test
  void splitsOutsideLiteralsIdentifiersAndComments() {
    String script = "/* header; */\nCREATE DATABASE `Chi;nook`;\n-- a comment;\nUSE `Chinook`;\n"
        + "# hash comment;\nINSERT INTO t VALUES (N'a;b', 'it''s', \"x;y\");\n";
    assertThat(sql(script, true)).containsExactly(
        "CREATE DATABASE `Chi;nook`", "USE `Chinook`", "INSERT INTO t VALUES (N'a;b', 'it''s', \"x;y\")");
  }

  @Test
  void backslashesEscapeOnlyWhenAsked() {
    String script = "INSERT INTO t VALUES ('a \\' ;b');\nSELECT 1;";
    assertThat(sql(script, true)).containsExactly("INSERT INTO t VALUES ('a \\' ;b')", "SELECT 1");
    assertThat(sql("INSERT INTO t VALUES ('Rusticana \\ Act');SELECT 1", false))
        .containsExactly("INSERT INTO t VALUES ('Rusticana \\ Act')", "SELECT 1");
  }

  @Test
  void delimiterCommandsChangeTheDelimiter() {
    String script = "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\nDELIMITER ;\nSELECT 3;";
    assertThat(sql(script, true)).containsExactly("CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", "SELECT 3");
  }

  @Test
  void keepsExecutableCommentsAndReportsLines() {
    List<MySqlScript.Statement> st = MySqlScript.split("SELECT 1;\n\n/*!40101 SET NAMES utf8 */;", true);
    assertThat(st).hasSize(2);
    assertThat(st.get(1).sql()).isEqualTo("/*!40101 SET NAMES utf8 */");
    assertThat(st.get(1).line()).isEqualTo(3);
  }

  @Test
  void rejectsUnclosedLiterals() {
    assertThatThrownBy(() -> MySqlScript.split("SELECT 'abc;", true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1");
  }
}
