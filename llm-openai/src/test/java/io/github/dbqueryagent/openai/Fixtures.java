package io.github.dbqueryagent.openai;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.io.IOException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

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

  /**
   * Returns a create-embedding-response body ({@code "object": "list"}) with one {@code embedding} object
   * per vector, {@code vectors[i]} at {@code "index": i}, listed in reverse order to check that clients
   * place vectors by index rather than by position.
   */
  static String embeddings(List<float[]> vectors, String model) {
    ObjectNode root = JSON.createObjectNode();
    root.put("object", "list");
    ArrayNode data = root.putArray("data");
    for (int i = vectors.size() - 1; i >= 0; i--) {
      ObjectNode e = data.addObject();
      e.put("object", "embedding");
      e.put("index", i);
      ArrayNode values = e.putArray("embedding");
      for (float f : vectors.get(i)) values.add(f);
    }
    root.put("model", model);
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", 8 * vectors.size());
    usage.put("total_tokens", 8 * vectors.size());
    return root.toString();
  }

  /**
   * A scripted OpenAI server: answers {@code POST /v1/embeddings} with a vector per input text computed by
   * {@code embed} (reverse-listed, see {@link #embeddings}), and {@code POST /v1/chat/completions} with the
   * completion {@code complete} gives for the user message. Records every request body.
   */
  static final class ScriptedOpenAi extends Dispatcher {
    final List<JsonNode> embeddingRequests = new CopyOnWriteArrayList<>();
    final List<JsonNode> chatRequests = new CopyOnWriteArrayList<>();
    private final Function<String, float[]> embed;
    private final Function<String, String> complete;

    ScriptedOpenAi(Function<String, float[]> embed, Function<String, String> complete) {
      this.embed = embed;
      this.complete = complete;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      try {
        JsonNode body = JSON.readTree(request.getBody() == null ? "{}" : request.getBody().utf8());
        String path = request.getUrl().encodedPath();
        if (path.equals("/v1/embeddings")) {
          embeddingRequests.add(body);
          List<float[]> vectors = new ArrayList<>();
          for (JsonNode text : body.path("input")) vectors.add(embed.apply(text.asText()));
          return json(200, embeddings(vectors, body.path("model").asText()));
        }
        if (path.equals("/v1/chat/completions")) {
          chatRequests.add(body);
          String user = "";
          for (JsonNode m : body.path("messages")) if (m.path("role").asText().equals("user")) user = m.path("content").asText();
          return json(200, completion(complete.apply(user)));
        }
        return json(404, error("no route " + path, "invalid_request_error", "not_found"));
      } catch (IOException e) {
        return json(400, error("bad JSON: " + e.getMessage(), "invalid_request_error", "bad_json"));
      }
    }

    static MockResponse json(int code, String body) {
      return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }
  }
}
