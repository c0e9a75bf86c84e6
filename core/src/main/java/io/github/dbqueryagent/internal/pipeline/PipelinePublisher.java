package io.github.dbqueryagent.internal.pipeline;

import io.github.dbqueryagent.QueryAgentException;
import io.github.dbqueryagent.QueryCancelledException;
import io.github.dbqueryagent.QueryResult;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.event.QueryEvent;
import io.github.dbqueryagent.spi.Cancellation;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ExecutorService;

/**
 * A cold publisher: each subscriber gets its own run of the pipeline on a worker thread. Events are
 * buffered (a run emits a few dozen) and delivered only as far as the subscriber's demand allows, on
 * one thread at a time, following the Reactive Streams rules (§1.3 serial signals, §3.9 non-positive
 * request is an error, §3.13 cancel releases the subscriber).
 */
public final class PipelinePublisher implements Flow.Publisher<QueryEvent> {
  private final Pipeline pipeline;
  private final String question;
  private final String sessionId;
  private final ExecutorService workers;

  /** Creates the publisher; nothing runs until a subscriber subscribes. */
  public PipelinePublisher(Pipeline pipeline, String question, String sessionId, ExecutorService workers) {
    this.pipeline = pipeline;
    this.question = question;
    this.sessionId = sessionId;
    this.workers = workers;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super QueryEvent> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    EventSubscription subscription = new EventSubscription(subscriber);
    subscriber.onSubscribe(subscription);
    try {
      workers.execute(subscription::runPipeline);
    } catch (RejectedExecutionException e) {
      subscription.emit(new QueryEvent.Failed(new QueryAgentException(Stage.QUESTION, "the agent's worker pool refused the task", e)));
      subscription.finish();
    }
  }

  private final class EventSubscription implements Flow.Subscription {
    private Flow.Subscriber<? super QueryEvent> subscriber;
    private final Queue<QueryEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Cancellation cancellation = new Cancellation();
    private volatile boolean finished;
    private volatile Throwable protocolError;
    private boolean terminated;

    EventSubscription(Flow.Subscriber<? super QueryEvent> subscriber) {
      this.subscriber = subscriber;
    }

    void runPipeline() {
      if (cancelled.get()) return;
      try {
        QueryResult result = pipeline.run(question, sessionId, this::emit, cancellation);
        emit(new QueryEvent.Completed(result));
      } catch (QueryCancelledException e) {
        // the subscriber cancelled: nothing more is delivered
      } catch (QueryAgentException e) {
        emit(new QueryEvent.Failed(e));
      } catch (RuntimeException e) {
        emit(new QueryEvent.Failed(new QueryAgentException(Stage.QUESTION, "unexpected failure: " + e, e)));
      } finally {
        finish();
      }
    }

    void emit(QueryEvent event) {
      if (cancelled.get()) return;
      queue.offer(event);
      drain();
    }

    void finish() {
      finished = true;
      drain();
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        protocolError = new IllegalArgumentException("§3.9: request(n) needs a positive n, got " + n);
        cancellation.cancel();
        drain();
        return;
      }
      long current;
      long next;
      do {
        current = demand.get();
        if (current == Long.MAX_VALUE) break;
        next = current + n;
        if (next < 0) next = Long.MAX_VALUE;
      } while (!demand.compareAndSet(current, next));
      drain();
    }

    @Override
    public void cancel() {
      if (cancelled.compareAndSet(false, true)) {
        cancellation.cancel();
        queue.clear();
      }
    }

    private void drain() {
      if (wip.getAndIncrement() != 0) return;
      int missed = 1;
      do {
        if (terminated) return;
        if (cancelled.get()) {
          queue.clear();
          release();
          return;
        }
        if (protocolError != null) {
          terminated = true;
          cancelled.set(true);
          queue.clear();
          Flow.Subscriber<? super QueryEvent> s = subscriber;
          release();
          s.onError(protocolError);
          return;
        }
        long requested = demand.get();
        long emitted = 0;
        while (emitted != requested) {
          if (cancelled.get()) break;
          QueryEvent e = queue.poll();
          if (e == null) break;
          subscriber.onNext(e);
          emitted++;
        }
        if (emitted > 0 && requested != Long.MAX_VALUE) demand.addAndGet(-emitted);
        if (!cancelled.get() && finished && queue.isEmpty()) {
          terminated = true;
          Flow.Subscriber<? super QueryEvent> s = subscriber;
          release();
          s.onComplete();
          return;
        }
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }

    private void release() {
      subscriber = NOOP;
    }
  }

  private static final Flow.Subscriber<QueryEvent> NOOP =
      new Flow.Subscriber<>() {
        @Override
        public void onSubscribe(Flow.Subscription s) {}

        @Override
        public void onNext(QueryEvent item) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onComplete() {}
      };
}
