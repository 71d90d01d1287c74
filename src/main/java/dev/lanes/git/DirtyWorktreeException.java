package dev.lanes.git;

import dev.lanes.model.WorktreeStatus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A worktree holds uncommitted work, so it was left alone. The person may confirm a forced removal. */
public final class DirtyWorktreeException extends GitException {

    private final Path worktree;
    private final WorktreeStatus status;

    public DirtyWorktreeException(Path worktree, WorktreeStatus status) {
        super(worktree.getFileName() + " has " + status.uncommittedCount() + " uncommitted "
                + (status.uncommittedCount() == 1 ? "file" : "files") + "; it was not removed.");
        this.worktree = worktree;
        this.status = status;
    }

    public Path worktree() {
        return worktree;
    }

    /** Modified, added, deleted and untracked paths, relative to the worktree. */
    public List<String> files() {
        return status.uncommittedFiles();
    }

    /** The same paths, each marked "changed" or "untracked", for a person to read. */
    public List<String> describedFiles() {
        List<String> out = new ArrayList<>();
        status.changedFiles().forEach(f -> out.add("changed    " + f));
        status.untrackedFiles().forEach(f -> out.add("untracked  " + f));
        return out;
    }
}
