package dev.lanes.fanout;

import dev.lanes.git.DirtyWorktreeException;
import dev.lanes.git.GitException;
import dev.lanes.git.GitService;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.Worktree;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Removes the worktrees a run made (one per item, or per batch) once the person is done with them,
 * as the worktree tree's Remove does, so a run of 200 items leaves no 200 folders behind: a
 * worktree with uncommitted changes is kept (its files are listed), and a branch goes only when
 * its work is in its base already (merged); the others stay for a later merge. Blocks on git.
 */
public final class FanoutCleanup {

    /**
     * What happened: worktrees removed, branches deleted with them, and what was kept and why, as
     * one text for the person.
     */
    public record Report(int removed, int branchesDeleted, List<String> kept, String text) {
        public Report {
            kept = List.copyOf(kept);
        }
    }

    private final GitService git;

    public FanoutCleanup(GitService git) {
        this.git = git;
    }

    /**
     * Removes the worktrees of {@code items} (as the engine or the store has them; items still
     * running are left alone).
     *
     * @throws GitException when the run kept its items in one folder (there is nothing to remove)
     */
    public Report remove(FanoutSpec spec, List<FanoutItem> items) {
        if (!spec.placement().usesWorktrees()) {
            throw new GitException("This run kept every item in one folder: it made no worktrees to remove.");
        }
        RepositoryInfo repo = git.open(Path.of(spec.folder()));
        Map<String, List<FanoutItem>> byWorktree = new LinkedHashMap<>();
        for (FanoutItem item : items) {
            if (item.place() != null) {
                byWorktree.computeIfAbsent(item.place().worktree(), w -> new ArrayList<>()).add(item);
            }
        }
        List<Worktree> listed = git.listWorktrees(repo);
        int removed = 0;
        int deleted = 0;
        List<String> kept = new ArrayList<>();
        List<String> branchesKept = new ArrayList<>();
        for (Map.Entry<String, List<FanoutItem>> e : byWorktree.entrySet()) {
            Path folder = Path.of(e.getKey());
            String branch = e.getValue().get(0).place().branch();
            if (e.getValue().stream().anyMatch(i -> i.state() == ItemState.RUNNING)) {
                kept.add(branch + ": an item of it is running");
                continue;
            }
            Optional<Worktree> wt = listed.stream().filter(w -> !w.main() && GitService.samePath(w.path(), folder)).findFirst();
            if (wt.isEmpty()) {
                continue; // removed earlier (by hand or by an earlier clean-up)
            }
            try {
                dev.lanes.model.RemoveOutcome outcome = git.removeWorktree(repo, wt.get(), false, true);
                removed++;
                if (outcome.branchDeleted()) {
                    deleted++;
                } else {
                    branchesKept.add(branch);
                }
            } catch (DirtyWorktreeException d) {
                kept.add(branch + ": uncommitted changes in " + folder + " (" + String.join(", ", first(d.files(), 3)) + ")");
            } catch (GitException g) {
                kept.add(branch + ": " + g.getMessage());
            }
        }
        StringBuilder text = new StringBuilder("Removed " + removed + (removed == 1 ? " worktree" : " worktrees"));
        text.append(deleted > 0 ? " and deleted " + deleted + (deleted == 1 ? " merged branch." : " merged branches.") : ".");
        if (!branchesKept.isEmpty()) {
            text.append(" Kept ").append(branchesKept.size()).append(branchesKept.size() == 1 ? " branch" : " branches")
                    .append(" with work not in its base yet: ").append(String.join(", ", first(branchesKept, 5)))
                    .append(branchesKept.size() > 5 ? "…" : "").append(".");
        }
        if (!kept.isEmpty()) {
            text.append("\nKept ").append(kept.size()).append(kept.size() == 1 ? " worktree:" : " worktrees:");
            for (String k : kept) {
                text.append("\n  ").append(k);
            }
        }
        return new Report(removed, deleted, kept, text.toString());
    }

    private static List<String> first(List<String> list, int n) {
        return list.subList(0, Math.min(n, list.size()));
    }
}
