package io.github.dbqueryagent.internal.index;

import io.github.dbqueryagent.spi.Catalog;
import io.github.dbqueryagent.spi.Column;
import io.github.dbqueryagent.spi.Table;
import io.github.dbqueryagent.spi.TableName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The lexical half of the schema index: one Lucene document per table with three fields — the table
 * name's terms, its columns' terms and the text of its comments and summary — searched with BM25
 * (Robertson and Zaragoza, 2009; Lucene's {@link BM25Similarity}, k1 = 1.2, b = 0.75) and the field
 * weights 3, 2 and 1. Beside it, the term postings the retriever needs for matched columns and schema
 * coverage: for each term, the tables holding it with the weight of the best field it appears in.
 * Immutable once built; searches are thread-safe.
 */
public final class LexicalIndex {
  static final String NAME = "name";
  static final String COLUMNS = "columns";
  static final String TEXT = "text";
  private static final float NAME_BOOST = 3f;
  private static final float COLUMNS_BOOST = 2f;
  private static final float TEXT_BOOST = 1f;

  /** A table and its BM25 score. */
  public record Hit(TableName table, double score) {}

  private final List<TableName> tables;
  private final IndexSearcher searcher;
  private final int[] ordinals;
  private final Map<String, Map<TableName, Double>> postings = new HashMap<>();
  private final Map<TableName, Map<String, List<String>>> columnsByTerm = new HashMap<>();
  private final Map<String, Double> idf = new HashMap<>();

  LexicalIndex(Catalog catalog, Map<TableName, String> summaries, Terms terms) {
    this.tables = new ArrayList<>(catalog.tables().size());
    ByteBuffersDirectory directory = new ByteBuffersDirectory();
    // terms are analysed here (split, segmented, stemmed) and handed to Lucene as token lists
    IndexWriterConfig config = new IndexWriterConfig().setSimilarity(new BM25Similarity())
        .setUseCompoundFile(false).setRAMBufferSizeMB(64).setCommitOnClose(true);
    Map<String, List<String>> identifierTerms = new HashMap<>(); // column names repeat across tables
    try (IndexWriter writer = new IndexWriter(directory, config)) {
      for (Table t : catalog.tables()) {
        TableName name = t.name();
        tables.add(name);
        Map<String, Double> weights = new LinkedHashMap<>();
        Map<String, List<String>> byTerm = new HashMap<>();
        List<String> nameTerms = terms.identifierTerms(name.name());
        for (String s : nameTerms) weights.merge(s, 3.0, Math::max);
        List<String> columnTerms = new ArrayList<>();
        List<String> textTerms = new ArrayList<>(Terms.textTerms(t.comment()));
        for (Column c : t.columns()) {
          for (String s : identifierTerms.computeIfAbsent(c.name(), terms::identifierTerms)) {
            columnTerms.add(s);
            weights.merge(s, 2.0, Math::max);
            addColumn(byTerm, s, c.name());
          }
          for (String s : Terms.textTerms(c.comment())) {
            textTerms.add(s);
            weights.merge(s, 1.0, Math::max);
            // "Customer first name" on customer.first_name: the table's own name in a comment links
            // the table, not the column
            if (!nameTerms.contains(s)) addColumn(byTerm, s, c.name());
          }
        }
        for (String s : Terms.textTerms(t.comment())) weights.merge(s, 1.0, Math::max);
        String summary = summaries.getOrDefault(name, "");
        for (String s : Terms.textTerms(summary)) {
          textTerms.add(s);
          weights.merge(s, 1.0, Math::max);
        }
        for (Map.Entry<String, Double> e : weights.entrySet()) {
          postings.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(name, e.getValue());
        }
        columnsByTerm.put(name, byTerm);
        Document doc = new Document();
        doc.add(new StoredField("ordinal", tables.size() - 1));
        doc.add(new Field(NAME, new TermList(nameTerms), TextField.TYPE_NOT_STORED));
        doc.add(new Field(COLUMNS, new TermList(columnTerms), TextField.TYPE_NOT_STORED));
        doc.add(new Field(TEXT, new TermList(textTerms), TextField.TYPE_NOT_STORED));
        writer.addDocument(doc);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the in-memory lexical index", e);
    }
    try {
      DirectoryReader reader = DirectoryReader.open(directory);
      this.searcher = new IndexSearcher(reader);
      searcher.setSimilarity(new BM25Similarity());
      // document ids to catalog positions, read once: stored-field reads per hit cost more than the search
      this.ordinals = new int[reader.maxDoc()];
      org.apache.lucene.index.StoredFields stored = reader.storedFields();
      for (int doc = 0; doc < reader.maxDoc(); doc++) {
        ordinals[doc] = stored.document(doc).getField("ordinal").numericValue().intValue();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the in-memory lexical index", e);
    }
    int n = Math.max(1, tables.size());
    for (Map.Entry<String, Map<TableName, Double>> e : postings.entrySet()) {
      int df = e.getValue().size();
      idf.put(e.getKey(), Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    }
  }

  /** A field's terms as a token stream, already analysed. */
  private static final class TermList extends TokenStream {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final List<String> terms;
    private int next;

    TermList(List<String> terms) {
      this.terms = terms;
    }

    @Override
    public boolean incrementToken() {
      if (next >= terms.size()) return false;
      clearAttributes();
      term.setEmpty().append(terms.get(next++));
      return true;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      next = 0;
    }
  }

  private static void addColumn(Map<String, List<String>> byTerm, String term, String column) {
    List<String> cols = byTerm.computeIfAbsent(term, k -> new ArrayList<>(2));
    if (!cols.contains(column)) cols.add(column);
  }

  /**
   * Ranks tables by BM25 over the three fields.
   *
   * @param terms the question's terms
   * @param limit the most hits to return
   * @return hits with a positive score, best first; ties in catalog order
   */
  public List<Hit> search(Collection<String> terms, int limit) {
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    int clauses = 0;
    for (String term : terms) {
      if (!postings.containsKey(term)) continue;
      query.add(new BoostQuery(new TermQuery(new Term(NAME, term)), NAME_BOOST), BooleanClause.Occur.SHOULD);
      query.add(new BoostQuery(new TermQuery(new Term(COLUMNS, term)), COLUMNS_BOOST), BooleanClause.Occur.SHOULD);
      query.add(new BoostQuery(new TermQuery(new Term(TEXT, term)), TEXT_BOOST), BooleanClause.Occur.SHOULD);
      clauses += 3;
      if (clauses + 3 > IndexSearcher.getMaxClauseCount()) break;
    }
    if (clauses == 0) return List.of();
    try {
      TopDocs top = searcher.search(query.build(), Math.max(1, limit));
      List<Hit> out = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc sd : top.scoreDocs) out.add(new Hit(tables.get(ordinals[sd.doc]), sd.score));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search the in-memory lexical index", e);
    }
  }

  /** Returns the tables holding a term with the weight of the best field (3 name, 2 column, 1 text); never null. */
  public Map<TableName, Double> postings(String term) {
    return postings.getOrDefault(term, Map.of());
  }

  /** Returns the inverse document frequency of a term over the tables, 0 for an unknown term. */
  public double idf(String term) {
    return idf.getOrDefault(term, 0.0);
  }

  /** Returns the columns of a table whose name or comment holds the term; never null. */
  public List<String> columns(TableName table, String term) {
    return columnsByTerm.getOrDefault(table, Map.of()).getOrDefault(term, List.of());
  }
}
