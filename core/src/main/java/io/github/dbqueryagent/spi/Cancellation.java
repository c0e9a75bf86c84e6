package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.Stage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cancellation signal shared by the stages of one question. Thread-safe.
 *
 * <p>Implementations of long-running SPIs register an action (for example {@code Statement::cancel} or
 * aborting an HTTP call) with {@link #onCancel(Runnable)} and remove it when done. {@link #cancel()}
 * runs every registered action once, on the calling thread.
 */
public final class Cancellation {
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final List<Runnable> actions = new CopyOnWriteArrayList<>();

  /** Creates a signal that is not cancelled. */
  public Cancellation() {}

  /** Returns a signal that nobody will cancel (for callers without cancellation). */
  public static Cancellation none() {
    return new Cancellation();
  }

  /** Returns whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled.get();
  }

  /**
   * Throws when cancelled.
   *
   * @param stage the stage that checks
   * @throws QueryCancelledException when {@link #cancel()} was called
   */
  public void throwIfCancelled(Stage stage) {
    if (cancelled.get()) {
      throw new QueryCancelledException(stage);
    }
  }

  /**
   * Registers an action to run on cancellation; runs it at once when already cancelled.
   *
   * @return a handle whose {@code close()} unregisters the action
   */
  public Registration onCancel(Runnable action) {
    actions.add(action);
    if (cancelled.get() && actions.remove(action)) {
      runQuietly(action);
    }
    return () -> actions.remove(action);
  }

  /** Cancels: marks this signal cancelled and runs every registered action once. Idempotent. */
  public void cancel() {
    if (cancelled.compareAndSet(false, true)) {
      for (Runnable r : actions) {
        if (actions.remove(r)) runQuietly(r);
      }
    }
  }

  private static void runQuietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(Cancellation.class).debug("cancel action failed", e);
    }
  }

  /** A registered cancel action; closing it unregisters the action. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    /** Unregisters the action. */
    @Override
    void close();
  }
}
