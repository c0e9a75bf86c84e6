package io.github.dbqueryagent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted local HTTP server that records every request (method, path, headers, body) and speaks the
 * OpenAI chat-completions protocol ({@code .../chat/completions}) and Ollama's ({@code .../api/version},
 * {@code .../api/tags}, {@code .../api/chat}, streamed) under any path prefix, so that tests can check
 * where a request went. In {@link Mode#REJECT_ECHOING_KEY} mode chat requests fail with HTTP 401 and a
 * body that repeats the bearer token, as some compatible servers do. Listens on 127.0.0.1 only.
 */
final class RecordingModelServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How chat requests are answered. */
  enum Mode {
    ANSWER,
    REJECT_ECHOING_KEY
  }

  /** One request as received. */
  record Request(String method, String path, String host, String authorization, String body) {
    /** Returns the {@code model} of the JSON body, or null. */
    String model() {
      try {
        JsonNode n = JSON.readTree(body);
        return n.hasNonNull("model") ? n.get("model").asText() : null;
      } catch (IOException e) {
        return null;
      }
    }
  }

  private final HttpServer server;
  private final String sql;
  private final Mode mode;
  final List<Request> requests = new CopyOnWriteArrayList<>();

  RecordingModelServer(String sql, Mode mode) throws IOException {
    this.sql = sql;
    this.mode = mode;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Returns {@code http://127.0.0.1:port}. */
  String root() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Returns {@code 127.0.0.1:port}. */
  String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Returns the chat requests (OpenAI or Ollama), without Ollama's probes. */
  List<Request> chats() {
    return requests.stream().filter(r -> r.path().endsWith("/chat/completions") || r.path().endsWith("/api/chat")).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = ex.getRequestURI().getPath();
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Host"), auth, body));
    if (path.endsWith("/chat/completions")) {
      if (mode == Mode.REJECT_ECHOING_KEY) {
        String token = auth == null ? "" : auth.replace("Bearer ", "");
        reply(ex, 401, "application/json",
            "{\"error\":{\"message\":\"Incorrect API key provided: " + token
                + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
      } else {
        reply(ex, 200, "application/json", openAiCompletion(model(body)));
      }
    } else if (path.endsWith("/api/version")) {
      reply(ex, 200, "application/json", "{\"version\":\"0.9.0\"}");
    } else if (path.endsWith("/api/tags")) {
      reply(ex, 200, "application/json", "{\"models\":[]}");
    } else if (path.endsWith("/api/chat")) {
      reply(ex, 200, "application/x-ndjson", ollamaStream(model(body)));
    } else {
      reply(ex, 404, "application/json", "{\"error\":\"not found: " + path + "\"}");
    }
  }

  private static String model(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n.hasNonNull("model") ? n.get("model").asText() : "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private String openAiCompletion(String model) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-recording");
    root.put("object", "chat.completion");
    root.put("created", 1_763_683_200L);
    root.put("model", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", "```sql\n" + sql + "\n```");
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", 100);
    usage.put("completion_tokens", 20);
    usage.put("total_tokens", 120);
    return root.toString();
  }

  private String ollamaStream(String model) {
    try {
      String content = JSON.writeValueAsString("```sql\n" + sql + "\n```");
      String m = JSON.writeValueAsString(model);
      return "{\"model\":" + m + ",\"created_at\":\"2026-11-21T10:00:00Z\",\"message\":{\"role\":\"assistant\","
          + "\"content\":" + content + "},\"done\":false}\n"
          + "{\"model\":" + m + ",\"created_at\":\"2026-11-21T10:00:01Z\",\"message\":{\"role\":\"assistant\","
          + "\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"prompt_eval_count\":70,\"eval_count\":10}\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
