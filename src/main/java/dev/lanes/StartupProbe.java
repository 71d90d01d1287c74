package dev.lanes;

import dev.lanes.ui.main.MainWindow;
import javafx.application.Platform;

/**
 * For the cold-start benchmark ({@code -Dlanes.startupProbe=true}): once the window shows a loaded
 * repository, prints {@code LANES_READY} and the JVM's own view of the elapsed time, then exits.
 */
final class StartupProbe {

    private StartupProbe() {
    }

    static void install(MainWindow window) {
        window.controller().snapshotProperty().addListener((obs, old, snap) -> {
            if (snap != null && old == null) {
                // one more pulse so the tree is laid out and painted
                Platform.runLater(() -> {
                    long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
                    System.out.println("LANES_READY " + (System.currentTimeMillis() - jvmStart) + " ms since JVM start");
                    System.out.flush();
                    Platform.exit();
                });
            }
        });
    }
}
