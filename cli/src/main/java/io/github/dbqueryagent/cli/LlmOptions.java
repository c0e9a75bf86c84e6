package io.github.dbqueryagent.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The {@code --llm}, {@code --base-url}, {@code --model} and {@code --api-key-env} options: who writes
 * the SQL and where. Each setting comes from its option, else from its environment variable, else from
 * the generator's default; {@link GeneratorChoice} applies them.
 */
final class LlmOptions {
  /** The variable {@code --api-key-env} names when it is not given. */
  static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";

  @Option(
      names = "--llm",
      paramLabel = "GENERATOR",
      converter = GeneratorChoice.Llm.Converter.class,
      description = {
        "Who writes the SQL: auto, offline, openai or ollama. Default: auto = OpenAI when its API key"
            + " variable (--api-key-env, default OPENAI_API_KEY) is set, else Ollama when --base-url or"
            + " OLLAMA_HOST is set and answers, else the offline rule-based generator."
      })
  GeneratorChoice.Llm llm = GeneratorChoice.Llm.AUTO;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description = {
        "The model server: an OpenAI-compatible API up to its version segment (e.g."
            + " http://localhost:8000/v1) for openai, or the Ollama server (e.g. http://localhost:11434) for"
            + " ollama. Default: OPENAI_BASE_URL or https://api.openai.com/v1; OLLAMA_HOST or"
            + " http://localhost:11434."
      })
  String baseUrl;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description = "The model, as the server names it. Default: DBQA_OPENAI_MODEL or gpt-4o-mini;"
          + " DBQA_OLLAMA_MODEL or llama3.1.")
  String model;

  @Option(
      names = "--api-key-env",
      paramLabel = "VAR",
      description = "Read the OpenAI API key from this environment variable (never from the command line)."
          + " Default: OPENAI_API_KEY.")
  String apiKeyEnv;

  /**
   * Checks the values that do not depend on the chosen generator: a non-blank model, an http(s) base
   * URL, a non-blank variable name, and no model-server option with {@code --llm offline}; and, with
   * {@code --llm ollama}, no {@code --api-key-env}.
   *
   * @param secrets receives the secrets the base URL may carry ({@code user:secret@host})
   * @throws UsageException naming the bad option
   */
  void check(Secrets secrets) {
    if (baseUrl != null) secrets.addFromUrl(baseUrl);
    if (llm == GeneratorChoice.Llm.OFFLINE) {
      List<String> given = given();
      if (!given.isEmpty()) {
        throw new UsageException(
            String.join(", ", given) + (given.size() == 1 ? " configures" : " configure")
                + " a model server, but --llm offline uses none: drop "
                + (given.size() == 1 ? "it" : "them") + " or choose --llm openai, ollama or auto");
      }
    }
    if (llm == GeneratorChoice.Llm.OLLAMA && apiKeyEnv != null) {
      throw new UsageException("--api-key-env is for OpenAI-compatible servers; Ollama takes no API key");
    }
    if (model != null && model.isBlank()) {
      throw new UsageException("--model needs a model name, e.g. gpt-4o-mini or llama3.1");
    }
    if (apiKeyEnv != null && apiKeyEnv.isBlank()) {
      throw new UsageException("--api-key-env needs the name of an environment variable");
    }
    if (baseUrl != null && !isHttpUrl(baseUrl.strip())) {
      throw new UsageException(
          "--base-url must be an http:// or https:// URL with a host, such as http://localhost:8000/v1 (got '"
              + secrets.line(baseUrl) + "')");
    }
  }

  /** Returns the name of the variable that holds the OpenAI API key. */
  String apiKeyVariable() {
    return apiKeyEnv != null ? apiKeyEnv.strip() : DEFAULT_API_KEY_ENV;
  }

  /** Returns the names of the model-server options given on the command line, in a fixed order. */
  List<String> given() {
    List<String> names = new ArrayList<>();
    if (baseUrl != null) names.add("--base-url");
    if (model != null) names.add("--model");
    if (apiKeyEnv != null) names.add("--api-key-env");
    return names;
  }

  private static boolean isHttpUrl(String s) {
    try {
      URI uri = new URI(s);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty();
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
