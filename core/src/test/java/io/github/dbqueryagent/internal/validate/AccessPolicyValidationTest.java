package io.github.dbqueryagent.internal.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.AccessPolicy;
import io.github.dbqueryagent.spi.AccessPolicy.FunctionPolicy;
import io.github.dbqueryagent.spi.AccessPolicy.SensitiveColumnMode;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.ValidatedSql;
import io.github.dbqueryagent.spi.ValidationContext;
import io.github.dbqueryagent.spi.Validator;
import io.github.dbqueryagent.spi.Violation;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The access policy as the default validator enforces it on parsed SQL. */
class AccessPolicyValidationTest {
  static final Validator VALIDATOR = Validator.jsqlparser();

  static final Catalog CATALOG =
      new Catalog("test", "1", Dialect.POSTGRESQL, List.of(
          table(TableName.of("customer"), "id", "name", "email", "ssn", "region_id"),
          table(TableName.of("person"), "id", "ssn", "nickname"),
          table(TableName.of("region"), "id", "name"),
          table(TableName.of("sales", "orders"), "id", "customer_id", "total"),
          table(TableName.of("hr", "salary"), "employee_id", "amount")));

  /** Blocks hr.salary and customer.ssn. */
  static final AccessPolicy BLOCKING =
      AccessPolicy.builder().addBlockedTable("hr.salary").addBlockedColumn("customer.ssn").build();

  static Table table(TableName name, String... columns) {
    List<Column> cols = new java.util.ArrayList<>();
    for (String c : columns) {
      cols.add(c.equals("id") || c.endsWith("_id") || c.equals("amount") || c.equals("total")
          ? Column.of(c, "INTEGER", Types.INTEGER) : Column.of(c, "VARCHAR", Types.VARCHAR));
    }
    return new Table(name, Table.Kind.TABLE, "", cols, List.of(columns[0]), List.of(), -1);
  }

  static ValidatedSql validate(String sql, AccessPolicy policy) {
    return VALIDATOR.validate(sql, new ValidationContext(Dialect.POSTGRESQL, 100, CATALOG, policy));
  }

  static void assertRejected(String sql, AccessPolicy policy, String rule, String... messageParts) {
    ValidatedSql v = validate(sql, policy);
    assertThat(v.accepted()).as(sql).isFalse();
    assertThat(v.violations()).as(sql).extracting(Violation::rule).contains(rule);
    Violation first = v.violations().stream().filter(x -> x.rule().equals(rule)).findFirst().orElseThrow();
    assertThat(first.message()).as(sql).contains(messageParts).doesNotContain("\n");
  }

