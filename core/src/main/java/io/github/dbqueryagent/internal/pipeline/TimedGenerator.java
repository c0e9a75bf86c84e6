package io.github.dbqueryagent.internal.pipeline;

import io.github.dbqueryagent.GenerationTimeoutException;
import io.github.dbqueryagent.QueryAgentException;
import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.Cancellation;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.SqlGenerator;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a {@link SqlGenerator} with a deadline. The call runs on a daemon thread of its own ({@code
 * dbqa-generate-N}, from a cached pool whose idle threads end after a minute) while the caller waits at
 * most the timeout, so a generator that hangs, even one that ignores cancellation and interrupts,
 * cannot hold the caller. On timeout the generator's {@link Cancellation} is triggered (aborting, for
 * example, its HTTP call) and its thread interrupted. The generator gets a cancellation of its own,
 * linked to the question's: cancelling the question cancels the generator, a timeout does not cancel
 * the question. Thread-safe.
 */
final class TimedGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(TimedGenerator.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final SqlGenerator generator;
  private final Duration timeout;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "dbqa-generate-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  TimedGenerator(SqlGenerator generator, Duration timeout) {
    this.generator = generator;
    this.timeout = timeout;
  }

  /**
   * Generates SQL for the request within the timeout.
   *
   * @return the generator's reply, never null
   * @throws GenerationTimeoutException when the generator did not answer in time
   * @throws QueryCancelledException when the question was cancelled while generating
   * @throws QueryAgentException at {@link Stage#GENERATE} naming the generator when it threw an
   *     unchecked exception other than a {@link QueryAgentException} (rethrown as is) or returned null
   */
  GeneratedSql generate(GenerationRequest request) {
    Cancellation question = request.cancellation();
    question.throwIfCancelled(Stage.GENERATE);
    Cancellation own = new Cancellation();
    GenerationRequest forGenerator =
        new GenerationRequest(
            request.question(), request.catalog(), request.retrieval(), request.context(), request.summaries(),
            request.history(), request.values(), request.previousAttempt(), own);
    Future<GeneratedSql> call = threads.submit(() -> generator.generate(forGenerator));
    GeneratedSql generated;
    try (Cancellation.Registration link =
        question.onCancel(() -> {
          own.cancel();
          call.cancel(true);
        })) {
      generated = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      own.cancel();
      call.cancel(true);
      GenerationTimeoutException timedOut = new GenerationTimeoutException(name(), timeout);
      LOG.warn(timedOut.getMessage());
      throw timedOut;
    } catch (CancellationException e) {
      throw new QueryCancelledException(Stage.GENERATE);
    } catch (InterruptedException e) {
      own.cancel();
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new QueryCancelledException(Stage.GENERATE);
    } catch (ExecutionException e) {
      throw translate(e.getCause(), question);
    }
    if (generated == null) {
      throw new QueryAgentException(
          Stage.GENERATE, "the SQL generator '" + name() + "' returned null; it must return SQL or a clarification");
    }
    return generated;
  }

  private RuntimeException translate(Throwable failure, Cancellation question) {
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    if (question.isCancelled()) {
      return new QueryCancelledException(Stage.GENERATE);
    }
    if (failure instanceof QueryAgentException) {
      return (QueryAgentException) failure;
    }
    return new QueryAgentException(
        Stage.GENERATE, "the SQL generator '" + name() + "' failed: " + oneLine(failure), failure);
  }

  private String name() {
    try {
      return generator.name();
    } catch (RuntimeException e) {
      return generator.getClass().getName();
    }
  }

  private static String oneLine(Throwable t) {
    String s = t.toString();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
