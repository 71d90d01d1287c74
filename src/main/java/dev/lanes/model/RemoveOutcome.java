package dev.lanes.model;

/**
 * The result of removing a worktree.
 *
 * @param branchDeleted true when its branch was deleted too
 * @param message       one sentence for the person (e.g. why the branch was kept)
 */
public record RemoveOutcome(boolean branchDeleted, String message) {
}
