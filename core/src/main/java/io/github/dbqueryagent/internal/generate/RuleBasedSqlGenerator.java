package io.github.dbqueryagent.internal.generate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.dbqueryagent.Stage;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.GenerationRequest;
import io.github.dbqueryagent.spi.SqlGenerator;

/**
 * The offline generator: schema linking by rules, no model.
 *
 * <p>It links question words to tables and columns (split camelCase and snake_case, singular and
 * plural, verb forms, common abbreviations), links literal values to the columns that contain them
 * through bounded lookups ({@link io.github.dbqueryagent.spi.ValueLookup}), and recognises counts,
 * sums, averages, minimum and maximum, "in each X"/"per X" grouping (also by year or month),
 * top-N and superlatives ("longest", "the most albums"), numeric and year comparisons, DISTINCT, and
 * joins along the shortest foreign-key path. Every content word of the question must be explained by
 * the schema, a value or an operation; otherwise it returns a clarification naming the words it could
 * not link, rather than guessing. In a session, refinements of the previous question ("only those
 * from Canada", "sort them by city") are read together with it. This follows the schema-linking idea of IRNet and RAT-SQL (link
 * question spans to schema items and cell values first, then fill a query sketch), reduced to rules.
 *
 * <p>Stateless apart from a small cache of per-catalog indexes; thread-safe.
 */
public final class RuleBasedSqlGenerator implements SqlGenerator {
  private final Cache<io.github.dbqueryagent.spi.Catalog, SchemaIndex> indexes = Caffeine.newBuilder().weakKeys().maximumSize(8).build();

  @Override
  public GeneratedSql generate(GenerationRequest request) {
    request.cancellation().throwIfCancelled(Stage.GENERATE);
    SchemaIndex index = indexes.get(request.catalog(), SchemaIndex::new);
    java.util.Optional<String> standalone = FollowUp.rewrite(request.question(), request.history());
    if (standalone.isPresent()) {
      GeneratedSql g = new RuleAnalysis(request, index, standalone.get()).run();
      String note = "follow-up read as \"" + standalone.get() + "\"";
      return new GeneratedSql(g.sql(), g.explanation().isEmpty() ? note : note + "; " + g.explanation(),
          g.confidence(), g.clarification(), g.tokens());
    }
    return new RuleAnalysis(request, index, request.question()).run();
  }

  @Override
  public String name() {
    return "rule-based";
  }

  @Override
  public String toString() {
    return "RuleBasedSqlGenerator";
  }
}
