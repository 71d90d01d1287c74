package dev.lanes.compare;

import dev.lanes.model.Worktree;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One prompt run on several new lanes, to compare what each agent made of it. Kept in the store: it is
 * reopened after a restart.
 *
 * @param repository the main checkout
 * @param base       the branch every lane was made from, and the one the chosen lane merges into
 * @param chosen     the index of the lane the person chose (merged, or kept by Remove the Others), or -1
 * @param createdAt  when it was started
 */
public record Comparison(long id, Path repository, String base, String prompt, List<Lane> lanes, int chosen,
                         Instant createdAt) {

    public Comparison {
        lanes = List.copyOf(lanes);
    }

    /** A comparison just started: nothing chosen yet. */
    public Comparison(long id, Path repository, String base, String prompt, List<Lane> lanes) {
        this(id, repository, base, prompt, lanes, -1, Instant.now());
    }

    public Comparison withId(long newId) {
        return new Comparison(newId, repository, base, prompt, lanes, chosen, createdAt);
    }

    /** The same comparison with lane {@code lane.index()} replaced (or added, for the next index). */
    public Comparison withLane(Lane lane) {
        List<Lane> out = new ArrayList<>(lanes);
        if (lane.index() < out.size()) {
            out.set(lane.index(), lane);
        } else {
            out.add(lane);
        }
        return new Comparison(id, repository, base, prompt, out, chosen, createdAt);
    }

    public Comparison withChosen(int index) {
        return new Comparison(id, repository, base, prompt, lanes, index, createdAt);
    }

    /** The lane the person chose, if any. */
    public java.util.Optional<Lane> chosenLane() {
        return chosen < 0 || chosen >= lanes.size() ? java.util.Optional.empty() : java.util.Optional.of(lanes.get(chosen));
    }

    /** What became of a lane once the person chose. */
    public enum Outcome {
        /** Still there, neither merged nor removed. */
        OPEN,
        /** Its branch was merged into the base. */
        MERGED,
        /** Its worktree and branch were removed (Remove the Others). */
        REMOVED
    }

    /**
     * One lane of a comparison.
     *
     * @param index       0-based
     * @param profileName the agent's name, for the person
     * @param model       the model asked for, empty for the agent's default
     * @param worktree    its worktree (with its branch), null when it could not be made; read back from the
     *                    store it holds the folder and the branch only
     * @param sessionId   its agent session, 0 when it could not start
     * @param problem     why it could not be made or started, else empty
     * @param outcome     merged, removed, or neither
     */
    public record Lane(int index, String profileId, String profileName, String model, Worktree worktree, long sessionId,
                       String problem, Outcome outcome) {

        public Lane {
            outcome = outcome == null ? Outcome.OPEN : outcome;
            problem = problem == null ? "" : problem;
        }

        /** A lane as made: neither merged nor removed. */
        public Lane(int index, String profileId, String profileName, String model, Worktree worktree, long sessionId,
                    String problem) {
            this(index, profileId, profileName, model, worktree, sessionId, problem, Outcome.OPEN);
        }

        public Lane withOutcome(Outcome newOutcome) {
            return new Lane(index, profileId, profileName, model, worktree, sessionId, problem, newOutcome);
        }

        public String branch() {
            return worktree == null || worktree.branch() == null ? "" : worktree.branch();
        }

        /** "Claude Code · claude-opus-4-1" */
        public String label() {
            return profileName + (model.isEmpty() ? "" : " · " + model);
        }
    }
}
