/**
 * The {@code dbqa} command line ({@link io.github.dbqueryagent.cli.Dbqa}) and its embedded demo
 * database ({@link io.github.dbqueryagent.cli.DemoDatabase}). An application, not a library: only these
 * two types and {@link io.github.dbqueryagent.cli.ExitCodes} are public.
 */
package io.github.dbqueryagent.cli;
