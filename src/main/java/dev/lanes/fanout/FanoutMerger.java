package dev.lanes.fanout;

import dev.lanes.git.GitException;
import dev.lanes.git.GitService;
import dev.lanes.model.MergeMode;
import dev.lanes.model.MergeOutcome;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.Worktree;
import dev.lanes.model.WorktreeStatus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the branches of a run's successful items into a target branch, one by one in list order, with
 * {@link GitService#mergeBranch}'s rules (in the main checkout; a conflicted merge is undone so the checkout is
 * exactly as before it). It stops at the first branch that conflicts or that git refuses: the report says which
 * merged, which stopped it (and on which files) and which were not attempted.
 *
 * <p>Which branches: per item, each passed item's branch; per batch, the branch of each batch whose items all
 * passed (only those were committed). Blocks on git: call it off the FX thread.
 */
public final class FanoutMerger {

    private final GitService git;

    public FanoutMerger(GitService git) {
        this.git = git;
    }

    /**
     * Merges run {@code spec}'s successful branches ({@code items} as the engine or the store has them) into
     * {@code target}.
     *
     * @throws GitException before merging anything, with a sentence for the person: the run kept its items in one
     *                      folder, the target does not exist, the main checkout has uncommitted changes, or the
     *                      target is checked out in another worktree
     */
    public FanoutMergeReport merge(FanoutSpec spec, List<FanoutItem> items, String target, MergeMode mode) {
        FanoutPlacement placement = spec.placement();
        if (!placement.usesWorktrees()) {
            throw new GitException("This run kept every item in one folder: there are no item branches to merge. "
                    + "Commit the folder's changes as you would any others.");
        }
        RepositoryInfo repo = git.open(Path.of(spec.folder()));
        if (target == null || target.isBlank() || !git.branchExists(repo.root(), target)) {
            throw new GitException("There is no branch named “" + target + "” to merge into; nothing was merged.");
        }
        List<Worktree> worktrees = git.listWorktrees(repo);
        Worktree main = worktrees.get(0);
        worktrees.stream().filter(w -> !w.main() && target.equals(w.branch())).findFirst().ifPresent(w -> {
            throw new GitException("Branch " + target + " is checked out in worktree " + w.path() + ", and Lanes merges in "
                    + "the main checkout. Switch that worktree to another branch first; nothing was merged.");
        });
        WorktreeStatus status = git.status(repo, main);
        if (!status.changedFiles().isEmpty()) {
            throw new GitException("The main checkout " + main.path() + " has uncommitted changes ("
                    + String.join(", ", status.changedFiles().subList(0, Math.min(3, status.changedFiles().size())))
                    + (status.changedFiles().size() > 3 ? "…" : "") + "). Commit or stash them, then merge; nothing was merged.");
        }

        Map<String, List<FanoutItem>> byBranch = new LinkedHashMap<>();
        List<FanoutItem> leftOut = new ArrayList<>();
        Map<Integer, List<FanoutItem>> groups = new LinkedHashMap<>();
        for (FanoutItem item : items) {
            groups.computeIfAbsent(placement.groupOf(item.index()), g -> new ArrayList<>()).add(item);
        }
        for (List<FanoutItem> group : groups.values()) {
            boolean allPassed = group.stream().allMatch(i -> i.state() == ItemState.PASSED && i.place() != null);
            if (allPassed) {
                byBranch.computeIfAbsent(group.get(0).place().branch(), b -> new ArrayList<>()).addAll(group);
            } else {
                leftOut.addAll(group); // per item: the one that did not pass; per batch: all of an uncommitted batch
            }
        }

        List<FanoutMergeReport.BranchMerge> out = new ArrayList<>();
        boolean stopped = false;
        for (Map.Entry<String, List<FanoutItem>> e : byBranch.entrySet()) {
            String branch = e.getKey();
            if (stopped) {
                out.add(new FanoutMergeReport.BranchMerge(branch, e.getValue(), FanoutMergeReport.Outcome.NOT_ATTEMPTED, List.of(), ""));
                continue;
            }
            try {
                MergeOutcome m = git.mergeBranch(repo, branch, target, mode);
                if (m.merged()) {
                    out.add(new FanoutMergeReport.BranchMerge(branch, e.getValue(), FanoutMergeReport.Outcome.MERGED, List.of(),
                            m.message()));
                } else {
                    out.add(new FanoutMergeReport.BranchMerge(branch, e.getValue(), FanoutMergeReport.Outcome.CONFLICTED,
                            m.conflictedFiles(), m.message()));
                    stopped = true;
                }
            } catch (GitException ex) {
                out.add(new FanoutMergeReport.BranchMerge(branch, e.getValue(), FanoutMergeReport.Outcome.FAILED, List.of(),
                        ex.getMessage()));
                stopped = true;
            }
        }
        return new FanoutMergeReport(target, out, leftOut, text(target, out, leftOut, placement));
    }