  static void assertAccepted(String sql, AccessPolicy policy) {
    ValidatedSql v = validate(sql, policy);
    assertThat(v.violations()).as(sql).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SELECT * FROM hr.salary | FROM clause of the main query",
        "SELECT amount FROM salary | FROM clause of the main query",
        "SELECT * FROM HR.Salary | FROM clause of the main query",
        "SELECT * FROM \"hr\".\"salary\" | FROM clause of the main query",
        "SELECT c.name FROM customer c JOIN hr.salary s ON s.employee_id = c.id | JOIN clause of the main query",
        "SELECT name FROM customer WHERE id IN (SELECT employee_id FROM hr.salary) | FROM clause of a subquery",
        "SELECT name FROM customer WHERE id = ANY (SELECT employee_id FROM hr.salary) | FROM clause of a subquery",
        "SELECT name FROM customer c WHERE EXISTS (SELECT 1 FROM hr.salary s WHERE s.employee_id = c.id) | FROM clause of an EXISTS subquery",
        "SELECT (SELECT MAX(amount) FROM hr.salary) FROM customer | FROM clause of a subquery",
        "WITH x AS (SELECT * FROM hr.salary) SELECT * FROM x | FROM clause of the CTE 'x'",
        "WITH a AS (SELECT 1 AS n), b AS (SELECT amount FROM a, hr.salary) SELECT * FROM b | the CTE 'b'",
        "SELECT * FROM (SELECT * FROM hr.salary) s | FROM clause of the derived table 's'",
        "SELECT name FROM customer UNION SELECT CAST(amount AS VARCHAR) FROM hr.salary | branch 2 of the UNION",
        "SELECT name FROM customer EXCEPT SELECT 'x' FROM (SELECT 1 FROM hr.salary) z | the derived table 'z'",
        "SELECT c.name FROM customer c, LATERAL (SELECT amount FROM hr.salary s WHERE s.employee_id = c.id) l | the LATERAL subquery 'l'",
        "SELECT * FROM (customer c JOIN hr.salary s ON s.employee_id = c.id) | JOIN clause of the main query",
        "SELECT * FROM (WITH salary AS (SELECT 1 AS a) SELECT a FROM salary) x, salary | FROM clause of the main query"
      })
  void blockedTablesAreRejectedAnywhereInTheTree(String sql, String where) {
    assertRejected(sql, BLOCKING, "table-blocked", "'hr.salary'", where);
  }

  @Test
  void aCteMayShadowABlockedTableName() {
    assertAccepted("WITH salary AS (SELECT 1 AS amount) SELECT amount FROM salary", BLOCKING);
    assertAccepted("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r", BLOCKING);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SELECT ssn FROM customer | select list of the main query",
        "SELECT SSN FROM CUSTOMER | select list of the main query",
        "SELECT \"ssn\" FROM \"customer\" | select list of the main query",
        "SELECT c.ssn FROM customer c | select list of the main query",
        "SELECT customer.ssn FROM customer | select list of the main query",
        "SELECT name FROM customer WHERE ssn = '1' | WHERE clause of the main query",
        "SELECT name FROM customer ORDER BY ssn | ORDER BY clause of the main query",
        "SELECT COUNT(*) FROM customer GROUP BY ssn | GROUP BY clause of the main query",
        "SELECT region_id FROM customer GROUP BY region_id HAVING MAX(ssn) > '1' | HAVING clause of the main query",
        "SELECT COUNT(ssn) FROM customer | select list of the main query",
        "SELECT o.id FROM sales.orders o JOIN customer c ON c.ssn = CAST(o.customer_id AS VARCHAR) | JOIN condition of the main query",
        "SELECT x FROM (SELECT ssn AS x FROM customer) t | select list of the derived table 't'",
        "SELECT x FROM (SELECT c.ssn AS x FROM customer AS c) AS t | select list of the derived table 't'",
        "WITH k AS (SELECT ssn FROM customer) SELECT * FROM k | select list of the CTE 'k'",
        "SELECT name FROM customer UNION SELECT ssn FROM customer | select list of branch 2 of the UNION",
        "SELECT name FROM customer c WHERE EXISTS (SELECT 1 FROM sales.orders o WHERE o.customer_id = c.id AND c.ssn IS NOT NULL) | WHERE clause of an EXISTS subquery",
        "SELECT name FROM customer WHERE id IN (SELECT id FROM customer WHERE ssn LIKE '9%') | WHERE clause of a subquery",
        "SELECT c.name, l.x FROM customer c, LATERAL (SELECT c.ssn AS x) l | the LATERAL subquery 'l'",
        "SELECT name, ROW_NUMBER() OVER (PARTITION BY ssn ORDER BY id) FROM customer | select list of the main query",
        "SELECT SUBSTRING(ssn FROM 1 FOR 3) FROM customer | select list of the main query",
        "SELECT POSITION('1' IN ssn) FROM customer | select list of the main query",
        "SELECT CASE WHEN ssn IS NULL THEN 0 ELSE 1 END FROM customer | select list of the main query",
        "SELECT name FROM customer LIMIT (SELECT LENGTH(MAX(ssn)) FROM customer) | select list of a subquery"
      })
  void blockedColumnsAreRejectedInEveryClause(String sql, String where) {
    assertRejected(sql, BLOCKING, "column-blocked", "'customer.ssn'", where);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "SELECT * FROM customer | '*' expands to blocked column 'customer.ssn'",
        "SELECT c.* FROM customer c | 'c.*' expands to blocked column 'customer.ssn'",
        "SELECT r.name, c.* FROM region r JOIN customer c ON c.region_id = r.id | 'c.*' expands",
        "WITH c AS (SELECT * FROM customer) SELECT name FROM c | '*' expands to blocked column 'customer.ssn' (in the select list of the CTE 'c')",
        "SELECT * FROM customer JOIN person USING (id) | '*' expands to blocked column 'customer.ssn'",
        "SELECT row_to_json(c) FROM customer c | the whole-row reference 'c' includes blocked column 'customer.ssn'",
        "SELECT ssn FROM customer, person | column reference 'ssn' may read blocked column 'customer.ssn'",
        "SELECT c.name FROM customer c NATURAL JOIN person p | column 'customer.ssn' is blocked by the access policy (in the NATURAL JOIN of the main query)"
      })
  void starsWholeRowsAndAmbiguousReferencesAreResolved(String sql, String message) {
    assertRejected(sql, BLOCKING, "column-blocked", message);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SELECT d FROM customer AS c(a, b, e, d, r)",
        "SELECT * FROM customer AS c(a, b, e, d, r)",
        "SELECT \"c\".\"SSN\" FROM customer \"c\"",
        "SELECT (SELECT ssn) FROM customer",
        "SELECT x.* FROM (SELECT * FROM customer) x",
        "SELECT name FROM customer WHERE (id, ssn) IN (SELECT 1, '2')",
        "SELECT name FROM customer GROUP BY ROLLUP(name, ssn)",
        "SELECT string_agg(ssn, ',') FROM customer",
        "SELECT COUNT(*) FILTER (WHERE ssn LIKE '1%') FROM customer",
        "SELECT name, SUM(id) OVER w FROM customer WINDOW w AS (PARTITION BY ssn)",
        "SELECT c1.name FROM customer c1 JOIN customer c2 USING (ssn)",
        "SELECT json_agg(c.*) FROM customer c",
        "SELECT name FROM customer WHERE id IN (VALUES (1)) OR ssn IS NULL",
        "WITH RECURSIVE r(n, s) AS (SELECT 1, ssn FROM customer UNION ALL SELECT n + 1, s FROM r WHERE n < 3) SELECT n FROM r",
        "SELECT name FROM customer c WHERE c.id = (SELECT MAX(id) FROM customer d WHERE d.ssn = c.ssn)"
      })
  void bypassAttemptsAreRejected(String sql) {
    assertRejected(sql, BLOCKING, "column-blocked", "'customer.ssn'");
  }

  @Test
  void tableStatementsReadTheWholeTable() {
    assertRejected("TABLE customer", BLOCKING, "column-blocked",
        "reading all of table 'customer' includes blocked column 'customer.ssn' (in the TABLE statement of the main query)");
    assertRejected("TABLE hr.salary", BLOCKING, "table-blocked", "'hr.salary'");
    assertAccepted("TABLE region", BLOCKING);
    assertThat(PolicyAnalyzer.outputs("TABLE customer", Dialect.POSTGRESQL, CATALOG, AccessPolicy.defaults()).orElseThrow()
        .columns()).extracting(PolicyAnalyzer.Output::sensitive).containsExactly(false, false, true, true, false);
  }

  @Test
  void theStarMessageTellsWhatToDoInstead() {
    assertRejected("SELECT * FROM customer", BLOCKING, "column-blocked",
        "(in the select list of the main query): list the columns you need instead");
    assertRejected("SELECT ssn FROM customer, person", BLOCKING, "column-blocked", "qualify it with its table");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "SELECT id, name, email FROM customer",
        "SELECT COUNT(*) FROM customer",
        "SELECT * FROM (SELECT id, name FROM customer) t",
        "WITH c AS (SELECT id, name FROM customer) SELECT * FROM c",
        "SELECT name FROM customer c WHERE EXISTS (SELECT * FROM customer d WHERE d.id = c.id)",
        "SELECT ssn FROM person",
        "SELECT p.ssn FROM customer c JOIN person p ON p.id = c.id",
        "SELECT name AS ssn FROM customer ORDER BY ssn",
        "SELECT * FROM person",
        "SELECT sales.orders.total FROM sales.orders",
        "SELECT r.* FROM region r JOIN customer c ON c.region_id = r.id",
        "SELECT c.name, o.total FROM customer c JOIN sales.orders o ON o.customer_id = c.id WHERE o.total > 10 ORDER BY o.total DESC",
        "SELECT region_id, COUNT(*) AS n FROM customer GROUP BY region_id HAVING COUNT(*) > 1 ORDER BY n"
      })
  void compliantQueriesPass(String sql) {
    assertAccepted(sql, BLOCKING);
  }

  @Test
  void aColumnRuleWithoutTableBlocksThatColumnEverywhere() {
    AccessPolicy policy = AccessPolicy.builder().addBlockedColumn("SSN").build();
    assertRejected("SELECT ssn FROM person", policy, "column-blocked", "'person.ssn'");
    assertRejected("SELECT nickname FROM person WHERE ssn IS NULL", policy, "column-blocked", "'person.ssn'", "WHERE clause");
    assertRejected("SELECT mystery.ssn FROM person", policy, "column-blocked", "cannot be placed in a table");
    assertAccepted("SELECT nickname FROM person", policy);
  }

  @Test
  void aSchemaQualifiedColumnRuleMatchesOnlyThatSchema() {
    AccessPolicy policy = AccessPolicy.builder().addBlockedColumn("sales.orders.total").build();
    assertRejected("SELECT total FROM sales.orders", policy, "column-blocked", "'sales.orders.total'");
    assertRejected("SELECT o.total FROM orders o", policy, "column-blocked", "'sales.orders.total'");
    assertAccepted("SELECT amount FROM hr.salary", policy);
  }

  @Test
  void anUnqualifiedNameThatMayDenoteABlockedTableIsRejected() {
    Catalog twoSchemas =
        new Catalog("test", "1", Dialect.POSTGRESQL, List.of(
            table(TableName.of("public", "orders"), "id", "total"),
            table(TableName.of("archive", "orders"), "id", "total")));
    AccessPolicy policy = AccessPolicy.builder().addBlockedTable("archive.orders").build();
    ValidatedSql v = VALIDATOR.validate("SELECT total FROM orders", new ValidationContext(Dialect.POSTGRESQL, 10, twoSchemas, policy));
    assertThat(v.violations()).extracting(Violation::rule).containsExactly("table-blocked");
    assertThat(v.violations().get(0).message())
        .contains("table reference 'orders' may refer to blocked table 'archive.orders'")
        .contains("qualify it with its schema");
    assertThat(VALIDATOR.validate("SELECT total FROM public.orders", new ValidationContext(Dialect.POSTGRESQL, 10, twoSchemas, policy))
        .accepted()).isTrue();
  }

  @Test
  void anAllowListAdmitsOnlyItsTables() {
    AccessPolicy policy = AccessPolicy.builder().addAllowedTable("customer").addAllowedTable("sales.orders").build();
    assertAccepted("SELECT c.name, o.total FROM customer c JOIN sales.orders o ON o.customer_id = c.id", policy);
    assertAccepted("SELECT total FROM orders", policy);
    assertAccepted("SELECT * FROM customer", policy);
    assertRejected("SELECT * FROM region", policy, "table-not-allowed", "table 'region' is not on the access policy's allow-list",
        "FROM clause of the main query");
    assertRejected("SELECT c.name FROM customer c JOIN region r ON r.id = c.region_id", policy, "table-not-allowed", "'region'",
        "JOIN clause");
    assertRejected("SELECT name FROM customer WHERE region_id IN (SELECT id FROM Region)", policy, "table-not-allowed",
        "'region'", "a subquery");
    assertRejected("WITH r AS (SELECT * FROM region) SELECT name FROM r", policy, "table-not-allowed", "the CTE 'r'");
  }

  @Test
  void hiddenTablesAreNeverSuggestedForUnknownNames() {
    ValidatedSql v = validate("SELECT * FROM salarys", BLOCKING);
    assertThat(v.violations()).extracting(Violation::rule).containsExactly("unknown-table");
    assertThat(v.violations().get(0).message()).doesNotContain("salary'");
    ValidatedSql open = validate("SELECT * FROM salarys", AccessPolicy.defaults());
    assertThat(open.violations().get(0).message()).contains("did you mean 'hr.salary'");
  }

  @Test
  void everyViolationIsReportedOnce() {
    ValidatedSql v = validate("SELECT c.ssn, c.ssn, s.amount FROM customer c JOIN hr.salary s ON s.employee_id = c.id", BLOCKING);
    assertThat(v.violations()).extracting(Violation::rule).containsExactlyInAnyOrder("column-blocked", "table-blocked");
  }

  @Test
  void functionAllowListAdmitsTheSafeBaseAndListedFunctionsOnly() {
    AccessPolicy policy =
        AccessPolicy.builder().functionPolicy(FunctionPolicy.ALLOW_LIST).addAllowedFunction("md5").build();
    for (String sql : List.of(
        "SELECT UPPER(name), COUNT(*), ROUND(AVG(id), 2), COALESCE(email, '-') FROM customer GROUP BY name, email",
        "SELECT name, ROW_NUMBER() OVER (ORDER BY id), LAG(name) OVER (ORDER BY id) FROM customer",
        "SELECT md5(name), MD5(email) FROM customer",
        "SELECT EXTRACT(YEAR FROM CURRENT_DATE), CAST(id AS VARCHAR), CASE WHEN id > 1 THEN 'a' END FROM customer",
        "SELECT DATE_TRUNC('month', CURRENT_DATE), SUBSTRING(name FROM 1 FOR 2) FROM customer")) {
      assertAccepted(sql, policy);
    }
    assertRejected("SELECT sha256(name) FROM customer", policy, "function-not-allowed",
        "function sha256() is not on the access policy's function allow-list (in the select list of the main query)");
    assertRejected("SELECT name FROM customer WHERE LENGTH(encode(name, 'hex')) > 1", policy, "function-not-allowed",
        "encode()", "WHERE clause");
    assertRejected("SELECT * FROM generate_series(1, 3) g", policy, "function-not-allowed", "generate_series()",
        "FROM clause");
    assertRejected("WITH x AS (SELECT gen_random_uuid() AS u) SELECT u FROM x", policy, "function-not-allowed",
        "gen_random_uuid()", "the CTE 'x'");
    assertRejected("SELECT name FROM customer ORDER BY random()", policy, "function-not-allowed", "random()",
        "ORDER BY clause");
  }

  @Test
  void theBuiltInDenyListAppliesInBothFunctionModes() {
    AccessPolicy allowing =
        AccessPolicy.builder().functionPolicy(FunctionPolicy.ALLOW_LIST).addAllowedFunction("pg_sleep").build();
    assertThat(validate("SELECT pg_sleep(1)", allowing).violations()).extracting(Violation::rule).contains("denied-function");
    assertThat(validate("SELECT pg_sleep(1)", AccessPolicy.defaults()).violations()).extracting(Violation::rule)
        .contains("denied-function");
    assertAccepted("SELECT md5(name) FROM customer", AccessPolicy.defaults());
  }

  @Test
  void blockModeRejectsAnyReadOfASensitiveColumn() {
    AccessPolicy block = AccessPolicy.builder().sensitiveColumnMode(SensitiveColumnMode.BLOCK).build();
    assertRejected("SELECT email FROM customer", block, "sensitive-column",
        "column 'customer.email' holds sensitive data, which the access policy does not let queries read (in the select list of the main query)");
    assertRejected("SELECT name FROM customer WHERE email LIKE '%@example.com'", block, "sensitive-column", "WHERE clause");
    assertRejected("SELECT * FROM customer", block, "sensitive-column", "'*' expands to sensitive column 'customer.email'");
    assertRejected("SELECT COUNT(email) FROM customer", block, "sensitive-column", "'customer.email'");
    assertRejected("SELECT e FROM (SELECT email AS e FROM customer) t", block, "sensitive-column", "the derived table 't'");
    assertAccepted("SELECT name, COUNT(*) FROM customer GROUP BY name", block);

    AccessPolicy configured = AccessPolicy.builder().sensitiveColumnMode(SensitiveColumnMode.BLOCK)
        .sensitiveColumnDetection(false).addSensitiveColumn("region.name").build();
    assertRejected("SELECT name FROM region", configured, "sensitive-column", "'region.name'");
    assertAccepted("SELECT email FROM customer", configured);
    assertAccepted("SELECT name FROM customer", configured);
  }

  @Test
  void maskModeLetsQueriesReadSensitiveColumns() {
    assertAccepted("SELECT email FROM customer WHERE email LIKE '%x'", AccessPolicy.defaults());
    assertAccepted("SELECT * FROM customer", AccessPolicy.defaults());
  }

  @Test
  void theRowLimitRewriteIsUnchangedByThePolicyCheck() {
    String sql = "SELECT c.name /* who */ FROM customer c JOIN sales.orders o ON o.customer_id = c.id -- note";
    assertThat(validate(sql, BLOCKING).sql()).isEqualTo(validate(sql, AccessPolicy.defaults()).sql());
    assertThat(validate("SELECT name FROM customer", BLOCKING).sql()).isEqualTo("SELECT name FROM customer LIMIT 101");
  }

  @Test
  void theThreeArgumentContextUsesTheDefaultPolicy() {
    ValidationContext context = new ValidationContext(Dialect.H2, 5, CATALOG);
    assertThat(context.accessPolicy()).isSameAs(AccessPolicy.defaults());
  }

  @Test
  void withoutACatalogReferencesAreCheckedByName() {
    Catalog empty = new Catalog("test", "1", Dialect.POSTGRESQL, List.of());
    ValidationContext context = new ValidationContext(Dialect.POSTGRESQL, 10, empty, BLOCKING);
    assertThat(VALIDATOR.validate("SELECT ssn FROM customer", context).violations()).extracting(Violation::rule)
        .containsExactly("column-blocked");
    assertThat(VALIDATOR.validate("SELECT amount FROM salary", context).violations()).extracting(Violation::rule)
        .containsExactly("table-blocked");
    assertThat(VALIDATOR.validate("SELECT * FROM customer", context).violations().get(0).message())
        .contains("cannot be expanded over table 'customer', which is not in the catalog");
    assertThat(VALIDATOR.validate("SELECT name FROM customer", context).accepted()).isTrue();
  }

  static List<Boolean> sensitiveOutputs(String sql) {
    PolicyAnalyzer.Outputs o = PolicyAnalyzer.outputs(sql, Dialect.POSTGRESQL, CATALOG, AccessPolicy.defaults()).orElseThrow();
    return o.columns().stream().map(PolicyAnalyzer.Output::sensitive).toList();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SELECT name, email FROM customer | false,true",
        "SELECT email AS contact FROM customer | true",
        "SELECT e FROM (SELECT email AS e FROM customer) t | true",
        "WITH k(a, b) AS (SELECT id, email FROM customer) SELECT b, a FROM k | true,false",
        "SELECT name FROM region UNION SELECT email FROM customer | true",
        "SELECT UPPER(email), COUNT(email), COUNT(*) FROM customer | true,false,false",
        "SELECT (SELECT MAX(c.email) FROM customer c WHERE c.id = o.customer_id) FROM sales.orders o | true",
        "SELECT name FROM customer WHERE email LIKE '%x' | false",
        "SELECT * FROM customer | false,false,true,true,false",
        "SELECT r.*, c.email FROM region r JOIN customer c ON c.region_id = r.id | false,false,true"
      })
  void outputsCarryTheSensitivityOfTheColumnsTheyComeFrom(String sql, String expected) {
    List<Boolean> want = java.util.Arrays.stream(expected.split(",")).map(Boolean::parseBoolean).toList();
    assertThat(sensitiveOutputs(sql)).isEqualTo(want);
  }

  @Test
  void starsOverMergedJoinColumnsAreNotPositional() {
    PolicyAnalyzer.Outputs o = PolicyAnalyzer.outputs("SELECT * FROM customer JOIN person USING (id)", Dialect.POSTGRESQL,
        CATALOG, AccessPolicy.defaults()).orElseThrow();
    assertThat(o.positional()).isFalse();
    assertThat(o.columns()).filteredOn(PolicyAnalyzer.Output::sensitive).extracting(PolicyAnalyzer.Output::name)
        .containsExactly("email", "ssn", "ssn");
    assertThat(PolicyAnalyzer.outputs("SELECT name FROM customer", Dialect.POSTGRESQL, CATALOG, AccessPolicy.defaults())
        .orElseThrow().positional()).isTrue();
    assertThat(PolicyAnalyzer.outputs("NOT SQL AT ALL", Dialect.POSTGRESQL, CATALOG, AccessPolicy.defaults())).isEmpty();
  }
}
