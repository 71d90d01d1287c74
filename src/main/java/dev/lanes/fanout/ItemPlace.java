package dev.lanes.fanout;

/**
 * The worktree and branch an item ran in (placements per item and per batch); items of one batch share one.
 *
 * @param worktree   absolute folder of the worktree (its top, not the run folder's counterpart inside it)
 * @param branch     the branch checked out there
 * @param baseCommit the commit the branch started from: what the item's changes are measured against
 */
public record ItemPlace(String worktree, String branch, String baseCommit) {

    public ItemPlace {
        if (worktree == null || branch == null) {
            throw new IllegalArgumentException("an item's place names a worktree and a branch");
        }
    }
}
