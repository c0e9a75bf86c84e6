package io.github.dbqueryagent.internal.pipeline;

import io.github.dbqueryagent.QuestionRejectedException;
import io.github.dbqueryagent.internal.guard.SessionRateLimiter;
import io.github.dbqueryagent.spi.QuestionGuard;
import io.github.dbqueryagent.spi.QuestionRejection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a question passes before any work is done, in this order: the session's rate limit, the
 * question's own checks (empty, length, characters), then the {@link QuestionGuard}. Immutable and
 * thread-safe.
 */
public final class QuestionGate {
  private static final Logger LOG = LoggerFactory.getLogger(QuestionGate.class);

  private final QuestionGuard guard;
  private final Optional<SessionRateLimiter> rateLimiter;

  /**
   * Creates the gate.
   *
   * @param guard the guard, {@link QuestionGuard#none()} for none
   * @param rateLimiter the per-session limit, empty for none
   */
  public QuestionGate(QuestionGuard guard, Optional<SessionRateLimiter> rateLimiter) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
  }

  /**
   * Admits a question.
   *
   * @param rawQuestion the question as asked
   * @param sessionId the session, or null for a one-off question (not rate limited)
   * @param check the question's own checks, returning the normalised question
   * @return the normalised question
   * @throws io.github.dbqueryagent.RateLimitedException when the session asked too many questions
   * @throws QuestionRejectedException when the guard refuses the question
   */
  String admit(String rawQuestion, String sessionId, UnaryOperator<String> check) {
    if (sessionId != null) rateLimiter.ifPresent(limiter -> limiter.acquire(sessionId));
    String question = check.apply(rawQuestion);
    Optional<QuestionRejection> rejection =
        Objects.requireNonNull(guard.check(question, Optional.ofNullable(sessionId)), "the question guard returned null");
    if (rejection.isPresent()) {
      LOG.debug("question refused by the guard: {}", rejection.get());
      throw new QuestionRejectedException(rejection.get());
    }
    return question;
  }
}
