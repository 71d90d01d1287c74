package dev.lanes.fanout;

import java.util.List;
import java.util.Optional;

/**
 * What {@link FanoutMerger} did with a run's branches, in the order it took them.
 *
 * @param target   the branch merged into
 * @param branches one entry per branch, in list order
 * @param leftOut  items that did not pass (or whose batch did not all pass): their branches were not merged
 * @param text     one paragraph for the person
 */
public record FanoutMergeReport(String target, List<BranchMerge> branches, List<FanoutItem> leftOut, String text) {

    public FanoutMergeReport {
        branches = List.copyOf(branches);
        leftOut = List.copyOf(leftOut);
    }

    public enum Outcome {
        /** The target now holds the branch (also when it already did). */
        MERGED,
        /** The merge conflicted and was undone: the main checkout is as before it. */
        CONFLICTED,
        /** Git refused or failed otherwise (the message says why); nothing of this branch was merged. */
        FAILED,
        /** Not tried: an earlier branch stopped the merging. */
        NOT_ATTEMPTED
    }

    /**
     * One branch of the run.
     *
     * @param branch          the item's or batch's branch
     * @param items           the items on it (one per item; the batch's items)
     * @param outcome         what happened
     * @param conflictedFiles the files that conflicted (for {@link Outcome#CONFLICTED})
     * @param message         git's outcome as a sentence, empty when not attempted
     */
    public record BranchMerge(String branch, List<FanoutItem> items, Outcome outcome, List<String> conflictedFiles,
                              String message) {
        public BranchMerge {
            items = List.copyOf(items);
            conflictedFiles = List.copyOf(conflictedFiles);
            message = message == null ? "" : message;
        }
    }

    public List<BranchMerge> merged() {
        return with(Outcome.MERGED);
    }

    public List<BranchMerge> notAttempted() {
        return with(Outcome.NOT_ATTEMPTED);
    }

    /** The branch that stopped the merging (conflicted or failed), if one did. */
    public Optional<BranchMerge> stoppedAt() {
        return branches.stream().filter(b -> b.outcome() == Outcome.CONFLICTED || b.outcome() == Outcome.FAILED).findFirst();
    }

    /** Every branch was merged. */
    public boolean complete() {
        return branches.stream().allMatch(b -> b.outcome() == Outcome.MERGED);
    }

    private List<BranchMerge> with(Outcome o) {
        return branches.stream().filter(b -> b.outcome() == o).toList();
    }
}
