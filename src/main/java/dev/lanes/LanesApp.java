package dev.lanes;

import dev.lanes.git.GitService;
import dev.lanes.platform.Desktop;
import dev.lanes.settings.AppDirs;
import dev.lanes.settings.SettingsStore;
import dev.lanes.task.ExecutorTaskRunner;
import dev.lanes.ui.main.MainWindow;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The JavaFX application: builds the services once, shows the main window, closes them on exit. */
public final class LanesApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(LanesApp.class);

    private AppServices services;

    @Override
    public void init() {
        Path home = AppDirs.dataHome();
        services = new AppServices(home, new GitService(), new ExecutorTaskRunner(3, Platform::runLater),
                new SettingsStore(home), new Desktop());
    }

    @Override
    public void start(Stage stage) {
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> LOG.error("Uncaught on the FX thread", e));
        MainWindow window = MainWindow.create(stage, services);
        List<String> args = getParameters().getUnnamed();
        Optional<Path> requested = args.isEmpty() ? Optional.empty() : Optional.of(Path.of(args.get(0)));
        if (Boolean.getBoolean("lanes.startupProbe")) {
            StartupProbe.install(window);
        }
        stage.show();
        if (requested.isPresent()) {
            window.controller().openRepository(requested.get().toAbsolutePath(), true);
        } else {
            services.settingsStore().settings().lastRepository()
                    .ifPresent(last -> window.controller().openRepository(last, false));
        }
    }

    @Override
    public void stop() {
        if (services != null) {
            services.close();
        }
    }
}
