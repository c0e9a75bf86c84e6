package io.github.dbqueryagent.cli;

import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.ollama.OllamaSqlGenerator;
import io.github.dbqueryagent.openai.OpenAiSqlGenerator;
import io.github.dbqueryagent.spi.SqlGenerator;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns {@link LlmOptions} ({@code --llm}, {@code --base-url}, {@code --model}, {@code --api-key-env})
 * into a {@link SqlGenerator}. The only place that knows the model modules. Each setting comes from its
 * option, else from its environment variable, else from the generator's default.
 *
 * <ul>
 *   <li>{@code offline}: the rule-based generator of core ({@link SqlGenerator#ruleBased()}); no network.
 *   <li>{@code openai}: {@link OpenAiSqlGenerator} with the API key from the variable {@code
 *       --api-key-env} names (default {@code OPENAI_API_KEY}; required), the base URL {@code --base-url},
 *       else {@code OPENAI_BASE_URL}, and the model {@code --model}, else {@code DBQA_OPENAI_MODEL}.
 *   <li>{@code ollama}: {@link OllamaSqlGenerator} at {@code --base-url}, else {@code OLLAMA_HOST}
 *       (default {@code http://localhost:11434}), with the model {@code --model}, else {@code
 *       DBQA_OLLAMA_MODEL}.
 *   <li>{@code auto} (default): OpenAI when the API key variable is set; else Ollama when {@code
 *       --base-url} or {@code OLLAMA_HOST} is given and a server answers there within {@link
 *       #OLLAMA_PROBE_TIMEOUT}; else offline. An {@code --api-key-env} naming an unset variable is an
 *       error here too, since naming a key asks for OpenAI.
 * </ul>
 */
final class GeneratorChoice {
  /** How long {@code auto} waits for an Ollama server to answer before falling back to offline. */
  static final Duration OLLAMA_PROBE_TIMEOUT = Duration.ofMillis(1500);

  /** The values of {@code --llm}. */
  enum Llm {
    /** OpenAI if configured, else a reachable Ollama, else offline. */
    AUTO,
    /** The offline rule-based generator. */
    OFFLINE,
    /** An OpenAI-compatible chat-completions API. */
    OPENAI,
    /** An Ollama server. */
    OLLAMA;

    /** Parses a name ignoring case, listing the choices when it is unknown. */
    static final class Converter implements ITypeConverter<Llm> {
      @Override
      public Llm convert(String value) {
        for (Llm l : values()) {
          if (l.name().equalsIgnoreCase(value.strip())) return l;
        }
        throw new TypeConversionException(
            "expected one of "
                + Arrays.stream(values()).map(l -> l.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                + " (got '" + value + "')");
      }
    }
  }

  private GeneratorChoice() {}

  /**
   * Creates the generator. Blocks up to {@link #OLLAMA_PROBE_TIMEOUT} in {@code auto} mode when an
   * Ollama address is given. The caller closes the generator when it is {@link AutoCloseable}. The
   * options must have passed {@link LlmOptions#check}.
   *
   * @param options the command-line choices
   * @param env the environment
   * @param warn receives a one-line note when {@code auto} passes over a configured but unreachable
   *     Ollama, or ignores {@code --model} because no model server is configured
   * @return the generator, never null
   * @throws UsageException when the OpenAI generator is chosen and its API key variable is not set
   * @throws ConfigurationException when the chosen generator's settings are otherwise invalid
   */
  static SqlGenerator create(LlmOptions options, Function<String, String> env, Consumer<String> warn) {
    switch (options.llm) {
      case OFFLINE:
        return SqlGenerator.ruleBased();
      case OPENAI:
        return openAi(options, env);
      case OLLAMA:
        return ollama(options, env);
      default:
        if (options.apiKeyEnv != null || get(env, options.apiKeyVariable()) != null) {
          return openAi(options, env);
        }
        if (options.baseUrl != null || get(env, "OLLAMA_HOST") != null) {
          OllamaSqlGenerator ollama = ollama(options, env);
          if (OllamaSqlGenerator.isReachable(ollama.baseUrl(), OLLAMA_PROBE_TIMEOUT)) {
            return ollama;
          }
          warn.accept(
              (options.baseUrl != null ? "no Ollama server answers at " + ollama.baseUrl() + " (from --base-url)"
                      : "OLLAMA_HOST is set but no Ollama server answers at " + ollama.baseUrl())
                  + "; using the offline rule-based generator");
        } else if (options.model != null) {
          warn.accept(
              "--model is not used: no model server is configured (set " + options.apiKeyVariable()
                  + " for OpenAI, or --base-url or OLLAMA_HOST for Ollama); using the offline rule-based generator");
        }
        return SqlGenerator.ruleBased();
    }
  }

  private static OpenAiSqlGenerator openAi(LlmOptions options, Function<String, String> env) {
    String variable = options.apiKeyVariable();
    String key = get(env, variable);
    if (key == null) {
      throw new UsageException(
          options.apiKeyEnv != null
              ? "the environment variable " + variable + " (from --api-key-env) is not set"
              : "the OpenAI generator needs an API key: set " + variable
                  + ", or name the variable that holds it with --api-key-env");
    }
    OpenAiSqlGenerator.Builder b = OpenAiSqlGenerator.builder().apiKey(key);
    String url = options.baseUrl != null ? options.baseUrl.strip() : get(env, "OPENAI_BASE_URL");
    if (url != null) b.baseUrl(url);
    String model = options.model != null ? options.model.strip() : get(env, "DBQA_OPENAI_MODEL");
    if (model != null) b.model(model);
    return b.build();
  }

  private static OllamaSqlGenerator ollama(LlmOptions options, Function<String, String> env) {
    OllamaSqlGenerator.Builder b = OllamaSqlGenerator.builder();
    String host = get(env, "OLLAMA_HOST");
    if (options.baseUrl != null) {
      URI uri = URI.create(options.baseUrl.strip()); // LlmOptions.check parsed it
      if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        throw new UsageException(
            "--base-url for Ollama is the server's root URL, such as http://localhost:11434: no user:password@,"
                + " query or fragment");
      }
      b.baseUrl(options.baseUrl.strip());
    } else if (host != null) {
      try {
        b.baseUrl(ollamaBaseUrl(host));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("OLLAMA_HOST '" + host.strip() + "' " + e.getMessage());
      }
    }
    String model = options.model != null ? options.model.strip() : get(env, "DBQA_OLLAMA_MODEL");
    if (model != null) b.model(model);
    return b.build();
  }

  /**
   * Reads {@code OLLAMA_HOST} as the {@code ollama} client does: {@code host}, {@code host:port}, {@code
   * :port} or a URL; without a scheme {@code http} and port 11434; the bind-all addresses {@code 0.0.0.0}
   * and {@code ::} mean this machine.
   */
  static String ollamaBaseUrl(String raw) {
    String s = raw.strip();
    if (s.contains("://")) return s;
    String host = s;
    String port = "11434";
    int colon = s.lastIndexOf(':');
    if (s.startsWith("[")) { // [ipv6]:port
      int close = s.indexOf(']');
      if (close < 0) throw new IllegalArgumentException("has an unclosed '['");
      host = s.substring(0, close + 1);
      if (close + 1 < s.length() && s.charAt(close + 1) == ':') port = s.substring(close + 2);
    } else if (colon >= 0) {
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
    }
    if (host.isEmpty() || host.equals("0.0.0.0")) host = host.isEmpty() ? "localhost" : "127.0.0.1";
    if (host.equals("[::]")) host = "[::1]";
    if (!port.chars().allMatch(Character::isDigit) || port.isEmpty()) {
      throw new IllegalArgumentException("has an invalid port '" + port + "'");
    }
    return "http://" + host + ":" + port;
  }

  private static String get(Function<String, String> env, String name) {
    String v = env.apply(name);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
