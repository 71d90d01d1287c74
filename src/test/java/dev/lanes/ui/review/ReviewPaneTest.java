package dev.lanes.ui.review;

import dev.lanes.review.Finding;
import dev.lanes.review.Review;
import dev.lanes.review.ReviewFocus;
import dev.lanes.review.ReviewRound;
import dev.lanes.review.WriterDiff;
import dev.lanes.settings.Settings.Theme;
import dev.lanes.ui.common.Themes;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import dev.lanes.coordinate.UnifiedDiff;
import dev.lanes.ui.common.DiffList;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer/reviewer pane on its own, fed with rounds as the service records them: the checklist
 * and Send to Writer, the focus it asks for, a failed round and NO FINDINGS in a sentence, the cap,
 * and the diff between rounds in colour. (ReviewWindowE2ETest drives it with the real CLI.)
 */
@ExtendWith(ApplicationExtension.class)
class ReviewPaneTest {

    private static final Path WT = Path.of("/tmp/repo.lanes/feature");
    private static final List<Finding> THREE = List.of(
            new Finding(1, "src/app.py", 2, "load() returns a constant"),
            new Finding(2, "src/app.py", 1, "load() has no docstring"),
            new Finding(3, null, null, "no test covers load()"));
    private static final WriterDiff DIFF = new WriterDiff("main", "abc", "def", """
            diff --git a/src/app.py b/src/app.py
            --- a/src/app.py
            +++ b/src/app.py
            @@ -1,2 +1,2 @@
             def load():
            -    return 1
            +    return 2
            """, List.of("src/app.py"));

