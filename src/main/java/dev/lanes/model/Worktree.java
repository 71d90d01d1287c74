package dev.lanes.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One entry of {@code git worktree list}: where it is, what it has checked out, and whether git
 * considers it locked or prunable (its folder gone).
 *
 * @param path       absolute folder of the worktree
 * @param head       commit id checked out, or empty for a bare entry
 * @param branch     short branch name, or {@code null} when detached or bare
 * @param main       true for the repository's main checkout (the first entry)
 * @param bare       true for a bare repository entry
 * @param locked     lock reason ("" when locked without one), or {@code null} when not locked
 * @param prunable   prunable reason, or {@code null} when git does not consider it stale
 */
public record Worktree(Path path, String head, String branch, boolean main, boolean bare,
                       String locked, String prunable) {

    public boolean detached() {
        return branch == null && !bare;
    }

    public boolean isLocked() {
        return locked != null;
    }

    public boolean isPrunable() {
        return prunable != null;
    }

    public Optional<String> branchName() {
        return Optional.ofNullable(branch);
    }

    /** The name a person sees: the folder's name. */
    public String name() {
        Path file = path.getFileName();
        return file == null ? path.toString() : file.toString();
    }
}
