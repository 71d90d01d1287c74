package dev.lanes.coordinate;

import java.util.List;

/**
 * Whether merging a lane's branch into the target branch now would conflict, as {@code git merge-tree
 * --write-tree} computes it: without touching any worktree, index or ref (it only adds objects to the
 * object store, as any merge would).
 *
 * <p>The forecast covers <b>committed work only</b>: what is on the lane's HEAD. Uncommitted and untracked
 * files are not in it ({@link #committedOnly()} says when the lane has any); {@link #uncommittedAlsoOnTarget()}
 * names those of them that the target has changed too since the lane's base, the ones most likely to conflict
 * once committed. Including them would mean hashing every dirty file into a temporary tree on each refresh.
 *
 * @param outcome                  what the merge would do
 * @param conflictedFiles          files git would leave conflicted, sorted (empty unless {@link Outcome#CONFLICTS})
 * @param committedOnly            true when the lane has uncommitted work that the forecast leaves out
 * @param uncommittedAlsoOnTarget  uncommitted files of the lane that the target also changed since the base
 * @param sentence                 the forecast for a person, one or two sentences
 */
public record ConflictForecast(Outcome outcome, List<String> conflictedFiles, boolean committedOnly,
                               List<String> uncommittedAlsoOnTarget, String sentence) {

    public enum Outcome {
        /** A merge commit would be made without conflicts. */
        CLEAN,
        /** The target is an ancestor of the lane: the target would just move forward. */
        FAST_FORWARD,
        /** The target already holds every commit of the lane. */
        UP_TO_DATE,
        /** Git would stop with conflicts in {@link #conflictedFiles()}. */
        CONFLICTS,
        /** The lane has the target branch itself checked out. */
        TARGET_ITSELF,
        /** No forecast: the lane's problem says why. */
        UNKNOWN
    }

    public ConflictForecast {
        conflictedFiles = List.copyOf(conflictedFiles);
        uncommittedAlsoOnTarget = List.copyOf(uncommittedAlsoOnTarget);
    }

    public static ConflictForecast unknown(String sentence) {
        return new ConflictForecast(Outcome.UNKNOWN, List.of(), false, List.of(), sentence);
    }

    public boolean conflicts() {
        return outcome == Outcome.CONFLICTS;
    }
}
