package io.github.dbqueryagent.openai;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.completions.CompletionUsage;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.TokenUsage;
import io.github.dbqueryagent.spi.GeneratedSql;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a model's reply as SQL, a clarification, or an error. Stateless. */
final class Replies {
  /** A fenced code block: ``` with an optional language tag, then the body up to the closing ```. */
  private static final Pattern FENCE = Pattern.compile("```[ \\t]*([A-Za-z0-9_+-]*)[^\\n]*\\n(.*?)```", Pattern.DOTALL);

  /** Bare SQL: the reply starts with SELECT or WITH as a word. */
  private static final Pattern BARE_SQL = Pattern.compile("(?is)^(select|with)\\b.*");

  /** A line starting with CLARIFY: (any case), possibly after list or emphasis marks. */
  private static final Pattern CLARIFY_LINE = Pattern.compile("(?im)^[\\s*_>#-]*clarify\\s*:\\s*(.*)$");

  private static final int SNIPPET = 200;
  private static final int MAX_EXPLANATION = 500;
  private static final String FALLBACK_CLARIFICATION = "Could you say more precisely what you want to know?";

  private Replies() {}

  /**
   * Parses a completion.
   *
   * @param schemaTokens the schema context's token count, for {@link TokenUsage}
   * @throws ModelException (not retriable) when the reply holds neither SQL nor a clarification
   */
  static GeneratedSql parse(ChatCompletion completion, int schemaTokens, Secrets secrets) {
    TokenUsage tokens = usage(completion, schemaTokens);
    if (completion.choices().isEmpty()) {
      throw unusable("the model returned no choices", "");
    }
    ChatCompletion.Choice choice = completion.choices().get(0);
    Optional<String> refusal = choice.message().refusal().filter(r -> !r.isBlank());
    String content = choice.message().content().orElse("").strip();
    if (content.isEmpty()) {
      if (refusal.isPresent()) {
        throw unusable("the model refused to answer: " + snippet(secrets.redact(refusal.get())), "");
      }
      throw unusable("the model returned an empty reply (finish_reason=" + finishReason(choice) + ")", "");
    }
    boolean cutOff =
        choice._finishReason().asKnown().map(ChatCompletion.Choice.FinishReason.LENGTH::equals).orElse(false);
    return parse(content, tokens, cutOff, secrets);
  }

  /** Parses the text of a reply; see {@link #parse(ChatCompletion, int, Secrets)}. */
  static GeneratedSql parse(String content, TokenUsage tokens, boolean cutOff, Secrets secrets) {
    String text = content.strip();

    // 1. CLARIFY: as the whole reply (the requested single line).
    if (text.regionMatches(true, 0, Prompts.CLARIFY, 0, Prompts.CLARIFY.length())) {
      return clarification(text.substring(Prompts.CLARIFY.length()), tokens);
    }

    // 2. The first fenced block tagged sql, else the first untagged block that holds a query.
    Matcher m = FENCE.matcher(text);
    while (m.find()) {
      String tag = m.group(1).toLowerCase(Locale.ROOT);
      String body = m.group(2).strip();
      boolean sqlTag = tag.equals("sql") || tag.endsWith("sql");
      if (sqlTag || (tag.isEmpty() && BARE_SQL.matcher(body).matches())) {
        if (body.isEmpty()) {
          throw unusable("the model's ```sql block is empty", snippet(secrets.redact(text)));
        }
        if (body.regionMatches(true, 0, Prompts.CLARIFY, 0, Prompts.CLARIFY.length())) {
          return clarification(body.substring(Prompts.CLARIFY.length()), tokens);
        }
        String explanation = explanation(text.substring(0, m.start()) + " " + text.substring(m.end()));
        return new GeneratedSql(trimSemicolons(body), explanation, OpenAiSqlGenerator.FENCED_CONFIDENCE,
            Optional.empty(), tokens);
      }
    }

    // 3. CLARIFY: on a line of its own after some text.
    Matcher c = CLARIFY_LINE.matcher(text);
    if (c.find()) {
      return clarification(c.group(1), tokens);
    }

    // 4. Bare SQL, as some models reply despite the instructions.
    if (BARE_SQL.matcher(text).matches()) {
      if (cutOff) {
        throw unusable("the model's reply was cut off at the token limit before the SQL ended",
            snippet(secrets.redact(text)));
      }
      return new GeneratedSql(trimSemicolons(text), "", OpenAiSqlGenerator.BARE_CONFIDENCE, Optional.empty(), tokens);
    }

    if (cutOff && text.contains("```")) {
      throw unusable("the model's reply was cut off at the token limit before the ```sql block ended",
          snippet(secrets.redact(text)));
    }
    throw unusable("the model's reply contains neither a ```sql block nor a line starting with CLARIFY:",
        snippet(secrets.redact(text)));
  }

  private static GeneratedSql clarification(String question, TokenUsage tokens) {
    String q = question.strip().replaceAll("\\s+", " ");
    if (q.isEmpty()) q = FALLBACK_CLARIFICATION;
    return new GeneratedSql("", "", 0.0, Optional.of(q), tokens);
  }

  private static TokenUsage usage(ChatCompletion completion, int schemaTokens) {
    int prompt = 0;
    int completionTokens = 0;
    Optional<CompletionUsage> usage = completion.usage();
    if (usage.isPresent()) {
      prompt = toInt(usage.get()._promptTokens().asKnown().orElse(0L));
      completionTokens = toInt(usage.get()._completionTokens().asKnown().orElse(0L));
    }
    return new TokenUsage(Math.max(0, schemaTokens), prompt, completionTokens);
  }

  private static int toInt(long n) {
    return n <= 0 ? 0 : (int) Math.min(n, Integer.MAX_VALUE);
  }

  private static String finishReason(ChatCompletion.Choice choice) {
    return choice._finishReason().asKnown().map(Object::toString).orElse("unknown");
  }

  private static String explanation(String around) {
    String e = around.replaceAll("\\s+", " ").strip();
    return e.length() <= MAX_EXPLANATION ? e : e.substring(0, MAX_EXPLANATION - 3) + "...";
  }

  private static String trimSemicolons(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
    return s;
  }

  private static String snippet(String text) {
    String one = text.replaceAll("\\s+", " ").strip();
    return one.length() <= SNIPPET ? one : one.substring(0, SNIPPET - 3) + "...";
  }

  private static ModelException unusable(String reason, String snippet) {
    String message = "unusable model reply: " + reason + (snippet.isEmpty() ? "" : " — reply was: " + snippet);
    return new ModelException(message, false, 0, null);
  }
}
