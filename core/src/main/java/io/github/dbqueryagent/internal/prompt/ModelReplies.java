package io.github.dbqueryagent.internal.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.spi.LanguageModelPrompts.ParsedReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Reads a language model's reply as SQL or as a clarification, in text form (a {@code ```sql} block, bare
 * SQL or a {@code CLARIFY:} line) or as the JSON object of structured output. The reading rules and the
 * errors are documented on {@link io.github.dbqueryagent.spi.LanguageModelPrompts#parseReply(String,
 * boolean)} and {@link io.github.dbqueryagent.spi.LanguageModelPrompts#parseJsonReply(String, boolean)},
 * which call this class. Stateless and thread-safe.
 */
public final class ModelReplies {
  private static final int MAX_EXPLANATION_CHARS = io.github.dbqueryagent.spi.LanguageModelPrompts.MAX_EXPLANATION_CHARS;
  private static final String FALLBACK_CLARIFICATION = io.github.dbqueryagent.spi.LanguageModelPrompts.FALLBACK_CLARIFICATION;
  private static final String CLARIFY_PREFIX = io.github.dbqueryagent.spi.LanguageModelPrompts.CLARIFY_PREFIX;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reasoning models' thinking sections, closed or cut off at the end. */
  private static final Pattern THINK = Pattern.compile("(?is)<think>.*?(</think>|\\z)");

  /**
   * A fenced code block: {@code ```} with an optional language tag, then the body up to the closing
   * {@code ```} or, for a reply that stops inside the block, up to the end (group 3 is then empty).
   */
  private static final Pattern FENCE =
      Pattern.compile("(?s)```[ \\t]*([A-Za-z0-9_+-]*)[^\\n]*\\n(.*?)(```|\\z)");

  /** A line starting with CLARIFY: (any case), possibly after list, quote or emphasis marks. */
  private static final Pattern CLARIFY_LINE =
      Pattern.compile("(?im)^[ \\t>*_`#-]*CLARIFY[*_`]*[ \\t]*:[ \\t]*(.*)$");

  /** Bare SQL: the text starts with SELECT or WITH as a word. */
  private static final Pattern BARE_SQL = Pattern.compile("(?is)^(select|with)\\b.*");

  private static final int SNIPPET_CHARS = 200;

  private ModelReplies() {}

  /** Reads a text reply; see {@code LanguageModelPrompts.parseReply(String, boolean)}. */
  public static ParsedReply text(String reply, boolean truncated) {
    Objects.requireNonNull(reply, "reply");
    String text = THINK.matcher(reply).replaceAll("").strip();
    if (text.isEmpty()) {
      throw unusable(truncated ? "the model's reply is empty: it was cut off at the token limit"
          : "the model's reply is empty", "");
    }

    Matcher leadingClarify = CLARIFY_LINE.matcher(text);
    if (leadingClarify.lookingAt()) {
      return clarification(leadingClarify.group(1));
    }

    List<MatchResult> blocks = new ArrayList<>();
    Matcher fence = FENCE.matcher(text);
    while (fence.find()) {
      String tag = fence.group(1).toLowerCase(Locale.ROOT);
      String body = fence.group(2).strip();
      if (tag.endsWith("sql") || (tag.isEmpty() && BARE_SQL.matcher(body).matches())) {
        blocks.add(fence.toMatchResult());
      }
    }
    if (blocks.size() > 1) {
      for (int i = blocks.size() - 1; i >= 0; i--) {
        MatchResult block = blocks.get(i);
        String body = trimSemicolons(block.group(2));
        if (!block.group(3).isEmpty() && isSingleQuery(body)) {
          StringBuilder around = new StringBuilder();
          int from = 0;
          for (MatchResult b : blocks) {
            around.append(text, from, b.start()).append(' ');
            from = b.end();
          }
          around.append(text.substring(from));
          return new ParsedReply(ParsedReply.Form.FENCED_SQL, body, Optional.empty(), explanation(around.toString()));
        }
      }
    }
    if (!blocks.isEmpty()) {
      MatchResult block = blocks.get(0);
      String body = block.group(2).strip();
      if (truncated && block.group(3).isEmpty()) {
        throw unusable("the model's reply was cut off at the token limit before the ```sql block ended",
            snippet(text));
      }
      if (body.isEmpty()) {
        throw unusable("the model's ```sql block is empty", snippet(text));
      }
      Matcher clarifyInBlock = CLARIFY_LINE.matcher(body);
      if (clarifyInBlock.lookingAt()) {
        return clarification(clarifyInBlock.group(1));
      }
      String explanation = explanation(text.substring(0, block.start()) + " " + text.substring(block.end()));
      return new ParsedReply(ParsedReply.Form.FENCED_SQL, trimSemicolons(body), Optional.empty(), explanation);
    }

    Matcher clarify = CLARIFY_LINE.matcher(text);
    if (clarify.find()) {
      return clarification(clarify.group(1));
    }

    if (BARE_SQL.matcher(text).matches()) {
      if (truncated) {
        throw unusable("the model's reply was cut off at the token limit before the SQL ended", snippet(text));
      }
      return new ParsedReply(ParsedReply.Form.BARE_SQL, trimSemicolons(text), Optional.empty(), "");
    }

    if (truncated && text.contains("```")) {
      throw unusable("the model's reply was cut off at the token limit before the ```sql block ended",
          snippet(text));
    }
    throw unusable("neither SQL nor a clarification (the reply contains neither a ```sql block nor a line "
        + "starting with " + CLARIFY_PREFIX + ")", snippet(text));
  }

  /** Reads a structured-output reply; see {@code LanguageModelPrompts.parseJsonReply(String, boolean)}. */
  public static ParsedReply json(String reply, boolean truncated) {
    Objects.requireNonNull(reply, "reply");
    String text = THINK.matcher(reply).replaceAll("").strip();
    if (text.isEmpty()) {
      throw unusable(truncated ? "the model's reply is empty: it was cut off at the token limit"
          : "the model's reply is empty", "");
    }
    String json = null;
    boolean inProse = false;
    if (text.startsWith("{")) {
      json = text;
    } else {
      Matcher fence = FENCE.matcher(text);
      while (json == null && fence.find()) {
        String tag = fence.group(1).toLowerCase(Locale.ROOT);
        String body = fence.group(2).strip();
        if (body.startsWith("{") && (tag.isEmpty() || tag.equals("json") || tag.equals("jsonc"))) {
          json = body;
        }
      }
    }
    if (json == null) {
      int open = text.indexOf('{');
      if (open < 0) {
        return text(reply, truncated);
      }
      int close = text.lastIndexOf('}');
      json = close > open ? text.substring(open, close + 1) : text.substring(open);
      inProse = true;
    }

    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      if (inProse) {
        return textOr(reply, truncated, "the model's reply is not valid JSON", text);
      }
      throw unusable(truncated ? "the model's JSON reply was cut off at the token limit"
          : "the model's reply is not valid JSON (" + oneLine(e.getOriginalMessage()) + ")", snippet(text));
    }
    if (node == null || !node.isObject()) {
      throw unusable("the model's reply is JSON but not an object", snippet(text));
    }
    if (inProse && !node.has("sql") && !node.has("needs_clarification")) {
      return textOr(reply, truncated, "the model's JSON reply has neither \"sql\" nor \"needs_clarification\"",
          text);
    }

    String explanation = explanation(node.path("explanation").isTextual() ? node.path("explanation").asText() : "");
    OptionalDouble confidence = node.path("confidence").isNumber()
        ? OptionalDouble.of(Math.max(0.0, Math.min(1.0, node.path("confidence").asDouble())))
        : OptionalDouble.empty();
    List<String> tables = new ArrayList<>();
    for (JsonNode t : node.path("tables_used")) {
      String name = t.isTextual() ? t.asText().strip() : "";
      if (!name.isEmpty() && !tables.contains(name)) tables.add(name);
    }
    String question = node.path("clarification_question").isTextual()
        ? node.path("clarification_question").asText() : "";
    String sql = node.path("sql").isTextual() ? node.path("sql").asText().strip() : "";
    Matcher sqlFence = FENCE.matcher(sql);
    if (sqlFence.lookingAt()) sql = sqlFence.group(2);
    sql = trimSemicolons(sql);
    JsonNode needs = node.path("needs_clarification");
    boolean clarify = needs.asBoolean(false) || (sql.isEmpty() && !question.isBlank());
    if (clarify) {
      ParsedReply asked = clarification(question);
      return new ParsedReply(ParsedReply.Form.CLARIFICATION, "", asked.clarification(), explanation, confidence,
          tables);
    }
    if (sql.isEmpty()) {
      throw unusable("the model's JSON reply has no \"sql\" and does not ask for clarification", snippet(text));
    }
    return new ParsedReply(ParsedReply.Form.JSON, sql, Optional.empty(), explanation, confidence, tables);
  }

  /** Reads a reply whose braces sat in prose as text; when that fails too, reports the JSON problem. */
  private static ParsedReply textOr(String reply, boolean truncated, String jsonProblem, String text) {
    try {
      return text(reply, truncated);
    } catch (ModelException e) {
      throw unusable(jsonProblem, snippet(text));
    }
  }

  /** Whether jsqlparser reads {@code sql} as exactly one SELECT (plain or T-SQL bracket quoting). */
  private static boolean isSingleQuery(String sql) {
    for (boolean brackets : new boolean[] {false, true}) {
      try {
        Statements statements =
            CCJSqlParserUtil.parseStatements(sql, parser -> parser.withSquareBracketQuotation(brackets));
        if (statements != null && statements.size() == 1) {
          return statements.get(0) instanceof Select;
        }
      } catch (JSQLParserException | RuntimeException e) {
        // try the other quoting, then give up
      }
    }
    return false;
  }

  private static ParsedReply clarification(String question) {
    String q = question.strip().replaceAll("^[*_`]+|[*_`]+$", "").strip().replaceAll("\\s+", " ");
    return new ParsedReply(ParsedReply.Form.CLARIFICATION, "", Optional.of(q.isEmpty() ? FALLBACK_CLARIFICATION : q),
        "");
  }

  private static String trimSemicolons(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
    return s;
  }

  private static String explanation(String around) {
    String e = oneLine(around);
    return e.length() <= MAX_EXPLANATION_CHARS ? e : e.substring(0, MAX_EXPLANATION_CHARS - 3) + "...";
  }

  private static String snippet(String text) {
    String s = oneLine(text);
    return s.length() <= SNIPPET_CHARS ? s : s.substring(0, SNIPPET_CHARS - 3) + "...";
  }

  /** Collapses white space to single spaces, stripped. */
  public static String oneLine(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  private static ModelException unusable(String reason, String snippet) {
    String message = "unusable model reply: " + reason + (snippet.isEmpty() ? "" : " — reply was: \"" + snippet + "\"");
    return new ModelException(message, false, 0, null);
  }
}
