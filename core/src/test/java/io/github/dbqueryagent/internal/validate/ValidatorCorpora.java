package io.github.dbqueryagent.internal.validate;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.ValidatedSql;
import io.github.dbqueryagent.spi.ValidationContext;
import io.github.dbqueryagent.spi.Validator;
import io.github.dbqueryagent.support.Catalogs;
import java.sql.Types;
import java.util.List;

/** The shop catalog the corpora are written against, and the validator call they share. */
final class ValidatorCorpora {
  private ValidatorCorpora() {}

  static final Validator VALIDATOR = Validator.jsqlparser();

  /**
   * customer, orders, product, order_item, sales.invoice and Oracle's dual, in the given dialect.
   */
  static Catalog catalog(Dialect dialect) {
    return Catalogs.catalog(dialect, List.of(
        Catalogs.table("customer").id("id").col("name").col("email").col("country")
            .col("created_at", "timestamp", Types.TIMESTAMP).build(),
        Catalogs.table("orders").id("id").fk("customer_id", "customer", "id")
            .col("total", "numeric", Types.NUMERIC).col("status").col("created_at", "timestamp", Types.TIMESTAMP)
            .col("details", "jsonb", Types.OTHER).build(),
        Catalogs.table("product").id("id").col("name").col("price", "numeric", Types.NUMERIC).col("category").build(),
        Catalogs.table("order_item").fk("order_id", "orders", "id").fk("product_id", "product", "id")
            .col("quantity", "integer", Types.INTEGER).col("unit_price", "numeric", Types.NUMERIC).build(),
        Catalogs.table(TableName.of("sales", "invoice")).id("id").fk("customer_id", "customer", "id")
            .col("amount", "numeric", Types.NUMERIC).col("issued_on", "date", Types.DATE).build(),
        Catalogs.table("dual").col("dummy").build()));
  }

  /** Validates with a row cap of 100 against {@link #catalog}. */
  static ValidatedSql validate(String sql, Dialect dialect) {
    return VALIDATOR.validate(sql, new ValidationContext(dialect, 100, catalog(dialect)));
  }
}
