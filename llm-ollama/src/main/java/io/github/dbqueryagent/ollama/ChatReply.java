package io.github.dbqueryagent.ollama;

/**
 * Ollama's reply to one {@code /api/chat} call, streamed or not.
 *
 * @param content the assistant message's text, the streamed pieces joined
 * @param promptTokens {@code prompt_eval_count}, 0 when absent (for example when the prompt was cached)
 * @param completionTokens {@code eval_count}, 0 when absent
 * @param doneReason {@code done_reason} (for example {@code "stop"} or {@code "length"}), or {@code ""}
 */
record ChatReply(String content, int promptTokens, int completionTokens, String doneReason) {}
