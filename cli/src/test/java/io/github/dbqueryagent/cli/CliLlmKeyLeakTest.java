package io.github.dbqueryagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key read through {@code --api-key-env} never shows: not when the server answers, not when it
 * rejects the key and repeats it in its error, not in usage errors, not in what the library logs (at
 * debug in these tests; slf4j-simple writes to {@code System.err}, captured here).
 */
class CliLlmKeyLeakTest {
  static final String KEY = "sk-local-Leak-5Tn8Rv2";
  static final String OTHER = "sk-default-Leak-9Bw3";
  static final String URL_SECRET = "BaseUrlPw-3Jd7";
  static final String QUESTION = "How many customers are from Brazil?";

  @TempDir Path dir;

  @Test
  void theKeyNeverShows() throws Exception {
    String sqlite = TestDatabases.sqliteShop(dir);
    Map<String, String> env = Map.of("LOCAL_KEY", KEY, "OPENAI_API_KEY", OTHER);
    List<Cli.Run> runs = new ArrayList<>();
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    try (RecordingModelServer ok = new RecordingModelServer("SELECT COUNT(*) FROM customers", RecordingModelServer.Mode.ANSWER);
        RecordingModelServer rejecting =
            new RecordingModelServer("SELECT 1", RecordingModelServer.Mode.REJECT_ECHOING_KEY);
        PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8)) {
      System.setErr(capture);
      System.setOut(capture);
      String[] key = {"--url", sqlite, "--llm", "openai", "--api-key-env", "LOCAL_KEY", "--model", "m1"};
      for (String format : List.of("table", "json", "jsonl", "csv")) {
        runs.add(Cli.dbqa(env, CliCredentialLeakTest.concat(key, "--base-url", rejecting.root() + "/v1",
            "--format", format, QUESTION)));
      }
      runs.add(Cli.dbqa(env, CliCredentialLeakTest.concat(key, "--base-url", ok.root() + "/v1", "--format", "json",
          QUESTION)));
      runs.add(Cli.dbqa(env, CliCredentialLeakTest.concat(key, "--base-url", "http://127.0.0.1:1/v1", QUESTION)));
      runs.add(Cli.withInput(env, QUESTION + "\n" + QUESTION + "\n",
          CliCredentialLeakTest.concat(key, "--base-url", rejecting.root() + "/v1", "--format", "jsonl")));
      runs.add(Cli.dbqa(env, CliCredentialLeakTest.concat(key, "--base-url", "ftp://" + KEY, QUESTION)));
      runs.add(Cli.dbqa(env, CliCredentialLeakTest.concat(key, "--base-url",
          "http://user:" + URL_SECRET + "@127.0.0.1:1/v1", QUESTION)));
      runs.add(Cli.dbqa(env, CliCredentialLeakTest.concat(key, "--base-url", "ftp://user:" + URL_SECRET + "@host/v1",
          QUESTION)));
      runs.add(Cli.dbqa(env, "--url", sqlite, "--llm", "openai", "--base-url", rejecting.root() + "/v1", QUESTION));
      assertThat(rejecting.chats()).isNotEmpty()
          .allSatisfy(r -> assertThat(r.authorization()).isIn("Bearer " + KEY, "Bearer " + OTHER));
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }

    assertThat(runs.get(0).code()).as(runs.get(0).all()).isEqualTo(ExitCodes.FAILED);
    assertThat(runs.get(0).err()).contains("401");
    assertThat(runs.get(4).code()).as(runs.get(4).all()).isZero();
    assertThat(runs.get(7).code()).isEqualTo(ExitCodes.USAGE);
    assertThat(runs.get(7).err()).contains("--base-url must be");
    StringBuilder all = new StringBuilder(logs.toString(StandardCharsets.UTF_8));
    for (Cli.Run r : runs) all.append('\n').append(r.all());
    assertThat(all).contains("****"); // the masking is exercised
    for (String secret : List.of(KEY, OTHER, URL_SECRET)) {
      assertThat(all.toString().lines().filter(l -> l.contains(secret)))
          .as("lines of dbqa's output and logs that show %s", secret)
          .isEmpty();
    }
  }
}
