package io.github.dbqueryagent.openai;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Finds the OkHttp {@link Call} behind an openai-java request so that cancelling a question aborts the
 * HTTP exchange, not only the wait for it.
 *
 * <p>openai-java 4.x does not pass {@code CompletableFuture.cancel} of a service future down to the OkHttp
 * call (openai/openai-java#654). So each request carries a private header naming a {@link Slot}; this
 * application interceptor removes the header before anything is sent, records the call in the slot, and
 * fails the attempt at once when the slot is already cancelled. Each attempt of {@link OpenAiSqlGenerator}
 * opens its own slot (openai-java's own retries are off). Thread-safe.
 */
final class InFlightCalls implements Interceptor {
  /** The private header tying an HTTP call to a slot; never sent to the server. */
  static final String HEADER = "X-Dbqa-Call-Id";

  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  /** Opens a slot for one {@code generate} call. */
  Slot open() {
    Slot slot = new Slot(UUID.randomUUID().toString());
    slots.put(slot.id, slot);
    return slot;
  }

  /** Forgets a slot once its {@code generate} call has returned. */
  void close(Slot slot) {
    slots.remove(slot.id);
  }

  /** Returns the number of open slots; for tests. */
  int openCount() {
    return slots.size();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String id = request.header(HEADER);
    if (id == null) {
      return chain.proceed(request);
    }
    Request stripped = request.newBuilder().removeHeader(HEADER).build();
    Slot slot = slots.get(id);
    if (slot == null) {
      // The generate call already returned (cancelled); a late retry must not reach the server.
      chain.call().cancel();
      throw new IOException("Canceled");
    }
    slot.call = chain.call();
    if (slot.cancelled) {
      chain.call().cancel();
      throw new IOException("Canceled");
    }
    return chain.proceed(stripped);
  }

  /** One {@code generate} call: its id, its future and its current OkHttp call. */
  static final class Slot {
    private final String id;
    private volatile boolean cancelled;
    private volatile Call call;
    private volatile Future<?> future;

    private Slot(String id) {
      this.id = id;
    }

    String id() {
      return id;
    }

    boolean isCancelled() {
      return cancelled;
    }

    /** Records the service future; cancels it at once when the slot is already cancelled. */
    void attach(Future<?> f) {
      future = f;
      if (cancelled) f.cancel(false);
    }

    /** Aborts the HTTP call (closing its connection) and cancels the future. Idempotent. */
    void cancel() {
      cancelled = true;
      Call c = call;
      if (c != null) c.cancel();
      Future<?> f = future;
      if (f != null) f.cancel(false);
    }
  }
}
