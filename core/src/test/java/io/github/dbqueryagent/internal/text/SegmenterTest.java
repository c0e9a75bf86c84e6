package io.github.dbqueryagent.internal.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SegmenterTest {
  private static final Segmenter ENGLISH = Segmenter.english();

  private static List<String> words(String spaced) {
    return Arrays.asList(spaced.split(" "));
  }

  @ParameterizedTest
  @CsvSource({
    "paperkeyphrase, paper key phrase",
    "sbcustomer, sb customer",
    "highschooler, high schooler",
    "writesto, writes to",
    "flightstop, flight stop",
    "airportservice, airport service",
    "restaurantlocation, restaurant location",
    "cityname, city name",
    "dependentname, dependent name",
    "customertransaction, customer transaction",
    "orderdetails, order details",
    "invoiceline, invoice line",
    "playlisttrack, playlist track",
    "mediatype, media type",
    "employeeterritories, employee territories",
    "productcategory, product category",
    "shipvia, ship via",
    "zipcode, zip code",
    "lastname, last name",
    "firstname, first name",
    "birthdate, birth date",
    "unitprice, unit price",
    "unitsinstock, units in stock",
    "dateofbirth, date of birth",
    "headofdepartment, head of department",
    "createdat, created at",
    "isactive, is active",
    "lineitem, line item",
    "extendedprice, extended price",
    "geolocation, geo location",
    "petid, pet id",
  })
  void splitsConcatenatedIdentifiersFromRealSchemas(String token, String expected) {
    assertThat(ENGLISH.segment(token)).containsExactlyElementsOf(words(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "customer", "category", "address", "information", "database", "salary", "airline", "weather",
    "status", "business", "together", "discontinued", "password", "timestamp", "therapist",
    "hemoglobin", "creatinine", "anemometer"
  })
  void keepsWordsWhole(String token) {
    assertThat(ENGLISH.segment(token)).containsExactly(token);
  }

  @ParameterizedTest
  @CsvSource({
    "custname, cust name",
    "deptno, dept no",
    "empno, emp no",
    "orderqty, order qty",
    "tblorders, tbl orders",
    "pkcolumn, pk column",
    "mgrname, mgr name",
    "productsku, product sku",
    "imageurl, image url",
    "createdts, created ts",
  })
  void keepsAbbreviationsAsPieces(String token, String expected) {
    assertThat(ENGLISH.segment(token)).containsExactlyElementsOf(words(expected));
  }

  @Test
  void splitsOffDigitRuns() {
    assertThat(ENGLISH.segment("address2")).containsExactly("address", "2");
    assertThat(ENGLISH.segment("addressline1")).containsExactly("address", "line", "1");
    assertThat(ENGLISH.segment("billingaddress2")).containsExactly("billing", "address", "2");
    assertThat(ENGLISH.segment("q4sales")).containsExactly("q", "4", "sales");
    assertThat(ENGLISH.segment("2019")).containsExactly("2019");
    assertThat(ENGLISH.segment("x1")).containsExactly("x", "1");
  }

  @Test
  void returnsShortAndNonAlphabeticTokensWhole() {
    assertThat(ENGLISH.segment("qty")).containsExactly("qty");
    assertThat(ENGLISH.segment("desc")).containsExactly("desc");
    assertThat(ENGLISH.segment("fname")).containsExactly("fname");
    assertThat(ENGLISH.segment("customer_id")).containsExactly("customer_id");
    assertThat(ENGLISH.segment("CustomerName")).containsExactly("CustomerName");
    assertThat(ENGLISH.segment("caféname")).containsExactly("caféname");
    assertThat(ENGLISH.segment("xyzzyq")).containsExactly("xyzzyq");
    assertThat(ENGLISH.segment("a".repeat(Segmenter.MAX_LENGTH + 1)))
        .containsExactly("a".repeat(Segmenter.MAX_LENGTH + 1));
    assertThat(ENGLISH.segment("")).isEmpty();
    assertThatThrownBy(() -> ENGLISH.segment(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("token");
  }

  @Test
  void piecesConcatenateToTheTokenAndAreUnmodifiable() {
    for (String token : List.of("paperkeyphrase", "sbcustomer", "address2", "customer", "qty")) {
      List<String> pieces = ENGLISH.segment(token);
      assertThat(String.join("", pieces)).isEqualTo(token);
      assertThatThrownBy(() -> pieces.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void prefersCatalogVocabulary() {
    Segmenter catalog = ENGLISH.withVocabulary(List.of("LineItem", "kpi", "mgmt", "ps"));

    assertThat(ENGLISH.segment("lineitemstatus")).containsExactly("line", "item", "status");
    assertThat(catalog.segment("lineitemstatus")).containsExactly("lineitem", "status");
    assertThat(ENGLISH.segment("kpivalue")).containsExactly("kpivalue");
    assertThat(catalog.segment("kpivalue")).containsExactly("kpi", "value");
    assertThat(catalog.segment("mgmtfee")).containsExactly("mgmt", "fee");
    assertThat(catalog.segment("pslineitem")).containsExactly("ps", "lineitem");
    // English words still split and stay whole as before.
    assertThat(catalog.segment("paperkeyphrase")).containsExactly("paper", "key", "phrase");
    assertThat(catalog.segment("customer")).containsExactly("customer");
  }

  @Test
  void catalogWordEqualToTheTokenDoesNotKeepItWhole() {
    Segmenter catalog = ENGLISH.withVocabulary(List.of("highschooler", "paperkeyphrase", "paper"));

    assertThat(catalog.segment("highschooler")).containsExactly("high", "schooler");
    assertThat(catalog.segment("paperkeyphrase")).containsExactly("paper", "key", "phrase");
  }

  @Test
  void withVocabularyIgnoresUnusableWordsAndLeavesTheSharedInstanceAlone() {
    Segmenter catalog = ENGLISH.withVocabulary(List.of("", "k", "kpi_2", "naïve", "kpi"));

    assertThat(catalog.segment("kpivalue")).containsExactly("kpi", "value");
    assertThat(ENGLISH.segment("kpivalue")).containsExactly("kpivalue");
    assertThat(Segmenter.english()).isSameAs(ENGLISH);
    assertThat(ENGLISH.withVocabulary(List.of()).segment("paperkeyphrase"))
        .containsExactly("paper", "key", "phrase");
    assertThatThrownBy(() -> ENGLISH.withVocabulary(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("catalogWords");
    assertThatThrownBy(() -> ENGLISH.withVocabulary(Arrays.asList("kpi", null)))
        .isInstanceOf(NullPointerException.class);
  }

  /**
   * Identifiers from the usual sample schemas (Northwind, Chinook, Sakila, HR, school and shop
   * examples), written down with their expected words before the costs were tuned and not adjusted
   * one by one; most must come out as expected.
   */
  @Test
  void segmentsMostPlausibleIdentifiersAsExpected() {
    Map<String, String> expected = Map.ofEntries(
        Map.entry("orderdate", "order date"), Map.entry("shipaddress", "ship address"),
        Map.entry("shipcity", "ship city"), Map.entry("shippostalcode", "ship postal code"),
        Map.entry("contactname", "contact name"), Map.entry("contacttitle", "contact title"),
        Map.entry("companyname", "company name"), Map.entry("phonenumber", "phone number"),
        Map.entry("emailaddress", "email address"), Map.entry("hiredate", "hire date"),
        Map.entry("reportsto", "reports to"), Map.entry("unitsonorder", "units on order"),
        Map.entry("reorderlevel", "reorder level"), Map.entry("quantityperunit", "quantity per unit"),
        Map.entry("categoryname", "category name"), Map.entry("productname", "product name"),
        Map.entry("supplierid", "supplier id"), Map.entry("customerid", "customer id"),
        Map.entry("employeeid", "employee id"), Map.entry("trackid", "track id"),
        Map.entry("albumid", "album id"), Map.entry("artistid", "artist id"),
        Map.entry("genreid", "genre id"), Map.entry("billingaddress", "billing address"),
        Map.entry("billingcity", "billing city"), Map.entry("billingcountry", "billing country"),
        Map.entry("invoicedate", "invoice date"), Map.entry("rentaldate", "rental date"),
        Map.entry("returndate", "return date"), Map.entry("lastupdate", "last update"),
        Map.entry("filmcategory", "film category"), Map.entry("filmactor", "film actor"),
        Map.entry("releaseyear", "release year"), Map.entry("rentalrate", "rental rate"),
        Map.entry("replacementcost", "replacement cost"), Map.entry("specialfeatures", "special features"),
        Map.entry("paymentdate", "payment date"), Map.entry("accountbalance", "account balance"),
        Map.entry("creditlimit", "credit limit"), Map.entry("departmentname", "department name"),
        Map.entry("jobtitle", "job title"), Map.entry("startdate", "start date"),
        Map.entry("enddate", "end date"), Map.entry("managerid", "manager id"),
        Map.entry("studentid", "student id"), Map.entry("coursename", "course name"),
        Map.entry("enrollmentdate", "enrollment date"), Map.entry("gradepoint", "grade point"),
        Map.entry("teachername", "teacher name"), Map.entry("totalamount", "total amount"),
        Map.entry("taxrate", "tax rate"), Map.entry("stockquantity", "stock quantity"),
        Map.entry("warehouselocation", "warehouse location"), Map.entry("dogbreed", "dog breed"),
        Map.entry("votingrecord", "voting record"), Map.entry("discontinued", "discontinued"),
        Map.entry("description", "description"), Map.entry("quantity", "quantity"),
        Map.entry("territory", "territory"), Map.entry("shipper", "shipper"),
        Map.entry("supplier", "supplier"), Map.entry("freight", "freight"),
        Map.entry("inventory", "inventory"), Map.entry("language", "language"));
    List<String> misses = new ArrayList<>();
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String got = String.join(" ", ENGLISH.segment(e.getKey()));
      if (!got.equals(e.getValue())) misses.add(e.getKey() + " -> " + got);
    }
    assertThat(misses.size())
        .as("identifiers segmented otherwise than expected: %s", misses)
        .isLessThanOrEqualTo(expected.size() / 10);
  }

  @Test
  void sharedInstanceIsSafeToUseFromManyThreads() throws Exception {
    List<String> tokens = new ArrayList<>();
    for (String a : List.of("paper", "customer", "flight", "order", "sb", "high", "unit", "city")) {
      for (String b :
          List.of("keyphrase", "transaction", "stop", "details", "schooler", "price", "name", "2")) {
        tokens.add(a + b);
      }
    }
    List<List<String>> reference = new ArrayList<>();
    for (String t : tokens) reference.add(ENGLISH.segment(t));

    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> jobs = new ArrayList<>();
      for (int k = 0; k < 8; k++) {
        jobs.add(() -> {
          Segmenter shared = Segmenter.english();
          for (int round = 0; round < 50; round++) {
            for (int i = 0; i < tokens.size(); i++) {
              if (!shared.segment(tokens.get(i)).equals(reference.get(i))) return false;
            }
          }
          return shared == ENGLISH;
        });
      }
      for (Future<Boolean> f : pool.invokeAll(jobs)) assertThat(f.get()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
