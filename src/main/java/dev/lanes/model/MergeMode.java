package dev.lanes.model;

/** How a worktree's branch is brought into its target. */
public enum MergeMode {
    /** Fast-forward when the target has not moved, else a merge commit (git's default). */
    FAST_FORWARD_OR_MERGE("Fast-forward when possible, else a merge commit"),
    /** Always a merge commit, even when a fast-forward is possible. */
    MERGE_COMMIT("Always create a merge commit"),
    /** All of the branch's changes as one new commit on the target. */
    SQUASH("Squash into one commit");

    private final String label;

    MergeMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
