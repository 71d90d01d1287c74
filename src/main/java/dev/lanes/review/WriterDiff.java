package dev.lanes.review;

import java.util.List;

/**
 * The writer's work at the start of a review round: its worktree as it was on disk (committed,
 * staged, unstaged and new files, not ignored ones) against the commit where it forked from its base.
 *
 * @param baseBranch the branch the lane started from (its recorded base, else the main branch)
 * @param baseCommit where the worktree forked from it (git's empty tree when they share no history)
 * @param tree       the worktree's files as a git tree (see {@code GitService.snapshotTree})
 * @param text       the unified diff from {@code baseCommit} to {@code tree}
 * @param files      the paths it changes, relative to the worktree
 */
public record WriterDiff(String baseBranch, String baseCommit, String tree, String text, List<String> files) {

    public WriterDiff {
        text = text == null ? "" : text;
        files = List.copyOf(files);
    }

    /** Whether the writer changed nothing against its base. */
    public boolean isEmpty() {
        return files.isEmpty();
    }
}
