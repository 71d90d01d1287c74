package dev.lanes.ui.fanout;

import java.nio.file.Path;
import java.util.List;

/** What the benchmarks may do with a fan-out set-up view (FX thread). */
public final class FanoutBenchAccess {

    private FanoutBenchAccess() {
    }

    /** Adds files and folders as a drop does (in the background); see {@link #count}. */
    public static void add(FanoutSetupView view, List<Path> paths) {
        view.addPaths(paths);
    }

    /** How many items the view lists. */
    public static int count(FanoutSetupView view) {
        return view.entries().size();
    }
}
