package io.github.dbqueryagent.introspect;

import io.github.dbqueryagent.spi.Catalog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one catalog read ({@link Introspection}: catalog, report, timing) for {@link
 * DialectSchemaSource}: re-reads it when the time-to-live expired or
 * after {@link #invalidate()}, and between re-reads asks a change probe every probe interval,
 * re-reading only when the probe's token moved. One read or probe at a time; while a due probe runs,
 * other callers get the cached catalog without blocking. Tells listeners when a re-read changed the
 * fingerprint.
 */
final class ProbingCatalogCache {
  private static final Logger LOG = LoggerFactory.getLogger(ProbingCatalogCache.class);

  /** A read and the probe token taken just before it (null when there is no probe). */
  record Loaded(Introspection introspection, String token) {}

  /** Reads the catalog. */
  interface Loader {
    Loaded load();
  }

  /** Returns the current token, empty when there is no probe; throws when the probe fails. */
  interface Prober {
    Optional<String> probe();
  }

  private record Snapshot(Introspection introspection, String token, long readAt, long checkedAt, int generation) {
    Snapshot checked(long now, String newToken) {
      return new Snapshot(introspection, newToken, readAt, now, generation);
    }

    Catalog catalog() {
      return introspection.catalog();
    }
  }

  private final long ttlNanos;
  private final long probeNanos;
  private final LongSupplier nanos;
  private final List<CatalogListener> listeners;
  private final Loader loader;
  private final Prober prober;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicInteger generation = new AtomicInteger();
  private volatile Snapshot snapshot;

  ProbingCatalogCache(Duration ttl, Duration probeInterval, LongSupplier nanos, List<CatalogListener> listeners,
      Loader loader, Prober prober) {
    this.ttlNanos = saturatedNanos(ttl);
    this.probeNanos = saturatedNanos(probeInterval);
    this.nanos = nanos;
    this.listeners = List.copyOf(listeners);
    this.loader = loader;
    this.prober = prober;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Returns the last read, whatever its age; empty before the first read. Never blocks. */
  Optional<Introspection> current() {
    Snapshot s = snapshot;
    return s == null ? Optional.empty() : Optional.of(s.introspection());
  }

  /** Returns the cached read, reading (or probing) first when due; see the class comment. */
  Introspection get() {
    Snapshot s = snapshot;
    long now = nanos.getAsLong();
    if (s != null && fresh(s, now)) {
      if (!probeDue(s, now) || !lock.tryLock()) return s.introspection();
    } else {
      lock.lock();
    }
    try {
      s = snapshot;
      now = nanos.getAsLong();
      if (s != null && fresh(s, now)) {
        if (!probeDue(s, now)) return s.introspection();
        Optional<String> token;
        try {
          token = prober.probe();
        } catch (RuntimeException e) {
          LOG.warn("schema change probe failed; keeping the cached catalog until the next probe or the TTL: {}",
              e.getMessage());
          snapshot = s.checked(nanos.getAsLong(), s.token());
          return s.introspection();
        }
        if (token.isPresent() && token.get().equals(s.token())) {
          snapshot = s.checked(nanos.getAsLong(), s.token());
          return s.introspection();
        }
        LOG.debug("schema change probe token moved; re-reading the catalog");
      }
      int gen = generation.get();
      Loaded loaded = loader.load();
      long t = nanos.getAsLong();
      Snapshot fresh = new Snapshot(loaded.introspection(), loaded.token(), t, t, gen);
      snapshot = fresh;
      if (s != null && !s.catalog().fingerprint().equals(fresh.catalog().fingerprint())) {
        notifyListeners(CatalogDiff.between(s.catalog(), fresh.catalog()));
      }
      return fresh.introspection();
    } finally {
      lock.unlock();
    }
  }

  /** Makes the next {@link #get()} read, even one that is already waiting. */
  void invalidate() {
    generation.incrementAndGet();
  }

  private boolean fresh(Snapshot s, long now) {
    return s.generation() == generation.get() && now - s.readAt() < ttlNanos;
  }

  private boolean probeDue(Snapshot s, long now) {
    return s.token() != null && now - s.checkedAt() >= probeNanos;
  }

  private void notifyListeners(CatalogDiff diff) {
    for (CatalogListener l : listeners) {
      try {
        l.catalogChanged(diff);
      } catch (RuntimeException e) {
        LOG.warn("catalog listener {} failed; ignored", l, e);
      }
    }
  }
}
