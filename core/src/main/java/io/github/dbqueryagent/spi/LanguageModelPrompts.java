package io.github.dbqueryagent.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dbqueryagent.ModelException;
import io.github.dbqueryagent.TokenUsage;
import io.github.dbqueryagent.internal.prompt.ModelReplies;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Support for {@link SqlGenerator}s backed by a chat language model: the zero-shot text-to-SQL prompt
 * for one {@link GenerationRequest}, and the reading of the model's reply as SQL or as a clarification.
 * The model client, the wire format, token counting and confidence stay with the generator.
 *
 * <pre>{@code
 * LanguageModelPrompts.Messages prompt = LanguageModelPrompts.messages(request);
 * String content = chat(prompt.system(), prompt.user());          // the generator's own client
 * LanguageModelPrompts.ParsedReply reply = LanguageModelPrompts.parseReply(content);
 * return reply.toGeneratedSql(0.5, new TokenUsage(request.context().tokens(), promptTokens, completionTokens));
 * }</pre>
 *
 * <h2>The prompt</h2>
 *
 * A <b>system</b> message gives the role, the dialect (and the database product when the catalog knows
 * it) and the rules: exactly one read-only {@code SELECT}, only the tables and columns of the schema,
 * filter values spelled like the column's sample values where the schema shows them ({@code e.g.}), the
 * dialect's quoting, row limit and date functions, the SQL in a {@code ```sql} fenced block with at
 * most one sentence before it, or the single line {@value #CLARIFY_PREFIX}{@code  <question>} when the
 * question cannot be answered from the schema. A <b>user</b> message holds the rendered {@linkplain
 * SchemaContext schema context} and the retrieved tables left out of it, the most recent turns of the
 * session (question and SQL, or the clarification asked), the question and, during repair, the SQL that
 * failed with its error. This is the usual zero-shot shape: the schema as code-like text before the
 * question (Rajkumar et al., 2022, "Evaluating the Text-to-SQL Capabilities of Large Language Models";
 * the "code representation" of Gao et al., 2023, DAIL-SQL), an answer in a fenced block, an explicit way
 * out ({@code CLARIFY:}) so that the model asks instead of guessing, and the error fed back for repair as
 * in self-correction loops (DIN-SQL).
 *
 * <h2>The reply</h2>
 *
 * See {@link #parseReply(String, boolean)} for the shapes accepted and the errors thrown.
 *
 * <h2>Structured output</h2>
 *
 * With {@link ReplyFormat#JSON} the system message asks for one JSON object instead of a fenced block:
 *
 * <pre>{@code
 * {"sql": "SELECT ...", "explanation": "one short sentence", "confidence": 0.9,
 *  "needs_clarification": false, "clarification_question": "", "tables_used": ["Customer"]}
 * }</pre>
 *
 * <ul>
 *   <li>{@code sql} (string): one read-only {@code SELECT} or {@code WITH} query; {@code ""} when asking back;
 *   <li>{@code explanation} (string): how the model read the question, at most one sentence;
 *   <li>{@code confidence} (number, 0 to 1): the model's own estimate that the SQL answers the question;
 *   <li>{@code needs_clarification} (boolean): true when the model asks back instead of writing SQL;
 *   <li>{@code clarification_question} (string): the question back to the user, {@code ""} otherwise;
 *   <li>{@code tables_used} (array of strings): the tables the SQL reads, as named in the schema.
 * </ul>
 *
 * {@link #replySchema()} is the JSON Schema of that object, every property required and no other allowed,
 * as OpenAI's {@code response_format: {type: "json_schema", strict: true}} and Ollama's {@code format} (0.5
 * and later) take it, so that servers with constrained decoding can only produce that shape. {@link
 * #parseJsonReply(String, boolean)} reads it, also when it arrives in a {@code ```json} block or with prose
 * around it, and reads a reply holding no JSON object at all as text, for servers that ignore the schema.
 *
 * <p>This class has only static methods; it is stateless and thread-safe, and nothing blocks.
 */
public final class LanguageModelPrompts {

  /** The prefix of the line with which the model asks back instead of writing SQL, {@value}. */
  public static final String CLARIFY_PREFIX = "CLARIFY:";

  /** How many of the most recent session turns {@link #messages(GenerationRequest)} shows, {@value}. */
  public static final int DEFAULT_HISTORY_TURNS = 5;

  /** The longest error of a previous attempt quoted in a repair prompt, in characters, {@value}. */
  public static final int MAX_ERROR_CHARS = 2_000;

  /** How many of the {@linkplain SchemaContext#omitted() omitted} tables the user message names, {@value}. */
  public static final int MAX_OMITTED_SHOWN = 10;

  /** The longest explanation {@link #parseReply(String, boolean)} keeps, in characters, {@value}. */
  public static final int MAX_EXPLANATION_CHARS = 500;

  /** The question asked back when the model's {@code CLARIFY:} line holds no question, {@value}. */
  public static final String FALLBACK_CLARIFICATION = "Could you say more precisely what you want to know?";

  /** The name of the reply schema, as OpenAI's {@code json_schema.name} wants one, {@value}. */
  public static final String REPLY_SCHEMA_NAME = "sql_reply";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, Object> REPLY_SCHEMA = replySchemaMap();

  private static final String REPLY_SCHEMA_JSON = writeJson(REPLY_SCHEMA);

  private LanguageModelPrompts() {}

  /**
   * The two chat messages for one generation.
   *
   * @param system the system message: role, dialect and rules; never null or blank
   * @param user the user message: schema context, recent history, question and repair details; never null
   *     or blank
   */
  public record Messages(String system, String user) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException when a component is null
     */
    public Messages {
      Objects.requireNonNull(system, "system");
      Objects.requireNonNull(user, "user");
    }
  }

  /** The shape of reply the prompt asks for. */
  public enum ReplyFormat {
    /** SQL in a {@code ```sql} fenced block or a {@code CLARIFY:} line; read by {@link #parseReply(String, boolean)}. */
    TEXT,
    /**
     * One JSON object as {@link #replySchema()} describes; read by {@link #parseJsonReply(String, boolean)}.
     * Meant for servers that constrain decoding to the schema (structured outputs).
     */
    JSON
  }

  /**
   * A model's reply read as SQL or as a clarification.
   *
   * @param form how the reply was written: SQL in a fenced block, bare SQL, a JSON object, or a
   *     clarification
   * @param sql the SQL without trailing semicolons or surrounding white space; {@code ""} exactly when
   *     {@code form} is {@link Form#CLARIFICATION}
   * @param clarification the question back to the user, on one line, present exactly when {@code form} is
   *     {@link Form#CLARIFICATION}
   * @param explanation the model's prose around a fenced block, or its JSON {@code explanation}, collapsed
   *     to one line and at most {@value LanguageModelPrompts#MAX_EXPLANATION_CHARS} characters; {@code ""}
   *     when there is none and for bare SQL
   * @param confidence the confidence the model gave in a JSON reply, clamped to 0.0 to 1.0; empty for text
   *     replies and when the model gave none (or a non-number)
   * @param tablesUsed the tables the model says its SQL reads (JSON {@code tables_used}), as it wrote them,
   *     blanks and duplicates dropped; empty for text replies; unmodifiable. Not checked against the
   *     catalog: the validator parses the SQL itself.
   */
  public record ParsedReply(Form form, String sql, Optional<String> clarification, String explanation,
      OptionalDouble confidence, List<String> tablesUsed) {

    /**
     * How a reply was written. Models report no calibrated confidence, so this is what a generator can
     * base its {@linkplain GeneratedSql#confidence() confidence} on when the model gave none: whether the
     * reply followed the requested format.
     */
    public enum Form {
      /** SQL in a {@code ```sql} (or untagged) fenced block, as the prompt asks. */
      FENCED_SQL,
      /** A whole reply that is bare SQL starting with {@code SELECT} or {@code WITH}, ignoring the format. */
      BARE_SQL,
      /** SQL in the {@code sql} field of a JSON reply ({@link ReplyFormat#JSON}). */
      JSON,
      /** A {@code CLARIFY:} line, or a JSON reply with {@code needs_clarification}: the model asks back. */
      CLARIFICATION
    }

    /**
     * Checks the components.
     *
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when {@code sql} and {@code clarification} do not match {@code form}:
     *     a clarification needs an empty {@code sql} and a non-blank clarification, SQL needs non-blank
     *     {@code sql} and no clarification; or when {@code confidence} is outside 0.0 to 1.0
     */
    public ParsedReply {
      Objects.requireNonNull(form, "form");
      Objects.requireNonNull(sql, "sql");
      Objects.requireNonNull(clarification, "clarification");
      Objects.requireNonNull(explanation, "explanation");
      Objects.requireNonNull(confidence, "confidence");
      tablesUsed = List.copyOf(tablesUsed);
      if (form == Form.CLARIFICATION) {
        if (!sql.isEmpty() || clarification.filter(c -> !c.isBlank()).isEmpty()) {
          throw new IllegalArgumentException("a clarification has a non-blank question and no SQL");
        }
      } else if (sql.isBlank() || clarification.isPresent()) {
        throw new IllegalArgumentException(form + " has non-blank SQL and no clarification");
      }
      if (confidence.isPresent() && !(confidence.getAsDouble() >= 0.0 && confidence.getAsDouble() <= 1.0)) {
        throw new IllegalArgumentException("confidence must be between 0 and 1: " + confidence.getAsDouble());
      }
    }

    /**
     * A reply without model confidence or tables, as text replies are read.
     *
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ParsedReply(Form form, String sql, Optional<String> clarification, String explanation) {
      this(form, sql, clarification, explanation, OptionalDouble.empty(), List.of());
    }

    /**
     * Returns whether the model asked back instead of writing SQL.
     *
     * @return true exactly when {@link #form()} is {@link Form#CLARIFICATION}
     */
    public boolean isClarification() {
      return form == Form.CLARIFICATION;
    }

    /**
     * Returns this reply as a generator's result.
     *
     * @param confidence the confidence to report with SQL, 0.0 to 1.0; a clarification is always returned
     *     with confidence 0
     * @param tokens the token usage to report
     * @return SQL with this reply's explanation, or a clarification; never null
     * @throws IllegalArgumentException when {@code confidence} is outside 0.0 to 1.0
     * @throws NullPointerException when {@code tokens} is null
     */
    public GeneratedSql toGeneratedSql(double confidence, TokenUsage tokens) {
      Objects.requireNonNull(tokens, "tokens");
      if (!(confidence >= 0.0 && confidence <= 1.0)) {
        throw new IllegalArgumentException("confidence must be between 0 and 1: " + confidence);
      }
      return isClarification()
          ? new GeneratedSql("", explanation, 0.0, clarification, tokens)
          : new GeneratedSql(sql, explanation, confidence, Optional.empty(), tokens);
    }
  }

  /**
   * Returns the messages for a request, with the last {@value #DEFAULT_HISTORY_TURNS} turns of history.
   * Same as {@code messages(request, DEFAULT_HISTORY_TURNS)}.
   *
   * @param request the question with its schema context
   * @return the system and user messages, never null
   * @throws NullPointerException when {@code request} is null
   */
  public static Messages messages(GenerationRequest request) {
    return messages(request, DEFAULT_HISTORY_TURNS);
  }

  /**
   * Returns the messages for a request. The system message depends only on the request's catalog (its
   * dialect, product name and version); the user message holds, in this order:
   *
   * <ol>
   *   <li>{@code Schema:} and the {@linkplain SchemaContext#text() schema context} (or a note that no
   *       table matched), then the first {@value #MAX_OMITTED_SHOWN} {@linkplain SchemaContext#omitted() omitted} tables by name (and how many more);
   *   <li>the last {@code historyTurns} turns of the session, oldest first, as {@code Q:} and {@code SQL:}
   *       lines (or the clarification asked), each collapsed to one line;
   *   <li>{@code Question:} and the question;
   *   <li>during repair ({@link GenerationRequest#previousAttempt()} present), the failed SQL in a {@code
   *       ```sql} block, its error (cut to {@value #MAX_ERROR_CHARS} characters) and the request to fix it.
   * </ol>
   *
   * @param request the question with its schema context
   * @param historyTurns how many of the most recent turns to show, 0 for none
   * @return the system and user messages, never null
   * @throws NullPointerException when {@code request} is null
   * @throws IllegalArgumentException when {@code historyTurns} is negative
   */
  public static Messages messages(GenerationRequest request, int historyTurns) {
    return messages(request, historyTurns, ReplyFormat.TEXT);
  }

  /**
   * Returns the messages for a request, asking for the given reply format. With {@link ReplyFormat#TEXT}
   * this is {@link #messages(GenerationRequest, int)}; with {@link ReplyFormat#JSON} the system message's
   * reply rules ask for one JSON object as {@link #replySchema()} describes (and nothing else), with
   * {@code needs_clarification} instead of the {@code CLARIFY:} line, and a repair request asks for the
   * corrected query in that object. The schema, history and question are the same in both.
   *
   * @param request the question with its schema context
   * @param historyTurns how many of the most recent turns to show, 0 for none
   * @param format the reply format to ask for
   * @return the system and user messages, never null
   * @throws NullPointerException when {@code request} or {@code format} is null
   * @throws IllegalArgumentException when {@code historyTurns} is negative
   */
  public static Messages messages(GenerationRequest request, int historyTurns, ReplyFormat format) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(format, "format");
    if (historyTurns < 0) {
      throw new IllegalArgumentException("historyTurns must not be negative, was " + historyTurns);
    }
    return new Messages(system(request.catalog(), format), user(request, historyTurns, format));
  }

  /**
   * Returns the JSON Schema of a {@link ReplyFormat#JSON} reply (see the class documentation): an object
   * with the six properties {@code sql}, {@code explanation}, {@code confidence}, {@code
   * needs_clarification}, {@code clarification_question} and {@code tables_used}, all required, no others
   * allowed ({@code additionalProperties: false}), and no keywords beyond those OpenAI's strict mode
   * accepts (the range of {@code confidence} is in its description).
   *
   * @return the schema as nested unmodifiable maps and lists of strings and booleans, in a stable order,
   *     ready for a JSON library; never null
   */
  public static Map<String, Object> replySchema() {
    return REPLY_SCHEMA;
  }

  /**
   * Returns {@link #replySchema()} written as compact JSON.
   *
   * @return the schema's JSON text, never null
   */
  public static String replySchemaJson() {
    return REPLY_SCHEMA_JSON;
  }

  /**
   * Returns the name a model knows a dialect by.
   *
   * @param dialect the dialect
   * @return for example {@code "PostgreSQL"}, {@code "Microsoft SQL Server (T-SQL)"} or, for {@link
   *     Dialect#GENERIC}, {@code "standard SQL (SQL:2008)"}; never null or blank
   * @throws NullPointerException when {@code dialect} is null
   */
  public static String dialectName(Dialect dialect) {
    Objects.requireNonNull(dialect, "dialect");
    switch (dialect) {
      case POSTGRESQL:
        return "PostgreSQL";
      case MYSQL:
        return "MySQL";
      case MARIADB:
        return "MariaDB";
      case SQLITE:
        return "SQLite";
      case H2:
        return "H2";
      case SQLSERVER:
        return "Microsoft SQL Server (T-SQL)";
      case ORACLE:
        return "Oracle Database";
      case GENERIC:
      default:
        return "standard SQL (SQL:2008)";
    }
  }

  /**
   * Reads a complete reply; same as {@code parseReply(reply, false)}.
   *
   * @param reply the model's whole reply
   * @return the SQL or the clarification, never null
   * @throws ModelException (not retriable, status 0) when the reply is neither; see {@link
   *     #parseReply(String, boolean)}
   * @throws NullPointerException when {@code reply} is null
   */
  public static ParsedReply parseReply(String reply) {
    return parseReply(reply, false);
  }

  /**
   * Reads a model's reply as SQL or as a clarification. Reasoning models' {@code <think>...</think>}
   * sections are dropped first; then the first of these shapes wins:
   *
   * <ol>
   *   <li>a reply that starts with a {@code CLARIFY:} line: a clarification with the rest of that line;
   *   <li>a fenced block tagged {@code sql} (any case, also {@code postgresql}, {@code tsql} and the
   *       like) or untagged with a body starting with {@code SELECT} or {@code WITH}: {@link
   *       ParsedReply.Form#FENCED_SQL}, the prose around it becoming the explanation. Of several such
   *       blocks (a draft, then the fixed query), the last closed one that jsqlparser parses as exactly one
   *       {@code SELECT} (or {@code WITH ... SELECT}) wins, the prose around all of them becoming the
   *       explanation; when none does, the first. A block left open at the end of the reply counts unless
   *       the reply was {@code truncated}; a first block whose body is a {@code CLARIFY:} line is a
   *       clarification;
   *   <li>a {@code CLARIFY:} line anywhere, also after list or emphasis marks such as {@code **CLARIFY:**}:
   *       a clarification;
   *   <li>a whole reply starting with {@code SELECT} or {@code WITH}: {@link ParsedReply.Form#BARE_SQL}.
   * </ol>
   *
   * Trailing semicolons are removed from the SQL. A clarification is collapsed to one line with emphasis
   * marks removed; an empty one becomes {@value #FALLBACK_CLARIFICATION}. The SQL is not validated here.
   *
   * @param reply the model's whole reply
   * @param truncated whether the model stopped at its token limit (OpenAI's {@code finish_reason:
   *     "length"}, Ollama's {@code done_reason: "length"}); SQL that may be cut short, bare or in an open
   *     block, is then rejected
   * @return the SQL or the clarification, never null
   * @throws ModelException not {@linkplain ModelException#retriable() retriable}, status 0, stage {@link
   *     io.github.dbqueryagent.Stage#GENERATE}, with a message starting {@code "unusable model reply: "}
   *     that says why and quotes the start of the reply (up to 200 characters, on one line): when the
   *     reply is empty, when the {@code ```sql} block is empty, when a {@code truncated} reply ends inside
   *     its SQL, or when it holds neither SQL nor a {@code CLARIFY:} line. The reply is quoted as is:
   *     redact secrets from it before calling when the server may echo them.
   * @throws NullPointerException when {@code reply} is null
   */
  public static ParsedReply parseReply(String reply, boolean truncated) {
    return ModelReplies.text(reply, truncated);
  }

  /**
   * Reads a complete {@link ReplyFormat#JSON} reply; same as {@code parseJsonReply(reply, false)}.
   *
   * @param reply the model's whole reply
   * @return the SQL or the clarification, never null
   * @throws ModelException (not retriable, status 0) when the reply is unusable; see {@link
   *     #parseJsonReply(String, boolean)}
   * @throws NullPointerException when {@code reply} is null
   */
  public static ParsedReply parseJsonReply(String reply) {
    return parseJsonReply(reply, false);
  }

  /**
   * Reads a {@link ReplyFormat#JSON} reply (see {@link #replySchema()}) as SQL or as a clarification.
   * Reasoning models' {@code <think>} sections are dropped first. The JSON object is the whole reply, the
   * first {@code ```json} (or untagged) fenced block holding an object, or the text from the first {@code
   * {} to the last {@code }} when prose surrounds it; a reply holding no {@code {} at all is read as text by
   * {@link #parseReply(String, boolean)}, for servers that ignore the requested format (so is a reply whose
   * braces sit in prose around a {@code ```sql} block, when it is not a usable JSON object).
   *
   * <ul>
   *   <li>{@code needs_clarification} true (or a blank {@code sql} with a non-blank {@code
   *       clarification_question}): a {@link ParsedReply.Form#CLARIFICATION} with {@code
   *       clarification_question} on one line ({@value #FALLBACK_CLARIFICATION} when blank);
   *   <li>otherwise {@link ParsedReply.Form#JSON} with {@code sql} (a {@code ```sql} fence inside it and
   *       trailing semicolons removed). Either way {@code explanation} becomes the explanation (one line, at
   *       most {@value #MAX_EXPLANATION_CHARS} characters), a numeric {@code confidence} the confidence,
   *       clamped to 0.0 to 1.0, and the non-blank strings of {@code tables_used} the tables used. Missing
   *       optional fields are not an error; unknown fields are ignored. The SQL is not validated here.
   * </ul>
   *
   * @param reply the model's whole reply
   * @param truncated whether the model stopped at its token limit; a JSON object cut short is then
   *     reported as such
   * @return the SQL or the clarification, never null
   * @throws ModelException not {@linkplain ModelException#retriable() retriable}, status 0, stage {@link
   *     io.github.dbqueryagent.Stage#GENERATE}, with a message starting {@code "unusable model reply: "}
   *     that says why and quotes the start of the reply (up to 200 characters, on one line): when the
   *     reply is empty, is not valid JSON (cut off or malformed), is JSON but not an object, or has no
   *     {@code sql} while not asking for clarification; and as {@link #parseReply(String, boolean)} for
   *     replies read as text
   * @throws NullPointerException when {@code reply} is null
   */
  public static ParsedReply parseJsonReply(String reply, boolean truncated) {
    return ModelReplies.json(reply, truncated);
  }

  private static Map<String, Object> replySchemaMap() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("sql", ordered("type", "string",
        "description", "One read-only SELECT (or WITH ... SELECT) query; empty when asking for clarification."));
    properties.put("explanation", ordered("type", "string",
        "description", "One short sentence saying how the question was read."));
    properties.put("confidence", ordered("type", "number",
        "description", "From 0 to 1: how sure the model is that the query answers the question."));
    properties.put("needs_clarification", ordered("type", "boolean",
        "description", "True when the question cannot be answered from the schema or is too ambiguous."));
    properties.put("clarification_question", ordered("type", "string",
        "description", "One short question back to the user when needs_clarification is true, else empty."));
    properties.put("tables_used", ordered("type", "array", "items", ordered("type", "string"),
        "description", "The tables the query reads, as named in the schema."));
    return ordered("type", "object", "properties", Collections.unmodifiableMap(properties),
        "required", List.copyOf(properties.keySet()), "additionalProperties", false);
  }

  /** An unmodifiable map keeping the order of its key-value pairs. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  private static String writeJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String system(Catalog catalog, ReplyFormat format) {
    Dialect dialect = catalog.dialect();
    String name = dialectName(dialect);
    StringBuilder sb = new StringBuilder(1_400);
    sb.append("You are an expert SQL developer. You translate a question about a relational database into one ")
        .append(name).append(" query.\n");
    String product = catalog.productName().strip();
    if (!product.isEmpty()) {
      String version = catalog.productVersion().strip();
      sb.append("The database is ").append(product).append(version.isEmpty() ? "" : " " + version).append(".\n");
    }
    sb.append("\nRules:\n");
    sb.append("1. Write exactly one read-only SELECT statement (a WITH ... SELECT is fine). Never write ")
        .append("INSERT, UPDATE, DELETE, MERGE, DDL, SELECT ... INTO, or more than one statement.\n");
    sb.append("2. Use only the tables and columns listed in the schema, spelled and quoted exactly as shown; ")
        .append("never invent a table or column. Join tables through the foreign keys shown (written as ->). ")
        .append("Values shown after e.g. are stored values of that column: spell them exactly so in filters.\n");
    sb.append("3. Use ").append(name).append(" syntax. ").append(syntaxHint(dialect)).append('\n');
    if (format == ReplyFormat.JSON) {
      sb.append("4. Reply with one JSON object and nothing else, with these fields: \"sql\" (the query), ")
          .append("\"explanation\" (one short sentence saying how you read the question), \"confidence\" ")
          .append("(a number from 0 to 1: how sure you are that the query answers the question), ")
          .append("\"needs_clarification\" (false), \"clarification_question\" (\"\") and \"tables_used\" ")
          .append("(the tables the query reads, as named in the schema).\n");
      sb.append("5. If the question cannot be answered from this schema, or is too ambiguous to answer, ")
          .append("set \"needs_clarification\" to true, \"sql\" to \"\" and \"clarification_question\" to ")
          .append("one short question to the user.\n");
    } else {
      sb.append("4. Reply with the query in a single fenced code block that starts with ```sql and ends ")
          .append("with ```. You may write one short sentence before it saying how you read the question.\n");
      sb.append("5. If the question cannot be answered from this schema, or is too ambiguous to answer, ")
          .append("reply instead with a single line: ").append(CLARIFY_PREFIX)
          .append(" <one short question to the user>\n");
    }
    return sb.toString();
  }

  private static String syntaxHint(Dialect dialect) {
    String limit;
    switch (dialect.limitStyle()) {
      case TOP:
        limit = "SELECT TOP n ...";
        break;
      case FETCH_FIRST:
        limit = "FETCH FIRST n ROWS ONLY";
        break;
      case LIMIT:
      default:
        limit = "LIMIT n";
        break;
    }
    String hint = "Quote identifiers that need it like " + dialect.quote("Order Details") + ". Limit rows with "
        + limit + ".";
    String functions = functionHint(dialect);
    return functions.isEmpty() ? hint : hint + " " + functions;
  }

  private static String functionHint(Dialect dialect) {
    switch (dialect) {
      case POSTGRESQL:
        return "Use ILIKE for case-insensitive matching, EXTRACT and date_trunc for dates.";
      case MYSQL:
      case MARIADB:
        return "Use YEAR(), MONTH() and DATE_FORMAT for dates.";
      case SQLITE:
        return "Use strftime('%Y', col) for date parts; there is no RIGHT or FULL JOIN.";
      case H2:
        return "Use EXTRACT(YEAR FROM col) for dates.";
      case SQLSERVER:
        return "Use YEAR() and DATEPART for dates.";
      case ORACLE:
        return "Never write AS before a table alias.";
      case GENERIC:
      default:
        return "";
    }
  }

  private static String user(GenerationRequest request, int historyTurns, ReplyFormat format) {
    SchemaContext context = request.context();
    StringBuilder sb = new StringBuilder(context.text().length() + 1_024);
    String schema = context.text().strip();
    sb.append("Schema:\n").append(schema.isEmpty() ? "(no table matched the question)" : schema).append('\n');
    List<TableName> omitted = context.omitted();
    if (!omitted.isEmpty()) {
      sb.append("(Also possibly relevant but left out for space: ")
          .append(omitted.stream().limit(MAX_OMITTED_SHOWN).map(TableName::toString).collect(Collectors.joining(", ")))
          .append(omitted.size() > MAX_OMITTED_SHOWN ? " and " + (omitted.size() - MAX_OMITTED_SHOWN) + " more" : "")
          .append(")\n");
    }

    List<Turn> history = request.history();
    List<Turn> recent = history.subList(Math.max(0, history.size() - historyTurns), history.size());
    if (!recent.isEmpty()) {
      sb.append("\nEarlier in this conversation (oldest first); the new question may refer to it:\n");
      for (Turn t : recent) {
        sb.append("Q: ").append(oneLine(t.question())).append('\n');
        if (t.hasSql()) {
          sb.append("SQL: ").append(oneLine(t.sql())).append('\n');
        } else if (!t.clarification().isEmpty()) {
          sb.append("(you asked: ").append(oneLine(t.clarification())).append(")\n");
        }
      }
    }

    sb.append("\nQuestion: ").append(request.question().strip()).append('\n');

    request.previousAttempt().ifPresent(previous -> {
      String error = previous.error().strip();
      if (error.length() > MAX_ERROR_CHARS) error = error.substring(0, MAX_ERROR_CHARS) + " ...";
      sb.append("\nYour previous SQL for this question failed:\n```sql\n").append(previous.sql().strip())
          .append("\n```\nError: ").append(error).append('\n')
          .append("Fix the SQL so that it runs on ").append(dialectName(request.dialect()))
          .append(" and answers the question: reply with the corrected query ")
          .append(format == ReplyFormat.JSON ? "in the JSON object" : "in a ```sql block")
          .append(", following the rules.\n");
    });
    return sb.toString();
  }

  private static String oneLine(String text) {
    return ModelReplies.oneLine(text);
  }
}
