package dev.lanes;

import dev.lanes.git.GitService;
import dev.lanes.platform.Desktop;
import dev.lanes.settings.SettingsStore;
import dev.lanes.task.TaskRunner;

import java.nio.file.Path;

/** The services, built once at start and handed to the views. */
public record AppServices(Path dataHome, GitService git, TaskRunner tasks, SettingsStore settingsStore, Desktop desktop)
        implements AutoCloseable {

    @Override
    public void close() {
        settingsStore.close();
        tasks.close();
        git.close();
    }
}
