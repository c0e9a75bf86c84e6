package io.github.dbqueryagent.internal.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DriverManagerDataSourceTest {
  static final String SECRET = "hunter2-Xyz";

  /** A driver that fails every login and, like some real drivers, repeats the credentials it got. */
  static final class IndiscreetDriver implements Driver {
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
      if (!acceptsURL(url)) return null;
      throw new SQLException(
          "login failed for user " + info.getProperty("user") + " with password " + info.getProperty("password")
              + " at " + url,
          "28000",
          1045);
    }

    @Override
    public boolean acceptsURL(String url) {
      return url.startsWith("jdbc:indiscreet:");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
      return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
      return 1;
    }

    @Override
    public int getMinorVersion() {
      return 0;
    }

    @Override
    public boolean jdbcCompliant() {
      return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }
  }

  static final IndiscreetDriver DRIVER = new IndiscreetDriver();

  @BeforeAll
  static void register() throws SQLException {
    DriverManager.registerDriver(DRIVER);
  }

  @AfterAll
  static void deregister() throws SQLException {
    DriverManager.deregisterDriver(DRIVER);
  }

  @Test
  void maskUrlHidesPasswordParameters() {
    assertThat(DriverManagerDataSource.maskUrl("jdbc:postgresql://db:5432/shop?user=app&password=" + SECRET + "&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/shop?user=app&password=****&ssl=true");
    assertThat(DriverManagerDataSource.maskUrl("jdbc:sqlserver://db:1433;databaseName=shop;Password=" + SECRET + ";encrypt=true"))
        .isEqualTo("jdbc:sqlserver://db:1433;databaseName=shop;Password=****;encrypt=true");
    assertThat(DriverManagerDataSource.maskUrl("jdbc:mysql://db/shop?pwd=" + SECRET)).isEqualTo("jdbc:mysql://db/shop?pwd=****");
  }

  @Test
  void maskUrlHidesUserInfoPasswords() {
    assertThat(DriverManagerDataSource.maskUrl("jdbc:mysql://app:" + SECRET + "@db:3306/shop"))
        .isEqualTo("jdbc:mysql://app:****@db:3306/shop");
    assertThat(DriverManagerDataSource.maskUrl("jdbc:postgresql://app:" + SECRET + "@db/shop?sslmode=require"))
        .isEqualTo("jdbc:postgresql://app:****@db/shop?sslmode=require");
  }

  @Test
  void maskUrlHidesTokensAndApiKeys() {
    assertThat(DriverManagerDataSource.maskUrl("jdbc:databricks://host:443;AuthMech=3;token=" + SECRET + ";x=1"))
        .isEqualTo("jdbc:databricks://host:443;AuthMech=3;token=****;x=1");
    assertThat(DriverManagerDataSource.maskUrl("jdbc:x://host/db?apiKey=" + SECRET)).isEqualTo("jdbc:x://host/db?apiKey=****");
    assertThat(DriverManagerDataSource.maskUrl("jdbc:x://host/db?api_key=" + SECRET + "&secret=" + SECRET))
        .isEqualTo("jdbc:x://host/db?api_key=****&secret=****");
  }

  @Test
  void maskUrlLeavesUrlsWithoutSecretsAlone() {
    String[] plain = {
      "jdbc:postgresql://db:5432/shop?user=app&ssl=true",
      "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1",
      "jdbc:sqlite:/tmp/shop.db",
      "jdbc:mysql://db:3306/shop",
    };
    for (String url : plain) assertThat(DriverManagerDataSource.maskUrl(url)).isEqualTo(url);
    assertThat(DriverManagerDataSource.maskUrl(null)).isEmpty();
  }

  @Test
  void toStringNeverShowsThePassword() {
    DriverManagerDataSource withPassword = new DriverManagerDataSource("jdbc:postgresql://db/shop", "app", SECRET);
    DriverManagerDataSource secretInUrl =
        new DriverManagerDataSource("jdbc:postgresql://db/shop?user=app&password=" + SECRET, null, null);
    DriverManagerDataSource userInfo = new DriverManagerDataSource("jdbc:mysql://app:" + SECRET + "@db/shop", null, null);

    assertThat(withPassword.toString()).doesNotContain(SECRET).contains("jdbc:postgresql://db/shop", "user=app");
    assertThat(secretInUrl.toString()).doesNotContain(SECRET).contains("password=****");
    assertThat(userInfo.toString()).doesNotContain(SECRET).contains("app:****@db");
  }

  @Test
  void aFailedLoginDoesNotRevealThePasswordPassedAsProperty() {
    DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:indiscreet://db/shop", "app", SECRET);

    assertThatThrownBy(ds::getConnection)
        .isInstanceOf(SQLException.class)
        .satisfies(e -> {
          assertChainHasNoSecret(e);
          SQLException sql = (SQLException) e;
          assertThat(sql.getSQLState()).isEqualTo("28000");
          assertThat(sql.getErrorCode()).isEqualTo(1045);
          assertThat(sql.getMessage()).contains("login failed for user app", "****", "[url jdbc:indiscreet://db/shop]");
        });
  }

  @Test
  void aFailedLoginDoesNotRevealThePasswordInTheUrl() {
    DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:indiscreet://db/shop?password=" + SECRET, null, null);

    assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class).satisfies(e -> {
      assertChainHasNoSecret(e);
      assertThat(e.getMessage()).contains("password=****");
    });
  }

  @Test
  void aMissingDriverDoesNotRevealTheUrlSecret() {
    // DriverManager repeats the whole URL in "No suitable driver found for ..."
    DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:nosuchdriver://db/shop?password=" + SECRET, "app", "pw");

    assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class).satisfies(e -> {
      assertChainHasNoSecret(e);
      assertThat(((SQLException) e).getSQLState()).isEqualTo("08001");
    });
  }

  @Test
  void getConnectionWithExplicitCredentialsMasksThoseToo() {
    DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:indiscreet://db/shop", "app", "other");

    assertThatThrownBy(() -> ds.getConnection("admin", SECRET)).isInstanceOf(SQLException.class).satisfies(e -> {
      assertChainHasNoSecret(e);
      assertThat(e.getMessage()).contains("user admin");
    });
  }

  @Test
  void connectsWithUserAndPassword() throws SQLException {
    DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:dmds_ok", "sa", "");
    try (Connection c = ds.getConnection()) {
      assertThat(c.getMetaData().getUserName()).isEqualToIgnoringCase("sa");
    }
    assertThat(ds.url()).isEqualTo("jdbc:h2:mem:dmds_ok");
    assertThat(ds.isWrapperFor(DriverManagerDataSource.class)).isTrue();
    assertThat(ds.unwrap(DriverManagerDataSource.class)).isSameAs(ds);
  }

  static void assertChainHasNoSecret(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).as("message of %s", t.getClass().getName()).doesNotContain(SECRET);
      assertThat(t.toString()).doesNotContain(SECRET);
      if (t instanceof SQLException) {
        for (SQLException next = ((SQLException) t).getNextException(); next != null; next = next.getNextException()) {
          assertThat(String.valueOf(next.getMessage())).doesNotContain(SECRET);
        }
      }
    }
  }
}
