package dev.lanes.pipeline;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Stages run one after another in one worktree, each an agent session, the next started only when
 * the one before succeeded.
 *
 * @param problem which stage stopped the pipeline and why, else empty
 */
public record Pipeline(long id, Path repository, Path worktree, String name, State state, String problem, Instant createdAt) {

    public enum State {
        RUNNING, DONE, FAILED,
        /** Lanes ended while a stage ran: it can resume from that stage. */
        INTERRUPTED;

        public boolean ended() {
            return this != RUNNING;
        }
    }

    public Pipeline {
        problem = problem == null ? "" : problem;
    }

    public Pipeline withId(long newId) {
        return new Pipeline(newId, repository, worktree, name, state, problem, createdAt);
    }

    public Pipeline with(State newState, String newProblem) {
        return new Pipeline(id, repository, worktree, name, newState, newProblem, createdAt);
    }
}
