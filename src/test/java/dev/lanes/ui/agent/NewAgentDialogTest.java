package dev.lanes.ui.agent;

import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.model.Worktree;
import dev.lanes.settings.Settings.Theme;
import dev.lanes.ui.FxTestSupport;
import dev.lanes.ui.common.Themes;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.lanes.ui.FxTestSupport.await;
import static dev.lanes.ui.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class NewAgentDialogTest {

    private Stage stage;
    private final Worktree main = new Worktree(Path.of("/tmp/project"), "abc", "main", true, false, null, null);
    private final Worktree lane = new Worktree(Path.of("/tmp/project.lanes/fix-login"), "def", "fix-login", false, false, null, null);

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Scene scene = new Scene(new StackPane(), 400, 300);
        Themes.apply(scene, Theme.LIGHT);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void aBadBudgetIsExplainedAndNothingTypedIsLostThenTheRequestCarriesEverything(FxRobot robot) throws Exception {
        CompletableFuture<Optional<NewAgentDialog.Request>> result = new CompletableFuture<>();
        // a detector that finds Claude Code and nothing else
        NewAgentDialog.Detector detector = (p, answer) -> Platform.runLater(() -> answer.accept(
                p.id().equals(BuiltInProfiles.CLAUDE)
                        ? new dev.lanes.model.AgentDetection(true, Path.of("/usr/bin/claude"), "2.1.332", "Claude Code 2.1.332 at /usr/bin/claude.")
                        : new dev.lanes.model.AgentDetection(false, null, "", p.name() + " is not installed here. " + p.installHint())));
        Platform.runLater(() -> result.complete(new NewAgentDialog(stage, BuiltInProfiles.all(), List.of(main, lane), lane,
                detector).showAndWait()));
        await(robot, "#newAgentDialog");
        Label detection = (Label) await(robot, "#agentDetectionLabel");
        dev.lanes.ui.FxTestSupport.waitUntil("claude found", 5, () -> detection.getText().startsWith("✓ Claude Code 2.1.332"));
        onFx(() -> {
            @SuppressWarnings("unchecked")
            javafx.scene.control.ComboBox<dev.lanes.model.AgentProfile> combo =
                    (javafx.scene.control.ComboBox<dev.lanes.model.AgentProfile>) robot.lookup("#agentProfileCombo").query();
            combo.setValue(BuiltInProfiles.get(BuiltInProfiles.CODEX));
            return null;
        });
        dev.lanes.ui.FxTestSupport.waitUntil("codex missing", 5, () -> detection.getText().startsWith("✗ Codex is not installed")
                && detection.getText().contains("npm install -g @openai/codex"));
        onFx(() -> {
            @SuppressWarnings("unchecked")
            javafx.scene.control.ComboBox<dev.lanes.model.AgentProfile> combo =
                    (javafx.scene.control.ComboBox<dev.lanes.model.AgentProfile>) robot.lookup("#agentProfileCombo").query();
            combo.setValue(BuiltInProfiles.get(BuiltInProfiles.CLAUDE));
            return null;
        });
        robot.clickOn("#agentPromptArea").write("Fix the login bug\nand add a test");
        robot.clickOn("#agentBudgetField").write("two dollars");
        robot.clickOn("#startAgentButton");
        Label error = (Label) await(robot, "#agentDialogError");
        assertTrue(onFx(error::isVisible));
        assertTrue(onFx(error::getText).contains("US dollars"), onFx(error::getText));
        String shot = System.getProperty("lanes.shot.dialog");
        if (shot != null) {
            FxTestSupport.snapshot(robot.lookup("#newAgentDialog").query().getScene(), Path.of(shot));
        }
        robot.doubleClickOn("#agentBudgetField").eraseText(11).write("2.5");
        robot.clickOn("#agentTurnsField").write("7");
        robot.clickOn("#startAgentButton");
        NewAgentDialog.Request r = result.get(10, TimeUnit.SECONDS).orElseThrow();
        assertEquals("Fix the login bug\nand add a test", r.prompt());
        assertEquals(lane, r.worktree());
        assertEquals(BuiltInProfiles.CLAUDE, r.profile().id());
        assertEquals(2.5, r.budgetUsd());
        assertEquals(7, r.maxTurns());
        assertEquals("acceptEdits", r.permissionMode());
        assertEquals("Fix the login bug", r.name());
    }
}
