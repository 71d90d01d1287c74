package dev.lanes.ui.investigate;

import dev.lanes.ui.FxTestSupport;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.model.Worktree;
import javafx.application.Platform;
import javafx.scene.control.Label;
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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Investigate… dialog: one question a line (blank lines left out), and no question said while Investigate is disabled. */
@ExtendWith(ApplicationExtension.class)
class InvestigateDialogTest {

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

    private CompletableFuture<Optional<InvestigateDialog.Choice>> show(FxRobot robot) {
        CompletableFuture<Optional<InvestigateDialog.Choice>> result = new CompletableFuture<>();
        Platform.runLater(() -> result.complete(new InvestigateDialog(stage, BuiltInProfiles.all(), List.of(main, lane), lane)
                .showAndWait()));
        await(robot, "#investigateDialog");
        return result;
    }

    private static String count(FxRobot robot) {
        return onFx(() -> robot.lookup("#questionCountLabel").queryAs(Label.class).getText());
    }

    private static boolean startDisabled(FxRobot robot) {
        return onFx(() -> robot.lookup("#startInvestigationButton").query().isDisabled());
    }

    @Test
    void eachNonBlankLineIsAQuestion(FxRobot robot) throws Exception {
        var result = show(robot);
        robot.clickOn("#questionsArea").write("how does login work\n\n   \n  where are orders stored  \nwhy is search slow\n\n");
        waitUntil("three questions counted", 5, () -> count(robot).startsWith("3 questions"));
        assertEquals("3 questions: 3 sessions at once, then one more that combines their answers.", count(robot));
        robot.clickOn("#investigateModelField").write("claude-sonnet-4-5");
        robot.clickOn("#startInvestigationButton");

        InvestigateDialog.Choice c = result.get(10, TimeUnit.SECONDS).orElseThrow();
        assertEquals(List.of("how does login work", "where are orders stored", "why is search slow"), c.questions());
        assertSame(lane, c.worktree());
        assertEquals(BuiltInProfiles.CLAUDE, c.profile().id());
        assertEquals("claude-sonnet-4-5", c.model());
    }

    @Test
    void noQuestionIsSaidAndInvestigateStaysDisabled(FxRobot robot) throws Exception {
        var result = show(robot);
        String none = "No question yet: write one a line, such as “how are orders processed”.";
        assertEquals(none, count(robot));
        javafx.scene.control.MenuButton earlier = robot.lookup("#earlierInvestigationsButton").queryAs(javafx.scene.control.MenuButton.class);
        assertEquals("No earlier investigation in this repository", onFx(earlier::getText));
        assertTrue(onFx(earlier::isDisable));
        assertTrue(startDisabled(robot));

        robot.clickOn("#questionsArea").write("  \n\n\t\n   ");
        waitUntil("the blank lines typed", 5, () -> onFx(() -> robot.lookup("#questionsArea")
                .queryAs(javafx.scene.control.TextArea.class).getText().length() >= 8));
        assertEquals(none, count(robot), "blank lines are no questions");
        assertTrue(startDisabled(robot));

        robot.write("what calls checkout()");
        waitUntil("one question", 5, () -> !startDisabled(robot));
        assertEquals("1 question: one session.", count(robot));
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        assertTrue(result.get(10, TimeUnit.SECONDS).isEmpty(), "cancelled");
    }

    @Test
    void aBadBudgetIsSaidAsItIsTypedAndHoldsInvestigate(FxRobot robot) throws Exception {
        var result = show(robot);
        robot.clickOn("#questionsArea").write("how does login work");
        waitUntil("one question", 5, () -> !startDisabled(robot));
        robot.clickOn("#investigateBudgetField").write("two dollars");
        waitUntil("the budget refused", 5, () -> startDisabled(robot));
        Label error = onFx(() -> robot.lookup("#investigateDialogError").queryAs(Label.class));
        assertTrue(onFx(error::isVisible));
        assertEquals("Budget: an amount in US dollars above 0, like 2.50 (empty: none).", onFx(error::getText));

        onFx(() -> {
            robot.lookup("#investigateBudgetField").queryAs(javafx.scene.control.TextField.class).setText("$2.50");
            return null;
        });
        waitUntil("the budget mended", 5, () -> !startDisabled(robot));
        assertTrue(!onFx(error::isVisible));
        robot.clickOn("#startInvestigationButton");
        assertEquals(2.5, result.get(10, TimeUnit.SECONDS).orElseThrow().budgetUsd());
    }
}
