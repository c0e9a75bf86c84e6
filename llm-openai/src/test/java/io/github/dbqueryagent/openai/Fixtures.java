package io.github.dbqueryagent.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** Requests and OpenAI wire-format bodies for the tests. */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SCHEMA_TEXT =
      "-- Customer: people who buy\n"
          + "Customer(CustomerId INTEGER PK, Name VARCHAR, Country VARCHAR)\n"
          + "Invoice(InvoiceId INTEGER PK, CustomerId INTEGER -> Customer.CustomerId, Total DECIMAL)\n";
  static final int SCHEMA_TOKENS = 42;

  private Fixtures() {}

  static Catalog catalog(Dialect dialect) {
    TableName customer = TableName.of("Customer");
    TableName invoice = TableName.of("Invoice");
    Table c = new Table(customer, Table.Kind.TABLE, "people who buy",
        List.of(Column.of("CustomerId", "INTEGER", Types.INTEGER), Column.of("Name", "VARCHAR", Types.VARCHAR),
            Column.of("Country", "VARCHAR", Types.VARCHAR)),
        List.of("CustomerId"), List.of(), 100);
    Table i = new Table(invoice, Table.Kind.TABLE, "",
        List.of(Column.of("InvoiceId", "INTEGER", Types.INTEGER), Column.of("CustomerId", "INTEGER", Types.INTEGER),
            Column.of("Total", "DECIMAL", Types.DECIMAL)),
        List.of("InvoiceId"),
        List.of(new ForeignKey("fk_invoice_customer", List.of("CustomerId"), customer, List.of("CustomerId"))), 400);
    return new Catalog("PostgreSQL", "16.4", dialect, List.of(c, i));
  }

  static GenerationRequest request(String question) {
    return request(question, List.of(), Optional.empty(), new Cancellation());
  }

  static GenerationRequest request(String question, List<Turn> history,
      Optional<GenerationRequest.PreviousAttempt> previous, Cancellation cancellation) {
    return request(question, Dialect.POSTGRESQL, history, List.of(), previous, cancellation);
  }

  static GenerationRequest request(String question, Dialect dialect, List<Turn> history, List<TableName> omitted,
      Optional<GenerationRequest.PreviousAttempt> previous, Cancellation cancellation) {
    Catalog catalog = catalog(dialect);
    TableName customer = TableName.of("Customer");
    TableName invoice = TableName.of("Invoice");
    Retrieval retrieval = new Retrieval(
        List.of(new Retrieval.ScoredTable(customer, 2.0, List.of("Country")),
            new Retrieval.ScoredTable(invoice, 1.0, List.of("Total"))),
        List.of(new Retrieval.JoinEdge(invoice, catalog.table(invoice).orElseThrow().foreignKeys().get(0))));
    SchemaContext context = new SchemaContext(SCHEMA_TEXT, SCHEMA_TOKENS, List.of(customer, invoice), omitted);
    return new GenerationRequest(question, catalog, retrieval, context, Map.of(customer, "people who buy"),
        history, ValueLookup.none(), previous, cancellation);
  }

  static Turn turn(String question, String sql) {
    return new Turn(question, sql, List.of("n"), 1, "answer", "", Instant.parse("2026-11-21T00:00:00Z"));
  }

  /** Returns a chat.completion body whose single choice has {@code content}. */
  static String completion(String content) {
    return completion(content, "stop", 123, 45);
  }

  static String completion(String content, String finishReason, int promptTokens, int completionTokens) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-test");
    root.put("object", "chat.completion");
    root.put("created", 1_763_683_200L);
    root.put("model", "gpt-4o-mini");
    ArrayNode choices = root.putArray("choices");
    ObjectNode choice = choices.addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    return root.toString();
  }

  /** Returns an OpenAI error body. */
  static String error(String message, String type, String code) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.putNull("param");
    error.put("code", code);
    return root.toString();
  }
}
