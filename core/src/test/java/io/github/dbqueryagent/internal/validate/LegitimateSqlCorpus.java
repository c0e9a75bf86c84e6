package io.github.dbqueryagent.internal.validate;

import static io.github.dbqueryagent.spi.Dialect.GENERIC;
import static io.github.dbqueryagent.spi.Dialect.H2;
import static io.github.dbqueryagent.spi.Dialect.MARIADB;
import static io.github.dbqueryagent.spi.Dialect.MYSQL;
import static io.github.dbqueryagent.spi.Dialect.ORACLE;
import static io.github.dbqueryagent.spi.Dialect.POSTGRESQL;
import static io.github.dbqueryagent.spi.Dialect.SQLITE;
import static io.github.dbqueryagent.spi.Dialect.SQLSERVER;

import io.github.dbqueryagent.spi.Dialect;
import java.util.List;

/**
 * Read-only analytical queries the validator must accept, in every dialect: joins, aggregates, window
 * functions, CTEs (recursive too), set operations, subqueries, CASE, date functions, PostgreSQL JSON
 * operators, T-SQL TOP and brackets, LIMIT/OFFSET/FETCH, comments, and literals that look like
 * attacks ({@code ';'}, {@code '--'}, {@code 'DROP TABLE'}, {@code 'pg_sleep('}). Written against
 * {@link ValidatorCorpora#catalog}.
 */
final class LegitimateSqlCorpus {
  private LegitimateSqlCorpus() {}

  /**
   * One query.
   *
   * @param dialect the database it is written for
   * @param sql the query
   */
  record Query(Dialect dialect, String sql) {
    @Override
    public String toString() {
      String one = sql.replace("\n", "\\n");
      return dialect + ": " + (one.length() > 100 ? one.substring(0, 100) + "..." : one);
    }
  }

  private static Query q(Dialect dialect, String sql) {
    return new Query(dialect, sql);
  }

  /** Returns every query, in the order written. */
  static List<Query> queries() {
    return QUERIES;
  }

