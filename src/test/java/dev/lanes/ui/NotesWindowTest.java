package dev.lanes.ui;

import dev.lanes.AppServices;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.main.MainWindow;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.lanes.ui.FxTestSupport.await;
import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notes pane through the real window and a real store, across a restart. */
@ExtendWith(ApplicationExtension.class)
class NotesWindowTest {

    @TempDir
    static Path tmp;

    private Path home;
    private MainWindow window;
    private AppServices services;
    private TestRepo repo;
    private TestRepo other;

    @Start
    void start(Stage stage) throws Exception {
        home = Files.createTempDirectory(tmp, "lanes-home");
        services = AppServices.open(home, Platform::runLater);
        window = MainWindow.create(stage, services);
        stage.show();
        Path repos = Files.createTempDirectory(tmp, "repos");
        repo = TestRepo.create(repos, "project");
        other = TestRepo.create(repos, "other");
    }

    @AfterEach
    void closeServices() {
        FxTestSupport.closeWindow(window);
        services.close();
    }

    private void open(Path root) {
        onFx(() -> {
            window.controller().openRepository(root, true);
            return null;
        });
        waitUntil("the repository to load", 15, () -> window.controller().repositoryProperty().get() != null
                && window.controller().repositoryProperty().get().root().equals(root));
    }

    private TextArea area() {
        return (TextArea) window.stage().getScene().lookup("#notesArea");
    }

    @Test
    void notesAreSavedAsTypedPerRepositoryAndComeBackAfterARestart(FxRobot robot) {
        open(repo.root());
        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.O);
        await(robot, "#notesArea");
        waitUntil("the notes to load", 10, () -> !area().isDisabled());
        robot.clickOn("#notesArea").write("lane auth: token refresh untested");
        Label state = (Label) window.stage().getScene().lookup("#notesState");
        waitUntil("the notes to be saved", 10, () -> onFx(state::getText).startsWith("Saved"));
        assertEquals("lane auth: token refresh untested", services.store().notes(repo.root()));

        open(other.root()); // another repository has notes of its own
        waitUntil("the other's (empty) notes", 10, () -> !area().isDisabled() && area().getText().isEmpty());
        robot.clickOn("#notesArea").write("other repo");
        open(repo.root()); // switching saves what was typed at once
        waitUntil("the first repository's notes again", 10,
                () -> !area().isDisabled() && area().getText().equals("lane auth: token refresh untested"));
        waitUntil("the other's saved", 10, () -> services.store().notes(other.root()).equals("other repo"));

        robot.clickOn("#notesArea").write(" — merge billing first");
        onFx(() -> { // quit at once: no time for the delayed save
            window.controller().close();
            window.stage().hide();
            return null;
        });
        services.close();

        services = AppServices.open(home, Platform::runLater);
        window = onFx(() -> {
            MainWindow next = MainWindow.create(new Stage(), services);
            next.stage().show();
            return next;
        });
        open(repo.root());
        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.O);
        waitUntil("the notes after the restart", 10, () -> area() != null && !area().isDisabled()
                && area().getText().equals("lane auth: token refresh untested — merge billing first"));
        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.O);
        waitUntil("the pane to hide", 5, () -> area() == null);
        assertTrue(onFx(() -> !window.controller().notesPane().isVisible() || window.controller().notesPane().getScene() == null));
    }
}
