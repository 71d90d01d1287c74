package dev.lanes;

import dev.lanes.git.GitService;
import dev.lanes.model.RepositorySnapshot;
import dev.lanes.settings.AppDirs;
import dev.lanes.ui.main.MainWindow;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.FutureTask;

/** The JavaFX application: builds the services once, shows the main window, closes them on exit. */
public final class LanesApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(LanesApp.class);

    private AppServices services;
    private Path repository;
    private boolean explicit;
    private FutureTask<RepositorySnapshot> preload;
    private FutureTask<RepositorySnapshot> preloadStatus;

    private String startupError;
    private MainWindow window;

    @Override
    public void init() {
        Path home = AppDirs.dataHome();
        try {
            services = AppServices.open(home, Platform::runLater);
        } catch (AppServices.StartupException e) {
            startupError = e.getMessage();
            return;
        }
        List<String> args = getParameters().getUnnamed();
        explicit = !args.isEmpty();
        repository = explicit ? Path.of(args.get(0)).toAbsolutePath()
                : services.settingsStore().settings().lastRepository().orElse(null);
        if (repository != null) {
            // read the repository while the toolkit builds the window
            GitService git = services.git();
            Path folder = repository;
            preload = new FutureTask<>(() -> git.listing(git.open(folder)));
            preloadStatus = new FutureTask<>(() -> git.snapshot(preload.get().repository()));
            Thread t = new Thread(() -> {
                preload.run();
                preloadStatus.run();
            }, "lanes-preload");
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void start(Stage stage) {
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> LOG.error("Uncaught on the FX thread", e));
        if (startupError != null) {
            LOG.error("Cannot start: {}", startupError);
            Alert alert = new Alert(Alert.AlertType.ERROR, startupError, ButtonType.CLOSE);
            alert.setTitle("Lanes");
            alert.setHeaderText("Lanes cannot start");
            alert.getDialogPane().setId("startupErrorDialog");
            alert.showAndWait();
            Platform.exit();
            return;
        }
        window = MainWindow.create(stage, services);
        services.store().future().whenComplete((store, error) -> {
            if (error != null) {
                Platform.runLater(() -> {
                    String reason = error.getCause() != null ? error.getCause().getMessage() : error.getMessage();
                    LOG.error("Cannot start: {}", reason);
                    Alert alert = new Alert(Alert.AlertType.ERROR, reason, ButtonType.CLOSE);
                    alert.initOwner(stage);
                    alert.setTitle("Lanes");
                    alert.setHeaderText("Lanes cannot open its data");
                    alert.getDialogPane().setId("startupErrorDialog");
                    alert.showAndWait();
                    Platform.exit();
                });
            }
        });
        if (Boolean.getBoolean("lanes.startupProbe")) {
            StartupProbe.install(window);
        }
        stage.show();
        if (preload != null) {
            window.controller().openRepository(repository, explicit, preload::get, preloadStatus::get);
        }
    }

    @Override
    public void stop() {
        if (window != null) {
            window.controller().close(); // fan-out engines stop their items before the store closes
        }
        if (services != null) {
            services.close();
        }
    }
}
