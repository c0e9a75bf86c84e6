package io.github.dbqueryagent.internal.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.dbqueryagent.ResultColumn;
import io.github.dbqueryagent.internal.validate.PolicyAnalyzer;
import io.github.dbqueryagent.spi.AccessPolicy;
import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.ExecutionResult;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.ValueLookup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Applies an {@link AccessPolicy} around the pipeline's stages: the catalog generators see, the value
 * lookups they may make, and the masking of sensitive values in results. The validator enforces the
 * policy on the SQL itself. Immutable apart from small caches keyed by catalog; thread-safe.
 */
public final class AccessControl {
  private final AccessPolicy policy;
  // keyed by identity (weak keys compare with ==), not by fingerprint: a re-read catalog with the same
  // structure may carry other sample values, which the fingerprint leaves out
  private final Cache<Catalog, Catalog> visible = Caffeine.newBuilder().weakKeys().maximumSize(16).build();
  private final Cache<String, Boolean> hasSensitive = Caffeine.newBuilder().maximumSize(16).build();

  /** Creates the control for a policy. */
  public AccessControl(AccessPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** Returns the policy. */
  public AccessPolicy policy() {
    return policy;
  }

  /**
   * Returns the part of the catalog generators, summarizers, retrievers and budgeters may see; see
   * {@link AccessPolicy#filter(Catalog)}. Cached per catalog instance.
   */
  public Catalog visibleCatalog(Catalog full) {
    return visible.get(full, policy::filter);
  }

  /**
   * Wraps value linking so that it never looks into tables the policy does not permit, hidden columns
   * or sensitive columns: those lookups find nothing.
   */
  public ValueLookup guard(ValueLookup lookups) {
    Objects.requireNonNull(lookups, "lookups");
    return (table, column, candidates) -> permitsLookup(table, column) ? lookups.find(table, column, candidates) : List.of();
  }

  private boolean permitsLookup(Table table, Column column) {
    return policy.permitsTable(table.name()) && !policy.hidesColumn(table.name(), column.name())
        && !policy.isSensitive(table.name(), column.name());
  }

  /**
   * Masks the values of sensitive result columns with {@link AccessPolicy#MASKED_VALUE} (nulls stay
   * null). A column is masked when its label is a sensitive name, or when the query computes it from a
   * sensitive column outside {@code COUNT(...)}, as resolved from the SQL through aliases, derived
   * tables, CTEs, set operations and {@code *}. When the SQL cannot be resolved column by column, every
   * column whose label names a sensitive output is masked, and if some sensitive output cannot be
   * matched that way, every column is.
   *
   * @param result the rows as executed
   * @param sql the SQL that ran
   * @param full the full catalog
   * @return the result with masked values; the same instance when nothing is masked
   */
  public ExecutionResult mask(ExecutionResult result, String sql, Catalog full) {
    List<ResultColumn> columns = result.columns();
    int n = columns.size();
    boolean[] masked = new boolean[n];
    for (int i = 0; i < n; i++) masked[i] = policy.isSensitiveName(columns.get(i).name());
    if (catalogHasSensitive(full)) {
      Optional<PolicyAnalyzer.Outputs> outputs = PolicyAnalyzer.outputs(sql, full.dialect(), full, policy);
      if (outputs.isPresent()) applyResolution(outputs.get(), columns, masked);
    }
    boolean any = false;
    for (boolean m : masked) any |= m;
    if (!any) return result;
    List<List<Object>> rows = new ArrayList<>(result.rows().size());
    for (List<Object> row : result.rows()) {
      List<Object> copy = new ArrayList<>(row);
      for (int i = 0; i < Math.min(n, copy.size()); i++) {
        if (masked[i] && copy.get(i) != null) copy.set(i, AccessPolicy.MASKED_VALUE);
      }
      rows.add(copy);
    }
    return new ExecutionResult(columns, rows, result.truncated());
  }

  private static void applyResolution(PolicyAnalyzer.Outputs outputs, List<ResultColumn> columns, boolean[] masked) {
    List<PolicyAnalyzer.Output> out = outputs.columns();
    if (outputs.positional() && out.size() == columns.size()) {
      for (int i = 0; i < out.size(); i++) masked[i] |= out.get(i).sensitive();
      return;
    }
    Set<String> labels = new HashSet<>();
    for (ResultColumn c : columns) labels.add(c.name().toLowerCase(Locale.ROOT));
    for (PolicyAnalyzer.Output o : out) {
      if (!o.sensitive()) continue;
      String name = o.name().toLowerCase(Locale.ROOT);
      if (!labels.contains(name)) {
        java.util.Arrays.fill(masked, true); // cannot tell which column it became: mask them all
        return;
      }
      for (int i = 0; i < columns.size(); i++) {
        if (columns.get(i).name().equalsIgnoreCase(name)) masked[i] = true;
      }
    }
  }

  private boolean catalogHasSensitive(Catalog full) {
    return hasSensitive.get(full.fingerprint(), k -> {
      if (full.tables().isEmpty()) return true; // nothing to go by: resolve names anyway
      for (Table t : full.tables()) {
        for (Column c : t.columns()) {
          if (policy.isSensitive(t.name(), c.name())) return true;
        }
      }
      return false;
    });
  }
}
