package io.github.dbqueryagent.cli;

/** A usage error found after parsing (exit code {@link ExitCodes#USAGE}); the message is shown as is. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
