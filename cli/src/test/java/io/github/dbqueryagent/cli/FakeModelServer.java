package io.github.dbqueryagent.cli;

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
 * A scripted local HTTP server that speaks just enough of the OpenAI chat-completions and Ollama wire
 * protocols: every chat request is answered with the same SQL in a fenced block. Listens on 127.0.0.1
 * only.
 */
final class FakeModelServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final String sql;
  final List<String> requests = new CopyOnWriteArrayList<>();

  FakeModelServer(String sql) throws IOException {
    this.sql = sql;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", ex -> reply(ex, 200, "application/json", openAiCompletion()));
    server.createContext("/api/version", ex -> reply(ex, 200, "application/json", "{\"version\":\"0.9.0\"}"));
    server.createContext("/api/tags", ex -> reply(ex, 200, "application/json", "{\"models\":[]}"));
    server.createContext("/api/chat", ex -> reply(ex, 200, "application/x-ndjson", ollamaStream()));
    server.start();
  }

  /** Returns {@code 127.0.0.1:port}. */
  String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private void reply(HttpExchange ex, int status, String type, String body) throws IOException {
    requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
    ex.getRequestBody().readAllBytes();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private String openAiCompletion() {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-fake");
    root.put("object", "chat.completion");
    root.put("created", 1_763_683_200L);
    root.put("model", "gpt-4o-mini");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", "```sql\n" + sql + "\n```");
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", 123);
    usage.put("completion_tokens", 45);
    usage.put("total_tokens", 168);
    return root.toString();
  }

  private String ollamaStream() {
    try {
      String content = JSON.writeValueAsString("```sql\n" + sql + "\n```");
      return "{\"model\":\"llama3.1\",\"created_at\":\"2026-11-21T10:00:00Z\",\"message\":{\"role\":\"assistant\","
          + "\"content\":" + content + "},\"done\":false}\n"
          + "{\"model\":\"llama3.1\",\"created_at\":\"2026-11-21T10:00:01Z\",\"message\":{\"role\":\"assistant\","
          + "\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"prompt_eval_count\":77,\"eval_count\":11}\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
