package io.github.dbqueryagent.internal.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.internal.validate.UnsafeSqlCorpus.Case;
import io.github.dbqueryagent.internal.validate.UnsafeSqlCorpus.Category;
import io.github.dbqueryagent.spi.Dialect;
import io.github.dbqueryagent.spi.ValidatedSql;
import io.github.dbqueryagent.spi.Violation;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validator against two corpora: {@link UnsafeSqlCorpus}, every statement of which must be
 * rejected with its named rule among the violations, and {@link LegitimateSqlCorpus}, every query of
 * which must be accepted.
 */
class ValidatorCorpusTest {

  static Stream<Case> unsafe() {
    return UnsafeSqlCorpus.cases().stream();
  }

  static Stream<LegitimateSqlCorpus.Query> legitimate() {
    return LegitimateSqlCorpus.queries().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsafe")
  void rejectsEveryUnsafeStatementWithItsRule(Case c) {
    ValidatedSql v = ValidatorCorpora.validate(c.sql(), c.dialect());
    assertThat(v.accepted()).as("accepted: %s", c.sql()).isFalse();
    assertThat(v.violations()).extracting(Violation::rule).as(c.sql()).contains(c.rule());
    assertThat(v.violations()).allSatisfy(x -> assertThat(x.message()).isNotBlank());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("legitimate")
  void acceptsEveryLegitimateQuery(LegitimateSqlCorpus.Query q) {
    ValidatedSql v = ValidatorCorpora.validate(q.sql(), q.dialect());
    assertThat(v.violations()).as(q.sql()).isEmpty();
  }

  @Test
  void theUnsafeCorpusCoversEveryDialectAndCategory() {
    List<Case> cases = UnsafeSqlCorpus.cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(150);
    assertThat(cases.stream().map(Case::dialect).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Dialect.values());
    assertThat(cases.stream().map(Case::category).collect(Collectors.toCollection(() -> EnumSet.noneOf(Category.class))))
        .containsExactlyInAnyOrder(Category.values());
    Set<String> rules = cases.stream().map(Case::rule).collect(Collectors.toSet());
    assertThat(rules).contains("read-only", "single-statement", "select-into", "locking", "denied-function",
        "syntax", "ambiguous-syntax");
    assertThat(cases.stream().map(x -> x.dialect() + " " + x.sql()).distinct().count()).as("duplicates").isEqualTo(cases.size());
  }

  @Test
  void theLegitimateCorpusCoversEveryDialect() {
    assertThat(LegitimateSqlCorpus.queries()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(LegitimateSqlCorpus.queries().stream().map(LegitimateSqlCorpus.Query::dialect).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Dialect.values());
  }
}
