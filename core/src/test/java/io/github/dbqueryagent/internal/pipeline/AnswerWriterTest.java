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
  void singleValueUnderAGenericColumnNameIsLabelledWithTheQuestion() {
    ExecutionResult r = result(List.of("total"), false, List.of(new BigDecimal("211.50")));

    assertThat(AnswerWriter.write("Total of order 10?", "", r, 100))
        .isEqualTo("The answer to \"Total of order 10?\" is 211.5.");
    assertThat(AnswerWriter.write("Total of order 10?", "   ", r, 100))
        .isEqualTo("The answer to \"Total of order 10?\" is 211.5.");
    assertThat(AnswerWriter.write("", "", r, 100)).isEqualTo("The answer is 211.5.");
  }

  @Test
  void singleValueIsLabelledWithAReadableColumnName() {
    assertThat(AnswerWriter.write("How many customers are from Brazil?", "",
            result(List.of("customer_count"), false, List.of(2L)), 100))
        .isEqualTo("Customer count: 2.");
    assertThat(AnswerWriter.write("Revenue?", "", result(List.of("total_amt"), false, List.of(10)), 100))
        .isEqualTo("Total amount: 10.");
  }

  @Test
  void expressionColumnNamesFallBackToTheQuestion() {
    for (String column : List.of("count", "COUNT(*)", "?column?", "EXPR1", "_col0", "sum", "avg", "c1", "count_distinct")) {
      assertThat(AnswerWriter.write("How many customers are from Brazil?", "", result(List.of(column), false, List.of(2L)), 100))
          .as(column)
          .isEqualTo("The answer to \"How many customers are from Brazil?\" is 2.");
    }
  }

  @Test
  void aLongQuestionIsShortenedInTheLabel() {
    String question = "How many " + "very ".repeat(30) + "old customers?";
    String answer = AnswerWriter.write(question, "", result(List.of("count"), false, List.of(7L)), 100);

    assertThat(answer).startsWith("The answer to \"How many very").endsWith("...\" is 7.").hasSizeLessThan(110);
  }

  @Test
  void modelProseIsNotALabel() {
    // the pipeline passes "" as the label for every generator but the offline one; prose never becomes a label
    ExecutionResult r = result(List.of("COUNT(*)"), false, List.of(275L));
    String answer = AnswerWriter.write("How many customers are from Brazil?", "", r, 100);

    assertThat(answer).isEqualTo("The answer to \"How many customers are from Brazil?\" is 275.")
        .doesNotContain("Counting", "Here is the query");
  }

  @Test
  void aTruncatedSingleValueOrRowSaysSo() {
    assertThat(AnswerWriter.write("Which city?", "", result(List.of("city"), true, List.of("Oslo")), 1))
        .isEqualTo("City: Oslo (showing the first 1; more rows exist).");
    assertThat(AnswerWriter.write("Who?", "", result(List.of("name", "city"), true, List.of("Eva", "Oslo")), 1))
        .isEqualTo("1 row (showing the first 1; more rows exist): name = Eva, city = Oslo.");
  }

  @Test
  void aTruncatedLongListSaysSoAndCountsTheRowsShown() {
    List<List<?>> rows = new ArrayList<>();
    for (int i = 1; i <= 8; i++) rows.add(List.of("city" + i));
    ExecutionResult r = result(List.of("city"), true, rows.toArray(List<?>[]::new));

    assertThat(AnswerWriter.write("Cities", "", r, 8))
        .isEqualTo("8 rows (showing the first 8; more rows exist): city1; city2; city3; city4; city5; and 3 more.");
  }

  @Test
  void anEmptyResultNeedsNoLabel() {
    assertThat(AnswerWriter.write("Who lives on the moon?", "", result(List.of("COUNT(*)"), false), 100))
        .isEqualTo("No rows matched.");
  }

  @Test
  void answersAreDeterministic() {
    ExecutionResult r = result(List.of("country", "customers"), false, List.of("Brazil", 2), List.of("France", 1));

    assertThat(AnswerWriter.write("Customers per country", "", r, 100))
        .isEqualTo(AnswerWriter.write("Customers per country", "", r, 100));
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
