package dev.lanes.git;

import java.nio.file.Path;
import java.util.List;

/** A worktree holds uncommitted work, so it was left alone. The person may confirm a forced removal. */
public final class DirtyWorktreeException extends GitException {

    private final Path worktree;
    private final List<String> files;

    public DirtyWorktreeException(Path worktree, List<String> files) {
        super(worktree.getFileName() + " has " + files.size() + " uncommitted "
                + (files.size() == 1 ? "file" : "files") + "; it was not removed.");
        this.worktree = worktree;
        this.files = List.copyOf(files);
    }

    public Path worktree() {
        return worktree;
    }

    /** Modified, added, deleted and untracked paths, relative to the worktree. */
    public List<String> files() {
        return files;
    }
}
