package io.github.dbqueryagent;

/** The catalog could not be read from the database. */
public class SchemaIntrospectionException extends QueryAgentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public SchemaIntrospectionException(String message, Throwable cause) {
    super(Stage.SCHEMA, message, cause);
  }
}
