package io.github.dbqueryagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.event.QueryEvent;
import io.github.dbqueryagent.spi.ExecutionResult;
import io.github.dbqueryagent.spi.Executor;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.support.TestDatabases;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StreamingTest {

  /** Records signals; requests {@code initial} items on subscribe. */
  static final class Recorder implements Flow.Subscriber<QueryEvent> {
    final List<QueryEvent> events = new CopyOnWriteArrayList<>();
    final AtomicInteger completions = new AtomicInteger();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final CountDownLatch done = new CountDownLatch(1);
    final long initial;
    volatile Flow.Subscription subscription;

    Recorder(long initial) {
      this.initial = initial;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (initial > 0) s.request(initial);
    }

    @Override
    public void onNext(QueryEvent item) {
      events.add(item);
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
      done.countDown();
    }

    @Override
    public void onComplete() {
      completions.incrementAndGet();
      done.countDown();
    }
  }

  @Test
  void emitsStagesSqlRowsAndExactlyOneTerminalEvent() throws Exception {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(TestDatabases.h2Shop()).build();
    Recorder r = new Recorder(Long.MAX_VALUE);
    agent.stream("How many customers are from Brazil?").subscribe(r);
    assertThat(r.done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(r.completions).hasValue(1);
    assertThat(r.error.get()).isNull();
    assertThat(r.events.get(0)).isEqualTo(new QueryEvent.StageStarted(Stage.QUESTION));
    assertThat(r.events).filteredOn(e -> e instanceof QueryEvent.SqlProposed).hasSize(1);
    assertThat(r.events).filteredOn(e -> e instanceof QueryEvent.RowsReceived).hasSize(1);
    long terminals = r.events.stream().filter(e -> e instanceof QueryEvent.Completed || e instanceof QueryEvent.Failed).count();
    assertThat(terminals).isEqualTo(1);
    QueryEvent last = r.events.get(r.events.size() - 1);
    assertThat(last).isInstanceOf(QueryEvent.Completed.class);
    assertThat(((QueryEvent.Completed) last).result().rows()).containsExactly(List.of(2L));
    // every started stage completes, in order
    long started = r.events.stream().filter(e -> e instanceof QueryEvent.StageStarted).count();
    long completed = r.events.stream().filter(e -> e instanceof QueryEvent.StageCompleted).count();
    assertThat(started).isEqualTo(completed);
  }

  @Test
  void honoursDemandOneEventAtATime() throws Exception {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(TestDatabases.h2Shop()).build();
    Recorder r = new Recorder(1);
    agent.stream("How many customers are there?").subscribe(r);
    // the pipeline finishes in the background but only one event may arrive
    Thread.sleep(1500);
    assertThat(r.events).hasSize(1);
    assertThat(r.completions).hasValue(0);
    for (int i = 0; i < 200 && r.done.getCount() > 0; i++) {
      int before = r.events.size();
      r.subscription.request(1);
      assertThat(r.events.size()).isLessThanOrEqualTo(before + 1);
    }
    assertThat(r.done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(r.events.get(r.events.size() - 1)).isInstanceOf(QueryEvent.Completed.class);
    assertThat(r.completions).hasValue(1);
  }

  @Test
  void failuresArriveAsOneFailedEventThenComplete() throws Exception {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder()
        .dataSource(TestDatabases.h2Shop())
        .sqlGenerator(q -> GeneratedSql.of("DROP TABLE customer", "", 1))
        .build();
    Recorder r = new Recorder(Long.MAX_VALUE);
    agent.stream("drop it").subscribe(r);
    assertThat(r.done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(r.events).filteredOn(e -> e instanceof QueryEvent.SqlRejected).isNotEmpty();
    QueryEvent last = r.events.get(r.events.size() - 1);
    assertThat(last).isInstanceOf(QueryEvent.Failed.class);
    assertThat(((QueryEvent.Failed) last).error()).isInstanceOf(SqlRejectedException.class);
    assertThat(r.completions).hasValue(1);
    assertThat(TestDatabases.count(TestDatabases.h2Shop(), "customer")).isEqualTo(5);
  }

  @Test
  void nonPositiveRequestIsAProtocolError() throws Exception {
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder().dataSource(TestDatabases.h2Shop()).build();
    Recorder r = new Recorder(0);
    agent.stream("How many customers are there?").subscribe(r);
    r.subscription.request(0);
    assertThat(r.done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(r.error.get()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");
    assertThat(r.completions).hasValue(0);
  }

  /**
   * An executor that signals {@code executing}, then blocks until the question's cancellation fires
   * (failing if it does not within 30 s) and ends as a cancelled stage.
   */
  static Executor blockingUntilCancelled(CountDownLatch executing, CountDownLatch cancelled) {
    return request -> {
      request.cancellation().onCancel(cancelled::countDown);
      executing.countDown();
      try {
        if (!cancelled.await(30, TimeUnit.SECONDS)) throw new AssertionError("not cancelled");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      request.cancellation().throwIfCancelled(Stage.EXECUTE);
      return new ExecutionResult(List.of(), List.of(), false);
    };
  }

  @Test
  void cancelStopsTheRunningStage() throws Exception {
    CountDownLatch executing = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder()
        .dataSource(TestDatabases.h2Shop())
        .sqlGenerator(q -> GeneratedSql.of("SELECT 1", "", 1))
        .executor(blockingUntilCancelled(executing, cancelled))
        .build();
    Recorder r = new Recorder(Long.MAX_VALUE);
    agent.stream("anything").subscribe(r);
    assertThat(executing.await(30, TimeUnit.SECONDS)).isTrue();
    r.subscription.cancel();
    assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(300);
    assertThat(r.events).noneMatch(e -> e instanceof QueryEvent.Completed || e instanceof QueryEvent.RowsReceived);
    assertThat(r.completions).hasValue(0);
  }

  @Test
  void cancellingTheFutureCancelsTheWork() throws Exception {
    CountDownLatch executing = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    DatabaseQueryAgent agent = DatabaseQueryAgent.builder()
        .dataSource(TestDatabases.h2Shop())
        .sqlGenerator(q -> GeneratedSql.of("SELECT 1", "", 1))
        .executor(blockingUntilCancelled(executing, cancelled))
        .build();
    var future = agent.queryAsync("anything");
    assertThat(executing.await(30, TimeUnit.SECONDS)).isTrue();
    future.cancel(true);
    assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(future).isCancelled();
  }
}
