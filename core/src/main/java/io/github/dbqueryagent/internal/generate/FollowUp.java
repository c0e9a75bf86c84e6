package io.github.dbqueryagent.internal.generate;

import io.github.dbqueryagent.spi.Turn;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a follow-up question against the previous turn of a session: "only those from Canada" after
 * "Which customers are from North America?" is read as "Which customers are from North America from
 * Canada"; "sort them by city" as "... sorted by city". Only refinements are supported (more filters,
 * an order); a follow-up that replaces part of the earlier question ("what about Canada?") is not
 * rewritten. Stateless.
 */
final class FollowUp {
  private static final Pattern REFINE =
      Pattern.compile(
          "^(?:and\\s+|but\\s+|now\\s+)?(?:only|just|of|among)\\s+(?:those|these|them|the ones|ones)\\b\\s*(?:that|which|who)?\\s*(?:are|were|is)?\\s*(.*)$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern SORT =
      Pattern.compile("^(?:and\\s+|now\\s+)?(?:sort|order|rank)\\s+(?:them|those|these|it|the results?)\\s+(by\\s+.*)$",
          Pattern.CASE_INSENSITIVE);

  private FollowUp() {}

  /**
   * Returns the question rewritten to stand alone, when it is a refinement of the last answered turn.
   *
   * @param question the new question
   * @param history the session's turns, oldest first
   */
  static Optional<String> rewrite(String question, List<Turn> history) {
    int lastIndex = -1;
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).hasSql()) {
        lastIndex = i;
        break;
      }
    }
    if (lastIndex < 0) return Optional.empty();
    // the previous turn may itself have been a follow-up: read it in full first
    String previousRaw = history.get(lastIndex).question();
    String previous = rewrite(previousRaw, history.subList(0, lastIndex)).orElse(previousRaw)
        .strip().replaceAll("[?.!]+$", "");
    String q = question.strip().replaceAll("[?.!]+$", "");
    Matcher sort = SORT.matcher(q);
    if (sort.matches()) {
      return Optional.of(previous + " sorted " + sort.group(1));
    }
    Matcher refine = REFINE.matcher(q);
    if (refine.matches() && !refine.group(1).isBlank()) {
      return Optional.of(previous + " " + refine.group(1).strip());
    }
    return Optional.empty();
  }
}
