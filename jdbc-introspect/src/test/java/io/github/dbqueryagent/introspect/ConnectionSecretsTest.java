package io.github.dbqueryagent.introspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbqueryagent.SchemaIntrospectionException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionSecrets} and {@link DialectSchemaSource}'s errors without a server: URL secrets that
 * a data source repeats in its exceptions (as {@link java.sql.DriverManager}'s "No suitable driver
 * found for &lt;url&gt;" does) are masked in the source's message and in every exception of the cause
 * chain, on the reader path and on the {@code DatabaseMetaData} fallback. The servers' own messages are
 * covered by {@link IntrospectionCredentialLeakIT}.
 */
class ConnectionSecretsTest {
  static final String SECRET = "Unit-Secret-8Pd3";
  static final String URL = "jdbc:nosuchdriver://bob:" + SECRET + "@db:5432/shop?user=bob&password=" + SECRET;

  /** An exception shaped like the worst drivers': the URL in the message, a cause, a chained and a suppressed one. */
  static SQLException leaky() {
    SQLException e = new SQLException("No suitable driver found for " + URL, "08001", 0,
        new ConnectException("handshake with " + URL + " failed"));
    e.setNextException(new SQLException("retry at " + URL + " failed too", "08001"));
    e.addSuppressed(new IllegalStateException("pool said " + URL));
    return e;
  }

  static String printed(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    StringBuilder all = new StringBuilder(w.toString());
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append('\n').append(c);
      if (c instanceof SQLException) {
        for (SQLException n = ((SQLException) c).getNextException(); n != null; n = n.getNextException()) {
          all.append('\n').append(n);
        }
      }
    }
    return all.toString();
  }

  @Test
  void maskHidesPasswordParametersAndUserInfo() {
    assertThat(ConnectionSecrets.mask("No suitable driver found for " + URL))
        .isEqualTo("No suitable driver found for jdbc:nosuchdriver://bob:****@db:5432/shop?user=bob&password=****");
    assertThat(ConnectionSecrets.mask("relation \"orders\" does not exist")).isEqualTo("relation \"orders\" does not exist");
    assertThat(ConnectionSecrets.mask(null)).isEmpty();
  }

  @Test
  void anExceptionWithoutSecretsIsKeptAsItIs() {
    SQLException e = new SQLException("FATAL: role \"bob\" does not exist", "28000", 0,
        new ConnectException("refused"));
    assertThat((Throwable) ConnectionSecrets.clean(e)).isSameAs(e);
  }

  @Test
  void aLeakyExceptionIsCopiedWithEveryMessageMasked() {
    SQLException original = leaky();
    SQLException clean = ConnectionSecrets.clean(original);
    assertThat((Throwable) clean).isNotSameAs(original);
    assertThat(printed(clean)).doesNotContain(SECRET).contains("password=****", "bob:****@",
        "java.net.ConnectException: handshake with", "retry at", "java.lang.IllegalStateException: pool said");
    assertThat(clean.getSQLState()).isEqualTo("08001");
    assertThat(clean.getStackTrace()).isEqualTo(original.getStackTrace());
    assertThat(clean.getNextException().getMessage()).startsWith("retry at jdbc:nosuchdriver://bob:****@");
  }

  @Test
  void aFailingConnectionDoesNotShowTheUrlSecret() {
    DialectSchemaSource source = DialectSchemaSource.builder(
        new UrlDataSource(URL)).build();
    assertThatThrownBy(source::catalog).isInstanceOf(SchemaIntrospectionException.class)
        .satisfies(e -> assertThat(printed(e)).doesNotContain(SECRET).contains("No suitable driver found for",
            "password=****"));
  }

  @Test
  void theDatabaseMetaDataFallbackDoesNotShowTheUrlSecretEither() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:cs" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
    AtomicInteger calls = new AtomicInteger();
    // the first connection (dialect detection) works, the fallback's own connection fails like a driver
    UrlDataSource ds = new UrlDataSource(URL) {
      @Override
      public Connection getConnection() throws SQLException {
        if (calls.incrementAndGet() == 1) return h2.getConnection();
        throw leaky();
      }
    };
    DialectSchemaSource source = DialectSchemaSource.builder(ds).readers(List.of()).build();
    assertThatThrownBy(source::catalog).isInstanceOf(SchemaIntrospectionException.class)
        .satisfies(e -> assertThat(printed(e)).doesNotContain(SECRET).contains("password=****"));
    assertThat(calls).hasValue(2);
  }
}
