package dev.lanes.compare;

import dev.lanes.model.Worktree;

import java.nio.file.Path;
import java.util.List;

/**
 * One prompt run on several new lanes, to compare what each agent made of it.
 *
 * @param repository the main checkout
 * @param base       the branch every lane was made from, and the one the chosen lane merges into
 */
public record Comparison(long id, Path repository, String base, String prompt, List<Lane> lanes) {

    public Comparison {
        lanes = List.copyOf(lanes);
    }

    /**
     * One lane of a comparison.
     *
     * @param index       0-based
     * @param profileName the agent's name, for the person
     * @param model       the model asked for, empty for the agent's default
     * @param worktree    its worktree (with its branch), null when it could not be made
     * @param sessionId   its agent session, 0 when it could not start
     * @param problem     why it could not be made or started, else empty
     */
    public record Lane(int index, String profileId, String profileName, String model, Worktree worktree, long sessionId,
                       String problem) {

        public String branch() {
            return worktree == null ? "" : worktree.branch();
        }

        /** "Claude Code · claude-opus-4-1" */
        public String label() {
            return profileName + (model.isEmpty() ? "" : " · " + model);
        }
    }
}
