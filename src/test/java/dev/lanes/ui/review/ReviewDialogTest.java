package dev.lanes.ui.review;

import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import dev.lanes.review.Review;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.lanes.ui.FxTestSupport;

import static dev.lanes.ui.FxTestSupport.await;
import static dev.lanes.ui.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Review… dialog: which writer, which reviewer, an earlier review reopened, and nothing to review said plainly. */
@ExtendWith(ApplicationExtension.class)
class ReviewDialogTest {

    private static final Path WT = Path.of("/tmp/repo.lanes/feature");
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        FxTestSupport.showDialogOwner(stage);
    }

    private static SessionRecord session(long id, String name) {
        return new SessionRecord(id, Path.of("/tmp/repo"), WT, name, SessionKind.COMMAND, List.of("claude"), false,
                SessionStatus.EXITED, 0, Instant.now(), Instant.now(), Instant.now(), Path.of("/tmp/" + id + ".log"), null, null);
    }

    private CompletableFuture<Optional<ReviewDialog.Choice>> show(List<SessionRecord> writers, SessionRecord selected,
                                                                   Map<Long, ReviewDialog.Earlier> earlier) {
        CompletableFuture<Optional<ReviewDialog.Choice>> result = new CompletableFuture<>();
        javafx.application.Platform.runLater(() -> result.complete(new ReviewDialog(stage, writers,
                selected, List.of(BuiltInProfiles.get(BuiltInProfiles.CLAUDE)), earlier).showAndWait()));
        return result;
    }

    @Test
    void aNewReviewOfTheChosenWriterWithThreeRoundsByDefault(FxRobot robot) throws Exception {
        SessionRecord a = session(1, "alpha");
        SessionRecord b = session(2, "beta");
        var result = show(List.of(a, b), a, Map.of());
        await(robot, "#reviewDialog");
        @SuppressWarnings("unchecked")
        ComboBox<AgentProfile> reviewer = (ComboBox<AgentProfile>) robot.lookup("#reviewerCombo").query();
        assertEquals(BuiltInProfiles.CLAUDE, onFx(() -> reviewer.getValue().id()));
        assertFalse(onFx(() -> robot.lookup("#reviewEarlierLabel").query().isVisible()));
        robot.clickOn("#reviewModelField").write("claude-opus-4-1");
        robot.clickOn("#reviewBudgetField").write("-2");
        FxTestSupport.waitUntil("the bad budget said", 5, () -> robot.lookup("#openReviewButton").query().isDisabled());
        onFx(() -> {
            ((javafx.scene.control.TextField) robot.lookup("#reviewBudgetField").query()).setText("$0.75");
            return null;
        });
        FxTestSupport.waitUntil("Open enabled", 5, () -> !robot.lookup("#openReviewButton").query().isDisabled());
        robot.clickOn("#openReviewButton");
        ReviewDialog.Choice c = result.get(10, java.util.concurrent.TimeUnit.SECONDS).orElseThrow();
        assertSame(a, c.writer());
        assertNull(c.earlier());
        assertEquals("claude-opus-4-1", c.model());
        assertEquals(3, c.maxRounds());
        assertEquals(0.75, c.budgetUsd());
    }

    @Test
    void aWriterReviewedBeforeReopensItsReviewUnlessANewOneIsAskedFor(FxRobot robot) throws Exception {
        SessionRecord a = session(1, "alpha");
        Review earlier = new Review(5, Path.of("/tmp/repo"), WT, 1, "claude", "claude-sonnet-4-5", null, 3, Instant.now());
        var result = show(List.of(a), null, Map.of(1L, new ReviewDialog.Earlier(earlier, 2)));
        await(robot, "#reviewDialog");
        String said = onFx(() -> ((Label) robot.lookup("#reviewEarlierLabel").query()).getText());
        assertTrue(said.contains("(2 of 3 rounds)") && said.contains("claude-sonnet-4-5"), said);
        assertTrue(onFx(() -> robot.lookup("#reviewerCombo").query().isDisabled()), "the reviewer is the earlier review's");
        robot.clickOn("#newReviewCheck");
        assertFalse(onFx(() -> robot.lookup("#reviewerCombo").query().isDisabled()));
        robot.clickOn("#newReviewCheck");
        robot.clickOn("#openReviewButton");
        assertSame(earlier, result.get(10, java.util.concurrent.TimeUnit.SECONDS).orElseThrow().earlier());
    }

    @Test
    void noAgentInTheWorktreeIsSaidAndNothingOpens(FxRobot robot) throws Exception {
        var result = show(List.of(), null, Map.of());
        await(robot, "#reviewDialog");
        assertEquals("No agent has worked in this worktree yet: start one (Session → New Agent…), then review its work.",
                onFx(() -> ((Label) robot.lookup("#reviewDialogError").query()).getText()));
        Button open = robot.lookup("#openReviewButton").queryButton();
        assertTrue(onFx(open::isDisabled));
        robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
        assertTrue(result.get(10, java.util.concurrent.TimeUnit.SECONDS).isEmpty());
    }
}
