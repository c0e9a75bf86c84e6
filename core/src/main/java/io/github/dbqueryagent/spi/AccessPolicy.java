package io.github.dbqueryagent.spi;

import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.internal.policy.SensitiveColumnNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which tables, columns and functions generated SQL may use, and how sensitive columns are treated.
 * The agent applies a policy in three places: the catalog a generator sees ({@link #filter(Catalog)}:
 * hidden tables and columns are not in the prompt), the validator (every table and column reference
 * in the parsed SQL is resolved through aliases, subqueries, CTEs and {@code *}, and checked), and the
 * results (values of sensitive columns are masked in {@link SensitiveColumnMode#MASK} mode).
 *
 * <p><b>Names.</b> Tables are given as {@code table} or {@code schema.table}; columns as {@code
 * column} (in any table), {@code table.column} or {@code schema.table.column}. Parts may be quoted
 * ({@code "Order Details"}, {@code `x`}, {@code [x]}); matching ignores case. A schema part also
 * matches the JDBC catalog (MySQL databases), and a table without schema or catalog (SQLite, or a
 * reference the catalog cannot place) matches a schema-qualified rule by its name alone.
 *
 * <p><b>Tables.</b> An empty allow-list allows every table; otherwise only listed tables may be used.
 * Blocked tables may never be used. A reference that may denote several tables (the same name in two
 * schemas) is permitted only when all of them are.
 *
 * <p><b>Functions.</b> {@link FunctionPolicy#DENY_LIST} (the default) relies on the validator's
 * built-in list of side-effecting, file, network and sleep functions. {@link FunctionPolicy#ALLOW_LIST}
 * permits only the functions added with {@link Builder#addAllowedFunction(String)} plus {@link
 * #safeFunctions()}; the built-in deny-list applies in both modes. Syntax that is not a function call
 * ({@code CAST}, {@code CASE}, {@code EXTRACT(... FROM ...)}, {@code INTERVAL}, operators) is always
 * permitted.
 *
 * <p><b>Sensitive columns</b> are the columns added with {@link Builder#addSensitiveColumn(String)}
 * and, when {@linkplain Builder#sensitiveColumnDetection(boolean) detection} is on (the default),
 * columns whose names look like personal data or secrets: {@code ssn}, {@code social_security_number},
 * {@code password}, {@code passwd}, {@code pwd}, {@code secret}, {@code client_secret}, {@code
 * access_token}, {@code api_key}, {@code apikey}, {@code private_key}, {@code credit_card}, {@code
 * card_number}, {@code cvv}, {@code cvc}, {@code pin}, {@code iban}, {@code account_number}, {@code
 * routing_number}, {@code email}, {@code e_mail}, {@code phone}, {@code telephone}, {@code mobile},
 * {@code fax}, {@code passport}, {@code national_id}, {@code tax_id}, with their camelCase, run-together
 * and plural spellings ({@code EmailAddress}, {@code homePhone}, {@code creditcardnumber}). Salaries,
 * birth dates and person names are not detected: they are the subject of ordinary analytical
 * questions; add them explicitly where they must be protected.
 *
 * <ul>
 *   <li>{@link SensitiveColumnMode#MASK} (the default): queries may read them (also in {@code WHERE}),
 *       but in results, {@code RowsReceived} events, answers and session turns every non-null value of
 *       a result column that is computed from a sensitive column (except inside {@code COUNT(...)}), or
 *       whose label looks sensitive, is replaced by the string {@link #MASKED_VALUE} whatever the
 *       column's type. Masking hides values; it does not prevent inference through filters (use
 *       {@code BLOCK} for that). Sample values of sensitive columns are removed from the catalog a
 *       generator sees, and value linking never looks into them.
 *   <li>{@link SensitiveColumnMode#BLOCK}: sensitive columns are removed from the catalog a generator
 *       sees, and any query that reads one anywhere (select list, {@code WHERE}, joins, {@code *}) is
 *       rejected with the rule {@code sensitive-column}.
 * </ul>
 *
 * <p><b>{@code *}.</b> {@code SELECT *} and {@code t.*} are expanded with the catalog; a star that
 * would read a blocked column (or a sensitive one in {@code BLOCK} mode) is rejected rather than
 * rewritten, with a message asking to list the needed columns. {@code *} inside {@code EXISTS (...)}
 * and {@code COUNT(*)} read no column.
 *
 * <p>Rejections are {@link Violation}s with the rules {@code table-not-allowed}, {@code
 * table-blocked}, {@code column-blocked}, {@code sensitive-column} and {@code function-not-allowed}; a
 * custom {@link Validator} receives the policy in {@link ValidationContext#accessPolicy()} and is
 * responsible for enforcing it. Instances are immutable and thread-safe.
 */
public final class AccessPolicy {
  /** The string that replaces masked values: {@value}. */
  public static final String MASKED_VALUE = "****";

  /** How functions are checked. */
  public enum FunctionPolicy {
    /** Every function except the validator's built-in deny-list. */
    DENY_LIST,
    /** Only {@link AccessPolicy#safeFunctions()} and the functions added to the allow-list. */
    ALLOW_LIST
  }

  /** What happens to sensitive columns. */
  public enum SensitiveColumnMode {
    /** Queries may read them; their values are masked in results. */
    MASK,
    /** Queries that read them are rejected; generators do not see them. */
    BLOCK
  }

  /**
   * The functions {@link FunctionPolicy#ALLOW_LIST} always permits, lower case: standard aggregates,
   * window functions, and common numeric, string, date and null-handling scalar functions that read
   * nothing but their arguments. Functions that build arbitrarily large values ({@code repeat}, {@code
   * lpad}) are not included.
   */
  private static final Set<String> SAFE_FUNCTIONS =
      Set.of(
          // aggregates
          "count", "sum", "avg", "min", "max", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop",
          "var_samp", "string_agg", "group_concat", "listagg", "array_agg", "bool_and", "bool_or", "every",
          "percentile_cont", "percentile_disc", "median", "mode", "corr", "covar_pop", "covar_samp",
          // window functions
          "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
          "first_value", "last_value", "nth_value",
          // numbers
          "abs", "ceil", "ceiling", "floor", "round", "trunc", "truncate", "mod", "power", "pow", "sqrt", "exp",
          "ln", "log", "log10", "sign", "greatest", "least",
          // null handling and conditionals
          "coalesce", "nullif", "ifnull", "nvl", "isnull", "iif", "if",
          // strings
          "lower", "upper", "lcase", "ucase", "length", "char_length", "character_length", "len", "substring",
          "substr", "left", "right", "trim", "ltrim", "rtrim", "replace", "concat", "concat_ws", "position",
          "strpos", "instr", "locate", "charindex", "reverse", "initcap",
          // dates and times
          "now", "current_date", "current_time", "current_timestamp", "getdate", "sysdate", "date", "time",
          "datetime", "date_trunc", "date_part", "datepart", "datename", "extract", "year", "month", "day",
          "dayofmonth", "dayofweek", "dayofyear", "hour", "minute", "second", "quarter", "week", "weekday",
          "strftime", "julianday", "date_format", "formatdatetime", "format", "to_char", "to_date",
          "to_timestamp", "to_number", "datediff", "dateadd", "date_add", "date_sub", "age", "eomonth",
          // conversions
          "cast", "convert", "try_cast");

  private static final AccessPolicy DEFAULTS = new Builder().build();
  private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

  private final Set<String> allowedTables;
  private final Set<String> blockedTables;
  private final Set<String> blockedColumns;
  private final Set<String> allowedFunctions;
  private final Set<String> sensitiveColumns;
  private final FunctionPolicy functionPolicy;
  private final boolean sensitiveColumnDetection;
  private final SensitiveColumnMode sensitiveColumnMode;
  private final List<Name> allowedTableRules;
  private final List<Name> blockedTableRules;
  private final List<Name> blockedColumnRules;
  private final List<Name> sensitiveColumnRules;
  private final Set<String> allowedFunctionNames;
  private final Builder source;

  private AccessPolicy(Builder b, List<Name> allowed, List<Name> blocked, List<Name> blockedCols, List<Name> sensitive) {
    this.allowedTables = Collections.unmodifiableSet(new LinkedHashSet<>(display(allowed)));
    this.blockedTables = Collections.unmodifiableSet(new LinkedHashSet<>(display(blocked)));
    this.blockedColumns = Collections.unmodifiableSet(new LinkedHashSet<>(display(blockedCols)));
    this.sensitiveColumns = Collections.unmodifiableSet(new LinkedHashSet<>(display(sensitive)));
    Set<String> functions = new LinkedHashSet<>();
    Set<String> functionNames = new LinkedHashSet<>();
    for (String f : b.allowedFunctions) {
      String name = f.strip();
      functions.add(name);
      functionNames.add(lastPart(name).toLowerCase(Locale.ROOT));
    }
    this.allowedFunctions = Collections.unmodifiableSet(functions);
    this.allowedFunctionNames = Set.copyOf(functionNames);
    this.functionPolicy = b.functionPolicy;
    this.sensitiveColumnDetection = b.sensitiveColumnDetection;
    this.sensitiveColumnMode = b.sensitiveColumnMode;
    this.allowedTableRules = List.copyOf(allowed);
    this.blockedTableRules = List.copyOf(blocked);
    this.blockedColumnRules = List.copyOf(blockedCols);
    this.sensitiveColumnRules = List.copyOf(sensitive);
    this.source = b.copy();
  }

  /**
   * Returns the default policy: every table, column and function not on the built-in deny-list
   * allowed, sensitive-column detection on, {@link SensitiveColumnMode#MASK}.
   */
  public static AccessPolicy defaults() {
    return DEFAULTS;
  }

  /** Returns a builder with every property at its default (the same as {@link #defaults()}). */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this policy's settings, to derive a variant. */
  public Builder toBuilder() {
    return source.copy();
  }

  /**
   * Returns the functions {@link FunctionPolicy#ALLOW_LIST} permits without listing them: lower-case
   * names of standard aggregates ({@code count}, {@code sum}, {@code avg}, {@code min}, {@code max},
   * {@code string_agg} ...), window functions ({@code row_number}, {@code rank}, {@code lag} ...) and
   * common numeric, string, date and null-handling functions ({@code round}, {@code lower}, {@code
   * substring}, {@code coalesce}, {@code extract}, {@code date_trunc}, {@code strftime} ...).
   * Unmodifiable, never empty.
   */
  public static Set<String> safeFunctions() {
    return SAFE_FUNCTIONS;
  }

  /**
   * Returns whether a column name looks sensitive to the built-in heuristic described in the class
   * documentation, whatever a policy's settings.
   *
   * @param columnName a column name or result label
   */
  public static boolean looksSensitive(String columnName) {
    Objects.requireNonNull(columnName, "columnName");
    return SensitiveColumnNames.looksSensitive(columnName);
  }

  /** Returns the allow-listed tables as given (unquoted), in insertion order; empty means all. */
  public Set<String> allowedTables() {
    return allowedTables;
  }

  /** Returns the blocked tables as given (unquoted), in insertion order; possibly empty. */
  public Set<String> blockedTables() {
    return blockedTables;
  }

  /** Returns the blocked columns as given (unquoted), in insertion order; possibly empty. */
  public Set<String> blockedColumns() {
    return blockedColumns;
  }

  /** Returns how functions are checked. Default {@link FunctionPolicy#DENY_LIST}. */
  public FunctionPolicy functionPolicy() {
    return functionPolicy;
  }

  /** Returns the functions added to the allow-list, as given; possibly empty. */
  public Set<String> allowedFunctions() {
    return allowedFunctions;
  }

  /** Returns the explicitly configured sensitive columns, as given (unquoted); possibly empty. */
  public Set<String> sensitiveColumns() {
    return sensitiveColumns;
  }

  /** Returns whether column names are checked by the heuristic. Default true. */
  public boolean sensitiveColumnDetection() {
    return sensitiveColumnDetection;
  }

  /** Returns what happens to sensitive columns. Default {@link SensitiveColumnMode#MASK}. */
  public SensitiveColumnMode sensitiveColumnMode() {
    return sensitiveColumnMode;
  }

  /** Returns whether the table is on the block-list. */
  public boolean isTableBlocked(TableName table) {
    Objects.requireNonNull(table, "table");
    for (Name rule : blockedTableRules) {
      if (rule.matchesTable(table)) return true;
    }
    return false;
  }

  /** Returns whether the table is on the allow-list, or the allow-list is empty (block-list aside). */
  public boolean isTableAllowed(TableName table) {
    Objects.requireNonNull(table, "table");
    if (allowedTableRules.isEmpty()) return true;
    for (Name rule : allowedTableRules) {
      if (rule.matchesTable(table)) return true;
    }
    return false;
  }

  /** Returns whether queries may use the table: allowed and not blocked. */
  public boolean permitsTable(TableName table) {
    return isTableAllowed(table) && !isTableBlocked(table);
  }

  /**
   * Returns whether a column of a table is on the column block-list.
   *
   * @param table the column's table
   * @param column the column name, unquoted
   */
  public boolean isColumnBlocked(TableName table, String column) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
    for (Name rule : blockedColumnRules) {
      if (rule.matchesColumn(table, column)) return true;
    }
    return false;
  }

  /**
   * Returns whether some column-block rule names this column, whatever its table: for references
   * that cannot be resolved to a table, which the validator treats as possibly blocked.
   */
  public boolean isColumnNameBlocked(String column) {
    Objects.requireNonNull(column, "column");
    for (Name rule : blockedColumnRules) {
      if (rule.column.equalsIgnoreCase(column)) return true;
    }
    return false;
  }

  /**
   * Returns whether a column of a table is sensitive: configured for that table or for any table, or
   * (with detection on) its name looks sensitive.
   */
  public boolean isSensitive(TableName table, String column) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
    for (Name rule : sensitiveColumnRules) {
      if (rule.matchesColumn(table, column)) return true;
    }
    return sensitiveColumnDetection && SensitiveColumnNames.looksSensitive(column);
  }

  /**
   * Returns whether a bare column name or result label is sensitive without knowing its table: some
   * sensitive rule names that column (in whatever table), or (with detection on) it looks sensitive.
   */
  public boolean isSensitiveName(String column) {
    Objects.requireNonNull(column, "column");
    for (Name rule : sensitiveColumnRules) {
      if (rule.column.equalsIgnoreCase(column)) return true;
    }
    return sensitiveColumnDetection && SensitiveColumnNames.looksSensitive(column);
  }

  /**
   * Returns whether this policy lets a function run: always with {@link FunctionPolicy#DENY_LIST}
   * (the validator's deny-list is checked separately); with {@link FunctionPolicy#ALLOW_LIST}, when
   * the name (its last part when qualified, ignoring case) is in {@link #safeFunctions()} or was
   * added.
   */
  public boolean permitsFunction(String name) {
    Objects.requireNonNull(name, "name");
    if (functionPolicy == FunctionPolicy.DENY_LIST) return true;
    String last = lastPart(unquote(name.strip())).toLowerCase(Locale.ROOT);
    return SAFE_FUNCTIONS.contains(last) || allowedFunctionNames.contains(last);
  }

  /**
   * Returns whether this policy can reject a query: it has an allow-list, blocked tables or columns,
   * a function allow-list, or blocks sensitive columns. The default policy cannot (it only masks).
   */
  public boolean restrictsQueries() {
    return !allowedTableRules.isEmpty() || !blockedTableRules.isEmpty() || !blockedColumnRules.isEmpty()
        || functionPolicy == FunctionPolicy.ALLOW_LIST
        || (sensitiveColumnMode == SensitiveColumnMode.BLOCK && (sensitiveColumnDetection || !sensitiveColumnRules.isEmpty()));
  }

  /**
   * Returns the part of a catalog a generator may see: tables the policy does not permit are removed,
   * and so are blocked columns and, in {@link SensitiveColumnMode#BLOCK} mode, sensitive columns (a
   * table left without columns is removed); in {@code MASK} mode sensitive columns stay but lose their
   * sample values. Foreign keys that reference a removed table or column, or use a removed column, are
   * dropped, and so is a primary key that uses a removed column.
   *
   * @param catalog the full catalog
   * @return the filtered catalog; the same instance when nothing is hidden
   */
  public Catalog filter(Catalog catalog) {
    Objects.requireNonNull(catalog, "catalog");
    List<Table> kept = new ArrayList<>();
    boolean changed = false;
    for (Table t : catalog.tables()) {
      if (!permitsTable(t.name())) {
        changed = true;
        continue;
      }
      List<Column> columns = new ArrayList<>();
      Set<String> visible = new LinkedHashSet<>();
      for (Column c : t.columns()) {
        if (hidesColumn(t.name(), c.name())) {
          changed = true;
          continue;
        }
        if (!c.sampleValues().isEmpty() && isSensitive(t.name(), c.name())) {
          c = c.withSampleValues(List.of());
          changed = true;
        }
        columns.add(c);
        visible.add(c.name());
      }
      if (columns.isEmpty()) {
        changed = true;
        continue;
      }
      List<String> primaryKey = visible.containsAll(t.primaryKey()) ? t.primaryKey() : List.of();
      List<UniqueKey> uniqueKeys = new ArrayList<>();
      for (UniqueKey u : t.uniqueKeys()) if (visible.containsAll(u.columns())) uniqueKeys.add(u);
      List<Index> indexes = new ArrayList<>();
      for (Index i : t.indexes()) if (visible.containsAll(i.columns())) indexes.add(i);
      kept.add(new Table(t.name(), t.kind(), t.comment(), columns, primaryKey, t.foreignKeys(), t.rowEstimate(),
          uniqueKeys, indexes));
    }
    if (!changed) return catalog;
    List<Table> out = new ArrayList<>();
    for (Table t : kept) {
      List<ForeignKey> fks = new ArrayList<>();
      for (ForeignKey fk : t.foreignKeys()) {
        Table target = kept.stream().filter(k -> k.name().equals(fk.referencedTable())).findFirst().orElse(null);
        boolean usable = target != null
            && fk.columns().stream().allMatch(c -> t.column(c).isPresent())
            && fk.referencedColumns().stream().allMatch(c -> target.column(c).isPresent());
        if (usable) fks.add(fk);
      }
      out.add(t.withForeignKeys(fks));
    }
    return catalog.withTables(out);
  }

  /** Returns whether the column is removed from what generators see: blocked, or sensitive in BLOCK mode. */
  public boolean hidesColumn(TableName table, String column) {
    return isColumnBlocked(table, column)
        || (sensitiveColumnMode == SensitiveColumnMode.BLOCK && isSensitive(table, column));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AccessPolicy)) return false;
    AccessPolicy p = (AccessPolicy) o;
    return allowedTables.equals(p.allowedTables) && blockedTables.equals(p.blockedTables)
        && blockedColumns.equals(p.blockedColumns) && allowedFunctions.equals(p.allowedFunctions)
        && sensitiveColumns.equals(p.sensitiveColumns) && functionPolicy == p.functionPolicy
        && sensitiveColumnDetection == p.sensitiveColumnDetection && sensitiveColumnMode == p.sensitiveColumnMode;
  }

  @Override
  public int hashCode() {
    return Objects.hash(allowedTables, blockedTables, blockedColumns, allowedFunctions, sensitiveColumns,
        functionPolicy, sensitiveColumnDetection, sensitiveColumnMode);
  }

  @Override
  public String toString() {
    return "AccessPolicy[allowedTables=" + allowedTables + ", blockedTables=" + blockedTables
        + ", blockedColumns=" + blockedColumns + ", functionPolicy=" + functionPolicy
        + (functionPolicy == FunctionPolicy.ALLOW_LIST ? ", allowedFunctions=" + allowedFunctions : "")
        + ", sensitiveColumns=" + sensitiveColumns + ", sensitiveColumnDetection=" + sensitiveColumnDetection
        + ", sensitiveColumnMode=" + sensitiveColumnMode + "]";
  }

  private static List<String> display(List<Name> names) {
    List<String> out = new ArrayList<>();
    for (Name n : names) out.add(n.text);
    return out;
  }

  private static String lastPart(String name) {
    int dot = name.lastIndexOf('.');
    return dot >= 0 ? name.substring(dot + 1) : name;
  }

  private static String unquote(String part) {
    String p = part.strip();
    if (p.length() >= 2 && ((p.startsWith("\"") && p.endsWith("\"")) || (p.startsWith("`") && p.endsWith("`"))
        || (p.startsWith("[") && p.endsWith("]")))) {
      return p.substring(1, p.length() - 1);
    }
    return p;
  }

  /**
   * Splits a dotted name into unquoted parts, honouring quotes ({@code "a.b".c} has two parts).
   *
   * @return the parts, or null when a quote is not closed
   */
  static List<String> parts(String raw) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char close = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (close != 0) {
        if (c == close) {
          close = 0;
        } else {
          cur.append(c);
        }
      } else if (c == '"' || c == '`') {
        close = c;
      } else if (c == '[') {
        close = ']';
      } else if (c == '.') {
        out.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (close != 0) return null;
    out.add(cur.toString().strip());
    return out;
  }

  /** A parsed table or column rule; {@code schema} and {@code table} are null when not given. */
  private static final class Name {
    final String schema;
    final String table;
    final String column;
    final String text;

    Name(String schema, String table, String column) {
      this.schema = schema;
      this.table = table;
      this.column = column;
      StringBuilder sb = new StringBuilder();
      for (String p : new String[] {schema, table, column}) {
        if (p == null) continue;
        if (sb.length() > 0) sb.append('.');
        sb.append(p);
      }
      this.text = sb.toString();
    }

    boolean matchesTable(TableName t) {
      if (!t.name().equalsIgnoreCase(table)) return false;
      return schema == null
          || t.schema().equalsIgnoreCase(schema)
          || t.catalog().equalsIgnoreCase(schema)
          || (t.schema().isEmpty() && t.catalog().isEmpty());
    }

    boolean matchesColumn(TableName t, String c) {
      return column.equalsIgnoreCase(c) && (table == null || matchesTable(t));
    }
  }

  /**
   * Configures an {@link AccessPolicy}. Not thread-safe. Names are checked by {@link #build()}, which
   * reports every problem at once.
   */
  public static final class Builder {
    private final List<String> allowedTables = new ArrayList<>();
    private final List<String> blockedTables = new ArrayList<>();
    private final List<String> blockedColumns = new ArrayList<>();
    private final List<String> allowedFunctions = new ArrayList<>();
    private final List<String> sensitiveColumns = new ArrayList<>();
    private FunctionPolicy functionPolicy = FunctionPolicy.DENY_LIST;
    private boolean sensitiveColumnDetection = true;
    private SensitiveColumnMode sensitiveColumnMode = SensitiveColumnMode.MASK;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.allowedTables.addAll(allowedTables);
      b.blockedTables.addAll(blockedTables);
      b.blockedColumns.addAll(blockedColumns);
      b.allowedFunctions.addAll(allowedFunctions);
      b.sensitiveColumns.addAll(sensitiveColumns);
      b.functionPolicy = functionPolicy;
      b.sensitiveColumnDetection = sensitiveColumnDetection;
      b.sensitiveColumnMode = sensitiveColumnMode;
      return b;
    }

    /**
     * Adds a table to the allow-list ({@code table} or {@code schema.table}). Once the list has an
     * entry, only listed tables may be used. Default: empty (all tables).
     */
    public Builder addAllowedTable(String table) {
      allowedTables.add(Objects.requireNonNull(table, "table"));
      return this;
    }

    /** Adds a table that may never be used ({@code table} or {@code schema.table}). */
    public Builder addBlockedTable(String table) {
      blockedTables.add(Objects.requireNonNull(table, "table"));
      return this;
    }

    /**
     * Adds a column that may never be read: {@code column} (in every table), {@code table.column} or
     * {@code schema.table.column}.
     */
    public Builder addBlockedColumn(String column) {
      blockedColumns.add(Objects.requireNonNull(column, "column"));
      return this;
    }

    /** How functions are checked. Default {@link FunctionPolicy#DENY_LIST}. */
    public Builder functionPolicy(FunctionPolicy policy) {
      this.functionPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Adds a function to the allow-list of {@link FunctionPolicy#ALLOW_LIST} ({@code name} or {@code
     * schema.name}; only the last part is compared, ignoring case). Adding functions while the policy
     * is {@link FunctionPolicy#DENY_LIST} is reported by {@link #build()}.
     */
    public Builder addAllowedFunction(String function) {
      allowedFunctions.add(Objects.requireNonNull(function, "function"));
      return this;
    }

    /**
     * Adds a sensitive column: {@code column} (in every table), {@code table.column} or {@code
     * schema.table.column}; in addition to the heuristic when detection is on.
     */
    public Builder addSensitiveColumn(String column) {
      sensitiveColumns.add(Objects.requireNonNull(column, "column"));
      return this;
    }

    /** Whether column names are checked by the built-in heuristic. Default true. */
    public Builder sensitiveColumnDetection(boolean on) {
      this.sensitiveColumnDetection = on;
      return this;
    }

    /** What happens to sensitive columns. Default {@link SensitiveColumnMode#MASK}. */
    public Builder sensitiveColumnMode(SensitiveColumnMode mode) {
      this.sensitiveColumnMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Checks every name and builds the policy.
     *
     * @throws ConfigurationException naming every malformed name (blank, unclosed quote, empty or too
     *     many parts), every table that is both allowed and blocked, every malformed function name,
     *     and allowed functions given while the function policy is {@link FunctionPolicy#DENY_LIST}
     */
    public AccessPolicy build() {
      List<String> problems = new ArrayList<>();
      List<Name> allowed = tables("allowed table", allowedTables, problems);
      List<Name> blocked = tables("blocked table", blockedTables, problems);
      List<Name> blockedCols = columns("blocked column", blockedColumns, problems);
      List<Name> sensitive = columns("sensitive column", sensitiveColumns, problems);
      for (Name a : allowed) {
        for (Name b : blocked) {
          if (a.text.equalsIgnoreCase(b.text)) {
            problems.add("table '" + a.text + "' is both allowed and blocked: remove it from one list");
          }
        }
      }
      for (String f : allowedFunctions) {
        if (!FUNCTION_NAME.matcher(f.strip()).matches()) {
          problems.add("allowed function '" + f + "' is not a function name (letters, digits, '_' and '$',"
              + " optionally schema-qualified, without parentheses)");
        }
      }
      if (!allowedFunctions.isEmpty() && functionPolicy == FunctionPolicy.DENY_LIST) {
        problems.add("allowed functions " + allowedFunctions + " have no effect with FunctionPolicy.DENY_LIST:"
            + " call functionPolicy(FunctionPolicy.ALLOW_LIST)");
      }
      if (!problems.isEmpty()) {
        throw new ConfigurationException("invalid AccessPolicy: " + String.join("; ", problems));
      }
      return new AccessPolicy(this, allowed, blocked, blockedCols, sensitive);
    }

    private static List<Name> tables(String what, List<String> raw, List<String> problems) {
      List<Name> out = new ArrayList<>();
      for (String r : raw) {
        List<String> p = checkedParts(what, r, 2, "'table' or 'schema.table'", problems);
        if (p == null) continue;
        out.add(p.size() == 1 ? new Name(null, p.get(0), null) : new Name(p.get(0), p.get(1), null));
      }
      return out;
    }

    private static List<Name> columns(String what, List<String> raw, List<String> problems) {
      List<Name> out = new ArrayList<>();
      for (String r : raw) {
        List<String> p = checkedParts(what, r, 3, "'column', 'table.column' or 'schema.table.column'", problems);
        if (p == null) continue;
        if (p.size() == 1) {
          out.add(new Name(null, null, p.get(0)));
        } else if (p.size() == 2) {
          out.add(new Name(null, p.get(0), p.get(1)));
        } else {
          out.add(new Name(p.get(0), p.get(1), p.get(2)));
        }
      }
      return out;
    }

    private static List<String> checkedParts(String what, String raw, int max, String shapes, List<String> problems) {
      if (raw.isBlank()) {
        problems.add(what + " name is blank: use " + shapes);
        return null;
      }
      List<String> p = parts(raw.strip());
      if (p == null) {
        problems.add(what + " '" + raw + "' has an unclosed quote");
        return null;
      }
      if (p.size() > max || p.stream().anyMatch(String::isEmpty)) {
        problems.add(what + " '" + raw + "' is malformed: use " + shapes);
        return null;
      }
      return p;
    }
  }
}
