package io.github.dbqueryagent.internal.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ValidatedSql;
import io.github.dbqueryagent.spi.ValidationContext;
import io.github.dbqueryagent.spi.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DialectParserTest {

  static ValidatedSql validate(String sql, Dialect dialect) {
    return Validator.jsqlparser().validate(sql, new ValidationContext(dialect, 100, new Catalog("", "", dialect, List.of())));
  }

  static String rewrite(String sql, Dialect dialect) {
    return DialectParser.rewrite(SqlTokens.of(sql, dialect)).orElse(sql);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SQLSERVER | SELECT number, Number FROM course | SELECT [number], [Number] FROM course",
        "POSTGRESQL | SELECT NUMBER FROM course | SELECT \"number\" FROM course",
        "MYSQL | SELECT number FROM course | SELECT `number` FROM course",
        "SQLITE | SELECT c.number FROM course c | SELECT c.`number` FROM course c",
        "SQLSERVER | SELECT 'number', number /* number */ FROM [number] | SELECT 'number', [number] /* number */ FROM [number]",
        "SQLSERVER | SELECT x AS number, CAST(y AS number) FROM t | SELECT x AS number, CAST(y AS number) FROM t",
        "POSTGRESQL | SELECT y::number FROM t | SELECT y::number FROM t",
        "ORACLE | SELECT number FROM t | SELECT number FROM t",
        "H2 | SELECT number FROM t | SELECT number FROM t",
        "MYSQL | SELECT DATE_ADD(d, INTERVAL (f(d)) QUARTER) FROM t | SELECT DATE_ADD(d, INTERVAL +(f(d)) QUARTER) FROM t",
        "MARIADB | SELECT d + INTERVAL (1 + 1) week FROM t | SELECT d + INTERVAL +(1 + 1) week FROM t",
        "MYSQL | SELECT INTERVAL(5, 1, 10) week FROM t | SELECT INTERVAL(5, 1, 10) week FROM t",
        "POSTGRESQL | SELECT d + INTERVAL (3) QUARTER FROM t | SELECT d + INTERVAL (3) QUARTER FROM t"
      })
  void rewritesOnlyWordsInTheDialectsWay(Dialect dialect, String sql, String expected) {
    assertThat(rewrite(sql, dialect)).isEqualTo(expected);
  }

  @Test
  void theRewriteIsWhatIsValidatedAndRun() {
    ValidatedSql v = validate("SELECT number, x FROM course", Dialect.SQLSERVER);
    assertThat(v.accepted()).isTrue();
    assertThat(v.sql()).isEqualTo("SELECT TOP 101 [number], x FROM course");
    ValidatedSql q = validate("SELECT DATE_ADD(d, INTERVAL (TIMESTAMPDIFF(QUARTER, '2000-01-01', d)) QUARTER) AS q FROM t",
        Dialect.MYSQL);
    assertThat(q.accepted()).isTrue();
    assertThat(q.sql()).contains("INTERVAL +(TIMESTAMPDIFF(").endsWith("LIMIT 101");
  }

  @Test
  void textThatParsesIsNotRewritten() {
    assertThat(validate("SELECT c.number FROM course c", Dialect.SQLSERVER).sql())
        .isEqualTo("SELECT TOP 101 c.number FROM course c");
    assertThat(validate("SELECT DATE_ADD(d, INTERVAL (3) MONTH) FROM t", Dialect.MYSQL).sql())
        .isEqualTo("SELECT DATE_ADD(d, INTERVAL (3) MONTH) FROM t LIMIT 101");
  }

  @Test
  void aRewriteDoesNotRescueUnsafeText() {
    assertThat(validate("SELECT number, SLEEP(5) FROM course", Dialect.MYSQL).violations())
        .extracting(x -> x.rule()).containsExactly("denied-function");
    assertThat(validate("SELECT number FROM course SHUTDOWN", Dialect.SQLSERVER).violations())
        .extracting(x -> x.rule()).containsExactly("single-statement");
  }

  @Test
  void tokensCoverTheTextAndKeepLiteralsWhole() {
    String sql = "SELECT 'a;b''c' AS \"x\"\"y\", [z] -- c\n/* d */ FROM t;";
    SqlTokens tokens = SqlTokens.of(sql, Dialect.SQLSERVER);
    assertThat(tokens.problem()).isEmpty();
    StringBuilder joined = new StringBuilder();
    tokens.tokens().forEach(t -> joined.append(t.text()));
    assertThat(joined.toString()).isEqualTo(sql);
    assertThat(tokens.tokens()).extracting(SqlTokens.Token::text)
        .contains("'a;b''c'", "\"x\"\"y\"", "[z]", "-- c", "/* d */", ";");
    assertThat(tokens.tokens().stream().filter(t -> t.kind() == SqlTokens.Kind.QUOTED_IDENTIFIER).map(SqlTokens.Token::name))
        .containsExactly("x\"y", "z");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "POSTGRESQL | SELECT 1 -- c",
        "MYSQL | SELECT 1 -- c",
        "MYSQL | SELECT 1 --\tc",
        "POSTGRESQL | SELECT $1 FROM t",
        "POSTGRESQL | SELECT a$b FROM t",
        "ORACLE | SELECT /*+ INDEX(t) */ x FROM t",
        "SQLSERVER | SELECT @p, #tmp.x FROM #tmp",
        "POSTGRESQL | SELECT 'C:\\dir\\file' AS p, '^\\d+$' AS re"
      })
  void ordinaryTextHasNoProblem(Dialect dialect, String sql) {
    assertThat(SqlTokens.of(sql, dialect).problem()).as(sql).isEmpty();
  }

  @Test
  void aBackslashBeforeAQuoteIsRejectedInEveryDialectEvenWhereItWouldBeHarmless() {
    // PostgreSQL reads 'C:\dir\' as one literal, MySQL as an unterminated one: the validator does not guess
    for (Dialect d : Dialect.values()) {
      assertThat(validate("SELECT 'C:\\dir\\' AS p", d).violations()).extracting(x -> x.rule())
          .containsExactly("ambiguous-syntax");
    }
  }
}