    private ReviewPane pane;
    private final List<ReviewFocus> asked = new CopyOnWriteArrayList<>();
    private final List<List<Finding>> sent = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        pane = new ReviewPane(new ReviewPane.Actions() {
            @Override
            public void review(ReviewFocus focus) {
                asked.add(focus);
            }

            @Override
            public void sendToWriter(List<Finding> chosen) {
                sent.add(chosen);
            }
        });
        Scene scene = new Scene(new StackPane(pane), 1100, 800);
        Themes.apply(scene, Theme.LIGHT);
        stage.setScene(scene);
        stage.show();
    }

    private static Review review(int maxRounds) {
        return new Review(7, Path.of("/tmp/repo"), WT, 3, "claude", "", null, maxRounds, Instant.now());
    }

    private static ReviewRound round(int n, ReviewRound.State state, List<Finding> findings, Set<Integer> sent, String between,
                                     String problem) {
        return new ReviewRound(7, n, ReviewFocus.of("the config", ReviewFocus.Preset.EDGE_CASES), DIFF, between, 11, state,
                "answer", findings, sent, "", problem, Instant.now(), Instant.now());
    }

    private void show(Review review, ReviewRound... rounds) {
        onFx(() -> {
            pane.show(review, "Review of writer in feature", List.of(rounds));
            return null;
        });
    }

    private String text(String id) {
        return onFx(() -> ((Label) pane.lookup(id)).getText());
    }

    private boolean disabled(String id) {
        return onFx(() -> pane.lookup(id).isDisabled());
    }

    @Test
    void findingsAreACheckListWithFileAndLineAndOnlyTheTickedOnesAreSent(FxRobot robot) {
        show(review(3), round(1, ReviewRound.State.REVIEWED, THREE, Set.of(), null, ""));
        List<CheckBox> boxes = onFx(() -> pane.lookupAll(".finding").stream().map(n -> (CheckBox) n).toList());
        assertEquals(3, boxes.size());
        assertEquals(List.of("src/app.py:2", "src/app.py:1"), onFx(() -> boxes.stream().filter(b -> b.getGraphic() != null)
                .map(b -> ((Label) b.getGraphic()).getText()).toList()));
        assertNull(onFx(() -> boxes.get(2).getGraphic()), "a finding without a file shows none");
        assertEquals("no test covers load()", onFx(() -> boxes.get(2).getText()));
        assertEquals("Round 1 of 3 · findings in", text("#roundLabel"));

        // nothing ticked: Send is disabled, and says why
        assertTrue(disabled("#sendButton"));
        assertEquals("Tick at least one finding to send it to the writer.", text("#sendReason"));
        robot.clickOn("#finding-1");
        robot.clickOn("#finding-3");
        assertFalse(disabled("#sendButton"));
        assertEquals("2 findings will be the writer's next prompt.", text("#sendReason"));
        robot.clickOn("#sendButton");
        assertEquals(List.of(List.of(THREE.get(0), THREE.get(2))), sent);
        assertTrue(disabled("#sendButton"), "sent once, until the answer");

        // a send that failed says why beside the button, and can be tried again
        onFx(() -> {
            pane.sendProblem("The writer is still working.");
            return null;
        });
        assertEquals("The writer is still working.", text("#sendReason"));
        assertFalse(disabled("#sendButton"));

        // once sent, the ticks stay as they were sent and cannot change
        onFx(() -> {
            pane.update(round(1, ReviewRound.State.SENT, THREE, Set.of(1, 3), null, ""));
            return null;
        });
        assertEquals("Sent findings 1 and 3 to the writer as its next prompt.", text("#findingsMessage"));
        assertEquals(List.of(true, false, true), onFx(() -> pane.lookupAll(".finding").stream()
                .map(n -> ((CheckBox) n).isSelected()).toList()));
        assertTrue(onFx(() -> pane.lookupAll(".finding").stream().allMatch(Node::isDisabled)));
        assertTrue(disabled("#sendButton"));
        TitledPane first = onFx(() -> (TitledPane) pane.lookup("#round-1"));
        assertEquals("Round 1  ·  Edge cases; the config  ·  3 findings, 2 sent", onFx(first::getText));
    }

    @Test
    void reviewAsksWithTheTickedFocusAndTheTypedOne(FxRobot robot) {
        show(review(3));
        assertEquals("No round yet · up to 3", text("#roundLabel"));
        assertFalse(disabled("#reviewButton"));
        assertTrue(disabled("#sendButton"));
        robot.clickOn("#focus-race-conditions");
        robot.clickOn("#focus-security");
        robot.clickOn("#focusField").write("the cache's expiry");
        robot.clickOn("#reviewButton");
        assertEquals(List.of(ReviewFocus.of("the cache's expiry", ReviewFocus.Preset.RACE_CONDITIONS,
                ReviewFocus.Preset.SECURITY)), asked);
        // until the round has started, a second click does nothing
        assertTrue(disabled("#reviewButton"));
        assertTrue(onFx(() -> pane.lookup("#reviewProgress").isVisible()));

        // while the reviewer works: the progress indicator, and Review waits
        onFx(() -> {
            pane.update(round(1, ReviewRound.State.REVIEWING, List.of(), Set.of(), null, ""));
            return null;
        });
        assertTrue(onFx(() -> pane.lookup("#reviewProgress").isVisible()));
        assertTrue(disabled("#reviewButton"));
        assertTrue(text("#reviewReason").startsWith("The reviewer is working on round 1"), text("#reviewReason"));
        assertTrue(text("#findingsMessage").startsWith("The reviewer is reading the writer's diff against main (1 file)"));
    }

    @Test
    void aFailedRoundAndNoFindingsAreSaidInASentence() {
        show(review(3), round(1, ReviewRound.State.FAILED, List.of(), Set.of(), null, "Budget reached after $0.50"));
        assertEquals("Round 1 failed: Budget reached after $0.50. Press Review to run it again.", text("#findingsMessage"));
        assertFalse(disabled("#reviewButton"), "a failed round can run again");
        assertTrue(onFx(() -> pane.lookupAll(".finding").isEmpty()));

        onFx(() -> {
            pane.problem("The writer is still working: review its work once it has finished.");
            return null;
        });
        assertEquals("The writer is still working: review its work once it has finished.", text("#reviewReason"));
        assertTrue(onFx(() -> pane.lookup("#reviewReason").getStyleClass().contains("problem")));

        show(review(3), round(1, ReviewRound.State.REVIEWED, List.of(), Set.of(), null, ""));
        assertEquals("No findings: the reviewer found nothing to fix in round 1 (it answered NO FINDINGS).",
                text("#findingsMessage"));
        assertEquals("Nothing to send.", text("#sendReason"));
        assertTrue(disabled("#sendButton"));
    }

    @Test
    void theCapDisablesReviewWithTheReasonAndEachRoundShowsItsDiffInColour() {
        String between = """
                diff --git a/src/app.py b/src/app.py
                @@ -1,2 +1,2 @@
                 def load():
                -    return 2
                +    return 2  # checked
                """;
        show(review(2), round(1, ReviewRound.State.SENT, THREE, Set.of(1, 3), null, ""),
                round(2, ReviewRound.State.REVIEWED, List.of(), Set.of(), between, ""));
        assertEquals("Round 2 of 2 · findings in", text("#roundLabel"));
        assertTrue(disabled("#reviewButton"));
        assertTrue(text("#reviewReason").contains("reached its cap of 2 rounds"), text("#reviewReason"));

        // the latest round is open, with what changed since round 1, coloured line by line
        TitledPane second = onFx(() -> (TitledPane) pane.lookup("#round-2"));
        assertTrue(onFx(second::isExpanded));
        DiffList diff = onFx(() -> (DiffList) second.getContent().lookup(".review-diff"));
        assertEquals(List.of("diff --git a/src/app.py b/src/app.py", "@@ -1,2 +1,2 @@", " def load():", "-    return 2",
                "+    return 2  # checked"), onFx(() -> diff.getItems().stream().map(UnifiedDiff.Line::text).toList()));
        waitUntil("the diff's cells", 5, () -> diff.lookupAll(".diff-added").size() == 1);
        assertEquals("+    return 2  # checked", onFx(() -> ((javafx.scene.control.ListCell<?>) diff.lookup(".diff-added")).getText()));
        assertEquals(1, onFx(() -> diff.lookupAll(".diff-removed").size()));
        assertEquals(1, onFx(() -> diff.lookupAll(".diff-hunk").size()));
        assertEquals(1, onFx(() -> diff.lookupAll(".diff-file").size()));
        // round 1 shows the writer's work against its base
        TitledPane first = onFx(() -> (TitledPane) pane.lookup("#round-1"));
        assertTrue(onFx(() -> ((Label) first.getContent().lookup(".review-diff-title")).getText())
                .equals("The writer's work against main (1 file):"));
        Button review = onFx(() -> (Button) pane.lookup("#reviewButton"));
        assertTrue(onFx(review::isDisabled));
    }
}
