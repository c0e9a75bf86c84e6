/**
 * A {@link io.github.dbqueryagent.spi.SessionStore} on any JDBC database: {@link
 * io.github.dbqueryagent.session.jdbc.JdbcSessionStore}.
 */
package io.github.dbqueryagent.session.jdbc;
