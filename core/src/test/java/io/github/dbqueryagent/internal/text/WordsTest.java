package io.github.dbqueryagent.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WordsTest {

  @Test
  void splitsSnakeKebabAndSpacedIdentifiers() {
    assertThat(Words.splitIdentifier("customer_id")).containsExactly("customer", "id");
    assertThat(Words.splitIdentifier("ORDER_ITEM_ID")).containsExactly("order", "item", "id");
    assertThat(Words.splitIdentifier("ship-to address")).containsExactly("ship", "to", "address");
    assertThat(Words.splitIdentifier("__weird__name__")).containsExactly("weird", "name");
  }

  @Test
  void splitsCamelAndPascalCase() {
    assertThat(Words.splitIdentifier("firstName")).containsExactly("first", "name");
    assertThat(Words.splitIdentifier("InvoiceLine")).containsExactly("invoice", "line");
    assertThat(Words.splitIdentifier("SupportRepId")).containsExactly("support", "rep", "id");
    assertThat(Words.splitIdentifier("customer")).containsExactly("customer");
    assertThat(Words.splitIdentifier("CUSTOMER")).containsExactly("customer");
  }

  @Test
  void keepsAcronymsTogether() {
    assertThat(Words.splitIdentifier("HTTPServer")).containsExactly("http", "server");
    assertThat(Words.splitIdentifier("userID")).containsExactly("user", "id");
    assertThat(Words.splitIdentifier("parseXMLDocument")).containsExactly("parse", "xml", "document");
    assertThat(Words.splitIdentifier("ISBN")).containsExactly("isbn");
  }

  @Test
  void splitsDigitRuns() {
    assertThat(Words.splitIdentifier("address2Line")).containsExactly("address", "2", "line");
    assertThat(Words.splitIdentifier("audit_log_2019")).containsExactly("audit", "log", "2019");
    assertThat(Words.splitIdentifier("Q3Revenue")).containsExactly("q", "3", "revenue");
  }

  @Test
  void emptyAndSeparatorOnlyIdentifiersHaveNoWords() {
    assertThat(Words.splitIdentifier("")).isEmpty();
    assertThat(Words.splitIdentifier("_-_ ")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "customers, customer",
    "orders, order",
    "categories, category",
    "countries, country",
    "boxes, box",
    "matches, match",
    "dishes, dish",
    "classes, class",
    "people, person",
    "children, child",
    "women, woman",
    "men, man",
    "series, series",
    "status, status",
    "address, address",
    "class, class",
    "bonus, bonus",
    "analysis, analysis",
    "customer, customer",
    "bus, bus",
    "qty, quantity",
    "amt, amount",
    "cust, customer",
    "emp, employee",
    "dept, department",
  })
  void stemsPluralsIrregularsAndAbbreviations(String word, String stem) {
    assertThat(Words.stem(word)).isEqualTo(stem);
  }

  @Test
  void stemMakesSingularAndPluralMeet() {
    assertThat(Words.stem("invoices")).isEqualTo(Words.stem("invoice"));
    assertThat(Words.stem("companies")).isEqualTo(Words.stem("company"));
    assertThat(Words.stem("taxes")).isEqualTo(Words.stem("tax"));
    assertThat(Words.identifierStems("OrderItems")).containsExactly("order", "item");
    assertThat(Words.identifierStems("cust_addresses")).containsExactly("customer", "address");
  }

  @Test
  void formsIncludeTheStemAndTheVerbBase() {
    assertThat(Words.forms("hired")).contains("hired", "hire");
    assertThat(Words.forms("shipped")).contains("shipped", "ship");
    assertThat(Words.forms("shipping")).contains("ship");
    assertThat(Words.forms("composer")).contains("compose");
    assertThat(Words.forms("actor")).contains("act");
    assertThat(Words.forms("studied")).contains("study");
    assertThat(Words.forms("orders")).first().isEqualTo("order");
  }

  @Test
  void shortWordsAreNotCutToMeaninglessBases() {
    // "red" and "bed" must not become "r" or "b"; their only form is the word itself
    assertThat(Words.forms("red")).containsExactly("red");
    assertThat(Words.forms("bed")).containsExactly("bed");
  }

  @ParameterizedTest
  @CsvSource({
    "hired, hire",
    "hire, hired",
    "shipped, ship",
    "ship, shipped",
    "composer, composed",
    "composer, compose",
    "customers, customer",
    "studied, study",
    "qty, quantities",
  })
  void sameWordAcrossInflections(String a, String b) {
    assertThat(Words.sameWord(a, b)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "order, customer",
    "name, city",
    "hired, fired",
    "ship, shop",
  })
  void differentWordsDoNotMatch(String a, String b) {
    assertThat(Words.sameWord(a, b)).isFalse();
  }

  @Test
  void readableSplitsAndExpandsAbbreviations() {
    assertThat(Words.readable("InvoiceLine")).isEqualTo("invoice line");
    assertThat(Words.readable("cust_id")).isEqualTo("customer id");
    assertThat(Words.readable("order_qty")).isEqualTo("order quantity");
    assertThat(Words.readable("HTTPServer")).isEqualTo("http server");
    assertThat(Words.readable("total_amt_2024")).isEqualTo("total amount 2024");
  }

  @Test
  void splitTextDropsPossessivesAndPunctuation() {
    assertThat(Words.splitText("What is each customer's total?")).containsExactly("what", "is", "each", "customer", "total");
    assertThat(Words.splitText("Orders in 2024, by month.")).containsExactly("orders", "in", "2024", "by", "month");
    assertThat(Words.splitText("")).isEqualTo(List.of());
  }

  @Test
  void stopwordsAreQuestionScaffoldingNotSchemaTerms() {
    assertThat(Words.isStopword("how")).isTrue();
    assertThat(Words.isStopword("many")).isTrue();
    assertThat(Words.isStopword("the")).isTrue();
    assertThat(Words.isStopword("customer")).isFalse();
    assertThat(Words.isStopword("total")).isFalse();
  }
}
