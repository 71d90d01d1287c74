package dev.lanes.ui;

import dev.lanes.AppServices;
import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import dev.lanes.model.ShownIn;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.main.MainWindow;
import javafx.application.Platform;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
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
import java.util.List;
import java.util.Optional;

import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main window keeps a session out of the tabs by the flag it was created with (a reviewer of the
 * review pane), read back from the store after a restart — never by its name: a session the person
 * named "Review of x" has its tab.
 */
@ExtendWith(ApplicationExtension.class)
class ShownElsewhereWindowTest {

    @TempDir
    static Path tmp;

    private Stage stage;
    private Path home;
    private MainWindow window;
    private AppServices services;
    private TestRepo repo;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        home = Files.createTempDirectory(tmp, "lanes-home");
        repo = TestRepo.create(Files.createTempDirectory(tmp, "repos"), "project");
        openWindow();
    }

    /** Lanes' services and main window on the test's data folder (again after a "restart"). */
    private void openWindow() {
        services = AppServices.open(home, Platform::runLater);
        window = MainWindow.create(stage, services);
        stage.show();
    }

    private void closeWindow() {
        onFx(() -> {
            window.controller().close();
            return null;
        });
        FxTestSupport.closeWindow(window);
        services.close();
    }

    @AfterEach
    void tearDown() {
        closeWindow();
    }

    private void openRepo() {
        onFx(() -> {
            window.controller().openRepository(repo.root(), true);
            return null;
        });
        waitUntil("the repository to load", 15, () -> window.controller().snapshotProperty().get() != null);
    }

    private Optional<Tab> tab(String name) {
        return onFx(() -> ((TabPane) window.stage().getScene().lookup("#sessionTabs")).getTabs().stream()
                .filter(t -> name.equals(t.getText())).findFirst());
    }

    /** Both sessions known to the window, ended: every change of theirs has reached the tabs. */
    private void awaitBothKnownAndEnded() {
        waitUntil("both sessions ended in the window", 15, () -> {
            List<SessionRecord> known = window.controller().sessionsUi().sessionsIn(repo.root());
            return known.size() == 2 && known.stream().allMatch(s -> s.status() == SessionStatus.EXITED);
        });
    }

    @Test
    void aSessionNamedLikeAReviewerByHandHasItsTabAndAFlaggedOneHasNoneBeforeAndAfterARestart(FxRobot robot) {
        openRepo();
        // a reviewer as Reviews starts one (flagged for the review pane), then a session the person named "Review of x"
        SessionRecord reviewer = services.sessions().create(repo.root(), repo.root(), "Checks the writer", SessionKind.COMMAND,
                List.of("sh", "-c", "echo reviewing"), false, ShownIn.REVIEW);
        services.sessions().start(reviewer.id());
        SessionRecord byHand = services.sessions().create(repo.root(), repo.root(), "Review of x", SessionKind.COMMAND,
                List.of("sh", "-c", "echo mine"), false);
        services.sessions().start(byHand.id());
        waitUntil("the hand-named session's tab", 15, () -> tab("Review of x").isPresent());
        awaitBothKnownAndEnded();
        assertTrue(tab("Checks the writer").isEmpty(), "the reviewer has no tab of its own");

        closeWindow();
        onFx(() -> {
            openWindow();
            return null;
        });
        openRepo();
        awaitBothKnownAndEnded();
        waitUntil("the hand-named session's tab after the restart", 15, () -> tab("Review of x").isPresent());
        assertTrue(tab("Checks the writer").isEmpty(), "still none after the restart: the flag was read back");
        assertEquals(ShownIn.REVIEW, services.sessions().session(reviewer.id()).orElseThrow().shownIn());

        // asked for (Open Session in the review pane), it opens all the same
        onFx(() -> {
            window.controller().sessionsUi().select(reviewer.id());
            return null;
        });
        waitUntil("the reviewer's tab on demand", 10, () -> tab("Checks the writer").isPresent());
    }
}
