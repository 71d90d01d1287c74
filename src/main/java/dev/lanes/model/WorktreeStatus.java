package dev.lanes.model;

import java.util.List;

/**
 * Uncommitted work in one worktree and where its branch stands against its base.
 *
 * @param changedFiles  tracked files modified, added, removed or in conflict (sorted, no duplicates)
 * @param untrackedFiles untracked files not ignored (sorted)
 * @param base          branch the counts are measured against, or {@code null} when unknown
 * @param ahead         commits on this worktree's HEAD that the base lacks
 * @param behind        commits on the base that this worktree's HEAD lacks
 */
public record WorktreeStatus(List<String> changedFiles, List<String> untrackedFiles,
                             String base, int ahead, int behind) {

    public WorktreeStatus {
        changedFiles = List.copyOf(changedFiles);
        untrackedFiles = List.copyOf(untrackedFiles);
    }

    public static WorktreeStatus missing() {
        return new WorktreeStatus(List.of(), List.of(), null, 0, 0);
    }

    public int uncommittedCount() {
        return changedFiles.size() + untrackedFiles.size();
    }

    public boolean isDirty() {
        return uncommittedCount() > 0;
    }

    /** Every uncommitted path, tracked changes first. */
    public List<String> uncommittedFiles() {
        var all = new java.util.ArrayList<String>(changedFiles);
        all.addAll(untrackedFiles);
        return List.copyOf(all);
    }
}
