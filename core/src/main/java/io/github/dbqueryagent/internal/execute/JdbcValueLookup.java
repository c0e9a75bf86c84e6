package io.github.dbqueryagent.internal.execute;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.ValueLookup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Value linking by bounded, parameterized, read-only lookups: {@code SELECT DISTINCT col FROM t WHERE
 * LOWER(col) IN (?, ...)} with at most 40 candidates of at most 100 characters, a 5-second timeout
 * and at most 20 rows; answers are cached for 10 minutes. Failures are logged and answered with an
 * empty list. Thread-safe.
 */
public final class JdbcValueLookup implements ValueLookup {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcValueLookup.class);
  private static final int MAX_CANDIDATES = 40;
  private static final int MAX_LENGTH = 100;

  private final DataSource dataSource;
  private final Cache<String, List<String>> cache =
      Caffeine.newBuilder().maximumSize(20_000).expireAfterWrite(Duration.ofMinutes(10)).build();

  /** Creates the lookup over a data source. */
  public JdbcValueLookup(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  @Override
  public List<String> find(Table table, Column column, Collection<String> candidates) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String c : candidates) {
      String s = c.strip();
      if (!s.isEmpty() && s.length() <= MAX_LENGTH) wanted.add(s.toLowerCase(Locale.ROOT));
      if (wanted.size() == MAX_CANDIDATES) break;
    }
    if (wanted.isEmpty() || !column.isText()) return List.of();
    String key = table.name() + "\u0000" + column.name() + "\u0000" + String.join("\u0000", wanted);
    return cache.get(key, k -> query(table, column, new ArrayList<>(wanted)));
  }

  private List<String> query(Table table, Column column, List<String> wanted) {
    try (Connection c = dataSource.getConnection()) {
      ReadOnlySession session = ReadOnlySession.begin(c);
      try {
        Dialect d = session.dialect();
        String col = d.quote(column.name());
        StringBuilder sql = new StringBuilder("SELECT DISTINCT ").append(col).append(" FROM ")
            .append(table.name().toSql(d)).append(" WHERE LOWER(").append(col).append(") IN (");
        for (int i = 0; i < wanted.size(); i++) sql.append(i == 0 ? "?" : ", ?");
        sql.append(')');
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
          ps.setQueryTimeout(5);
          ps.setMaxRows(20);
          for (int i = 0; i < wanted.size(); i++) ps.setString(i + 1, wanted.get(i));
          List<String> found = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String v = rs.getString(1);
              if (v != null) found.add(v);
            }
          }
          return List.copyOf(found);
        }
      } finally {
        session.end();
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("value lookup on {}.{} failed: {}", table.name(), column.name(), e.getMessage());
      return List.of();
    }
  }
}
