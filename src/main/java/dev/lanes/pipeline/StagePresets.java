package dev.lanes.pipeline;

import java.util.List;

/** The stages offered to start from: implementation, tests, documentation. */
public final class StagePresets {

    /** A stage's name and prompt, before it has a pipeline. */
    public record Preset(String name, String prompt) {
    }

    public static final Preset IMPLEMENTATION = new Preset("implementation",
            "Implement the change described here: <describe it>. Keep to the code's conventions and leave the "
                    + "project building.");
    public static final Preset TESTS = new Preset("tests",
            "Write tests for the change made in this worktree (see git diff against the base branch). Cover the "
                    + "normal case and the edge cases, run them, and fix what fails.");
    public static final Preset DOCUMENTATION = new Preset("documentation",
            "Document the change made in this worktree (see git diff against the base branch): update the README "
                    + "and the comments of the public code it touches. Change no behaviour.");

    public static final List<Preset> ALL = List.of(IMPLEMENTATION, TESTS, DOCUMENTATION);

    private StagePresets() {
    }
}
