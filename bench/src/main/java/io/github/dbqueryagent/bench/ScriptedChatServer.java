package io.github.dbqueryagent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * A scripted OpenAI-compatible chat-completions server for {@link LlmPipelineBenchmark}: it answers
 * every {@code POST /v1/chat/completions} with the gold SQL of the question it finds in the user
 * message, so that the benchmark measures the pipeline around a perfect model.
 *
 * <p>The question is the text after the last {@code Question: } line of the user message, up to the
 * repair section ({@value #REPAIR_MARKER}) or the end, as {@link
 * io.github.dbqueryagent.spi.LanguageModelPrompts} writes it. For one question in five ({@link
 * #breaksFirstAnswer(String)}: the CRC-32 of its UTF-8 text is divisible by 5) the first answer is a
 * broken query ({@link #broken(String)}: an extra select-list column that does not exist), so that
 * the pipeline's repair loop must ask again; a repair request (the user message holds {@value
 * #REPAIR_MARKER}) is always answered with the gold SQL. A question not scripted is answered with a
 * clarification. When the request carries {@code response_format} the reply is the JSON object of
 * {@link io.github.dbqueryagent.spi.LanguageModelPrompts#replySchema()}, else a {@code ```sql} block.
 *
 * <p>The time spent inside the handler (reading the request to writing the last byte of the reply) is
 * added to {@link #handlerNanos()}, so that callers can subtract the server's share of a question's
 * wall time. The server sets {@code sun.net.httpserver.nodelay} (TCP_NODELAY) before it starts.
 * Thread-safe; the HTTP server uses one thread.
 */
final class ScriptedChatServer implements AutoCloseable {
  /** The sentence that opens the repair section of a user message. */
  static final String REPAIR_MARKER = "Your previous SQL for this question failed:";

  /** The column the broken first answer selects; no defog table has it. */
  static final String MISSPELLED_COLUMN = "misspeled_colum";

  private static final String QUESTION_LINE = "Question: ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> gold = new ConcurrentHashMap<>();
  private final AtomicLong handlerNanos = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong repairsServed = new AtomicLong();
  private final AtomicLong brokenServed = new AtomicLong();
  private final AtomicLong unknownQuestions = new AtomicLong();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "scripted-chat-server");
    t.setDaemon(true);
    return t;
  });

  /**
   * Starts the server on a free loopback port.
   *
   * @throws IOException when the port cannot be bound
   */
  ScriptedChatServer() throws IOException {
    // without TCP_NODELAY the headers and the body leave in two segments and Nagle's algorithm holds the
    // body until the client's delayed ACK (about 40 ms): a cost of this server, not of the library
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** The base URL for {@code OpenAiSqlGenerator.builder().baseUrl(...)}, ending in {@code /v1}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Replaces the script: question text (stripped) to the SQL to answer with. */
  void script(Map<String, String> questionToSql) {
    gold.clear();
    questionToSql.forEach((q, sql) -> gold.put(q.strip(), sql));
  }

  long handlerNanos() {
    return handlerNanos.get();
  }

  long requests() {
    return requests.get();
  }

  long repairsServed() {
    return repairsServed.get();
  }

  long brokenServed() {
    return brokenServed.get();
  }

  long unknownQuestions() {
    return unknownQuestions.get();
  }

  /** Sets every counter back to zero (after a warm-up pass). */
  void resetCounters() {
    handlerNanos.set(0);
    requests.set(0);
    repairsServed.set(0);
    brokenServed.set(0);
    unknownQuestions.set(0);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---------------------------------------------------------------- the script, static for tests

  /**
   * Finds the question in a user message written by {@code LanguageModelPrompts}.
   *
   * @param userMessage the user message
   * @return the question, stripped; empty when the message has no {@code Question: } line
   */
  static Optional<String> question(String userMessage) {
    int repair = userMessage.indexOf("\n" + REPAIR_MARKER);
    String head = repair < 0 ? userMessage : userMessage.substring(0, repair);
    int at = head.lastIndexOf("\n" + QUESTION_LINE);
    int start;
    if (at >= 0) {
      start = at + 1 + QUESTION_LINE.length();
    } else if (head.startsWith(QUESTION_LINE)) {
      start = QUESTION_LINE.length();
    } else {
      return Optional.empty();
    }
    String q = head.substring(start).strip();
    return q.isEmpty() ? Optional.empty() : Optional.of(q);
  }

  /** Whether a user message asks to repair a failed query. */
  static boolean isRepair(String userMessage) {
    return userMessage.contains(REPAIR_MARKER);
  }

  /** Whether the first answer to this question is broken: CRC-32 of the stripped UTF-8 text divisible by 5. */
  static boolean breaksFirstAnswer(String question) {
    CRC32 crc = new CRC32();
    crc.update(question.strip().getBytes(StandardCharsets.UTF_8));
    return crc.getValue() % 5 == 0;
  }

  /**
   * The broken form of a query: {@value #MISSPELLED_COLUMN} added at the front of the first select
   * list (after {@code DISTINCT} when present), which no database of the benchmark has.
   */
  static String broken(String sql) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\bselect\\s+(distinct\\s+(on\\s*\\([^)]*\\)\\s*)?)?").matcher(sql);
    if (!m.find()) return "SELECT " + MISSPELLED_COLUMN + " FROM (" + sql + ") AS q";
    return sql.substring(0, m.end()) + MISSPELLED_COLUMN + ", " + sql.substring(m.end());
  }

  /**
   * The SQL to answer a user message with, or empty for a question not scripted.
   *
   * @param userMessage the user message
   * @param script question to gold SQL
   */
  static Optional<String> answer(String userMessage, Map<String, String> script) {
    Optional<String> q = question(userMessage);
    if (q.isEmpty() || !script.containsKey(q.get())) return Optional.empty();
    String sql = script.get(q.get());
    if (!isRepair(userMessage) && breaksFirstAnswer(q.get())) return Optional.of(broken(sql));
    return Optional.of(sql);
  }

  // ---------------------------------------------------------------- HTTP

  private void handle(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    try (exchange) {
      requests.incrementAndGet();
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      String user = "";
      for (JsonNode m : body.path("messages")) if (m.path("role").asText().equals("user")) user = m.path("content").asText();
      boolean json = body.has("response_format");
      Optional<String> sql = answer(user, gold);
      if (sql.isEmpty()) {
        unknownQuestions.incrementAndGet();
      } else if (isRepair(user)) {
        repairsServed.incrementAndGet();
      } else if (!sql.get().equals(gold.get(question(user).orElse("")))) {
        brokenServed.incrementAndGet();
      }
      String content = json ? jsonContent(sql) : textContent(sql);
      byte[] reply = completion(content, body.path("model").asText("scripted")).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, reply.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply);
      }
    } finally {
      handlerNanos.addAndGet(System.nanoTime() - start);
    }
  }

  private static String textContent(Optional<String> sql) {
    return sql.map(s -> "```sql\n" + s + "\n```").orElse("CLARIFY: This question is not in the script.");
  }

  private static String jsonContent(Optional<String> sql) {
    ObjectNode o = JSON.createObjectNode();
    o.put("sql", sql.orElse(""));
    o.put("explanation", sql.isPresent() ? "The scripted gold query." : "");
    o.put("confidence", sql.isPresent() ? 0.9 : 0.0);
    o.put("needs_clarification", sql.isEmpty());
    o.put("clarification_question", sql.isPresent() ? "" : "This question is not in the script.");
    o.putArray("tables_used");
    return o.toString();
  }

  private static String completion(String content, String model) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-scripted");
    root.put("object", "chat.completion");
    root.put("created", 1_763_683_200L);
    root.put("model", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", 100);
    usage.put("completion_tokens", 20);
    usage.put("total_tokens", 120);
    return root.toString();
  }
}
