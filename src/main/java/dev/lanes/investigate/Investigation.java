package dev.lanes.investigate;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Questions asked at once about one worktree, each a read-only agent session, and a combined
 * summary of how their answers relate.
 *
 * @param profileId        the agent profile every session runs (read-only)
 * @param model            the model asked for, empty for the profile's default
 * @param budgetUsd        the most one session may spend, or null
 * @param summary          the combine session's answer, empty until it is in
 * @param combineSessionId the combine session, 0 until it started
 * @param problem          why the investigation failed (or what went wrong on the way), else empty
 */
public record Investigation(long id, Path repository, Path worktree, String profileId, String model, Double budgetUsd,
                            State state, String summary, long combineSessionId, String problem, Instant createdAt) {

    public enum State {
        /** The questions are being answered. */
        ASKING,
        /** Every question has ended; the combine session runs. */
        COMBINING,
        /** The summary is in (or there was one question, which needs none). */
        DONE,
        /** Every question failed, or the combine step did; the answers that came stay readable. */
        FAILED;

        public boolean ended() {
            return this == DONE || this == FAILED;
        }
    }

    public Investigation {
        model = model == null ? "" : model;
        summary = summary == null ? "" : summary;
        problem = problem == null ? "" : problem;
    }

    public Investigation withId(long newId) {
        return new Investigation(newId, repository, worktree, profileId, model, budgetUsd, state, summary, combineSessionId,
                problem, createdAt);
    }

    public Investigation with(State newState, String newSummary, long newCombineSessionId, String newProblem) {
        return new Investigation(id, repository, worktree, profileId, model, budgetUsd, newState, newSummary,
                newCombineSessionId, newProblem, createdAt);
    }
}
