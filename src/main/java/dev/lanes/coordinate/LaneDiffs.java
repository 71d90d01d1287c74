package dev.lanes.coordinate;

import dev.lanes.git.GitService;
import dev.lanes.model.RepositoryInfo;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A lane's unified diff: its folder as it is on disk (committed, staged, unstaged and untracked files that are not
 * ignored) against the commit where it left the target branch, the same changes the {@link Coordinator} counts.
 * The folder is read through a temporary copy of its index ({@link GitService#snapshotTree}): the lane's own index,
 * HEAD and files are not touched. Blocks on git: call it off the FX thread.
 */
public final class LaneDiffs {

    private final GitService git;

    public LaneDiffs(GitService git) {
        this.git = Objects.requireNonNull(git, "git");
    }

    /**
     * @param target the branch the lane would merge into; {@code null} or blank: the repository's main branch
     * @param limit  lines kept (see {@link UnifiedDiff#LINE_LIMIT})
     * @throws dev.lanes.git.GitException with a sentence for the person when git cannot read the lane
     */
    public UnifiedDiff diff(RepositoryInfo repo, Path lane, String target, int limit) {
        String tgt = target == null || target.isBlank() ? repo.mainBranch() : target.strip();
        String base = git.forkPoint(lane, tgt);
        String tree = git.snapshotTree(lane);
        String text = git.diffText(lane, base, tree);
        String against = base.equals(GitService.EMPTY_TREE) ? "nothing (no commit in common with " + tgt + ")"
                : tgt + " at " + base.substring(0, Math.min(7, base.length()));
        return UnifiedDiff.parse(String.valueOf(lane.getFileName()), against, text, limit);
    }
}
