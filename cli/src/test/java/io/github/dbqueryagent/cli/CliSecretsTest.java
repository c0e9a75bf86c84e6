package io.github.dbqueryagent.cli;

import static io.github.dbqueryagent.cli.Cli.dbqa;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --password-env}: the password is read from the environment and never printed. */
class CliSecretsTest {
  static final String PASSWORD = "Sup3r-S3cret!pw";
  static final String WRONG = "Wr0ng-Pa55word-xyz";
  static String url;

  @BeforeAll
  static void database() throws Exception {
    url = TestDatabases.h2WithPassword("secrets-test", "admin", PASSWORD);
  }

  @Test
  void passwordFromTheEnvironmentConnectsAndNeverAppears() {
    Map<String, String> env = Map.of("SHOP_DB_PASSWORD", PASSWORD);
    for (String format : new String[] {"table", "json", "jsonl", "csv"}) {
      Cli.Run run =
          dbqa(env, "sql", "--url", url, "--user", "admin", "--password-env", "SHOP_DB_PASSWORD", "--format", format,
              "SELECT holder FROM accounts ORDER BY id");
      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.out()).contains("Grace");
      assertThat(run.all()).doesNotContain(PASSWORD);
    }
    Cli.Run schema = dbqa(env, "schema", "--url", url, "--user", "admin", "--password-env", "SHOP_DB_PASSWORD",
        "--format", "json");
    assertThat(schema.code()).isZero();
    assertThat(schema.all()).contains("ACCOUNTS").doesNotContain(PASSWORD);
    Cli.Run ask = dbqa(env, "--url", url, "--user", "admin", "--password-env", "SHOP_DB_PASSWORD", "--format", "json",
        "How many accounts are there?");
    assertThat(ask.code()).isIn(0, 3);
    assertThat(ask.all()).doesNotContain(PASSWORD);
  }

  @Test
  void wrongPasswordFailsWithoutShowingIt() {
    Map<String, String> env = Map.of("SHOP_DB_PASSWORD", WRONG);
    Cli.Run sql = dbqa(env, "sql", "--url", url, "--user", "admin", "--password-env", "SHOP_DB_PASSWORD",
        "--format", "json", "SELECT 1");
    assertThat(sql.code()).isEqualTo(4);
    assertThat(sql.err()).startsWith("dbqa: ");
    assertThat(sql.all()).doesNotContain(WRONG);
    Cli.Run ask = dbqa(env, "--url", url, "--user", "admin", "--password-env", "SHOP_DB_PASSWORD", "--format", "json",
        "How many accounts are there?");
    assertThat(ask.code()).isEqualTo(4);
    assertThat(ask.all()).doesNotContain(WRONG);
    Cli.Run schema = dbqa(env, "schema", "--url", url, "--user", "admin", "--password-env", "SHOP_DB_PASSWORD");
    assertThat(schema.code()).isEqualTo(4);
    assertThat(schema.all()).doesNotContain(WRONG);
  }

  @Test
  void unsetVariableIsAUsageErrorNamingIt() {
    Cli.Run run = dbqa(Map.of(), "sql", "--url", url, "--user", "admin", "--password-env", "NOT_SET_ANYWHERE", "SELECT 1");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).startsWith("dbqa: ").contains("NOT_SET_ANYWHERE");
  }

  @Test
  void secretsInTheUrlAreMaskedToo() {
    String secret = "TopSecret99";
    Cli.Run run = dbqa("sql", "--url", "jdbc:postgresql://127.0.0.1:1/x?user=bob&password=" + secret, "SELECT 1");
    assertThat(run.code()).isEqualTo(4);
    assertThat(run.all()).doesNotContain(secret);
    Cli.Run userInfo = dbqa("--url", "jdbc:nosuchdb://bob:" + secret + "@host/db", "q");
    assertThat(userInfo.code()).isEqualTo(2);
    assertThat(userInfo.err()).contains("****").doesNotContain(secret);
  }

  @Test
  void secretsMaskingHidesEveryForm() {
    Secrets s = new Secrets();
    s.add("hunter2");
    s.addFromUrl("jdbc:mariadb://db/shop?user=u&password=pa55;x=1");
    assertThat(s.line("failed for hunter2 and pa55\nat jdbc:x://u:zz@h/db?token=abc"))
        .isEqualTo("failed for **** and **** at jdbc:x://u:****@h/db?token=****");
  }
}
