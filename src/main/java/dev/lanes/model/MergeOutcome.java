package dev.lanes.model;

import java.util.List;

/**
 * The result of a merge attempt. A conflicted merge has been aborted: the main checkout is as before.
 *
 * @param merged          true when the target now holds the source's changes
 * @param newHead         the target's commit after the merge (unchanged when not merged)
 * @param conflictedFiles files that conflicted (merge aborted), empty otherwise
 * @param message         one sentence for the person
 */
public record MergeOutcome(boolean merged, String newHead, List<String> conflictedFiles, String message) {

    public MergeOutcome {
        conflictedFiles = List.copyOf(conflictedFiles);
    }
}
