package dev.lanes.model;

import java.util.List;

/** Everything the worktree tree shows, read in one go off the FX thread. */
public record RepositorySnapshot(RepositoryInfo repository, String currentBranch, List<WorktreeView> worktrees) {

    public RepositorySnapshot {
        worktrees = List.copyOf(worktrees);
    }
}
