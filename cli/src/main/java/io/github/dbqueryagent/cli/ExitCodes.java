package io.github.dbqueryagent.cli;

import io.github.dbqueryagent.ConfigurationException;
import io.github.dbqueryagent.InvalidQuestionException;
import io.github.dbqueryagent.QueryAgentException;
import io.github.dbqueryagent.QuestionRejectedException;
import io.github.dbqueryagent.SqlRejectedException;

/**
 * The exit codes of {@code dbqa}, and how failures map to them.
 *
 * <p>When several questions run (a batch or an interactive session), the command exits with the worst
 * of their codes: the highest number, except that {@link #INTERNAL} (1) ranks above all others (see
 * {@link #worst(int, int)}).
 */
public final class ExitCodes {
  /** The question was answered (or the SQL ran, or the catalog or a question's context was printed). */
  public static final int OK = 0;

  /** A bug in dbqa or the library: an unexpected exception. */
  public static final int INTERNAL = 1;

  /**
   * A usage error: bad options or option values, an empty or too-long question, an unreadable batch
   * file, a missing password variable, a JDBC URL no bundled driver accepts.
   */
  public static final int USAGE = 2;

  /**
   * No answer: the question guard refused the question (prompt injection, a request to change the
   * database), the SQL was rejected by the validator, or the generator asked for a clarification. For
   * {@code dbqa context}: the question guard refused a question (in a batch: at least one, and no
   * question failed worse).
   */
  public static final int NOT_ANSWERED = 3;

  /**
   * The database or the model failed: unreachable database, SQL error, catalog not readable, model
   * error.
   */
  public static final int FAILED = 4;

  private ExitCodes() {}

  /**
   * Returns the worse of two exit codes: the higher number, except that {@link #INTERNAL} beats every
   * other code.
   */
  public static int worst(int a, int b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(int code) {
    return code == INTERNAL ? Integer.MAX_VALUE : code;
  }

  /** Returns the exit code for a failure of a question, a statement or the catalog. */
  public static int of(Throwable failure) {
    if (failure instanceof InvalidQuestionException || failure instanceof ConfigurationException) {
      return USAGE;
    }
    if (failure instanceof SqlRejectedException || failure instanceof QuestionRejectedException) {
      return NOT_ANSWERED;
    }
    if (failure instanceof QueryAgentException) {
      return FAILED; // SqlExecution, SchemaIntrospection, Model, cancelled or a stage failure
    }
    if (failure instanceof UsageException) {
      return USAGE;
    }
    return INTERNAL;
  }
}
