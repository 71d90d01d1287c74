package dev.lanes.ui;

import dev.lanes.AppServices;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.investigate.Investigation;
import dev.lanes.investigate.Question;
import dev.lanes.pipeline.Pipeline;
import dev.lanes.pipeline.Stage;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.main.MainWindow;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TitledPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static dev.lanes.ui.FxTestSupport.await;
import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a restart, the investigations and pipelines of a repository can be opened again from their dialogs'
 * Earlier menu: the answers that came stay readable, and a pipeline Lanes ended in the middle of can resume.
 * The runs are left in the store as a Lanes that ended mid-run leaves them; then a new window opens over it.
 */
@ExtendWith(ApplicationExtension.class)
class EarlierRunsWindowTest {

    @TempDir
    static Path tmp;

    private MainWindow window;
    private AppServices services;

    @Start
    void start(javafx.stage.Stage stage) {
        // the window opens in the test, once the earlier Lanes has left its runs in the store
    }

    @AfterEach
    void close() {
        if (window != null) {
            FxTestSupport.closeWindow(window);
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void investigationsAndPipelinesOfAnEarlierRunReopenAfterARestart(FxRobot robot) throws Exception {
        TestRepo repo = TestRepo.create(Files.createTempDirectory(tmp, "repos"), "shop");
        Path home = Files.createTempDirectory(tmp, "lanes-home");
        try (AppServices before = AppServices.open(home, Runnable::run)) {
            Investigation inv = before.store().createInvestigation(new Investigation(0, repo.root(), repo.root(),
                    BuiltInProfiles.CLAUDE, "", null, Investigation.State.ASKING, "", 0, "", Instant.now()),
                    List.of("how does login work", "where are orders stored"));
            List<Question> qs = before.store().questions(inv.id());
            before.store().saveQuestion(qs.get(0).answered("Login checks the password hash in auth/session.py."));
            before.store().createPipeline(new Pipeline(0, repo.root(), repo.root(), "implementation → tests",
                    Pipeline.State.RUNNING, "", Instant.now()), List.of(
                    new Stage(0, 0, "implementation", "implement it", BuiltInProfiles.CLAUDE, "", "acceptEdits",
                            Stage.State.SUCCEEDED, 0, "Implemented.", ""),
                    new Stage(0, 1, "tests", "test it", BuiltInProfiles.CLAUDE, "", "acceptEdits",
                            Stage.State.RUNNING, 4242, "", "")));
        }

        services = AppServices.open(home, Platform::runLater);
        window = onFx(() -> {
            MainWindow w = MainWindow.create(new javafx.stage.Stage(), services);
            w.stage().show();
            w.controller().openRepository(repo.root(), true);
            return w;
        });
        waitUntil("the repository open", 15, () -> onFx(() -> window.controller().snapshotProperty().get() != null));

        // Investigate…: the earlier investigation, its answer readable, the question Lanes ended in said to have failed
        reopen(robot, "investigateMenuItem", "#earlierInvestigationsButton", "Reopen an Earlier Investigation (1)");
        Node view = await(robot, "#investigationView");
        waitUntil("the answers shown", 10, () -> onFx(() -> view.lookup("#question-2") != null));
        TitledPane first = onFx(() -> (TitledPane) view.lookup("#question-1"));
        assertEquals("1. how does login work", onFx(first::getText));
        assertTrue(onFx(() -> ((Label) ((javafx.scene.layout.VBox) first.getContent()).getChildren().get(0)).getText())
                .contains("auth/session.py"));
        assertTrue(onFx(() -> ((TitledPane) view.lookup("#question-2")).getText()).endsWith("— failed"),
                "the question that was being answered when Lanes ended is not left 'working'");

        // Pipeline…: the earlier pipeline, interrupted at stage 2, with Resume offered
        reopen(robot, "pipelineMenuItem", "#earlierPipelinesButton", "Reopen an Earlier Pipeline (1)");
        Node pipeline = await(robot, "#pipelineView");
        waitUntil("the pipeline's state", 10, () -> onFx(() -> ((Label) pipeline.lookup("#pipelineStatus")).getText())
                .contains("Interrupted at stage 2"));
        Button resume = onFx(() -> (Button) pipeline.lookup("#pipelineResumeButton"));
        assertTrue(onFx(resume::isVisible));
        assertFalse(onFx(resume::isDisabled));

        // Forget… on the investigation's tab: asked, then the tab closes and the dialog offers it no more
        onFx(() -> {
            javafx.scene.control.TabPane tabs = (javafx.scene.control.TabPane) window.stage().getScene().lookup("#sessionTabs");
            tabs.getTabs().stream().filter(t -> t.getContent() == view).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
            return null;
        });
        Button forget = onFx(() -> (Button) view.lookupAll(".button").stream()
                .filter(n -> n instanceof Button b && "Forget…".equals(b.getText())).findFirst().orElseThrow());
        assertTrue(onFx(forget::isVisible));
        Platform.runLater(forget::fire);
        Node confirm = await(robot, "#forgetDialog");
        onFx(() -> {
            javafx.scene.control.DialogPane pane = (javafx.scene.control.DialogPane) confirm;
            ((Button) pane.lookupButton(pane.getButtonTypes().get(0))).fire();
            return null;
        });
        waitUntil("the investigation's tab closed", 10, () -> onFx(() -> view.getScene() == null));
        waitUntil("the investigation forgotten", 10, () -> services.investigations().investigations(repo.root()).isEmpty());
        MenuItem investigate = onFx(() -> window.stage().getScene().getRoot().lookupAll(".menu-bar").stream()
                .flatMap(bar -> ((javafx.scene.control.MenuBar) bar).getMenus().stream())
                .flatMap(m -> m.getItems().stream()).filter(i -> "investigateMenuItem".equals(i.getId())).findFirst().orElseThrow());
        Platform.runLater(investigate::fire);
        MenuButton none = (MenuButton) await(robot, "#earlierInvestigationsButton");
        assertEquals("No earlier investigation in this repository", onFx(none::getText));
        onFx(() -> {
            none.getScene().getWindow().hide();
            return null;
        });
    }

    /** Chooses the menu command, then its dialog's only earlier run. */
    private void reopen(FxRobot robot, String menuItemId, String buttonQuery, String buttonText) {
        MenuItem item = onFx(() -> window.stage().getScene().getRoot().lookupAll(".menu-bar").stream()
                .flatMap(bar -> ((javafx.scene.control.MenuBar) bar).getMenus().stream())
                .flatMap(m -> m.getItems().stream()).filter(i -> menuItemId.equals(i.getId())).findFirst().orElseThrow());
        Platform.runLater(item::fire);
        MenuButton earlier = (MenuButton) await(robot, buttonQuery);
        assertEquals(buttonText, onFx(earlier::getText));
        assertFalse(onFx(earlier::isDisable));
        onFx(() -> {
            earlier.getItems().get(0).fire();
            return null;
        });
    }
}
