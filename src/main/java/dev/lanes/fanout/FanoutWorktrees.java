package dev.lanes.fanout;

import dev.lanes.git.GitCli;
import dev.lanes.git.GitException;
import dev.lanes.git.GitService;
import dev.lanes.model.CreateWorktreeRequest;
import dev.lanes.model.CreatedWorktree;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.Worktree;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The git side of a run whose items have worktrees of their own: making (or finding again) an item's or a
 * batch's worktree, and committing what it changed. Every method blocks on git: the engine calls them on
 * its one git thread, never on its scheduler thread, and never two at once.
 */
final class FanoutWorktrees {

    private final GitService git;
    private final FanoutSpec spec;
    private RepositoryInfo repo;
    /** Where the run's folder sits inside its checkout ("" at the top, else "sub/dir/"). */
    private volatile String prefix;

    FanoutWorktrees(GitService git, FanoutSpec spec) {
        this.git = git;
        this.spec = spec;
    }

    private RepositoryInfo repo() {
        if (repo == null) {
            Path folder = Path.of(spec.folder());
            RepositoryInfo r = git.open(folder);
            String out = git.cli().check(folder, List.of("rev-parse", "--show-prefix")).out();
            prefix = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
            repo = r;
        }
        return repo;
    }

    /** The counterpart of the run's folder inside {@code place}'s worktree: where the item's program runs. */
    Path runFolderIn(ItemPlace place) {
        String p = prefix;
        Path top = Path.of(place.worktree());
        return p == null || p.isEmpty() ? top : top.resolve(p);
    }

    /**
     * The worktree on {@code branch}: {@code recorded} when git still lists it there; else, when
     * {@code mayReuse} (a resumed run, or a place recorded earlier) and the branch exists, a worktree on that
     * branch (found, or made again); else a new branch from the placement's base in a new worktree.
     *
     * @throws GitException with a sentence for the person: the branch exists, the base does not…
     */
    ItemPlace prepare(String branch, ItemPlace recorded, boolean mayReuse) {
        RepositoryInfo r = repo();
        List<Worktree> worktrees = git.listWorktrees(r);
        if (recorded != null && recorded.branch().equals(branch)) {
            Path at = Path.of(recorded.worktree());
            boolean listed = worktrees.stream().anyMatch(w -> branch.equals(w.branch()) && same(w.path(), at));
            if (listed && Files.isDirectory(at)) {
                return recorded;
            }
        }
        String base = spec.placement().base();
        if (git.branchExists(r.root(), branch)) {
            if (!mayReuse && recorded == null) {
                throw new GitException("A branch named “" + branch + "” already exists (from an earlier run?). Delete it, "
                        + "or choose another branch prefix; Lanes makes a new branch for each item or batch.");
            }
            String baseCommit = recorded != null && recorded.baseCommit() != null ? recorded.baseCommit()
                    : mergeBase(r, base, branch);
            Optional<Worktree> holder = worktrees.stream().filter(w -> branch.equals(w.branch())).findFirst();
            if (holder.isPresent() && Files.isDirectory(holder.get().path())) {
                return new ItemPlace(holder.get().path().toString(), branch, baseCommit);
            }
            if (holder.isPresent()) {
                git.prune(r); // its folder is gone: let git forget it so the branch can be checked out again
            }
            CreatedWorktree c = create(r, branch, false, null);
            return new ItemPlace(c.worktree().path().toString(), branch, baseCommit);
        }
        CreatedWorktree c = create(r, branch, true, base);
        return new ItemPlace(c.worktree().path().toString(), branch, c.worktree().head());
    }

    private CreatedWorktree create(RepositoryInfo r, String branch, boolean newBranch, String base) {
        String root = spec.placement().worktreesRoot();
        Path folder = GitService.defaultFolder(r, branch, root == null ? null : Path.of(root));
        try {
            return git.createWorktree(r, new CreateWorktreeRequest(branch, newBranch, base, folder, List.of(), ""));
        } catch (GitException e) {
            String why = e.getMessage().startsWith("“" + base + "” is not a branch")
                    ? "The base “" + base + "” is not a branch or commit of this repository." : e.getMessage();
            throw new GitException("Could not make the worktree for branch “" + branch + "”: " + why, e.detail(), e);
        }
    }

    private String mergeBase(RepositoryInfo r, String base, String branch) {
        GitCli.Result mb = git.cli().run(r.root(), List.of("merge-base", "--end-of-options", base, branch));
        return mb.ok() ? mb.line() : null;
    }

    /**
     * Commits everything changed in {@code place}'s worktree (new, changed and deleted files) on its branch.
     *
     * @return the new commit's id, or null when nothing had changed (no commit made)
     * @throws GitException when git refused the commit (no identity configured…)
     */
    String commit(ItemPlace place, String message) {
        Path dir = Path.of(place.worktree());
        try {
            return git.commitAll(dir, message);
        } catch (GitException e) {
            throw new GitException("Git could not commit the changes on “" + place.branch() + "”: " + e.getMessage()
                    + " They are still in " + dir + ", uncommitted.", e.detail(), e);
        }
    }

    private static boolean same(Path a, Path b) {
        Path x = a.toAbsolutePath().normalize();
        Path y = b.toAbsolutePath().normalize();
        try {
            return x.equals(y) || Files.exists(x) && Files.exists(y) && Files.isSameFile(x, y);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
