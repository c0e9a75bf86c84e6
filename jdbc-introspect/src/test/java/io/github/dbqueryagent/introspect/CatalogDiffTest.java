package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogDiffTest {
  private static final TableName REGION = TableName.of("s", "region");
  private static final TableName CUSTOMER = TableName.of("s", "customer");
  private static final TableName ORDERS = TableName.of("s", "orders");

  private static Column col(String name, String type, boolean nullable, String comment) {
    return new Column(name, type, type.startsWith("int") ? Types.INTEGER : Types.VARCHAR, nullable, comment, List.of());
  }

  private static Table region() {
    return new Table(REGION, Table.Kind.TABLE, "", List.of(col("region_id", "int4", false, ""),
        col("name", "text", true, "")), List.of("region_id"), List.of(), 10);
  }

  private static Table customer(List<Column> columns, List<String> pk, List<ForeignKey> fks, String comment) {
    return new Table(CUSTOMER, Table.Kind.TABLE, comment, columns, pk, fks, 100);
  }

  private static final ForeignKey FK = new ForeignKey("fk_c_r", List.of("region_id"), REGION, List.of("region_id"));

  private static Catalog catalog(Table... tables) {
    return new Catalog("PostgreSQL", "16", Dialect.POSTGRESQL, List.of(tables));
  }

  @Test
  void equalCatalogsGiveAnEmptyDiffWithEqualFingerprints() {
    Catalog a = catalog(region());
    CatalogDiff d = CatalogDiff.between(a, catalog(region()));
    assertThat(d.isEmpty()).isTrue();
    assertThat(d.oldFingerprint()).isEqualTo(d.newFingerprint()).isEqualTo(a.fingerprint());
  }

  @Test
  void rowEstimatesAndSampleValuesAreNotChanges() {
    Table r = region();
    Table more = new Table(REGION, Table.Kind.TABLE, "", List.of(col("region_id", "int4", false, ""),
        new Column("name", "text", Types.VARCHAR, true, "", List.of("north", "south"))), List.of("region_id"), List.of(), 999);
    assertThat(CatalogDiff.between(catalog(r), catalog(more)).isEmpty()).isTrue();
  }

  @Test
  void reportsAddedAndRemovedTablesInCatalogOrder() {
    Table c = customer(List.of(col("customer_id", "int4", false, "")), List.of("customer_id"), List.of(), "");
    Table o = new Table(ORDERS, Table.Kind.VIEW, "", List.of(col("order_id", "int4", true, "")), List.of(), List.of(), -1);
    Catalog before = catalog(region(), c);
    Catalog after = catalog(o, region());
    CatalogDiff d = CatalogDiff.between(before, after);
    assertThat(d.addedTables()).containsExactly(ORDERS);
    assertThat(d.removedTables()).containsExactly(CUSTOMER);
    assertThat(d.alteredTables()).isEmpty();
    assertThat(d.oldFingerprint()).isEqualTo(before.fingerprint());
    assertThat(d.newFingerprint()).isEqualTo(after.fingerprint());
    assertThat(d.isEmpty()).isFalse();
  }

  @Test
  void tablesInOtherSchemasAreDifferentTables() {
    Table elsewhere = new Table(TableName.of("t", "region"), Table.Kind.TABLE, "", region().columns(),
        region().primaryKey(), List.of(), 10);
    CatalogDiff d = CatalogDiff.between(catalog(region()), catalog(elsewhere));
    assertThat(d.addedTables()).containsExactly(TableName.of("t", "region"));
    assertThat(d.removedTables()).containsExactly(REGION);
  }

  @Test
  void reportsColumnsAddedRemovedAndChangedPerTable() {
    Table before = customer(List.of(col("customer_id", "int4", false, ""), col("name", "varchar", true, ""),
        col("email", "varchar", true, ""), col("age", "int4", true, ""), col("city", "text", true, "")),
        List.of("customer_id"), List.of(), "");
    Table after = customer(List.of(col("customer_id", "int4", false, ""), col("name", "varchar", false, ""),
        col("email", "text", true, ""), col("age", "int4", true, "years"), col("city", "text", true, ""),
        col("phone", "text", true, "")),
        List.of("customer_id"), List.of(), "");
    Table beforeWithRemoved = customer(append(before.columns(), col("fax", "text", true, "")), List.of("customer_id"),
        List.of(), "");
    CatalogDiff d = CatalogDiff.between(catalog(region(), beforeWithRemoved), catalog(region(), after));
    assertThat(d.addedTables()).isEmpty();
    assertThat(d.removedTables()).isEmpty();
    assertThat(d.alteredTables()).singleElement().satisfies(t -> {
      assertThat(t.table()).isEqualTo(CUSTOMER);
      assertThat(t.addedColumns()).containsExactly("phone");
      assertThat(t.removedColumns()).containsExactly("fax");
      assertThat(t.changedColumns()).extracting(CatalogDiff.ColumnChange::name).containsExactly("name", "email", "age");
      assertThat(t.changedColumns().get(0).before().nullable()).isTrue();
      assertThat(t.changedColumns().get(0).after().nullable()).isFalse();
      assertThat(t.changedColumns().get(1).after().typeName()).isEqualTo("text");
      assertThat(t.changedColumns().get(2).after().comment()).isEqualTo("years");
      assertThat(t.primaryKeyChanged()).isFalse();
      assertThat(t.foreignKeysChanged()).isFalse();
      assertThat(t.commentChanged()).isFalse();
      assertThat(t.kindChanged()).isFalse();
      assertThat(t.isEmpty()).isFalse();
    });
  }

  @Test
  void reportsKeyCommentAndKindChanges() {
    List<Column> cols = List.of(col("customer_id", "int4", false, ""), col("region_id", "int4", true, ""));
    Table before = customer(cols, List.of("customer_id"), List.of(), "");
    Table after = customer(cols, List.of("customer_id", "region_id"), List.of(FK), "people who buy");
    CatalogDiff d = CatalogDiff.between(catalog(region(), before), catalog(region(), after));
    assertThat(d.alteredTables()).singleElement().satisfies(t -> {
      assertThat(t.addedColumns()).isEmpty();
      assertThat(t.removedColumns()).isEmpty();
      assertThat(t.changedColumns()).isEmpty();
      assertThat(t.primaryKeyChanged()).isTrue();
      assertThat(t.foreignKeysChanged()).isTrue();
      assertThat(t.commentChanged()).isTrue();
      assertThat(t.kindChanged()).isFalse();
    });
    Table view = new Table(CUSTOMER, Table.Kind.VIEW, "", cols, List.of("customer_id"), List.of(), -1);
    assertThat(CatalogDiff.between(catalog(before), catalog(view)).alteredTables()).singleElement()
        .satisfies(t -> assertThat(t.kindChanged()).isTrue());
  }

  @Test
  void foreignKeyOrderIsNotAChange() {
    ForeignKey other = new ForeignKey("fk_c_o", List.of("order_id"), ORDERS, List.of("order_id"));
    List<Column> cols = List.of(col("customer_id", "int4", false, ""), col("region_id", "int4", true, ""),
        col("order_id", "int4", true, ""));
    Table a = customer(cols, List.of("customer_id"), List.of(FK, other), "");
    Table b = customer(cols, List.of("customer_id"), List.of(other, FK), "");
    assertThat(CatalogDiff.between(catalog(a), catalog(b)).alteredTables()).isEmpty();
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> CatalogDiff.between(null, catalog())).isInstanceOf(NullPointerException.class)
        .hasMessage("before");
    assertThatThrownBy(() -> CatalogDiff.between(catalog(), null)).isInstanceOf(NullPointerException.class)
        .hasMessage("after");
  }

  private static List<Column> append(List<Column> cols, Column c) {
    List<Column> out = new ArrayList<>(cols);
    out.add(c);
    return out;
  }
}
