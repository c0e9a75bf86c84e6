package io.github.dbqueryagent.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The DDL of the synthetic wide catalog of {@code /work/shared/bench/wide_schema_pg.sql}, rendered for
 * MariaDB/MySQL and SQLite, so that introspection is measured on the same shape on every database: n
 * tables, each with a {@code bigint} primary key, 6-30 columns of mixed types, 0-2 foreign keys to earlier
 * tables, a table comment and a comment on {@code id} (MariaDB; SQLite has no comments) and one index.
 * Deterministic: the same n gives the same statements. Types are mapped to each database's nearest
 * equivalent ({@code timestamp} → {@code datetime}, {@code double precision} → {@code double} on MariaDB;
 * declared as written on SQLite).
 */
final class WideSchema {
  private static final String[] NOUNS = {"customer", "order", "invoice", "product", "supplier", "shipment",
      "warehouse", "employee", "department", "payment", "refund", "campaign", "lead", "contract", "asset", "ticket",
      "region", "store", "account", "ledger", "budget", "project", "task", "vehicle", "route", "claim", "policy",
      "patient", "visit", "device"};
  private static final String[] ATTRS = {"name", "status", "created_at", "updated_at", "amount", "quantity", "price",
      "code", "email", "phone", "city", "country", "notes", "score", "rating", "due_date", "currency", "weight",
      "category", "priority"};
  private static final String[] PG_TYPES = {"text", "varchar(64)", "timestamp", "timestamp", "numeric(12,2)",
      "integer", "numeric(10,2)", "varchar(16)", "varchar(120)", "varchar(32)", "varchar(80)", "varchar(2)", "text",
      "double precision", "smallint", "date", "char(3)", "real", "varchar(40)", "smallint"};

  /** The database a rendering is for. */
  enum Target {
    MARIADB,
    SQLITE
  }

  private WideSchema() {}

  /** Returns the CREATE TABLE and CREATE INDEX statements for {@code n} tables, in execution order. */
  static List<String> statements(Target target, int n) {
    List<String> out = new ArrayList<>(2 * n);
    for (int i = 1; i <= n; i++) {
      String table = noun(i) + "_" + String.format("%04d", i);
      int columns = 6 + ((i * 7) % 25);
      StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(q(target, table)).append(" (id bigint PRIMARY KEY");
      if (target == Target.MARIADB) ddl.append(" COMMENT ").append(literal("Surrogate key of " + table));
      for (int j = 1; j <= columns; j++) {
        int a = (i + j * 3) % ATTRS.length;
        ddl.append(", ").append(q(target, ATTRS[a] + "_" + j)).append(' ').append(type(target, PG_TYPES[a]));
      }
      if (i > 1) {
        int ref = 1 + ((i * 31) % (i - 1));
        ddl.append(", ").append(q(target, noun(ref) + "_id")).append(" bigint REFERENCES ")
            .append(q(target, noun(ref) + "_" + String.format("%04d", ref))).append("(id)");
      }
      if (i > 2 && i % 3 == 0) {
        int ref = 1 + ((i * 17) % (i - 2));
        ddl.append(", ").append(q(target, "parent_" + noun(ref) + "_id")).append(" bigint REFERENCES ")
            .append(q(target, noun(ref) + "_" + String.format("%04d", ref))).append("(id)");
      }
      ddl.append(')');
      if (target == Target.MARIADB) {
        ddl.append(" ENGINE=InnoDB COMMENT=").append(literal("Records of " + noun(i) + " entities, batch " + i));
      }
      out.add(ddl.toString());
      int a = (i + 3) % ATTRS.length;
      String indexed = q(target, ATTRS[a] + "_1");
      boolean text = PG_TYPES[a].equals("text");
      out.add("CREATE INDEX " + q(target, table + "_" + ATTRS[a] + "_1_idx") + " ON " + q(target, table) + " ("
          + indexed + (target == Target.MARIADB && text ? "(64)" : "") + ")");
    }
    return out;
  }

  private static String noun(int i) {
    return NOUNS[i % NOUNS.length];
  }

  private static String type(Target target, String pgType) {
    if (target == Target.SQLITE) return pgType;
    switch (pgType) {
      case "timestamp":
        return "datetime";
      case "double precision":
        return "double";
      case "real":
        return "float";
      default:
        return pgType;
    }
  }

  private static String q(Target target, String identifier) {
    return target == Target.MARIADB ? "`" + identifier + "`" : "\"" + identifier + "\"";
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
