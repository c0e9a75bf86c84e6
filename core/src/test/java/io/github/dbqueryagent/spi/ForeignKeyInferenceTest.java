package io.github.dbqueryagent.spi;

import static io.github.dbqueryagent.support.Catalogs.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.support.Catalogs;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ForeignKeyInference} on catalogs built directly, one naming convention per test. */
class ForeignKeyInferenceTest {

  @Test
  void snakeCaseColumnPointsAtThePluralTablesPrimaryKey() {
    Catalog catalog = Catalogs.catalog(
        table("customers").id("id").col("name"),
        table("orders").id("order_id").col("customer_id", "integer", Types.INTEGER).col("note"));
    Table orders = catalog.tablesNamed("orders").get(0);

    List<ForeignKey> inferred = ForeignKeyInference.infer(catalog, orders);

    assertThat(inferred).containsExactly(ForeignKey.inferred(
        "inferred:customer_id", List.of("customer_id"), TableName.of("customers"), List.of("id"),
        ForeignKeyInference.PRIMARY_KEY));
    assertThat(inferred.get(0).confidence()).isEqualTo(0.8);
    assertThat(inferred.get(0).inferred()).isTrue();
  }

  @Test
  void pascalCaseColumnPointsAtTheSameNamedPrimaryKey() {
    Catalog catalog = Catalogs.catalog(
        table("Customer").id("CustomerId").col("FirstName"),
        table("Invoice").id("InvoiceId").col("CustomerId", "INTEGER", Types.INTEGER).col("Total", "NUMERIC",
            Types.NUMERIC));

    List<ForeignKey> inferred = ForeignKeyInference.infer(catalog, catalog.tablesNamed("Invoice").get(0));

    assertThat(inferred).containsExactly(ForeignKey.inferred(
        "inferred:CustomerId", List.of("CustomerId"), TableName.of("Customer"), List.of("CustomerId"), 0.9));
    // the customer's own primary key is never a reference to itself or another table
    assertThat(ForeignKeyInference.infer(catalog, catalog.tablesNamed("Customer").get(0))).isEmpty();
  }

  @Test
  void abbreviatedColumnIsExpandedBeforeMatching() {
    Catalog catalog = Catalogs.catalog(
        table("customers").id("id"),
        table("orders").id("id").col("cust_id", "bigint", Types.BIGINT));

    assertThat(ForeignKeyInference.infer(catalog, catalog.tablesNamed("orders").get(0)))
        .extracting(ForeignKey::columns, ForeignKey::referencedTable, ForeignKey::referencedColumns,
            ForeignKey::confidence)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(
            List.of("cust_id"), TableName.of("customers"), List.of("id"), 0.8));
  }

  @Test
  void targetWithoutPrimaryKeyIsReachedThroughItsIdColumnWithLowerConfidence() {
    Catalog catalog = Catalogs.catalog(
        table("supplier").col("id", "integer", Types.INTEGER).col("name"),
        table("product").id("id").col("supplier_id", "integer", Types.INTEGER));

    assertThat(ForeignKeyInference.infer(catalog, catalog.tablesNamed("product").get(0)))
        .singleElement()
        .satisfies(fk -> {
          assertThat(fk.referencedTable()).isEqualTo(TableName.of("supplier"));
          assertThat(fk.referencedColumns()).containsExactly("id");
          assertThat(fk.confidence()).isEqualTo(ForeignKeyInference.ID_COLUMN);
        });
  }

  @Test
  void typeIncompatibleColumnsAreNotInferred() {
    Catalog catalog = Catalogs.catalog(
        table("customers").id("id"),
        table("orders").id("id").col("customer_id", "varchar(20)", Types.VARCHAR),
        table("country").col("country_id", "char(2)", Types.CHAR),
        table("address").id("id").col("country_id", "integer", Types.INTEGER));

    assertThat(ForeignKeyInference.infer(catalog, catalog.tablesNamed("orders").get(0))).isEmpty();
    assertThat(ForeignKeyInference.infer(catalog, catalog.tablesNamed("address").get(0))).isEmpty();
    assertThat(ForeignKeyInference.apply(catalog)).isSameAs(catalog);
  }

  @Test
  void viewsAreNeitherTargetsNorSources() {
    Catalog catalog = Catalogs.catalog(
        table("customers").id("id").view(),
        table("orders").id("id").col("customer_id", "integer", Types.INTEGER),
        table("order_summary").col("orders_id", "integer", Types.INTEGER).view());

    assertThat(ForeignKeyInference.apply(catalog)).isSameAs(catalog);
  }

  @Test
  void sameNamedTablesInSeveralSchemasResolveToTheReferencingSchemaElseNothing() {
    Catalog catalog = new Catalog("Test", "1", Dialect.POSTGRESQL, List.of(
        table(TableName.of("sales", "customer")).id("id").build(),
        table(TableName.of("crm", "customer")).id("id").build(),
        table(TableName.of("sales", "orders")).id("id").col("customer_id", "integer", Types.INTEGER).build(),
        table(TableName.of("billing", "invoice")).id("id").col("customer_id", "integer", Types.INTEGER).build()));

    Catalog applied = ForeignKeyInference.apply(catalog);

    assertThat(applied.table(TableName.of("sales", "orders")).orElseThrow().foreignKeys())
        .singleElement()
        .satisfies(fk -> assertThat(fk.referencedTable()).isEqualTo(TableName.of("sales", "customer")));
    assertThat(applied.table(TableName.of("billing", "invoice")).orElseThrow().foreignKeys())
        .as("two candidates, neither in billing: ambiguous, skipped")
        .isEmpty();
  }

  @Test
  void declaredKeysAreKeptAndTheirColumnsNotInferredAgain() {
    Catalog catalog = Catalogs.catalog(
        table("customers").id("id"),
        table("clients").id("id"),
        table("orders").id("id").fk("customer_id", "clients", "id").col("clients_id", "integer", Types.INTEGER));
    Table orders = catalog.tablesNamed("orders").get(0);
    ForeignKey declared = orders.foreignKeys().get(0);

    Catalog applied = ForeignKeyInference.apply(catalog);
    List<ForeignKey> fks = applied.tablesNamed("orders").get(0).foreignKeys();

    assertThat(fks).hasSize(2);
    assertThat(fks.get(0)).isSameAs(declared);
    assertThat(fks.get(0).inferred()).isFalse();
    assertThat(fks.get(0).confidence()).isEqualTo(1.0);
    assertThat(fks.get(1).columns()).containsExactly("clients_id");
    assertThat(fks.get(1).inferred()).isTrue();
    assertThat(fks.get(1).referencedTable()).isEqualTo(TableName.of("clients"));
    assertThat(applied.fingerprint()).isNotEqualTo(catalog.fingerprint());
    assertThat(applied.foreignKeyCount()).isEqualTo(2);
    assertThat(ForeignKeyInference.apply(applied).tablesNamed("orders").get(0).foreignKeys())
        .as("applying twice infers nothing new")
        .isEqualTo(fks);
  }
}
