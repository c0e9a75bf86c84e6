package io.github.dbqueryagent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbqueryagent.spi.QuestionGuard;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Runs the {@link QuestionGuardContract} on {@link QuestionGuard#heuristic()} and {@link QuestionGuard#none()}. */
class HeuristicQuestionGuardContractTest extends QuestionGuardContract {

  @Override
  protected QuestionGuard createGuard() {
    return QuestionGuard.heuristic();
  }

  @Test
  void theProbesIncludeRefusals() {
    assertThat(probes()).filteredOn(q -> createGuard().check(q, Optional.empty()).isPresent()).hasSize(3);
  }

  /** The guard that lets everything through meets the contract too. */
  static class NoneQuestionGuardTest extends QuestionGuardContract {
    @Override
    protected QuestionGuard createGuard() {
      return QuestionGuard.none();
    }
  }
}
