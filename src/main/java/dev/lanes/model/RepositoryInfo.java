package dev.lanes.model;

import java.nio.file.Path;

/**
 * An opened repository.
 *
 * @param root       the main checkout (never a linked worktree)
 * @param gitDir     the common git directory
 * @param mainBranch the branch new worktrees start from by default
 */
public record RepositoryInfo(Path root, Path gitDir, String mainBranch) {

    public String name() {
        Path file = root.getFileName();
        return file == null ? root.toString() : file.toString();
    }
}
