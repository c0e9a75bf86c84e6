/**
 * A {@link io.github.dbqueryagent.spi.SqlGenerator} backed by a local <a href="https://ollama.com">Ollama</a>
 * server: {@link io.github.dbqueryagent.ollama.OllamaSqlGenerator}. Depends only on {@code java.net.http}
 * and Jackson; everything but that class is package-private.
 */
package io.github.dbqueryagent.ollama;
