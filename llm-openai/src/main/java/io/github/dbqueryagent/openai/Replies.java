package io.github.dbqueryagent.openai;

import com.openai.core.JsonValue;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.completions.CompletionUsage;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.TokenUsage;
import io.github.dbqueryagent.spi.GeneratedSql;
import io.github.dbqueryagent.spi.LanguageModelPrompts;
import java.util.Optional;

/**
 * Reads a chat completion as SQL, a clarification, or an error: what is specific to the OpenAI wire
 * format (choices, refusals, {@code finish_reason}, {@code usage}, the API key) is handled here, the text
 * by {@link LanguageModelPrompts#parseReply(String, boolean)}. Stateless.
 */
final class Replies {
  private static final int SNIPPET = 200;

  private Replies() {}

  /**
   * Parses a completion.
   *
   * @param schemaTokens the schema context's token count, for {@link TokenUsage}
   * @param format the reply format the request asked for
   * @throws ModelException (not retriable) when the reply holds neither SQL nor a clarification
   */
  static GeneratedSql parse(ChatCompletion completion, int schemaTokens, Secrets secrets,
      LanguageModelPrompts.ReplyFormat format) {
    TokenUsage tokens = usage(completion, schemaTokens);
    if (completion.choices().isEmpty()) {
      throw unusable("the model returned no choices");
    }
    ChatCompletion.Choice choice = completion.choices().get(0);
    Optional<String> refusal = choice.message().refusal().filter(r -> !r.isBlank());
    String content = choice.message().content().orElse("").strip();
    if (content.isEmpty()) {
      if (refusal.isPresent()) {
        throw unusable("the model refused to answer: " + snippet(secrets.redact(refusal.get())));
      }
      throw unusable("the model returned an empty reply (finish_reason=" + finishReason(choice) + ")");
    }
    boolean cutOff =
        choice._finishReason().asKnown().map(ChatCompletion.Choice.FinishReason.LENGTH::equals).orElse(false);
    return parse(content, tokens, cutOff, secrets, format);
  }

  /**
   * Parses the text of a reply, with the API key redacted from it first so that neither the SQL, the
   * explanation nor an error message can carry it. The confidence is the model's own {@code confidence}
   * of a JSON reply (clamped to 0 to 1) when it gave one; otherwise SQL in a fenced block or a JSON
   * object gets {@link OpenAiSqlGenerator#FENCED_CONFIDENCE}, bare SQL {@link
   * OpenAiSqlGenerator#BARE_CONFIDENCE}.
   *
   * @param cutOff whether the reply stopped at the token limit
   * @param format the reply format the request asked for: {@link LanguageModelPrompts#parseJsonReply(String,
   *     boolean)} reads JSON replies (and text ones from servers that ignore the format), {@link
   *     LanguageModelPrompts#parseReply(String, boolean)} text replies
   * @throws ModelException (not retriable) as those methods do
   */
  static GeneratedSql parse(String content, TokenUsage tokens, boolean cutOff, Secrets secrets,
      LanguageModelPrompts.ReplyFormat format) {
    String redacted = secrets.redact(content);
    LanguageModelPrompts.ParsedReply reply = format == LanguageModelPrompts.ReplyFormat.JSON
        ? LanguageModelPrompts.parseJsonReply(redacted, cutOff)
        : LanguageModelPrompts.parseReply(redacted, cutOff);
    double confidence = reply.confidence().orElse(reply.form() == LanguageModelPrompts.ParsedReply.Form.BARE_SQL
        ? OpenAiSqlGenerator.BARE_CONFIDENCE
        : OpenAiSqlGenerator.FENCED_CONFIDENCE);
    return reply.toGeneratedSql(confidence, tokens);
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

  /** Returns the start of a refusal on one line, at most {@value #SNIPPET} characters. */
  private static String snippet(String text) {
    String one = text.replaceAll("\\s+", " ").strip();
    return one.length() <= SNIPPET ? one : one.substring(0, SNIPPET - 3) + "...";
  }

  private static ModelException unusable(String reason) {
    return new ModelException("unusable model reply: " + reason, false, 0, null);
  }

  /** {@code response_format} for structured output: {@link LanguageModelPrompts#replySchema()}, strict. */
  static ResponseFormatJsonSchema responseFormat() {
    ResponseFormatJsonSchema.JsonSchema.Schema.Builder schema = ResponseFormatJsonSchema.JsonSchema.Schema.builder();
    LanguageModelPrompts.replySchema().forEach((k, v) -> schema.putAdditionalProperty(k, JsonValue.from(v)));
    return ResponseFormatJsonSchema.builder()
        .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
            .name(LanguageModelPrompts.REPLY_SCHEMA_NAME)
            .strict(true)
            .schema(schema.build())
            .build())
        .build();
  }
}
