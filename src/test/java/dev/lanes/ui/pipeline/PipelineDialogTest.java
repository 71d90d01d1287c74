package dev.lanes.ui.pipeline;

import dev.lanes.ui.FxTestSupport;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.Worktree;
import dev.lanes.pipeline.Pipelines;
import dev.lanes.pipeline.Pipelines.StageSpec;
import dev.lanes.pipeline.StagePresets;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
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
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Pipeline… dialog: each stage's own agent and model (the first stage's by default) in what it
 * returns, and a stage that cannot run said in a sentence while Start is disabled.
 */
@ExtendWith(ApplicationExtension.class)
class PipelineDialogTest {

    private final Worktree main = new Worktree(Path.of("/tmp/shop"), "abc", "main", true, false, null, null);
    private final Worktree lane = new Worktree(Path.of("/tmp/shop.lanes/login"), "def", "login", false, false, null, null);
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        FxTestSupport.showDialogOwner(stage);
    }

    @AfterEach
    void closeDialogs() {
        FxTestSupport.closeStagesBut(stage);
    }

    private CompletableFuture<Optional<PipelineDialog.Choice>> show(List<AgentProfile> profiles) {
        CompletableFuture<Optional<PipelineDialog.Choice>> result = new CompletableFuture<>();
        Platform.runLater(() -> result.complete(new PipelineDialog(stage, profiles, List.of(main, lane), lane).showAndWait()));
        await(new FxRobot(), "#pipelineDialog");
        return result;
    }

    @SuppressWarnings("unchecked")
    private static ComboBox<AgentProfile> agent(FxRobot robot, int stage) {
        return (ComboBox<AgentProfile>) robot.lookup("#stageRow-" + stage + "-agent").query();
    }

    private static String text(FxRobot robot, String query) {
        return onFx(() -> robot.lookup(query).queryAs(TextInputControl.class).getText());
    }

    private static String promptText(FxRobot robot, String query) {
        return onFx(() -> robot.lookup(query).queryAs(TextInputControl.class).getPromptText());
    }

    private static String error(FxRobot robot) {
        return FxTestSupport.shownLabel(robot, "#pipelineDialogError");
    }

    private static boolean startDisabled(FxRobot robot) {
        return onFx(() -> robot.lookup("#startPipelineButton").query().isDisabled());
    }

    /** Selects what a text field or area holds and types {@code text} over it (nothing typed: emptied). */
    private static void retype(FxRobot robot, String query, String text) {
        robot.clickOn(query);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.type(KeyCode.BACK_SPACE);
        waitUntil(query + " emptied", 5, () -> robot.lookup(query).queryAs(TextInputControl.class).getText().isEmpty());
        if (!text.isEmpty()) {
            robot.write(text);
        }
    }

    /** Opens a stage's agent list and clicks the agent by the name it shows. */
    private static void chooseAgent(FxRobot robot, int stage, String name) {
        robot.clickOn("#stageRow-" + stage + "-agent");
        waitUntil("the agent list", 5, () -> agent(robot, stage).isShowing());
        Node cell = robot.lookup((Node n) -> n instanceof ListCell<?> c && name.equals(c.getText()) && n.isVisible()
                && n.getScene() != null && n.getScene().getWindow() != null && n.getScene().getWindow().isShowing()
                && n.getScene() != agent(robot, stage).getScene()).query();
        robot.clickOn(cell);
        waitUntil(name + " chosen", 5, () -> agent(robot, stage).getValue() != null && name.equals(agent(robot, stage).getValue().name()));
    }

    @Test
    void laterStagesRunTheFirstStagesAgentUnlessOneIsChosenAndTheChoiceCarriesEachStagesAgentAndModel(FxRobot robot)
            throws Exception {
        var result = show(BuiltInProfiles.all());
        assertEquals(BuiltInProfiles.CLAUDE, onFx(() -> agent(robot, 1).getValue().id()));
        assertFalse(onFx(() -> agent(robot, 1).getItems().contains(PipelineDialog.SAME_AS_FIRST)), "stage 1 has no stage 1 to follow");
        assertFalse(onFx(() -> agent(robot, 1).getItems().stream().anyMatch(p -> p.mode() == AgentProfile.Mode.INTERACTIVE)),
                "a terminal agent cannot say whether its stage succeeded");
        assertSame(PipelineDialog.SAME_AS_FIRST, onFx(() -> agent(robot, 2).getValue()));
        assertSame(PipelineDialog.SAME_AS_FIRST, onFx(() -> agent(robot, 3).getValue()));
        assertEquals("same as stage 1", promptText(robot, "#stageRow-2-model"));
        // the implementation preset asks for the change: Start waits for it
        assertEquals("Stage 1 (implementation): replace “<describe it>” in its prompt with the change you want.", error(robot));
        assertTrue(startDisabled(robot));

        retype(robot, "#stageRow-1-prompt", "Add a login page");
        waitUntil("Start enabled", 5, () -> !robot.lookup("#startPipelineButton").query().isDisabled());
        assertEquals("", error(robot));
        robot.clickOn("#stageRow-1-model").write("claude-opus-4-1");
        chooseAgent(robot, 2, "Codex");
        assertEquals("the agent's default", promptText(robot, "#stageRow-2-model"), "another agent does not take stage 1's model");
        assertEquals("same as stage 1", promptText(robot, "#stageRow-3-model"));
        robot.clickOn("#stageRow-2-model").write("gpt-5-codex");
        robot.clickOn("#startPipelineButton");

        PipelineDialog.Choice c = result.get(10, TimeUnit.SECONDS).orElseThrow();
        assertSame(lane, c.worktree());
        assertEquals(BuiltInProfiles.CLAUDE, c.profile().id());
        assertEquals("claude-opus-4-1", c.model());
        assertEquals(List.of(
                new StageSpec("implementation", "Add a login page", "", ""),
                new StageSpec("tests", StagePresets.TESTS.prompt(), BuiltInProfiles.CODEX, "gpt-5-codex"),
                new StageSpec("documentation", StagePresets.DOCUMENTATION.prompt(), "", "")), c.stages());
        Pipelines.Request r = c.request(Path.of("/tmp/shop"));
        assertEquals(Path.of("/tmp/shop.lanes/login"), r.worktree());
        assertEquals(BuiltInProfiles.CLAUDE, r.profileId());
        assertEquals("claude-opus-4-1", r.model());
        assertEquals(c.stages(), r.stages());
    }

    @Test
    void aStageThatCannotRunIsSaidInASentenceAndStartStaysDisabledUntilItIsMended(FxRobot robot) throws Exception {
        var result = show(BuiltInProfiles.all());
        retype(robot, "#stageRow-1-prompt", "Add a login page");
        waitUntil("Start enabled", 5, () -> !robot.lookup("#startPipelineButton").query().isDisabled());

        retype(robot, "#stageRow-2-prompt", "");
        waitUntil("the empty prompt said", 5, () -> !error(robot).isEmpty());
        assertEquals("Stage 2 (tests) has no prompt: write what its agent should do.", error(robot));
        assertTrue(startDisabled(robot));
        robot.type(KeyCode.ENTER); // in the prompt: a new line, and still nothing to start
        robot.write("Cover login with tests");
        waitUntil("Start enabled again", 5, () -> !robot.lookup("#startPipelineButton").query().isDisabled());

        retype(robot, "#stageRow-3-name", "");
        waitUntil("the empty name said", 5, () -> !error(robot).isEmpty());
        assertEquals("Stage 3 has no name: give it one, such as “tests”.", error(robot));
        assertTrue(startDisabled(robot));
        robot.clickOn("#stageRow-3-remove");
        waitUntil("Start enabled without stage 3", 5, () -> !robot.lookup("#startPipelineButton").query().isDisabled());

        robot.clickOn("#stageRow-2-remove");
        robot.clickOn("#stageRow-1-remove");
        waitUntil("no stage said", 5, () -> !error(robot).isEmpty());
        assertEquals("Add at least one stage (the buttons below).", error(robot));
        assertTrue(startDisabled(robot));

        robot.clickOn("#addTests");
        waitUntil("a stage again", 5, () -> robot.lookup("#stageRow-1-agent").tryQuery().isPresent() && !startDisabled(robot));
        assertEquals(BuiltInProfiles.CLAUDE, onFx(() -> agent(robot, 1).getValue().id()), "the new first stage has an agent");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        assertTrue(result.get(10, TimeUnit.SECONDS).isEmpty(), "cancelled");
    }

    @Test
    void removingTheFirstStageHandsItsAgentAndModelToTheStageThatFollowedIt(FxRobot robot) throws Exception {
        var result = show(BuiltInProfiles.all());
        chooseAgent(robot, 1, "Gemini CLI");
        robot.clickOn("#stageRow-1-model").write("gemini-2.5-pro");
        chooseAgent(robot, 3, "Aider");
        robot.clickOn("#stageRow-1-remove");
        waitUntil("two stages", 5, () -> robot.lookup("#stageRow-3-agent").tryQuery().isEmpty());

        assertEquals("tests", text(robot, "#stageRow-1-name"));
        assertEquals(BuiltInProfiles.GEMINI, onFx(() -> agent(robot, 1).getValue().id()));
        assertEquals("gemini-2.5-pro", text(robot, "#stageRow-1-model"));
        assertFalse(onFx(() -> agent(robot, 1).getItems().contains(PipelineDialog.SAME_AS_FIRST)));
        assertEquals(BuiltInProfiles.AIDER, onFx(() -> agent(robot, 2).getValue().id()), "a stage's own agent stays");
        waitUntil("Start enabled", 5, () -> !robot.lookup("#startPipelineButton").query().isDisabled());
        robot.clickOn("#startPipelineButton");

        PipelineDialog.Choice c = result.get(10, TimeUnit.SECONDS).orElseThrow();
        assertEquals(BuiltInProfiles.GEMINI, c.profile().id());
        assertEquals("gemini-2.5-pro", c.model());
        assertEquals(List.of("tests", "documentation"), c.stages().stream().map(StageSpec::name).toList());
        assertEquals(List.of("", BuiltInProfiles.AIDER), c.stages().stream().map(StageSpec::profileId).toList());
        assertEquals(List.of("", ""), c.stages().stream().map(StageSpec::model).toList());
    }

    @Test
    void noHeadlessAgentIsSaidAndNothingStarts(FxRobot robot) throws Exception {
        var result = show(List.of(BuiltInProfiles.get(BuiltInProfiles.CLAUDE_INTERACTIVE)));
        assertEquals("No headless agent: Lanes needs one to know whether each stage succeeded. Add one in Preferences → Agents.",
                error(robot));
        assertTrue(startDisabled(robot));
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        assertTrue(result.get(10, TimeUnit.SECONDS).isEmpty());
    }
}
