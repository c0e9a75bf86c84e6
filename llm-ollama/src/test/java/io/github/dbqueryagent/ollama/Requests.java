package io.github.dbqueryagent.ollama;

import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ForeignKey;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.Retrieval;
import io.github.dbqueryagent.spi.SchemaContext;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import io.github.dbqueryagent.spi.Turn;
import io.github.dbqueryagent.spi.ValueLookup;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Generation requests over a two-table catalog, built from core's public records. */
final class Requests {
  static final TableName CUSTOMER = TableName.of("public", "customer");
  static final TableName INVOICE = TableName.of("public", "invoice");
  static final String SCHEMA_TEXT =
      "-- customer: customers who buy tracks\n"
          + "public.customer(customer_id INTEGER PK, first_name VARCHAR, country VARCHAR)\n"
          + "-- invoice: invoices\n"
          + "public.invoice(invoice_id INTEGER PK, customer_id INTEGER -> public.customer.customer_id, total NUMERIC)";
  static final int SCHEMA_TOKENS = 57;

  private Requests() {}

  static Catalog catalog(Dialect dialect) {
    Table customer =
        new Table(CUSTOMER, Table.Kind.TABLE, "customers who buy tracks",
            List.of(
                new Column("customer_id", "int4", Types.INTEGER, false, "", List.of()),
                Column.of("first_name", "varchar", Types.VARCHAR),
                Column.of("country", "varchar", Types.VARCHAR)),
            List.of("customer_id"), List.of(), 59);
    Table invoice =
        new Table(INVOICE, Table.Kind.TABLE, "",
            List.of(
                new Column("invoice_id", "int4", Types.INTEGER, false, "", List.of()),
                Column.of("customer_id", "int4", Types.INTEGER),
                Column.of("total", "numeric", Types.NUMERIC)),
            List.of("invoice_id"),
            List.of(new ForeignKey("fk_invoice_customer", List.of("customer_id"), CUSTOMER, List.of("customer_id"))),
            412);
    return new Catalog("PostgreSQL", "16.4", dialect, List.of(customer, invoice));
  }

  static GenerationRequest request(String question) {
    return request(question, List.of(), Optional.empty(), new Cancellation());
  }

  static GenerationRequest request(String question, Cancellation cancellation) {
    return request(question, List.of(), Optional.empty(), cancellation);
  }

  static GenerationRequest request(
      String question, List<Turn> history, Optional<GenerationRequest.PreviousAttempt> previous,
      Cancellation cancellation) {
    return request(Dialect.POSTGRESQL, question, history, previous, cancellation);
  }

  static GenerationRequest request(
      Dialect dialect, String question, List<Turn> history, Optional<GenerationRequest.PreviousAttempt> previous,
      Cancellation cancellation) {
    Catalog catalog = catalog(dialect);
    Retrieval retrieval =
        new Retrieval(
            List.of(
                new Retrieval.ScoredTable(CUSTOMER, 2.0, List.of("country")),
                new Retrieval.ScoredTable(INVOICE, 1.0, List.of("total"))),
            List.of(new Retrieval.JoinEdge(INVOICE, catalog.table(INVOICE).orElseThrow().foreignKeys().get(0))));
    SchemaContext context = new SchemaContext(SCHEMA_TEXT, SCHEMA_TOKENS, List.of(CUSTOMER, INVOICE), List.of());
    return new GenerationRequest(
        question, catalog, retrieval, context, Map.of(CUSTOMER, "customers who buy tracks"), history,
        ValueLookup.none(), previous, cancellation);
  }

  static Turn turn(String question, String sql) {
    return new Turn(question, sql, List.of("n"), 1, "1", "", Instant.parse("2026-11-21T10:00:00Z"));
  }
}
