package io.github.dbqueryagent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in everything dbqa prints: the password read from {@code --password-env}, passwords
 * embedded in the JDBC URL ({@code password=...}, {@code user:secret@host}), and line breaks (every
 * message is printed as one line). Thread-safe after construction.
 */
final class Secrets {
  private static final Pattern URL_SECRET =
      Pattern.compile("(?i)(password|passwd|pwd|secret|token|apikey|api_key)=([^;&?\\s]*)");
  private static final Pattern URL_USERINFO = Pattern.compile("//([^/@:\\s]+):([^/@\\s]*)@");
  private static final String MASK = "****";

  private final List<String> values = new ArrayList<>();

  /** Adds a value to hide; blank values are ignored. */
  void add(String secret) {
    if (secret != null && !secret.isBlank() && !values.contains(secret)) {
      values.add(secret);
      values.sort((a, b) -> Integer.compare(b.length(), a.length()));
    }
  }

  /** Adds the secrets embedded in a JDBC URL. */
  void addFromUrl(String url) {
    if (url == null) return;
    Matcher m = URL_SECRET.matcher(url);
    while (m.find()) add(m.group(2));
    m = URL_USERINFO.matcher(url);
    while (m.find()) add(m.group(2));
  }

  /** Returns the text with every secret replaced by {@code ****}; null stays null. */
  String mask(String text) {
    if (text == null) return null;
    String out = text;
    for (String v : values) out = out.replace(v, MASK);
    out = URL_SECRET.matcher(out).replaceAll("$1=" + MASK);
    return URL_USERINFO.matcher(out).replaceAll("//$1:" + MASK + "@");
  }

  /** Returns {@link #mask(String)} of the text on one line: line breaks and runs of blanks become one space. */
  String line(String text) {
    if (text == null) return "";
    return mask(text).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
