package io.github.dbqueryagent.internal.summarize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummaryReplyTest {

  @Test
  void reducesARepliesToOneLine() {
    assertThat(SummaryReply.clean("  One row per order,\n  placed by a customer.  ")).isEqualTo("One row per order, placed by a customer.");
    assertThat(SummaryReply.clean("\"One row per order.\"")).isEqualTo("One row per order.");
    assertThat(SummaryReply.clean("\u201COne row per order.\u201D")).isEqualTo("One row per order.");
    assertThat(SummaryReply.clean("Here is the summary:\n\nOne row per **order**, see `customer_id`."))
        .isEqualTo("One row per order, see customer_id.");
    assertThat(SummaryReply.clean("Summary: One row per order.")).isEqualTo("One row per order.");
    assertThat(SummaryReply.clean("<think>the user wants</think>\n- One row per *order*.")).isEqualTo("One row per order.");
    assertThat(SummaryReply.clean("```text\nOne row per order.\n```")).isEqualTo("One row per order.");
    assertThat(SummaryReply.clean("## Orders\nOne row per order.")).isEqualTo("Orders One row per order.");
    assertThat(SummaryReply.clean("Price * quantity is the total.")).isEqualTo("Price * quantity is the total.");
  }

  @Test
  void emptyRepliesGiveEmptyText() {
    assertThat(SummaryReply.clean(null)).isEmpty();
    assertThat(SummaryReply.clean(" \n ")).isEmpty();
    assertThat(SummaryReply.clean("<think>only thinking")).isEmpty();
    assertThat(SummaryReply.clean("\"\"")).isEmpty();
  }

  @Test
  void capsLongRepliesAtAWordBoundary() {
    String cleaned = SummaryReply.clean("word ".repeat(200));
    assertThat(cleaned).hasSizeLessThanOrEqualTo(SummaryReply.MAX_CHARS).endsWith("word…").doesNotContain("\n");
  }
}
