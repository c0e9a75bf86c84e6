package io.github.dbqueryagent.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.ResultColumn;
import io.github.dbqueryagent.spi.ExecutionResult;
import java.math.BigDecimal;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerWriterTest {

  static ExecutionResult result(List<String> columns, boolean truncated, List<?>... rows) {
    List<ResultColumn> cols = new ArrayList<>();
    for (String c : columns) cols.add(new ResultColumn(c, "VARCHAR", Types.VARCHAR));
    List<List<Object>> rs = new ArrayList<>();
    for (List<?> r : rows) rs.add(new ArrayList<>(r));
    return new ExecutionResult(cols, rs, truncated);
  }

  @Test
  void emptyResult() {
    assertThat(AnswerWriter.write("Who lives on the moon?", "customers on the moon", result(List.of("name"), false), 100))
        .isEqualTo("No rows matched.");
  }

  @Test
  void singleValueIsLabelledWithTheExplanation() {
    ExecutionResult r = result(List.of("count"), false, List.of(5L));

    assertThat(AnswerWriter.write("How many customers?", "number of customers", r, 100))
        .isEqualTo("Number of customers: 5.");
    assertThat(AnswerWriter.write("How many customers?", "  number of customers \n", r, 100))
        .isEqualTo("Number of customers: 5.");
  }

  @Test
  void singleValueWithoutExplanation() {
    ExecutionResult r = result(List.of("total"), false, List.of(new BigDecimal("211.50")));

    assertThat(AnswerWriter.write("Total of order 10?", "", r, 100)).isEqualTo("The answer is 211.5.");
    assertThat(AnswerWriter.write("Total of order 10?", "   ", r, 100)).isEqualTo("The answer is 211.5.");
  }

  @Test
  void singleRowNamesEachColumn() {
    ExecutionResult r = result(List.of("first_name", "city", "orders"), false, List.of("Ana", "Sao Paulo", 2));

    assertThat(AnswerWriter.write("Best customer?", "the best customer", r, 100))
        .isEqualTo("1 row: first_name = Ana, city = Sao Paulo, orders = 2.");
  }

  @Test
  void singleRowWithNull() {
    ExecutionResult r = result(List.of("name", "region"), false, Arrays.asList("Dan", null));

    assertThat(AnswerWriter.write("q", "", r, 100)).isEqualTo("1 row: name = Dan, region = null.");
  }

  @Test
  void fewRowsAreListed() {
    ExecutionResult r = result(List.of("country", "customers"), false, List.of("Brazil", 2), List.of("France", 1));

    assertThat(AnswerWriter.write("Customers per country", "", r, 100)).isEqualTo("2 rows: Brazil, 2; France, 1.");
  }

  @Test
  void exactlyFiveRowsHaveNoMoreSuffix() {
    ExecutionResult r =
        result(List.of("city"), false, List.of("a"), List.of("b"), List.of("c"), List.of("d"), List.of("e"));

    assertThat(AnswerWriter.write("Cities", "", r, 100)).isEqualTo("5 rows: a; b; c; d; e.");
  }

  @Test
  void manyRowsShowTheFirstFiveAndCountTheRest() {
    List<List<?>> rows = new ArrayList<>();
    for (int i = 1; i <= 12; i++) rows.add(List.of("city" + i));
    ExecutionResult r = result(List.of("city"), false, rows.toArray(List<?>[]::new));

    assertThat(AnswerWriter.write("Cities", "", r, 100))
        .isEqualTo("12 rows: city1; city2; city3; city4; city5; and 7 more.");
  }

  @Test
  void truncatedResultSaysMoreRowsExist() {
    List<List<?>> rows = new ArrayList<>();
    for (int i = 1; i <= 3; i++) rows.add(List.of(i));
    ExecutionResult r = result(List.of("n"), true, rows.toArray(List<?>[]::new));

    assertThat(AnswerWriter.write("Numbers", "", r, 3)).isEqualTo("3 rows (showing the first 3; more rows exist): 1; 2; 3.");
  }

  @Test
  void formatsNumbersWithoutNeedlessDecimals() {
    assertThat(AnswerWriter.format(new BigDecimal("211.50"))).isEqualTo("211.5");
    assertThat(AnswerWriter.format(new BigDecimal("100.00"))).isEqualTo("100");
    assertThat(AnswerWriter.format(new BigDecimal("12.345"))).isEqualTo("12.35");
    assertThat(AnswerWriter.format(new BigDecimal("-0.005"))).isEqualTo("-0.01");
    assertThat(AnswerWriter.format(new BigDecimal("1234567.891"))).isEqualTo("1234567.89");
    assertThat(AnswerWriter.format(3.14159)).isEqualTo("3.14");
    assertThat(AnswerWriter.format(2.0)).isEqualTo("2");
    assertThat(AnswerWriter.format(0.1 + 0.2)).isEqualTo("0.3");
    assertThat(AnswerWriter.format(1.5f)).isEqualTo("1.5");
    assertThat(AnswerWriter.format(1e20)).isEqualTo("100000000000000000000");
    assertThat(AnswerWriter.format(Double.NaN)).isEqualTo("NaN");
    assertThat(AnswerWriter.format(42L)).isEqualTo("42");
    assertThat(AnswerWriter.format(7)).isEqualTo("7");
  }

  @Test
  void formatsTextAndNull() {
    assertThat(AnswerWriter.format(null)).isEqualTo("null");
    assertThat(AnswerWriter.format("Oslo")).isEqualTo("Oslo");
    String longText = "x".repeat(100);
    assertThat(AnswerWriter.format(longText)).hasSize(80).endsWith("...").startsWith("x".repeat(77));
    assertThat(AnswerWriter.format("y".repeat(80))).isEqualTo("y".repeat(80));
  }
}
