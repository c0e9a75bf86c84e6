package io.github.dbqueryagent.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.spi.AccessPolicy.FunctionPolicy;
import io.github.dbqueryagent.spi.AccessPolicy.SensitiveColumnMode;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessPolicyTest {

  @Test
  void defaultsAllowEverythingAndMaskDetectedColumns() {
    AccessPolicy p = AccessPolicy.defaults();
    assertThat(p.allowedTables()).isEmpty();
    assertThat(p.blockedTables()).isEmpty();
    assertThat(p.blockedColumns()).isEmpty();
    assertThat(p.functionPolicy()).isEqualTo(FunctionPolicy.DENY_LIST);
    assertThat(p.sensitiveColumnDetection()).isTrue();
    assertThat(p.sensitiveColumnMode()).isEqualTo(SensitiveColumnMode.MASK);
    assertThat(p.restrictsQueries()).isFalse();
    assertThat(p.permitsTable(TableName.of("hr", "anything"))).isTrue();
    assertThat(p.permitsFunction("md5")).isTrue();
    assertThat(p.isSensitive(TableName.of("customer"), "Email")).isTrue();
    assertThat(p).isEqualTo(AccessPolicy.builder().build()).hasSameHashCodeAs(AccessPolicy.builder().build());
  }

  @Test
  void buildReportsEveryBadNameAtOnce() {
    assertThatThrownBy(() -> AccessPolicy.builder()
            .addAllowedTable(" ")
            .addBlockedTable("a.b.c")
            .addBlockedColumn("x..y")
            .addSensitiveColumn("\"unclosed")
            .addAllowedTable("orders")
            .addBlockedTable("ORDERS")
            .addAllowedFunction("md5(x)")
            .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("invalid AccessPolicy: ")
        .hasMessageContaining("allowed table name is blank")
        .hasMessageContaining("blocked table 'a.b.c' is malformed: use 'table' or 'schema.table'")
        .hasMessageContaining("blocked column 'x..y' is malformed")
        .hasMessageContaining("sensitive column '\"unclosed' has an unclosed quote")
        .hasMessageContaining("table 'orders' is both allowed and blocked")
        .hasMessageContaining("allowed function 'md5(x)' is not a function name")
        .hasMessageContaining("have no effect with FunctionPolicy.DENY_LIST");
    assertThatThrownBy(() -> AccessPolicy.builder().addBlockedTable(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void tableRulesMatchIgnoringCaseAndBySchemaOrCatalog() {
    AccessPolicy p = AccessPolicy.builder().addBlockedTable("HR.Salary").addBlockedTable("\"Audit Log\"").build();
    assertThat(p.blockedTables()).containsExactly("HR.Salary", "Audit Log");
    assertThat(p.isTableBlocked(TableName.of("hr", "salary"))).isTrue();
    assertThat(p.isTableBlocked(new TableName("hr", "", "SALARY"))).as("MySQL database as catalog").isTrue();
    assertThat(p.isTableBlocked(TableName.of("salary"))).as("no schema known").isTrue();
    assertThat(p.isTableBlocked(TableName.of("payroll", "salary"))).isFalse();
    assertThat(p.isTableBlocked(TableName.of("public", "audit log"))).isTrue();
    assertThat(p.permitsTable(TableName.of("public", "customer"))).isTrue();

    AccessPolicy allow = AccessPolicy.builder().addAllowedTable("customer").addAllowedTable("sales.orders").build();
    assertThat(allow.isTableAllowed(TableName.of("public", "Customer"))).isTrue();
    assertThat(allow.isTableAllowed(TableName.of("sales", "orders"))).isTrue();
    assertThat(allow.isTableAllowed(TableName.of("archive", "orders"))).isFalse();
    assertThat(allow.isTableAllowed(TableName.of("region"))).isFalse();
    assertThat(allow.restrictsQueries()).isTrue();
  }

  @Test
  void columnRulesApplyToOneTableOrToEveryTable() {
    AccessPolicy p = AccessPolicy.builder().addBlockedColumn("customer.ssn").addBlockedColumn("password")
        .addBlockedColumn("sales.orders.margin").build();
    assertThat(p.isColumnBlocked(TableName.of("public", "customer"), "SSN")).isTrue();
    assertThat(p.isColumnBlocked(TableName.of("person"), "ssn")).isFalse();
    assertThat(p.isColumnBlocked(TableName.of("anything"), "Password")).isTrue();
    assertThat(p.isColumnBlocked(TableName.of("sales", "orders"), "margin")).isTrue();
    assertThat(p.isColumnBlocked(TableName.of("archive", "orders"), "margin")).isFalse();
    assertThat(p.isColumnNameBlocked("ssn")).isTrue();
    assertThat(p.isColumnNameBlocked("name")).isFalse();
  }

  @Test
  void functionAllowListComparesTheLastPartIgnoringCase() {
    AccessPolicy p = AccessPolicy.builder().functionPolicy(FunctionPolicy.ALLOW_LIST).addAllowedFunction("util.Md5").build();
    assertThat(p.permitsFunction("MD5")).isTrue();
    assertThat(p.permitsFunction("other.md5")).isTrue();
    assertThat(p.permitsFunction("count")).isTrue();
    assertThat(p.permitsFunction("pg_catalog.lower")).isTrue();
    assertThat(p.permitsFunction("sha256")).isFalse();
    assertThat(AccessPolicy.safeFunctions()).contains("count", "sum", "avg", "min", "max", "row_number", "coalesce",
        "lower", "round", "extract", "strftime").doesNotContain("repeat", "pg_sleep", "md5");
    assertThat(p.allowedFunctions()).containsExactly("util.Md5");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ssn", "SSN", "social_security_number", "SocialSecurityNumber", "password", "password_hash", "passwd",
        "user_pwd", "client_secret", "secret", "api_key", "apiKey", "APIKEY", "access_token", "authToken", "token",
        "credit_card", "CreditCardNumber", "creditcardnumber", "card_number", "cvv", "iban", "email", "Email",
        "EmailAddress", "e_mail", "work_email", "emails", "phone", "Phone", "home_phone", "phoneNumber", "telephone",
        "mobile", "mobile_number", "Fax", "tax_id", "TaxId", "national_id", "passport_number", "private_key",
        "bank_account_number", "pin"})
  void theHeuristicRecognisesSensitiveNames(String name) {
    assertThat(AccessPolicy.looksSensitive(name)).as(name).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"name", "first_name", "salary", "birth_date", "city", "country", "total", "order_id", "token_count",
        "secretary", "automobile", "description", "status", "passenger_count", "keyword", "shipping", "company",
        "title", "unit_price", "InvoiceDate", "BillingAddress", "PostalCode", ""})
  void theHeuristicLeavesOrdinaryNamesAlone(String name) {
    assertThat(AccessPolicy.looksSensitive(name)).as(name).isFalse();
  }

  @Test
  void sensitiveColumnsAreConfiguredOrDetected() {
    AccessPolicy p = AccessPolicy.builder().addSensitiveColumn("employee.salary").addSensitiveColumn("notes")
        .sensitiveColumnDetection(false).build();
    assertThat(p.isSensitive(TableName.of("employee"), "Salary")).isTrue();
    assertThat(p.isSensitive(TableName.of("contractor"), "salary")).isFalse();
    assertThat(p.isSensitive(TableName.of("x"), "notes")).isTrue();
    assertThat(p.isSensitive(TableName.of("x"), "email")).isFalse();
    assertThat(p.isSensitiveName("salary")).as("labels match the column part").isTrue();
    assertThat(p.isSensitiveName("email")).isFalse();
    assertThat(p.restrictsQueries()).isFalse();
    assertThat(p.toBuilder().sensitiveColumnMode(SensitiveColumnMode.BLOCK).build().restrictsQueries()).isTrue();
  }

  @Test
  void toBuilderKeepsEverySettingAndQuotedNames() {
    AccessPolicy p = AccessPolicy.builder().addAllowedTable("\"odd.name\"").addBlockedColumn("customer.ssn")
        .functionPolicy(FunctionPolicy.ALLOW_LIST).addAllowedFunction("md5").addSensitiveColumn("notes")
        .sensitiveColumnDetection(false).sensitiveColumnMode(SensitiveColumnMode.BLOCK).build();
    AccessPolicy copy = p.toBuilder().build();
    assertThat(copy).isEqualTo(p);
    assertThat(copy.isTableAllowed(TableName.of("odd.name"))).isTrue();
    assertThat(copy.toString()).contains("customer.ssn").contains("ALLOW_LIST").contains("BLOCK");
  }

  static Catalog shop() {
    Table region = new Table(TableName.of("region"), Table.Kind.TABLE, "",
        List.of(Column.of("region_id", "INTEGER", Types.INTEGER), Column.of("name", "VARCHAR", Types.VARCHAR)),
        List.of("region_id"), List.of(), 2);
    Table customer = new Table(TableName.of("customer"), Table.Kind.TABLE, "people",
        List.of(Column.of("customer_id", "INTEGER", Types.INTEGER), Column.of("name", "VARCHAR", Types.VARCHAR),
            new Column("email", "VARCHAR", Types.VARCHAR, true, "", List.of("ana@example.com")),
            Column.of("ssn", "VARCHAR", Types.VARCHAR), Column.of("region_id", "INTEGER", Types.INTEGER)),
        List.of("customer_id"),
        List.of(new ForeignKey("fk_region", List.of("region_id"), TableName.of("region"), List.of("region_id"))), 5);
    Table orders = new Table(TableName.of("orders"), Table.Kind.TABLE, "",
        List.of(Column.of("order_id", "INTEGER", Types.INTEGER), Column.of("customer_id", "INTEGER", Types.INTEGER)),
        List.of("order_id"),
        List.of(new ForeignKey("fk_customer", List.of("customer_id"), TableName.of("customer"), List.of("customer_id"))), 9);
    Table secrets = new Table(TableName.of("vault"), Table.Kind.TABLE, "",
        List.of(Column.of("api_key", "VARCHAR", Types.VARCHAR)), List.of(), List.of(), 1);
    return new Catalog("H2", "2", Dialect.H2, List.of(region, customer, orders, secrets));
  }

  @Test
  void filterHidesBlockedTablesColumnsAndTheirKeys() {
    Catalog full = shop();
    AccessPolicy p = AccessPolicy.builder().addBlockedTable("region").addBlockedColumn("customer.customer_id").build();
    Catalog visible = p.filter(full);
    assertThat(visible.tables()).extracting(t -> t.name().name()).containsExactly("customer", "orders", "vault");
    Table customer = visible.table(TableName.of("customer")).orElseThrow();
    assertThat(customer.columns()).extracting(Column::name).containsExactly("name", "email", "ssn", "region_id");
    assertThat(customer.primaryKey()).isEmpty();
    assertThat(customer.foreignKeys()).as("the key to the blocked region").isEmpty();
    assertThat(visible.table(TableName.of("orders")).orElseThrow().foreignKeys())
        .as("the key to the hidden customer_id").isEmpty();
    assertThat(customer.column("email").orElseThrow().sampleValues()).as("MASK mode drops samples").isEmpty();
    assertThat(visible.fingerprint()).isNotEqualTo(full.fingerprint());
  }

  @Test
  void filterInBlockModeRemovesSensitiveColumnsAndEmptiedTables() {
    Catalog visible = AccessPolicy.builder().sensitiveColumnMode(SensitiveColumnMode.BLOCK).build().filter(shop());
    assertThat(visible.tables()).extracting(t -> t.name().name()).containsExactly("customer", "orders", "region");
    assertThat(visible.table(TableName.of("customer")).orElseThrow().columns()).extracting(Column::name)
        .containsExactly("customer_id", "name", "region_id");
    assertThat(visible.table(TableName.of("customer")).orElseThrow().foreignKeys()).hasSize(1);
  }

  @Test
  void filterWithAnAllowListKeepsOnlyListedTables() {
    Catalog visible = AccessPolicy.builder().addAllowedTable("customer").addAllowedTable("orders").build().filter(shop());
    assertThat(visible.tables()).extracting(t -> t.name().name()).containsExactly("customer", "orders");
    assertThat(visible.table(TableName.of("orders")).orElseThrow().foreignKeys()).hasSize(1);
  }

  @Test
  void filterReturnsTheSameCatalogWhenNothingIsHidden() {
    Catalog plain = new Catalog("H2", "2", Dialect.H2, List.of(new Table(TableName.of("t"), Table.Kind.TABLE, "",
        List.of(Column.of("email", "VARCHAR", Types.VARCHAR)), List.of(), List.of(), 1)));
    assertThat(AccessPolicy.defaults().filter(plain)).isSameAs(plain);
  }
}
