package io.github.dbqueryagent.internal.generate;

import java.util.List;
import java.util.Set;

/** Kinds of column that a word can imply without naming the column ("longest" implies a length). */
enum Semantic {
  LENGTH(Set.of("length", "duration", "millisecond", "second", "minute", "runtime", "time", "len", "page")),
  PRICE(Set.of("price", "cost", "fee", "charge", "rate")),
  MONEY(Set.of("total", "amount", "revenue", "sale", "paid", "payment", "price", "cost", "value", "spent", "income",
      "balance", "fee", "charge", "subtotal")),
  DATE(Set.of("date", "time", "timestamp", "created", "updated", "at", "on")),
  AGE(Set.of("birth", "birthdate", "born", "dob", "age")),
  WEIGHT(Set.of("weight", "mass", "kg", "lb")),
  SIZE(Set.of("size", "byte", "area", "capacity", "volume", "length", "population", "amount", "total", "quantity"));

  final Set<String> stems;

  Semantic(Set<String> stems) {
    this.stems = stems;
  }

  /** Returns whether a column's stems name this kind. */
  boolean matches(List<String> columnStems) {
    for (String s : columnStems) {
      if (stems.contains(s)) return true;
    }
    return false;
  }
}
