package dev.lanes.model;

/** A worktree together with its status; status is {@code null} while it is still being read. */
public record WorktreeView(Worktree worktree, WorktreeStatus status, String statusError) {

    public static WorktreeView of(Worktree worktree, WorktreeStatus status) {
        return new WorktreeView(worktree, status, null);
    }

    public static WorktreeView failed(Worktree worktree, String error) {
        return new WorktreeView(worktree, null, error);
    }
}
