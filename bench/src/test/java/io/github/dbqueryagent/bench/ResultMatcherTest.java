package io.github.dbqueryagent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultMatcherTest {
  static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  @Test
  void extraPredictedColumnsAreAllowedInAnyPosition() {
    List<List<Object>> gold = List.of(row("Rock", 1297), row("Jazz", 130));
    List<List<Object>> predicted = List.of(row(1, "Jazz", 130L), row(2, "Rock", 1297L));
    assertThat(ResultMatcher.matches(gold, predicted, false)).isTrue();
  }

  @Test
  void numbersAreComparedAtFourDecimalsAndNumericStringsAsNumbers() {
    assertThat(ResultMatcher.matches(List.of(row(new BigDecimal("66.125"))), List.of(row(66.12500001d)), false)).isTrue();
    assertThat(ResultMatcher.matches(List.of(row("2009")), List.of(row(2009)), false)).isTrue();
    assertThat(ResultMatcher.matches(List.of(row(1.5)), List.of(row(1.6)), false)).isFalse();
  }

  @Test
  void rowOrderMattersOnlyWhenAsked() {
    List<List<Object>> gold = List.of(row("a"), row("b"));
    List<List<Object>> reversed = List.of(row("b"), row("a"));
    assertThat(ResultMatcher.matches(gold, reversed, false)).isTrue();
    assertThat(ResultMatcher.matches(gold, reversed, true)).isFalse();
  }

  @Test
  void differentRowCountsMissingColumnsAndDuplicatesDoNotMatch() {
    assertThat(ResultMatcher.matches(List.of(row("a")), List.of(row("a"), row("a")), false)).isFalse();
    assertThat(ResultMatcher.matches(List.of(row("a", 1)), List.of(row("a")), false)).isFalse();
    assertThat(ResultMatcher.matches(List.of(row("a"), row("a")), List.of(row("a"), row("b")), false)).isFalse();
    assertThat(ResultMatcher.matches(List.of(), List.of(), false)).isTrue();
    assertThat(ResultMatcher.matches(List.of(row((Object) null)), List.of(row("null")), false)).isFalse();
  }

  @Test
  void columnsMustStayTogetherWithinARow() {
    List<List<Object>> gold = List.of(row("a", 1), row("b", 2));
    List<List<Object>> crossed = List.of(row("a", 2), row("b", 1));
    assertThat(ResultMatcher.matches(gold, crossed, false)).isFalse();
  }
}
