package dev.lanes.ui.compare;

import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.compare.Comparison;
import dev.lanes.compare.Comparisons;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.Worktree;
import dev.lanes.ui.FxTestSupport;
import javafx.application.Platform;
import javafx.scene.control.MenuButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.lanes.ui.FxTestSupport.await;
import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Same Prompt on Several Agents…: what it starts, the input it refuses (each with its sentence, Start
 * Lanes disabled), and an earlier comparison reopened from it.
 */
@ExtendWith(ApplicationExtension.class)
class CompareDialogTest {

    private static final AgentProfile CLAUDE = BuiltInProfiles.get(BuiltInProfiles.CLAUDE);
    private static final AgentProfile CODEX = BuiltInProfiles.get(BuiltInProfiles.CODEX);
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        FxTestSupport.showDialogOwner(stage);
    }

    private CompletableFuture<Optional<CompareDialog.Choice>> show(List<AgentProfile> profiles, List<Comparison> earlier) {
        CompletableFuture<Optional<CompareDialog.Choice>> result = new CompletableFuture<>();
        Platform.runLater(() -> result.complete(new CompareDialog(stage, profiles, List.of("main", "dev"), "main", earlier)
                .showAndWait()));
        return result;
    }

    private static String error(FxRobot robot) {
        return FxTestSupport.shownLabel(robot, "#compareDialogError");
    }

    private static boolean startDisabled(FxRobot robot) {
        return onFx(() -> robot.lookup("#startCompareButton").queryButton().isDisabled());
    }

    private static void setText(FxRobot robot, String query, String text) {
        onFx(() -> {
            javafx.scene.control.TextInputControl field = robot.lookup(query).query();
            field.setText(text);
            return null;
        });
    }

    @Test
    void startsThePromptOnTheChosenAgentsFromTheChosenBase(FxRobot robot) throws Exception {
        var result = show(List.of(CLAUDE, CODEX), List.of());
        await(robot, "#compareDialog");
        assertTrue(startDisabled(robot), "nothing to start without a prompt");
        assertEquals("", error(robot), "an empty prompt is not scolded at the first look");
        assertEquals("No earlier comparison in this repository",
                onFx(() -> robot.lookup("#earlierComparisonsButton").queryAs(MenuButton.class).getText()));

        robot.clickOn("#comparePromptArea").write("Greet the world in hello.txt");
        robot.clickOn("#compareLane-1-model").write("claude-opus-4-1");
        robot.clickOn("#addCompareLaneButton");
        await(robot, "#compareLane-3");
        robot.clickOn("#compareLane-3-model").write("gpt-5.1-codex");
        waitUntil("Start Lanes enabled", 5, () -> !startDisabled(robot));
        robot.clickOn("#startCompareButton");

        CompareDialog.Choice c = result.get(10, TimeUnit.SECONDS).orElseThrow();
        assertNull(c.reopen());
        assertEquals("Greet the world in hello.txt", c.prompt());
        assertEquals("main", c.base());
        assertEquals(List.of(new Comparisons.LaneSpec(CLAUDE, "claude-opus-4-1"), new Comparisons.LaneSpec(CODEX, ""),
                new Comparisons.LaneSpec(CODEX, "gpt-5.1-codex")), c.lanes());
    }

    @Test
    void badInputIsRefusedWithASentence(FxRobot robot) throws Exception {
        var result = show(List.of(CLAUDE, CODEX), List.of());
        await(robot, "#compareDialog");
        robot.clickOn("#comparePromptArea").write("Fix the bug");
        waitUntil("Start Lanes enabled", 5, () -> !startDisabled(robot));

        // a model that is no model's name
        robot.clickOn("#compareLane-2-model").write("gpt 5");
        waitUntil("the bad model refused", 5, () -> startDisabled(robot));
        assertEquals("The model of agent 2, “gpt 5”, is not a model's name: write one such as claude-opus-4-1 (letters, "
                + "digits and - . _ : /, no spaces), or leave it empty for the agent's default.", error(robot));
        setText(robot, "#compareLane-2-model", "--dangerously-skip-permissions");
        waitUntil("an option is no model either", 5, () -> error(robot).startsWith("The model of agent 2, “--dangerously"));
        assertTrue(startDisabled(robot));
        setText(robot, "#compareLane-2-model", "");
        waitUntil("Start Lanes enabled again", 5, () -> !startDisabled(robot) && error(robot).isEmpty());

        // the prompt emptied again
        setText(robot, "#comparePromptArea", "   ");
        waitUntil("the empty prompt refused", 5, () -> startDisabled(robot));
        assertEquals("Write the prompt every agent gets.", error(robot));

        // fewer agents than a comparison needs cannot be left: a row's ✕ is disabled at two
        assertTrue(onFx(() -> robot.lookup("#compareLane-1-remove").queryButton().isDisabled()));
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        assertTrue(result.get(10, TimeUnit.SECONDS).isEmpty(), "nothing started");
    }

    @Test
    void noHeadlessAgentIsSaidAndNothingStarts(FxRobot robot) throws Exception {
        AgentProfile interactive = BuiltInProfiles.get(BuiltInProfiles.CLAUDE_INTERACTIVE);
        var result = show(List.of(interactive), List.of());
        await(robot, "#compareDialog");
        assertEquals("No headless agent profile: add one in Preferences → Agents.", error(robot));
        setText(robot, "#comparePromptArea", "Fix the bug");
        assertTrue(startDisabled(robot));
        assertEquals("No headless agent profile: add one in Preferences → Agents.", error(robot));
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        assertTrue(result.get(10, TimeUnit.SECONDS).isEmpty());
    }

    @Test
    void anEarlierComparisonIsReopenedFromTheDialog(FxRobot robot) throws Exception {
        Worktree wt = new Worktree(Path.of("/src/shop.lanes/greet-1"), "", "greet-1", false, false, null, null);
        Comparison.Lane merged = new Comparison.Lane(0, "claude", "Claude Code", "claude-opus-4-1", wt, 7, "",
                Comparison.Outcome.MERGED);
        Comparison.Lane other = new Comparison.Lane(1, "codex", "Codex", "", null, 0, "Branch greet-2 already exists.");
        Comparison earlier = new Comparison(12, Path.of("/src/shop"), "main", "Greet the world\nin hello.txt",
                List.of(merged, other), 0, Instant.parse("2026-03-04T10:15:00Z"));
        Comparison older = new Comparison(3, Path.of("/src/shop"), "dev", "Older", List.of(merged, other), -1,
                Instant.parse("2026-03-01T10:15:00Z"));
        var result = show(List.of(CLAUDE), List.of(earlier, older));
        await(robot, "#compareDialog");
        assertEquals("Reopen an Earlier Comparison (2)",
                onFx(() -> robot.lookup("#earlierComparisonsButton").queryAs(MenuButton.class).getText()));
        String said = onFx(() -> robot.lookup("#earlierComparisonsButton").queryAs(MenuButton.class).getItems().get(0).getText());
        assertTrue(said.endsWith(" · Greet the world · 2 agents · merged Claude Code · claude-opus-4-1"), said);

        robot.clickOn("#earlierComparisonsButton");
        robot.clickOn(said);
        CompareDialog.Choice c = result.get(10, TimeUnit.SECONDS).orElseThrow();
        assertSame(earlier, c.reopen());
        assertFalse(onFx(() -> robot.lookup("#compareDialog").tryQuery().isPresent()), "the dialog closed");
    }
}
