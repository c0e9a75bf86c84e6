package io.github.dbqueryagent.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dbqueryagent.ModelException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads the body of an {@code /api/chat} response as it arrives: NDJSON line by line when streaming, one
 * JSON object otherwise, or an error body for a status other than 200.
 *
 * <p>The HTTP client calls {@code onSubscribe}, {@code onNext}, {@code onError} and {@code onComplete}
 * one at a time; {@link #abort()} may come from any thread. The first failure wins: the body future
 * completes exceptionally with a {@link ModelException} and the subscription is cancelled, which closes
 * the connection.
 */
final class ChatReplySubscriber implements HttpResponse.BodySubscriber<ChatReply> {
  /** The most bytes read from a body or one NDJSON line. */
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  /** The most characters of reply text accepted (a model that rambles on is cut off with an error). */
  static final int MAX_CONTENT_CHARS = 1_000_000;

  /** The most bytes of an error body kept for the message. */
  private static final int MAX_ERROR_BYTES = 64 * 1024;

  private final int status;
  private final boolean ndjson;
  private final String baseUrl;
  private final String model;
  private final CompletableFuture<ChatReply> result = new CompletableFuture<>();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final StringBuilder content = new StringBuilder();
  private volatile Flow.Subscription subscription;
  private boolean done;
  private int promptTokens;
  private int completionTokens;
  private String doneReason = "";

  ChatReplySubscriber(int status, boolean ndjson, String baseUrl, String model) {
    this.status = status;
    this.ndjson = ndjson;
    this.baseUrl = baseUrl;
    this.model = model;
  }

  @Override
  public CompletionStage<ChatReply> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (result.isDone()) {
      s.cancel();
    } else {
      s.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) return;
    try {
      for (ByteBuffer item : items) {
        if (status != 200) {
          copy(item, MAX_ERROR_BYTES - buffer.size());
        } else if (ndjson) {
          splitLines(item);
        } else {
          if (buffer.size() + item.remaining() > MAX_BODY_BYTES) {
            throw new ModelException("Ollama's reply is larger than " + MAX_BODY_BYTES + " bytes", false, 200, null);
          }
          copy(item, item.remaining());
        }
      }
    } catch (ModelException e) {
      fail(e);
      return;
    }
    Flow.Subscription s = subscription;
    if (s != null && !result.isDone()) s.request(1);
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    if (result.isDone()) return;
    try {
      if (status != 200) {
        throw OllamaErrors.forStatus(status, text(buffer.toByteArray()), baseUrl, model);
      }
      if (ndjson) {
        if (buffer.size() > 0) line(buffer.toByteArray());
        if (!done) {
          throw new ModelException(
              "Ollama's reply stream from " + baseUrl + " ended before its \"done\": true line", true, 200, null);
        }
      } else {
        JsonNode node = parse(buffer.toByteArray(), "a reply that is not JSON");
        message(node);
        if (!done) {
          throw OllamaErrors.malformed("a reply without \"done\": true", text(buffer.toByteArray()), null);
        }
      }
      result.complete(new ChatReply(content.toString(), promptTokens, completionTokens, doneReason));
    } catch (ModelException e) {
      result.completeExceptionally(e);
    }
  }

  /** Stops reading: fails the body future with a {@link CancellationException} and closes the connection. */
  void abort() {
    fail(new CancellationException("cancelled"));
  }

  private void fail(Throwable error) {
    result.completeExceptionally(error);
    Flow.Subscription s = subscription;
    if (s != null) s.cancel();
  }

  private void copy(ByteBuffer item, int max) {
    int n = Math.max(0, Math.min(max, item.remaining()));
    byte[] bytes = new byte[n];
    item.get(bytes);
    buffer.write(bytes, 0, n);
  }

  private void splitLines(ByteBuffer item) {
    while (item.hasRemaining()) {
      byte b = item.get();
      if (b == '\n') {
        byte[] line = buffer.toByteArray();
        buffer.reset();
        line(line);
        if (result.isDone()) return;
      } else {
        if (buffer.size() >= MAX_BODY_BYTES) {
          throw new ModelException("a line of Ollama's reply stream is longer than " + MAX_BODY_BYTES + " bytes",
              false, 200, null);
        }
        buffer.write(b);
      }
    }
  }

  private void line(byte[] bytes) {
    String text = text(bytes).strip();
    if (text.isEmpty() || done) return;
    message(parse(bytes, "a reply stream line that is not JSON"));
  }

  private void message(JsonNode node) {
    if (!node.isObject()) {
      throw OllamaErrors.malformed("a reply that is not a JSON object", node.toString(), null);
    }
    JsonNode error = node.get("error");
    if (error != null && !error.isNull()) {
      throw new ModelException(
          "Ollama at " + baseUrl + " failed while answering: " + error.asText(), true, 200, null);
    }
    JsonNode message = node.get("message");
    JsonNode piece = message == null ? null : message.get("content");
    if (piece != null && !piece.isNull()) {
      if (!piece.isTextual()) {
        throw OllamaErrors.malformed("a message.content that is not text", node.toString(), null);
      }
      if (content.length() + piece.asText().length() > MAX_CONTENT_CHARS) {
        throw new ModelException(
            "the model's reply is longer than " + MAX_CONTENT_CHARS + " characters: it does not look like one SQL"
                + " query",
            false, 200, null);
      }
      content.append(piece.asText());
    } else if (!node.path("done").asBoolean(false)) {
      throw OllamaErrors.malformed("a reply without message.content", node.toString(), null);
    }
    if (node.path("done").asBoolean(false)) {
      done = true;
      promptTokens = Math.max(0, node.path("prompt_eval_count").asInt(0));
      completionTokens = Math.max(0, node.path("eval_count").asInt(0));
      doneReason = node.path("done_reason").asText("");
    }
  }

  private static JsonNode parse(byte[] bytes, String what) {
    try {
      JsonNode node = OllamaSqlGenerator.JSON.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw OllamaErrors.malformed("an empty reply", "", null);
      }
      return node;
    } catch (IOException e) {
      throw OllamaErrors.malformed(what, text(bytes), e);
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
