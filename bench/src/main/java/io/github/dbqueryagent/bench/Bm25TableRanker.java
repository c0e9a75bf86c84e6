package io.github.dbqueryagent.bench;

import io.github.dbqueryagent.spi.TableName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
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
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The plain BM25 top-k table baseline: a Lucene index with one {@link TableDocuments document} per
 * table, analysed with Lucene's {@link EnglishAnalyzer} (lower case, English stop words, possessives,
 * Porter stemming), ranked by {@link BM25Similarity} with its defaults (k1 = 1.2, b = 0.75) for the
 * question's terms as one disjunction. No foreign-key expansion, no budget: this is what a retriever
 * that keeps "the k most similar tables" sees. Thread-safe after construction; held in memory.
 */
final class Bm25TableRanker {
  private static final String TEXT = "text";
  private static final String ID = "id";

  private final Analyzer analyzer = new EnglishAnalyzer();
  private final IndexSearcher searcher;
  private final List<TableName> tables;

  /**
   * Indexes the documents.
   *
   * @param documents table to document, as {@link TableDocuments#of} returns
   */
  Bm25TableRanker(Map<TableName, String> documents) {
    this.tables = new ArrayList<>(documents.keySet());
    ByteBuffersDirectory directory = new ByteBuffersDirectory();
    try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity()))) {
      int i = 0;
      for (String text : documents.values()) {
        Document d = new Document();
        d.add(new StoredField(ID, i++));
        d.add(new TextField(TEXT, text, Field.Store.NO));
        writer.addDocument(d);
      }
      writer.commit();
      searcher = new IndexSearcher(DirectoryReader.open(directory));
      searcher.setSimilarity(new BM25Similarity());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the k best tables for a question.
   *
   * @param question the question
   * @param k how many, at least 1
   * @return at most {@code k} tables, best first; empty when no question term occurs in any document
   */
  List<TableName> top(String question, int k) {
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    Set<String> terms = terms(question);
    if (terms.isEmpty()) return List.of();
    for (String t : terms) query.add(new TermQuery(new Term(TEXT, t)), BooleanClause.Occur.SHOULD);
    List<TableName> out = new ArrayList<>();
    try {
      for (ScoreDoc sd : searcher.search(query.build(), k).scoreDocs) {
        int id = searcher.storedFields().document(sd.doc).getField(ID).numericValue().intValue();
        out.add(tables.get(id));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private Set<String> terms(String text) {
    Set<String> out = new LinkedHashSet<>();
    try (TokenStream ts = analyzer.tokenStream(TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) out.add(term.toString());
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
