package io.github.dbqueryagent.cli;

import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.ollama.OllamaSqlGenerator;
import io.github.dbqueryagent.openai.OpenAiSqlGenerator;
import io.github.dbqueryagent.spi.SqlGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns {@code --llm} into a {@link SqlGenerator}. The only place that knows the model modules.
 *
 * <ul>
 *   <li>{@code offline}: the rule-based generator of core ({@link SqlGenerator#ruleBased()}); no network.
 *   <li>{@code openai}: {@link OpenAiSqlGenerator} with {@code OPENAI_API_KEY} (required), {@code
 *       OPENAI_BASE_URL} and {@code DBQA_OPENAI_MODEL} (optional).
 *   <li>{@code ollama}: {@link OllamaSqlGenerator} at {@code OLLAMA_HOST} (default {@code
 *       http://localhost:11434}) with the model {@code DBQA_OLLAMA_MODEL} (optional).
 *   <li>{@code auto} (default): OpenAI when {@code OPENAI_API_KEY} is set; else Ollama when {@code
 *       OLLAMA_HOST} is set and a server answers there within {@link #OLLAMA_PROBE_TIMEOUT}; else
 *       offline.
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
   * Creates the generator. Blocks up to {@link #OLLAMA_PROBE_TIMEOUT} in {@code auto} mode when {@code
   * OLLAMA_HOST} is set. The caller closes the generator when it is {@link AutoCloseable}.
   *
   * @param llm the choice
   * @param env the environment
   * @param warn receives a one-line note when {@code auto} ignores a configured but unreachable Ollama
   * @return the generator, never null
   * @throws ConfigurationException when the chosen generator's settings are missing or invalid
   */
  static SqlGenerator create(Llm llm, Function<String, String> env, Consumer<String> warn) {
    switch (llm) {
      case OFFLINE:
        return SqlGenerator.ruleBased();
      case OPENAI:
        return openAi(env);
      case OLLAMA:
        return ollama(env);
      default:
        if (get(env, "OPENAI_API_KEY") != null) {
          return openAi(env);
        }
        if (get(env, "OLLAMA_HOST") != null) {
          OllamaSqlGenerator ollama = ollama(env);
          if (OllamaSqlGenerator.isReachable(ollama.baseUrl(), OLLAMA_PROBE_TIMEOUT)) {
            return ollama;
          }
          warn.accept(
              "OLLAMA_HOST is set but no Ollama server answers at " + ollama.baseUrl()
                  + "; using the offline rule-based generator");
        }
        return SqlGenerator.ruleBased();
    }
  }

  private static OpenAiSqlGenerator openAi(Function<String, String> env) {
    OpenAiSqlGenerator.Builder b = OpenAiSqlGenerator.builder();
    String key = get(env, "OPENAI_API_KEY");
    if (key != null) b.apiKey(key);
    String url = get(env, "OPENAI_BASE_URL");
    if (url != null) b.baseUrl(url);
    String model = get(env, "DBQA_OPENAI_MODEL");
    if (model != null) b.model(model);
    return b.build();
  }

  private static OllamaSqlGenerator ollama(Function<String, String> env) {
    OllamaSqlGenerator.Builder b = OllamaSqlGenerator.builder();
    String host = get(env, "OLLAMA_HOST");
    if (host != null) {
      try {
        b.baseUrl(ollamaBaseUrl(host));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("OLLAMA_HOST '" + host.strip() + "' " + e.getMessage());
      }
    }
    String model = get(env, "DBQA_OLLAMA_MODEL");
    if (model != null) b.model(model.strip());
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
