package io.github.dbqueryagent.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 that speaks Ollama's wire protocol from a script: each path answers
 * with a {@link Script}, every request is recorded. Streaming replies are written line by line, each line
 * in two chunks with a flush between them, as a server that produces tokens over time does.
 */
final class ScriptedOllamaServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY = "scripted-ollama.body";

  /** Answers one exchange. */
  @FunctionalInterface
  interface Script {
    void respond(HttpExchange exchange) throws IOException, InterruptedException;
  }

  /** A request as the server received it. */
  record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
      }
      return null;
    }
  }

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "scripted-ollama");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();

  private ScriptedOllamaServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  static ScriptedOllamaServer start() {
    try {
      return new ScriptedOllamaServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  ScriptedOllamaServer on(String path, Script script) {
    scripts.put(path, script);
    return this;
  }

  ScriptedOllamaServer onChat(Script script) {
    return on("/api/chat", script);
  }

  /** Returns the next recorded request, waiting up to 5 seconds; fails when none came. */
  Recorded takeRequest() throws InterruptedException {
    Recorded r = requests.poll(5, TimeUnit.SECONDS);
    if (r == null) throw new AssertionError("the server received no request");
    return r;
  }

  int requestCount() {
    return requests.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Recorded(
          exchange.getRequestMethod(), exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
          body));
      exchange.setAttribute(BODY, body);
      Script script = scripts.get(exchange.getRequestURI().getPath());
      if (script == null) {
        send(exchange, 404, "text/plain", "404 page not found");
        return;
      }
      script.respond(exchange);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  // --- scripts -------------------------------------------------------------------------------------

  /** Returns the body of the request being answered, as JSON. */
  static JsonNode requestJson(HttpExchange exchange) {
    try {
      return JSON.readTree((String) exchange.getAttribute(BODY));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers the first request with the first script, the second with the second, and so on; the last repeats. */
  static Script sequence(Script... scripts) {
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    return exchange -> scripts[Math.min(next.getAndIncrement(), scripts.length - 1)].respond(exchange);
  }

  /** Answers {@code /api/embed} as Ollama does, with {@code vector} applied to each {@code input} text. */
  static Script embeddings(java.util.function.Function<String, float[]> vector) {
    return exchange -> {
      JsonNode request = requestJson(exchange);
      StringBuilder sb = new StringBuilder("{\"model\":").append(quote(request.get("model").asText()))
          .append(",\"embeddings\":[");
      JsonNode input = request.get("input");
      for (int i = 0; i < input.size(); i++) {
        if (i > 0) sb.append(',');
        float[] v = vector.apply(input.get(i).asText());
        sb.append('[');
        for (int k = 0; k < v.length; k++) sb.append(k > 0 ? "," : "").append(v[k]);
        sb.append(']');
      }
      sb.append("],\"total_duration\":14143917,\"load_duration\":1019500,\"prompt_eval_count\":")
          .append(input.size() * 8).append('}');
      send(exchange, 200, "application/json; charset=utf-8", sb.toString());
    };
  }

  /** Replies with a whole body. */
  static Script reply(int status, String contentType, String body) {
    return exchange -> send(exchange, status, contentType, body);
  }

  /** Replies 200 with NDJSON: each line in two chunks, flushed, with a short pause between lines. */
  static Script ndjson(String... lines) {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      for (String line : lines) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        int half = bytes.length / 2;
        out.write(bytes, 0, half);
        out.flush();
        Thread.sleep(2);
        out.write(bytes, half, bytes.length - half);
        out.flush();
        Thread.sleep(3);
      }
    };
  }

  /** Replies with Ollama's streaming protocol: one line per piece, then the final {@code done} line. */
  static Script streamed(int promptTokens, int completionTokens, String... pieces) {
    String[] lines = new String[pieces.length + 1];
    for (int i = 0; i < pieces.length; i++) lines[i] = chunk(pieces[i]);
    lines[pieces.length] = done(promptTokens, completionTokens);
    return ndjson(lines);
  }

  /** Replies with Ollama's non-streaming protocol: one JSON object. */
  static Script whole(String content, int promptTokens, int completionTokens) {
    String body = "{\"model\":\"llama3.1\",\"created_at\":\"2026-11-21T10:00:00.000000Z\",\"message\":{\"role\":"
        + "\"assistant\",\"content\":" + quote(content) + "},\"done_reason\":\"stop\",\"done\":true,"
        + "\"total_duration\":912345678,\"load_duration\":1234567,\"prompt_eval_count\":" + promptTokens
        + ",\"prompt_eval_duration\":2345678,\"eval_count\":" + completionTokens + ",\"eval_duration\":3456789}";
    return reply(200, "application/json; charset=utf-8", body);
  }

  /** Replies with Ollama's error shape. */
  static Script error(int status, String message) {
    return reply(status, "application/json; charset=utf-8", "{\"error\":" + quote(message) + "}");
  }

  static String chunk(String piece) {
    return "{\"model\":\"llama3.1\",\"created_at\":\"2026-11-21T10:00:00.000000Z\",\"message\":{\"role\":"
        + "\"assistant\",\"content\":" + quote(piece) + "},\"done\":false}";
  }

  static String done(int promptTokens, int completionTokens) {
    return "{\"model\":\"llama3.1\",\"created_at\":\"2026-11-21T10:00:01.000000Z\",\"message\":{\"role\":"
        + "\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":912345678,"
        + "\"load_duration\":1234567,\"prompt_eval_count\":" + promptTokens + ",\"prompt_eval_duration\":2345678,"
        + "\"eval_count\":" + completionTokens + ",\"eval_duration\":3456789}";
  }

  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) exchange.getResponseBody().write(bytes);
  }
}
