package io.github.dbqueryagent.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small RFC 4180 CSV reader: comma-separated fields, records ended by CRLF or LF, fields in
 * double quotes may hold commas, line breaks and doubled quotes ({@code ""}). A leading byte order
 * mark is ignored. One leniency, because defog's {@code questions_gen_postgres.csv} needs it: a
 * quote inside a quoted field that is neither doubled nor followed by a comma or line break is
 * kept as text, not taken as the end of the field. Stateless and thread-safe.
 */
final class CsvReader {
  private CsvReader() {}

  /**
   * Parses CSV text whose first record is the header.
   *
   * @param text the whole file
   * @return one map per data record, header name to field (missing trailing fields are {@code ""}),
   *     in file order; never null, possibly empty; blank lines are skipped
   * @throws IllegalArgumentException when a quoted field is not closed
   */
  static List<Map<String, String>> readWithHeader(String text) {
    List<List<String>> records = read(text);
    if (records.isEmpty()) return List.of();
    List<String> header = records.get(0);
    List<Map<String, String>> out = new ArrayList<>();
    for (List<String> r : records.subList(1, records.size())) {
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) m.put(header.get(i), i < r.size() ? r.get(i) : "");
      out.add(Collections.unmodifiableMap(m));
    }
    return out;
  }

  /**
   * Parses CSV text into records.
   *
   * @param text the whole file
   * @return the records, each a list of fields; blank lines are skipped; never null
   * @throws IllegalArgumentException when a quoted field is not closed
   */
  static List<List<String>> read(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = text.startsWith("\uFEFF") ? 1 : 0;
    int n = text.length();
    boolean fieldStarted = false;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '"' && field.length() == 0 && !fieldStarted) {
        int start = i;
        i++;
        while (true) {
          if (i >= n) throw new IllegalArgumentException("unclosed quoted field starting at offset " + start);
          char q = text.charAt(i);
          if (q == '"') {
            char after = i + 1 < n ? text.charAt(i + 1) : ',';
            if (after == '"') {
              field.append('"');
              i += 2;
              continue;
            }
            if (after == ',' || after == '\n' || after == '\r') {
              i++;
              break;
            }
            field.append('"'); // lenient: a bare quote inside a quoted field is kept as text
            i++;
            continue;
          }
          field.append(q);
          i++;
        }
        fieldStarted = true;
        continue;
      }
      if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
        i++;
      } else if (c == '\r' || c == '\n') {
        record.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
        if (!(record.size() == 1 && record.get(0).isEmpty())) records.add(record);
        record = new ArrayList<>();
        i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
      } else {
        field.append(c);
        fieldStarted = true;
        i++;
      }
    }
    if (fieldStarted || field.length() > 0 || !record.isEmpty()) {
      record.add(field.toString());
      records.add(record);
    }
    return records;
  }
}