  private static final List<Query> QUERIES = List.of(
      // PostgreSQL
      q(POSTGRESQL, "SELECT c.country, count(*) AS customers, sum(o.total) AS revenue FROM customer c"
          + " JOIN orders o ON o.customer_id = c.id GROUP BY c.country HAVING sum(o.total) > 1000 ORDER BY revenue DESC"),
      q(POSTGRESQL, "SELECT id, total, rank() OVER (PARTITION BY customer_id ORDER BY total DESC) AS r,"
          + " sum(total) OVER (ORDER BY created_at ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS rolling FROM orders"),
      q(POSTGRESQL, "WITH monthly AS (SELECT date_trunc('month', created_at) AS m, sum(total) AS t FROM orders GROUP BY 1)"
          + " SELECT m, t, t - lag(t) OVER (ORDER BY m) AS change FROM monthly ORDER BY m"),
      q(POSTGRESQL, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12) SELECT i FROM n"),
      q(POSTGRESQL, "SELECT details ->> 'channel' AS channel, count(*) FROM orders WHERE details @> '{\"gift\": true}'"
          + " GROUP BY details ->> 'channel'"),
      q(POSTGRESQL, "SELECT id, details -> 'items' -> 0 ->> 'sku' AS first_sku FROM orders WHERE details ? 'items'"),
      q(POSTGRESQL, "SELECT name FROM customer WHERE id IN (SELECT customer_id FROM orders WHERE total > 100)"
          + " EXCEPT SELECT name FROM customer WHERE country = 'FR'"),
      q(POSTGRESQL, "SELECT name, CASE WHEN created_at >= now() - interval '30 days' THEN 'new' ELSE 'old' END AS age"
          + " FROM customer ORDER BY name LIMIT 20 OFFSET 40"),
      q(POSTGRESQL, "SELECT extract(year FROM created_at) AS y, percentile_cont(0.5) WITHIN GROUP (ORDER BY total)"
          + " FROM orders GROUP BY 1"),
      q(POSTGRESQL, "SELECT c.name, last.total FROM customer c CROSS JOIN LATERAL (SELECT total FROM orders o"
          + " WHERE o.customer_id = c.id ORDER BY created_at DESC LIMIT 1) last"),
      q(POSTGRESQL, "SELECT name, 'DROP TABLE customer; --' AS note, 'pg_sleep(1)' AS text FROM customer"),
      q(POSTGRESQL, "SELECT \"name\", email FROM \"customer\" WHERE email ILIKE '%@example.com' -- who\n"
          + "/* only example.com */ ORDER BY 1"),
      q(POSTGRESQL, "SELECT count(*) FILTER (WHERE status = 'paid') AS paid, avg(total)::numeric(10, 2) FROM orders"),
      q(POSTGRESQL, "SELECT i.amount, c.name FROM sales.invoice i JOIN customer c ON c.id = i.customer_id"
          + " WHERE i.issued_on BETWEEN DATE '2024-01-01' AND DATE '2024-12-31' FETCH FIRST 5 ROWS ONLY"),
      // MySQL
      q(MYSQL, "SELECT `name`, COUNT(*) AS n FROM `customer` GROUP BY `name` ORDER BY n DESC LIMIT 10"),
      q(MYSQL, "SELECT DATE_FORMAT(created_at, '%Y-%m') AS month, SUM(total) FROM orders"
          + " WHERE created_at >= DATE_SUB(CURDATE(), INTERVAL 1 YEAR) GROUP BY month"),
      q(MYSQL, "SELECT DATE_ADD('2024-01-01', INTERVAL (TIMESTAMPDIFF(QUARTER, '2024-01-01', created_at)) QUARTER) AS q,"
          + " SUM(total) FROM orders GROUP BY q"),
      q(MYSQL, "SELECT p.category, SUM(oi.quantity * oi.unit_price) AS revenue FROM order_item oi"
          + " JOIN product p ON p.id = oi.product_id GROUP BY p.category WITH ROLLUP"),
      q(MYSQL, "WITH ranked AS (SELECT id, customer_id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY total DESC) AS r"
          + " FROM orders) SELECT * FROM ranked WHERE r <= 3"),
      q(MYSQL, "SELECT name, IF(country = 'US', 'domestic', 'abroad') AS market FROM customer LIMIT 5, 10"),
      q(MYSQL, "SELECT name, 'it''s -- not a comment' AS s FROM customer -- trailing comment"),
      // MariaDB
      q(MARIADB, "SELECT country, GROUP_CONCAT(name ORDER BY name SEPARATOR ', ') FROM customer GROUP BY country"),
      q(MARIADB, "SELECT id FROM orders WHERE total > (SELECT AVG(total) FROM orders) UNION SELECT order_id FROM order_item"
          + " WHERE quantity > 10"),
      q(MARIADB, "SELECT DATEDIFF(NOW(), created_at) AS days, name FROM customer ORDER BY days LIMIT 3"),
      // SQLite
      q(SQLITE, "SELECT strftime('%Y', created_at) AS y, count(*) FROM orders GROUP BY y ORDER BY y"),
      q(SQLITE, "SELECT name FROM customer INTERSECT SELECT c.name FROM customer c JOIN orders o ON o.customer_id = c.id"),
      q(SQLITE, "SELECT [name], \"email\" FROM [customer] WHERE julianday('now') - julianday(created_at) < 30"),
      q(SQLITE, "SELECT id, total, avg(total) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM orders"
          + " LIMIT 10 OFFSET 5"),
      q(SQLITE, "SELECT CASE WHEN total IS NULL THEN 0 ELSE total END, coalesce(status, 'n/a') FROM orders"),
      q(SQLITE, "SELECT name, ';' AS semicolon FROM customer;"),
      // H2
      q(H2, "SELECT name, total FROM customer JOIN orders ON orders.customer_id = customer.id"
          + " ORDER BY total DESC FETCH FIRST 10 ROWS ONLY"),
      q(H2, "SELECT EXTRACT(MONTH FROM created_at) AS m, COUNT(*) FROM orders GROUP BY EXTRACT(MONTH FROM created_at)"),
      q(H2, "SELECT * FROM (SELECT name, LENGTH(name) AS l FROM product) t WHERE l > 3 ORDER BY l OFFSET 2 ROWS"),
      q(H2, "SELECT category, LISTAGG(name, ', ') WITHIN GROUP (ORDER BY name) FROM product GROUP BY category"),
      q(H2, "SELECT DATEADD('DAY', -7, CURRENT_DATE), DATEDIFF('DAY', created_at, CURRENT_TIMESTAMP) FROM customer"),
      // SQL Server
      q(SQLSERVER, "SELECT TOP 10 [name], [email] FROM [customer] ORDER BY [name]"),
      q(SQLSERVER, "SELECT TOP (5) WITH TIES c.name, SUM(o.total) AS revenue FROM customer c JOIN orders o"
          + " ON o.customer_id = c.id GROUP BY c.name ORDER BY revenue DESC"),
      q(SQLSERVER, "SELECT DATEPART(year, created_at) AS y, COUNT(*) AS n FROM orders GROUP BY DATEPART(year, created_at)"),
      q(SQLSERVER, "SELECT name FROM customer ORDER BY created_at DESC OFFSET 10 ROWS FETCH NEXT 10 ROWS ONLY"),
      q(SQLSERVER, "WITH t AS (SELECT customer_id, SUM(total) AS s FROM orders GROUP BY customer_id)"
          + " SELECT c.name, t.s, NTILE(4) OVER (ORDER BY t.s) AS quartile FROM t JOIN customer c ON c.id = t.customer_id"),
      q(SQLSERVER, "SELECT IIF(total > 100, 'big', 'small') AS size, ISNULL(status, 'n/a') AS status FROM orders WITH (NOLOCK)"),
      q(SQLSERVER, "SELECT number, name FROM (SELECT id AS number, name FROM product) AS p ORDER BY number"),
      q(SQLSERVER, "SELECT CAST(quantity AS FLOAT) / NULLIF(unit_price, 0) AS ratio FROM order_item"),
      q(SQLSERVER, "SELECT name FROM customer WHERE country = N'Österreich' OPTION (MAXDOP 1)"),
      // Oracle
      q(ORACLE, "SELECT name, total FROM customer JOIN orders ON orders.customer_id = customer.id"
          + " ORDER BY total DESC FETCH FIRST 10 ROWS ONLY"),
      q(ORACLE, "SELECT TO_CHAR(created_at, 'YYYY-MM') AS m, SUM(total) FROM orders GROUP BY TO_CHAR(created_at, 'YYYY-MM')"),
      q(ORACLE, "SELECT SYSDATE, NVL(status, 'none') FROM orders WHERE ROWNUM <= 10"),
      q(ORACLE, "SELECT country, name, DENSE_RANK() OVER (PARTITION BY country ORDER BY created_at) AS r FROM customer"),
      q(ORACLE, "SELECT 1 FROM dual"),
      // any other database
      q(GENERIC, "SELECT name FROM customer UNION ALL SELECT name FROM product ORDER BY 1"),
      q(GENERIC, "SELECT c.name, (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) AS n FROM customer c"),
      q(GENERIC, "SELECT name FROM customer c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)"
          + " OFFSET 5 ROWS FETCH NEXT 5 ROWS ONLY"),
      q(GENERIC, "VALUES (1, 'a'), (2, 'b')"));
}
