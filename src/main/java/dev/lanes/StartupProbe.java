package dev.lanes;

import dev.lanes.model.RepositorySnapshot;
import dev.lanes.ui.main.MainWindow;
import javafx.application.Platform;

/**
 * For the cold-start benchmark ({@code -Dlanes.startupProbe=true}). Prints {@code LANES_READY} when
 * the window first shows the repository's worktrees, {@code LANES_STATUS} when their statuses are
 * in, each with the JVM's own view of the elapsed time, then exits.
 */
final class StartupProbe {

    private StartupProbe() {
    }

    static void install(MainWindow window) {
        boolean[] listed = {false};
        window.controller().snapshotProperty().addListener((obs, old, snap) -> {
            if (snap == null) {
                return;
            }
            if (!listed[0]) {
                listed[0] = true;
                // one more pulse, so the tree has been laid out and painted
                Platform.runLater(() -> print("LANES_READY"));
            }
            if (complete(snap)) {
                Platform.runLater(() -> {
                    print("LANES_STATUS");
                    Platform.exit();
                });
            }
        });
    }

    private static boolean complete(RepositorySnapshot snap) {
        return snap.worktrees().stream().allMatch(v -> v.status() != null || v.statusError() != null);
    }

    private static void print(String what) {
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println(what + " " + (System.currentTimeMillis() - jvmStart) + " ms since JVM start");
        System.out.flush();
    }
}
