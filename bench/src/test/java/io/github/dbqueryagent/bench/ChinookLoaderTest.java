package io.github.dbqueryagent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChinookLoaderTest {
  @Test
  void snakeCaseNames() {
    assertThat(ChinookLoader.snake("InvoiceLine")).isEqualTo("invoice_line");
    assertThat(ChinookLoader.snake("MediaTypeId")).isEqualTo("media_type_id");
    assertThat(ChinookLoader.snake("Album")).isEqualTo("album");
  }

  @Test
  void replacesTheDatabaseOfAUrl() {
    assertThat(ChinookLoader.withDatabase("jdbc:mariadb://127.0.0.1:3306/test?user=root", "dbqa_chinook"))
        .isEqualTo("jdbc:mariadb://127.0.0.1:3306/dbqa_chinook?user=root");
    assertThat(ChinookLoader.withDatabase("jdbc:postgresql://h/x", "y")).isEqualTo("jdbc:postgresql://h/y");
    assertThat(ChinookLoader.withDatabase("jdbc:postgresql://h:5432?user=u", "y")).isEqualTo("jdbc:postgresql://h:5432/y?user=u");
  }
}
