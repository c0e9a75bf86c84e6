package io.github.dbqueryagent.internal.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The name heuristic behind {@link io.github.dbqueryagent.spi.AccessPolicy}'s sensitive-column
 * detection. A name is split into words at {@code _}, spaces, digits-to-letters changes are kept, and
 * camelCase boundaries ({@code creditCardNumber} reads as {@code credit card number}); then it is
 * sensitive when
 *
 * <ul>
 *   <li>a word, a trailing plural {@code s} ignored, is one of {@link #EXACT} ({@code ssn}, {@code pwd},
 *       {@code cvv}, {@code iban}, {@code secret}, {@code mobile} ...), starts with one of {@link
 *       #PREFIXES} ({@code emailaddress}, {@code phonenumber}, {@code passwordhash}) or ends with one of
 *       {@link #SUFFIXES} ({@code workemail}, {@code homephone}, {@code clientsecret}), so that
 *       {@code secretary} and {@code automobile} are not sensitive;
 *   <li>two adjacent words form one of {@link #PAIRS} ({@code social security}, {@code api key},
 *       {@code credit card}, {@code card number}, {@code e mail}, {@code tax id} ...), or the words run
 *       together contain one ({@code creditcardnumber}, {@code apikey});
 *   <li>the last word is {@code token} or ends with it ({@code access_token}, {@code authtoken}), so
 *       that {@code token_count} is not sensitive.
 * </ul>
 *
 * Salaries, birth dates and names are deliberately not matched: they are the subject of ordinary
 * analytical questions; list them with {@code addSensitiveColumn} where they must be protected.
 * Stateless and thread-safe.
 */
public final class SensitiveColumnNames {
  /** Whole words that mark a column as sensitive. */
  static final Set<String> EXACT =
      Set.of("ssn", "pwd", "cvv", "cvv2", "cvc", "fax", "pin", "iban", "secret", "mobile", "passport", "email",
          "phone", "password", "passwd");

  /** Word beginnings that mark a column as sensitive ({@code emailaddress}, {@code phonenumber}). */
  static final Set<String> PREFIXES =
      Set.of("email", "password", "passwd", "phone", "apikey", "taxid", "mobile", "passport", "ssn", "iban");

  /** Word endings that mark a column as sensitive ({@code workemail}, {@code clientsecret}). */
  static final Set<String> SUFFIXES = Set.of("email", "password", "passwd", "phone", "apikey", "secret");

  /** Adjacent word pairs, also matched run together ({@code creditcard}). */
  static final List<String[]> PAIRS =
      List.of(
          new String[] {"social", "security"},
          new String[] {"api", "key"},
          new String[] {"credit", "card"},
          new String[] {"card", "number"},
          new String[] {"e", "mail"},
          new String[] {"tax", "id"},
          new String[] {"national", "id"},
          new String[] {"private", "key"},
          new String[] {"secret", "key"},
          new String[] {"access", "key"},
          new String[] {"cc", "number"},
          new String[] {"account", "number"},
          new String[] {"routing", "number"});

  private SensitiveColumnNames() {}

  /**
   * Returns whether a column name looks like it holds sensitive data.
   *
   * @param name a column name or result label, quoted or not; blank names are not sensitive
   */
  public static boolean looksSensitive(String name) {
    List<String> words = words(name);
    if (words.isEmpty()) return false;
    for (String w : words) {
      String singular = w.length() > 3 && w.endsWith("s") ? w.substring(0, w.length() - 1) : w;
      if (EXACT.contains(w) || EXACT.contains(singular)) return true;
      for (String p : PREFIXES) {
        if (w.startsWith(p)) return true;
      }
      for (String s : SUFFIXES) {
        if (w.endsWith(s) || singular.endsWith(s)) return true;
      }
    }
    String last = words.get(words.size() - 1);
    if (last.endsWith("token") || last.endsWith("tokens")) return true;
    String joined = String.join("", words);
    for (int i = 0; i < words.size(); i++) {
      for (String[] pair : PAIRS) {
        if (i + 1 < words.size() && words.get(i).equals(pair[0]) && words.get(i + 1).startsWith(pair[1])) {
          return true;
        }
      }
    }
    for (String[] pair : PAIRS) {
      String together = pair[0] + pair[1];
      if (together.length() >= 6 && joined.contains(together)) return true;
    }
    return false;
  }

  /** Splits a name into lower-case words at non-alphanumerics and camelCase boundaries. */
  static List<String> words(String name) {
    List<String> out = new ArrayList<>();
    if (name == null) return out;
    StringBuilder cur = new StringBuilder();
    char prev = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        flush(cur, out);
      } else {
        boolean upper = Character.isUpperCase(c);
        boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        if (upper && cur.length() > 0 && (Character.isLowerCase(prev) || (Character.isUpperCase(prev) && nextLower))) {
          flush(cur, out);
        }
        cur.append(c);
      }
      prev = c;
    }
    flush(cur, out);
    return out;
  }

  private static void flush(StringBuilder cur, List<String> out) {
    if (cur.length() > 0) {
      out.add(cur.toString().toLowerCase(Locale.ROOT));
      cur.setLength(0);
    }
  }
}
