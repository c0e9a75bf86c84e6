package io.github.dbqueryagent.internal.generate;

import java.util.Map;
import java.util.Set;

/** The words the rule-based generator understands as operations rather than schema or values. */
final class Vocabulary {
  private Vocabulary() {}

  static final Set<String> COUNT_WORDS = Set.of("count", "number", "many");
  static final Set<String> AVG_WORDS = Set.of("average", "avg", "mean");
  static final Set<String> SUM_WORDS = Set.of("total", "sum", "overall", "combined", "altogether");
  static final Set<String> MAX_WORDS = Set.of("maximum", "max", "highest", "largest", "biggest", "greatest", "most", "top");
  static final Set<String> MIN_WORDS = Set.of("minimum", "min", "lowest", "smallest", "least", "fewest", "bottom");
  static final Set<String> DISTINCT_WORDS = Set.of("distinct", "different", "unique");
  static final Set<String> GROUP_WORDS = Set.of("each", "per", "every");
  static final Set<String> LIST_WORDS = Set.of("list", "show", "name", "names", "give", "display", "find", "get", "return", "what", "which", "who");

  /** Superlatives that imply a kind of column and a direction ({@code true} for descending). */
  static final Map<String, Object[]> IMPLIED_SUPERLATIVES =
      Map.ofEntries(
          Map.entry("longest", new Object[] {Semantic.LENGTH, true}),
          Map.entry("shortest", new Object[] {Semantic.LENGTH, false}),
          Map.entry("priciest", new Object[] {Semantic.PRICE, true}),
          Map.entry("costliest", new Object[] {Semantic.PRICE, true}),
          Map.entry("cheapest", new Object[] {Semantic.PRICE, false}),
          Map.entry("newest", new Object[] {Semantic.DATE, true}),
          Map.entry("latest", new Object[] {Semantic.DATE, true}),
          Map.entry("earliest", new Object[] {Semantic.DATE, false}),
          Map.entry("oldest", new Object[] {Semantic.AGE, false}),
          Map.entry("youngest", new Object[] {Semantic.AGE, true}),
          Map.entry("heaviest", new Object[] {Semantic.WEIGHT, true}),
          Map.entry("lightest", new Object[] {Semantic.WEIGHT, false}),
          Map.entry("largest", new Object[] {Semantic.SIZE, true}),
          Map.entry("biggest", new Object[] {Semantic.SIZE, true}),
          Map.entry("smallest", new Object[] {Semantic.SIZE, false}));

  /** Comparatives that imply a kind of column: "longer than 5 minutes". */
  static final Map<String, Object[]> IMPLIED_COMPARATIVES =
      Map.ofEntries(
          Map.entry("longer", new Object[] {Semantic.LENGTH, ">"}),
          Map.entry("shorter", new Object[] {Semantic.LENGTH, "<"}),
          Map.entry("cheaper", new Object[] {Semantic.PRICE, "<"}),
          Map.entry("pricier", new Object[] {Semantic.PRICE, ">"}),
          Map.entry("heavier", new Object[] {Semantic.WEIGHT, ">"}),
          Map.entry("lighter", new Object[] {Semantic.WEIGHT, "<"}),
          Map.entry("older", new Object[] {Semantic.AGE, "<"}),
          Map.entry("younger", new Object[] {Semantic.AGE, ">"}));

  /** Plain comparison words, after which "than" may follow. */
  static final Map<String, String> COMPARATORS =
      Map.ofEntries(
          Map.entry("more", ">"), Map.entry("greater", ">"), Map.entry("larger", ">"), Map.entry("higher", ">"),
          Map.entry("bigger", ">"), Map.entry("over", ">"), Map.entry("above", ">"), Map.entry("exceeding", ">"),
          Map.entry("exceeds", ">"), Map.entry("exceed", ">"),
          Map.entry("less", "<"), Map.entry("fewer", "<"), Map.entry("lower", "<"), Map.entry("smaller", "<"),
          Map.entry("under", "<"), Map.entry("below", "<"));

  /** Words that ask for money: what was spent, earned or sold. */
  static final Set<String> MONEY_WORDS =
      Set.of("spent", "spend", "spending", "revenue", "revenues", "sales", "sale", "sold", "earned", "earn", "earning",
          "earnings", "income", "paid", "pay", "payment", "payments", "turnover", "amount", "amounts", "money",
          "billed", "billing", "gross");

  /** Words for duration. */
  static final Set<String> LENGTH_WORDS = Set.of("length", "long", "duration", "lasting", "runtime", "time");

  /** Time units for grouping and unit conversion. */
  static final Set<String> TIME_UNITS = Set.of("year", "years", "month", "months", "day", "days", "yearly", "monthly", "daily");

  /**
   * Verbs and particles that only express a relationship between the entities already linked (they
   * carry no filter of their own).
   */
  static final Set<String> RELATION_WORDS =
      Set.of("have", "has", "had", "having", "contain", "contains", "containing", "include", "includes", "including",
          "belong", "belongs", "belonging", "made", "make", "makes", "placed", "place", "bought", "buy", "buys",
          "purchased", "purchase", "ordered", "own", "owns", "owned", "work", "works", "working", "live", "lives",
          "living", "come", "comes", "coming", "based", "located", "registered", "assigned", "associated", "linked",
          "related", "appear", "appears", "listed", "recorded", "stored", "exist", "exists", "there", "currently",
          "featured", "feature", "features", "written", "wrote", "write", "created", "create", "got", "received",
          "receive", "issued", "issue", "generated", "serve", "serves", "serving", "served", "offer", "offers",
          "offered", "offering", "posted", "post", "posts", "occurred", "occur", "occurs", "happened", "took", "taken",
          "taught", "teach", "teaches", "whose", "along", "together", "overall", "altogether", "ever", "all", "records", "entries",
          "entry", "items", "ones", "one", "kinds", "kind", "types", "sort", "sorted", "order",
          "descending", "ascending", "alphabetically", "alphabetical", "respective", "corresponding", "group",
          "grouped", "known", "called", "named", "titled");
}
