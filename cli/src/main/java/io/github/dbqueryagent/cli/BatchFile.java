package io.github.dbqueryagent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Reads the questions of a {@code --batch FILE}, shared by {@code dbqa ask} and {@code dbqa context}. */
final class BatchFile {
  private BatchFile() {}

  /**
   * Reads one question per line from a UTF-8 file, or from standard input for {@code "-"}. Lines are
   * stripped (and a leading byte-order mark dropped); blank lines and lines starting with {@code #} are
   * skipped.
   *
   * @param ctx where standard input comes from
   * @param batch the file name as given to {@code --batch}
   * @return the questions in file order, never empty
   * @throws UsageException when the file is missing, unreadable, not UTF-8, or has no questions
   */
  static List<String> read(CliContext ctx, String batch) {
    List<String> lines;
    try {
      if (batch.equals("-")) {
        lines = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
        for (String l = in.readLine(); l != null; l = in.readLine()) lines.add(l);
      } else {
        Path file = Paths.get(batch);
        if (!Files.isRegularFile(file)) {
          throw new UsageException("cannot read the batch file '" + batch + "': no such file");
        }
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      }
    } catch (MalformedInputException e) {
      throw new UsageException("cannot read the batch file '" + batch + "': it is not UTF-8 text", e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof UsageException) throw (UsageException) e;
      throw new UsageException("cannot read the batch file '" + batch + "': " + e, e);
    }
    List<String> questions = new ArrayList<>();
    for (String l : lines) {
      String q = l.strip();
      if (q.startsWith("\uFEFF")) q = q.substring(1).strip();
      if (!q.isEmpty() && !q.startsWith("#")) questions.add(q);
    }
    if (questions.isEmpty()) {
      throw new UsageException("the batch file '" + batch + "' has no questions");
    }
    return questions;
  }
}
