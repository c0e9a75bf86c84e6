package io.github.dbqueryagent.internal.index;

import java.util.List;

/** Splits lower-case runs of identifiers into words. */
final class Segmentation {
  private Segmentation() {}

  static List<String> segment(String run) {
    return List.of(run);
  }
}
