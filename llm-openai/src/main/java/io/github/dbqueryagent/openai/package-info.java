/**
 * An OpenAI-compatible {@link io.github.dbqueryagent.spi.SqlGenerator} built on the official openai-java
 * client: {@link io.github.dbqueryagent.openai.OpenAiSqlGenerator}. Everything else in this package is
 * package-private.
 */
package io.github.dbqueryagent.openai;
