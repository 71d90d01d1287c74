package dev.lanes.ui.main;

import dev.lanes.AppServices;
import dev.lanes.settings.Settings;
import dev.lanes.ui.common.ControllerFactory;
import dev.lanes.ui.common.Fxml;
import dev.lanes.ui.common.Themes;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.io.InputStream;
import java.util.List;

/** Builds the main window on a stage: loads the FXML, applies the theme, restores the geometry. */
public final class MainWindow {

    private final Stage stage;
    private final MainController controller;

    private MainWindow(Stage stage, MainController controller) {
        this.stage = stage;
        this.controller = controller;
    }

    public static MainWindow create(Stage stage, AppServices services) {
        ControllerFactory factory = new ControllerFactory()
                .register(MainController.class, () -> new MainController(services));
        Fxml.Loaded<Parent, MainController> loaded = Fxml.load(MainWindow.class, "MainWindow.fxml", factory);
        Settings settings = services.settingsStore().settings();
        Scene scene = new Scene(loaded.root(), 1180, 760);
        Themes.apply(scene, settings.theme());
        stage.setScene(scene);
        stage.setTitle("Lanes");
        stage.setMinWidth(720);
        stage.setMinHeight(460);
        for (int size : List.of(16, 32, 48, 64, 128, 256)) {
            InputStream icon = MainWindow.class.getResourceAsStream("/dev/lanes/icons/lanes-" + size + ".png");
            if (icon != null) {
                stage.getIcons().add(new Image(icon));
            }
        }
        settings.windowBounds().filter(MainWindow::visibleOnSomeScreen).ifPresent(b -> {
            stage.setX(b.x());
            stage.setY(b.y());
            stage.setWidth(b.width());
            stage.setHeight(b.height());
            stage.setMaximized(b.maximized());
        });
        stage.setOnHiding(e -> {
            if (!stage.isMaximized() && !stage.isIconified()) {
                settings.setWindowBounds(new Settings.WindowBounds(stage.getX(), stage.getY(),
                        stage.getWidth(), stage.getHeight(), false));
            } else {
                settings.windowBounds().ifPresent(b -> settings.setWindowBounds(
                        new Settings.WindowBounds(b.x(), b.y(), b.width(), b.height(), stage.isMaximized())));
            }
        });
        stage.setOnShown(e -> {
            stage.setOnShown(null); // once: the first showing of this window
            loaded.controller().windowShown(stage);
        });
        stage.setOnCloseRequest(e -> {
            int running = loaded.controller().sessionsUi().runningEverywhere();
            int items = loaded.controller().fanoutUi().runningItems();
            String what = running > 0 && items > 0
                    ? running + (running == 1 ? " session" : " sessions") + " and " + items + " fan-out " + (items == 1 ? "item" : "items")
                    : running > 0 ? running + (running == 1 ? " session" : " sessions")
                    : items + " fan-out " + (items == 1 ? "item" : "items");
            int n = running + items;
            if (n > 0 && !dev.lanes.ui.common.Dialogs.confirm(stage, "quitDialog",
                    "Quit Lanes and stop " + what + "?",
                    what + (n == 1 ? " is" : " are") + " still running. Quitting stops "
                            + (n == 1 ? "it" : "them") + " and everything they started; their logs are kept"
                            + (items > 0 ? ", and a fan-out run resumes later from Earlier Runs without rerunning finished items." : "."),
                    "Stop and Quit", true)) {
                e.consume();
            }
        });
        return new MainWindow(stage, loaded.controller());
    }

    private static boolean visibleOnSomeScreen(Settings.WindowBounds b) {
        return !Screen.getScreensForRectangle(new Rectangle2D(b.x(), b.y(), Math.max(1, b.width()), Math.max(1, b.height())))
                .isEmpty() && b.width() >= 400 && b.height() >= 300;
    }

    public Stage stage() {
        return stage;
    }

    public MainController controller() {
        return controller;
    }
}