    static String text(String target, List<FanoutMergeReport.BranchMerge> branches, List<FanoutItem> leftOut,
                       FanoutPlacement placement) {
        StringBuilder b = new StringBuilder();
        List<FanoutMergeReport.BranchMerge> merged = branches.stream()
                .filter(m -> m.outcome() == FanoutMergeReport.Outcome.MERGED).toList();
        List<FanoutMergeReport.BranchMerge> notTried = branches.stream()
                .filter(m -> m.outcome() == FanoutMergeReport.Outcome.NOT_ATTEMPTED).toList();
        if (branches.isEmpty()) {
            b.append("No branch to merge into ").append(target).append(": no item passed.");
        } else if (merged.size() == branches.size()) {
            b.append("Merged all ").append(count(branches.size(), "branch", "branches")).append(" into ").append(target)
                    .append(": ").append(names(merged)).append('.');
        } else {
            b.append("Merged ").append(merged.size()).append(" of ").append(count(branches.size(), "branch", "branches"))
                    .append(" into ").append(target).append(merged.isEmpty() ? "." : ": " + names(merged) + ".");
        }
        branches.stream().filter(m -> m.outcome() == FanoutMergeReport.Outcome.CONFLICTED
                || m.outcome() == FanoutMergeReport.Outcome.FAILED).findFirst().ifPresent(m -> {
                    b.append(' ').append(m.branch()).append(" (").append(itemsText(m.items())).append(')');
                    if (m.outcome() == FanoutMergeReport.Outcome.CONFLICTED) {
                        b.append(" conflicted with ").append(target).append(" in ")
                                .append(String.join(", ", m.conflictedFiles().stream().map(FanoutCommand::printable).toList()))
                                .append("; that merge was undone, so ").append(target)
                                .append(" is as the merges before it left it. Merge that branch yourself, resolving the conflict.");
                    } else {
                        b.append(" was not merged: ").append(m.message());
                    }
                });
        if (!notTried.isEmpty()) {
            b.append(" Not attempted: ").append(names(notTried)).append('.');
        }
        if (!leftOut.isEmpty()) {
            b.append(' ').append(count(leftOut.size(), "item", "items"))
                    .append(placement.kind() == FanoutPlacement.Kind.BATCH ? " in batches that did not all pass" : " that did not pass")
                    .append(leftOut.size() == 1 ? " was" : " were").append(" left out.");
        }
        return b.toString();
    }

    private static String names(List<FanoutMergeReport.BranchMerge> list) {
        return String.join(", ", list.stream().map(FanoutMergeReport.BranchMerge::branch).toList());
    }

    private static String itemsText(List<FanoutItem> items) {
        if (items.size() == 1) {
            return "item " + items.get(0).index() + ", " + FanoutCommand.printable(items.get(0).path());
        }
        return "items " + items.get(0).index() + "–" + items.get(items.size() - 1).index();
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
