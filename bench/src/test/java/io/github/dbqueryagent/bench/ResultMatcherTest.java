package io.github.dbqueryagent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultMatcherTest {
  @Test
  void dateTimesMatchAcrossRepresentationsOnlyWhenAsked() {
    List<List<Object>> gold = List.of(List.of("2009-01-01 00:00:00", 1.98));
    List<List<Object>> pg = List.of(List.<Object>of(Timestamp.valueOf("2009-01-01 00:00:00"), new BigDecimal("1.98")));
    List<List<Object>> text = List.of(List.<Object>of("2009-01-01T00:00", "1.980"));
    assertThat(ResultMatcher.matches(gold, pg, false, true)).isTrue();
    assertThat(ResultMatcher.matches(gold, text, false, true)).isTrue();
    assertThat(ResultMatcher.matches(gold, pg, false)).isFalse();
    assertThat(ResultMatcher.matches(gold, text, false)).isFalse();
  }

  @Test
  void canonicalDateTimeForms() {
    assertThat(ResultMatcher.dateTime(LocalDateTime.of(2021, 1, 7, 8, 9, 10, 500_000_000))).isEqualTo("2021-01-07 08:09:10.5");
    assertThat(ResultMatcher.dateTime("2021-01-07 08:09:10.500")).isEqualTo("2021-01-07 08:09:10.5");
    assertThat(ResultMatcher.dateTime(java.sql.Date.valueOf("2021-01-07"))).isEqualTo("2021-01-07");
    assertThat(ResultMatcher.dateTime(LocalDate.of(2021, 1, 7))).isEqualTo("2021-01-07");
    assertThat(ResultMatcher.dateTime("2021-01-07")).isNull();
    assertThat(ResultMatcher.dateTime("2021-13-07 00:00")).isNull();
    assertThat(ResultMatcher.dateTime("Rock")).isNull();
    assertThat(ResultMatcher.dateTime(2021)).isNull();
  }

  @Test
  void withoutDateNormalisationValuesAreUnchanged() {
    assertThat(ResultMatcher.value("2009-01-01T00:00")).isEqualTo("2009-01-01T00:00");
    assertThat(ResultMatcher.value(new BigDecimal("2021.0"))).isEqualTo("2021");
    assertThat(ResultMatcher.value("2021")).isEqualTo(ResultMatcher.value(2021, true));
  }
}
