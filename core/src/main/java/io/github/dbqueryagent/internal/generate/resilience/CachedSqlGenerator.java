package io.github.dbqueryagent.internal.generate.resilience;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.dbqueryagent.TokenUsage;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.SqlGenerator;
import io.github.dbqueryagent.spi.Turn;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a generator's replies in memory (Caffeine) and answers a repeated request from there; see {@link
 * SqlGenerator#cached} and {@code docs/resilience.md}.
 *
 * <p>The key is the generator's {@linkplain SqlGenerator#name() name}, the {@linkplain
 * io.github.dbqueryagent.spi.Catalog#fingerprint() catalog fingerprint}, the rendered {@linkplain
 * io.github.dbqueryagent.spi.SchemaContext#text() schema context}, the question, and the question and SQL
 * of every {@linkplain GenerationRequest#history() earlier turn}. Replies with SQL and clarifications are
 * stored; failures never. A repair request ({@linkplain GenerationRequest#previousAttempt() previous
 * attempt} present) always goes to the generator and its reply is not stored: the first reply was wrong.
 * Entries expire {@code ttl} after they were written; beyond {@code maximumSize} entries the least
 * useful are evicted. A reply from the cache reports {@link TokenUsage#NONE}: no model tokens were spent.
 *
 * <p>Two concurrent misses for the same key both call the generator (the generator is never called while
 * a cache lock is held). Thread-safe.
 */
public final class CachedSqlGenerator implements SqlGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(CachedSqlGenerator.class);

  private final SqlGenerator delegate;
  private final Cache<Key, GeneratedSql> cache;

  /**
   * Creates the cache.
   *
   * @param delegate the generator whose replies to keep
   * @param ttl how long an entry lives after it was written, positive
   * @param maximumSize the most entries kept, at least 1
   */
  public CachedSqlGenerator(SqlGenerator delegate, Duration ttl, int maximumSize) {
    this(delegate, ttl, maximumSize, Ticker.systemTicker());
  }

  CachedSqlGenerator(SqlGenerator delegate, Duration ttl, int maximumSize, Ticker ticker) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero() || maximumSize < 1) {
      throw new IllegalArgumentException(
          "the generator cache needs a positive ttl and a maximumSize of at least 1 (got " + ttl + ", " + maximumSize + ")");
    }
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).ticker(ticker).build();
  }

  /**
   * Returns the stored reply for this request, or the generator's reply (stored when it is not a repair).
   *
   * @return the reply, never null unless the generator returned null (which is not stored)
   * @throws RuntimeException whatever the generator throws; nothing is stored then
   */
  @Override
  public GeneratedSql generate(GenerationRequest request) {
    if (request.previousAttempt().isPresent()) {
      return delegate.generate(request);
    }
    Key key = Key.of(delegate.name(), request);
    GeneratedSql hit = cache.getIfPresent(key);
    if (hit != null) {
      LOG.debug("SQL generator cache hit for '{}'", delegate.name());
      return hit;
    }
    GeneratedSql reply = delegate.generate(request);
    if (reply != null) {
      cache.put(key, reply.withTokens(TokenUsage.NONE));
    }
    return reply;
  }

  /** Returns the number of entries, approximately (for tests and diagnostics). */
  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Returns the cached generator's name. */
  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String toString() {
    return "Cached[" + delegate.name() + "]";
  }

  /** What makes two requests the same for the cache. */
  record Key(String generator, String fingerprint, String context, String question, List<List<String>> history) {
    static Key of(String generator, GenerationRequest r) {
      List<List<String>> turns = r.history().stream().map((Turn t) -> List.of(t.question(), t.sql())).toList();
      return new Key(generator, r.catalog().fingerprint(), r.context().text(), r.question(), turns);
    }
  }
}
