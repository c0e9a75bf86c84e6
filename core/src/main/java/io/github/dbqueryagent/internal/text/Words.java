package io.github.dbqueryagent.internal.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Splitting identifiers and questions into comparable word stems. Stateless and thread-safe. */
public final class Words {
  private Words() {}

  /** Common abbreviations in column and table names, expanded for linking (never for SQL). */
  public static final Map<String, String> ABBREVIATIONS =
      Map.ofEntries(
          Map.entry("qty", "quantity"), Map.entry("amt", "amount"), Map.entry("cust", "customer"),
          Map.entry("dt", "date"), Map.entry("desc", "description"), Map.entry("num", "number"),
          Map.entry("no", "number"), Map.entry("nbr", "number"), Map.entry("emp", "employee"),
          Map.entry("addr", "address"), Map.entry("cnt", "count"), Map.entry("pct", "percent"),
          Map.entry("dept", "department"), Map.entry("prod", "product"), Map.entry("cat", "category"),
          Map.entry("inv", "invoice"), Map.entry("tel", "phone"), Map.entry("ts", "timestamp"),
          Map.entry("yr", "year"), Map.entry("mgr", "manager"), Map.entry("org", "organization"),
          Map.entry("acct", "account"), Map.entry("txn", "transaction"), Map.entry("trx", "transaction"),
          Map.entry("avg", "average"), Map.entry("min", "minimum"), Map.entry("max", "maximum"),
          Map.entry("ms", "millisecond"), Map.entry("img", "image"), Map.entry("msg", "message"),
          Map.entry("pwd", "password"), Map.entry("ref", "reference"), Map.entry("src", "source"),
          Map.entry("dest", "destination"), Map.entry("loc", "location"), Map.entry("info", "information"),
          Map.entry("pos", "position"), Map.entry("seq", "sequence"), Map.entry("stat", "status"),
          Map.entry("sup", "supplier"), Map.entry("supp", "supplier"), Map.entry("ctry", "country"),
          Map.entry("rep", "representative"), Map.entry("reps", "representative"), Map.entry("id", "id"));

  private static final Set<String> STOPWORDS =
      Set.of(
          "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "is",
          "are", "was", "were", "be", "been", "being", "do", "does", "did", "have", "has", "had", "what",
          "which", "who", "whom", "whose", "where", "when", "how", "many", "much", "there", "their", "them",
          "they", "this", "that", "these", "those", "it", "its", "me", "my", "i", "we", "our", "you", "your",
          "show", "list", "give", "tell", "find", "get", "display", "return", "all", "each", "every", "per",
          "any", "some", "please", "can", "could", "would", "should", "will", "than", "as", "into", "about",
          "not", "no", "s", "if", "so", "up", "out", "only", "also", "then", "just", "but", "between",
          "database", "table", "tables", "record", "records", "row", "rows", "data", "value", "values");

  /** Returns whether a lower-case word carries no meaning for schema linking. */
  public static boolean isStopword(String lower) {
    return STOPWORDS.contains(lower);
  }

  /**
   * Splits an identifier into lower-case words: snake_case, kebab-case, spaces, camelCase,
   * PascalCase, acronyms ({@code HTTPServer} is {@code http server}) and digit runs.
   */
  public static List<String> splitIdentifier(String identifier) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int n = identifier.length();
    for (int i = 0; i < n; i++) {
      char c = identifier.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        flush(cur, out);
        continue;
      }
      if (cur.length() > 0) {
        char prev = identifier.charAt(i - 1);
        boolean boundary =
            (Character.isUpperCase(c) && Character.isLowerCase(prev))
                || (Character.isUpperCase(c) && Character.isUpperCase(prev) && i + 1 < n
                    && Character.isLowerCase(identifier.charAt(i + 1)))
                || (Character.isDigit(c) != Character.isDigit(prev));
        if (boundary) flush(cur, out);
      }
      cur.append(Character.toLowerCase(c));
    }
    flush(cur, out);
    return out;
  }

  private static void flush(StringBuilder cur, List<String> out) {
    if (cur.length() > 0) {
      out.add(cur.toString());
      cur.setLength(0);
    }
  }

  /** Splits free text into lower-case words (letters and digits; apostrophes dropped). */
  public static List<String> splitText(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        cur.append(Character.toLowerCase(c));
      } else if ((c == '\'' || c == '’') && cur.length() > 0) {
        // "customer's" -> "customer"
        int j = i + 1;
        if (j < text.length() && Character.toLowerCase(text.charAt(j)) == 's'
            && (j + 1 == text.length() || !Character.isLetterOrDigit(text.charAt(j + 1)))) {
          i = j;
        }
        flush(cur, out);
      } else {
        flush(cur, out);
      }
    }
    flush(cur, out);
    return out;
  }

  /**
   * Reduces a lower-case word to a stem for matching: plural to singular ("categories" to "category",
   * "boxes" to "box", "people" to "person") and abbreviations expanded. Conservative: a word ending
   * in "ss", "us" or "is" stays.
   */
  public static String stem(String lower) {
    String w = ABBREVIATIONS.getOrDefault(lower, lower);
    switch (w) {
      case "people": return "person";
      case "children": return "child";
      case "men": return "man";
      case "women": return "woman";
      case "data": return "data";
      case "media": return "media";
      case "series": return "series";
      case "status": return "status";
      case "address": return "address";
      default: break;
    }
    int n = w.length();
    if (n > 4 && w.endsWith("ies")) return w.substring(0, n - 3) + "y";
    if (n > 4 && (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("zes"))) {
      return w.substring(0, n - 2);
    }
    if (n > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
      return w.substring(0, n - 1);
    }
    return w;
  }

  /**
   * Returns the forms a lower-case word may match: its {@link #stem}, and for inflected verbs and
   * agent nouns the likely base ("hired" to "hire", "shipped" to "ship", "composer" to "compose").
   */
  public static Set<String> forms(String lower) {
    String s = stem(lower);
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    out.add(s);
    addBase(s, "ing", out);
    addBase(s, "ed", out);
    addBase(s, "er", out);
    addBase(s, "or", out);
    if (s.endsWith("ied") && s.length() > 4) out.add(s.substring(0, s.length() - 3) + "y");
    return out;
  }

  private static void addBase(String w, String suffix, Set<String> out) {
    if (!w.endsWith(suffix) || w.length() - suffix.length() < 3) return;
    String base = w.substring(0, w.length() - suffix.length());
    out.add(base);
    out.add(base + "e");
    int n = base.length();
    if (n >= 4 && base.charAt(n - 1) == base.charAt(n - 2) && "aeiou".indexOf(base.charAt(n - 1)) < 0) {
      out.add(base.substring(0, n - 1));
    }
  }

  /** Returns whether two lower-case words share a form. */
  public static boolean sameWord(String a, String b) {
    if (a.equals(b)) return true;
    Set<String> fa = forms(a);
    for (String f : forms(b)) {
      if (fa.contains(f)) return true;
    }
    return false;
  }

  /** Splits an identifier and stems each word. */
  public static List<String> identifierStems(String identifier) {
    List<String> out = new ArrayList<>();
    for (String w : splitIdentifier(identifier)) out.add(stem(w));
    return out;
  }

  /** Returns a readable form of an identifier: "InvoiceLine" to "invoice line", "cust_id" to "customer id". */
  public static String readable(String identifier) {
    List<String> parts = new ArrayList<>();
    for (String w : splitIdentifier(identifier)) parts.add(ABBREVIATIONS.getOrDefault(w, w));
    return String.join(" ", parts);
  }

  /** Lower-cases with the root locale. */
  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
