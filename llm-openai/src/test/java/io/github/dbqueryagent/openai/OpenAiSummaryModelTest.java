package io.github.dbqueryagent.openai;

import static io.github.dbqueryagent.openai.Fixtures.JSON;
import static io.github.dbqueryagent.openai.Fixtures.completion;
import static io.github.dbqueryagent.openai.Fixtures.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Talks to a scripted local server that speaks the OpenAI chat-completions wire protocol. */
class OpenAiSummaryModelTest {
  private static final String KEY = "sk-test-0123456789abcdefSECRET";

  @StartStop public final MockWebServer server = new MockWebServer();

  private final List<OpenAiSummaryModel> models = new ArrayList<>();

  @AfterEach
  void closeModels() {
    models.forEach(OpenAiSummaryModel::close);
  }

  private OpenAiSummaryModel.Builder builder() {
    return OpenAiSummaryModel.builder().apiKey(KEY).baseUrl(server.url("/v1").toString()).maxRetries(0);
  }

  private OpenAiSummaryModel model(OpenAiSummaryModel.Builder builder) {
    OpenAiSummaryModel m = builder.build();
    models.add(m);
    return m;
  }

  private void reply(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build());
  }

  @Test
  void sendsOneChatCompletionAndReturnsTheReplyText() throws Exception {
    reply(200, completion("  One row per customer: name and country; invoices reference it.\n"));

    String text = model(builder()).complete("Describe the database table below...\nTable: Customer (table)\n");

    assertThat(text).isEqualTo("One row per customer: name and country; invoices reference it.");
    RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = JSON.readTree(recorded.getBody().utf8());
    assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(body.path("temperature").asDouble(-1)).isZero();
    assertThat(body.path("max_tokens").asInt()).isEqualTo(120);
    assertThat(body.path("messages")).hasSize(2);
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo(OpenAiSummaryModel.SYSTEM_MESSAGE);
    assertThat(body.path("messages").get(1).path("role").asText()).isEqualTo("user");
    assertThat(body.path("messages").get(1).path("content").asText())
        .isEqualTo("Describe the database table below...\nTable: Customer (table)\n");
    assertThat(body.has("stream")).isFalse();
  }

  @Test
  void sendsTheConfiguredModelAndOutputLimit() throws Exception {
    reply(200, completion("A description."));

    model(builder().model("qwen2.5:7b").maxOutputTokens(300)).complete("p");

    JsonNode body = JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
    assertThat(body.path("model").asText()).isEqualTo("qwen2.5:7b");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(300);
  }

  @Test
  void unauthorizedIsNotRetriableAndNeverShowsTheKey() {
    reply(401, error("Incorrect API key provided: " + KEY, "invalid_request_error", "invalid_api_key"));
    OpenAiSummaryModel model = model(builder());

    ModelException e = catchThrowableOfType(ModelException.class, () -> model.complete("p"));

    assertThat(e.retriable()).isFalse();
    assertThat(e.statusCode()).isEqualTo(401);
    assertThat(e.stage()).isEqualTo(Stage.SUMMARIZE);
    assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("SECRET");
    assertThat(model.toString()).doesNotContain(KEY).contains("apiKey=****");
  }

  @Test
  void rateLimitAndServerErrorsAreRetriable() {
    reply(429, error("Rate limit reached", "requests", "rate_limit_exceeded"));
    reply(502, "Bad gateway");
    OpenAiSummaryModel model = model(builder());

    ModelException limited = catchThrowableOfType(ModelException.class, () -> model.complete("p"));
    ModelException gateway = catchThrowableOfType(ModelException.class, () -> model.complete("p"));

    assertThat(limited.retriable()).isTrue();
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(gateway.retriable()).isTrue();
    assertThat(gateway.stage()).isEqualTo(Stage.SUMMARIZE);
  }

  @Test
  void retriesWhenAsked() {
    server.enqueue(new MockResponse.Builder().code(500).addHeader("Retry-After-Ms", "10")
        .body(error("boom", "server_error", "")).build());
    reply(200, completion("Second time lucky."));

    assertThat(model(builder().maxRetries(1)).complete("p")).isEqualTo("Second time lucky.");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anEmptyReplyARefusalAndMalformedJsonAreNotRetriable() {
    reply(200, completion("", "length", 10, 120));
    reply(200, completion("").replace("\"refusal\":null", "\"refusal\":\"I cannot help with that.\""));
    reply(200, "{\"id\": \"chatcmpl\", \"choices\": [");
    OpenAiSummaryModel model = model(builder());

    ModelException empty = catchThrowableOfType(ModelException.class, () -> model.complete("p"));
    ModelException refusal = catchThrowableOfType(ModelException.class, () -> model.complete("p"));
    ModelException malformed = catchThrowableOfType(ModelException.class, () -> model.complete("p"));

    assertThat(empty.retriable()).isFalse();
    assertThat(empty.getMessage()).contains("empty reply").contains("length");
    assertThat(refusal.retriable()).isFalse();
    assertThat(refusal.getMessage()).contains("refused").contains("I cannot help with that.");
    assertThat(malformed.retriable()).isFalse();
    assertThat(malformed.stage()).isEqualTo(Stage.SUMMARIZE);
  }

  @Test
  void redactsTheKeyFromTheReply() {
    reply(200, completion("The key is " + KEY + "."));

    assertThat(model(builder()).complete("p")).isEqualTo("The key is ****.");
  }

  @Test
  void rejectsABlankPromptWithoutACall() {
    assertThatThrownBy(() -> model(builder()).complete(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void nameEnvironmentAndBuildChecks() {
    OpenAiSummaryModel fromEnv = model(OpenAiSummaryModel.builder().fromEnvironment(Map.of(
        "OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.url("/v1").toString(), "DBQA_OPENAI_MODEL", "gpt-4o")));
    OpenAiSummaryModel specific = model(OpenAiSummaryModel.builder().fromEnvironment(Map.of(
        "OPENAI_API_KEY", KEY, "DBQA_OPENAI_MODEL", "gpt-4o", "DBQA_OPENAI_SUMMARY_MODEL", "gpt-4.1-nano")));

    assertThat(fromEnv.name()).isEqualTo("openai:gpt-4o");
    assertThat(specific.name()).isEqualTo("openai:gpt-4.1-nano");
    assertThat(model(builder()).name()).isEqualTo("openai:gpt-4o-mini");
    assertThat(model(fromEnv.toBuilder()).toString()).isEqualTo(fromEnv.toString());
    assertThatThrownBy(() -> OpenAiSummaryModel.builder().model(" ").maxOutputTokens(0).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("apiKey is missing").hasMessageContaining("model must not be blank")
        .hasMessageContaining("maxOutputTokens must be between 1 and 100000");
  }
}
