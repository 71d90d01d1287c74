package dev.lanes;

import dev.lanes.git.GitService;
import dev.lanes.platform.Desktop;
import dev.lanes.session.SessionManager;
import dev.lanes.settings.SettingsStore;
import dev.lanes.store.Store;
import dev.lanes.task.TaskRunner;

import java.nio.file.Path;

/** The services, built once at start and handed to the views; closed in reverse order at exit. */
public record AppServices(Path dataHome, GitService git, TaskRunner tasks, SettingsStore settingsStore, Desktop desktop,
                          Store store, SessionManager sessions, AutoCloseable instanceLock)
        implements AutoCloseable {

    /** Where session logs go. */
    public static Path sessionLogs(Path dataHome) {
        return dataHome.resolve("logs").resolve("sessions");
    }

    @Override
    public void close() {
        // stop every running session before the store that records their ends
        sessions.close();
        settingsStore.close();
        tasks.close();
        git.close();
        store.close();
        try {
            instanceLock.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(AppServices.class).warn("Could not release the instance lock", e);
        }
    }
}
