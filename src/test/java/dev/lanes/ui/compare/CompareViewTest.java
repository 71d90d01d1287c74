package dev.lanes.ui.compare;

import dev.lanes.compare.Comparison;
import dev.lanes.compare.Comparisons;
import dev.lanes.model.Worktree;
import dev.lanes.settings.Settings;
import dev.lanes.ui.FxTestSupport;
import dev.lanes.ui.common.Themes;
import dev.lanes.ui.common.DiffList;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.lanes.ui.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison tab: each lane's coloured diff side by side, Merge This One and Remove the Others per lane. */
@ExtendWith(ApplicationExtension.class)
class CompareViewTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private static Comparison.Lane lane(int i, String model) {
        String branch = "greet-the-world-" + (i + 1);
        return new Comparison.Lane(i, "claude", "Claude Code", model, new Worktree(Path.of("/src/shop.lanes/" + branch), "abc",
                branch, false, false, null, null), 10 + i, "");
    }

    @Test
    void lanesDiffsSideBySideWithTheirButtons(FxRobot robot) {
        List<String> asked = new CopyOnWriteArrayList<>();
        Comparison c = new Comparison(1, Path.of("/src/shop"), "main", "Greet the world in hello.txt",
                List.of(lane(0, "claude-sonnet-4-5"), lane(1, "claude-opus-4-1")));
        CompareView view = onFx(() -> {
            CompareView v = new CompareView(c, new CompareView.Actions() {
                @Override
                public void merge(int lane) {
                    asked.add("merge " + lane);
                }

                @Override
                public void removeOthers(int lane) {
                    asked.add("remove others but " + lane);
                }

                @Override
                public void openSession(long sessionId) {
                    asked.add("open " + sessionId);
                }
            });
            Scene scene = new Scene(v, 1000, 520);
            Themes.apply(scene, Settings.Theme.LIGHT);
            stage.setScene(scene);
            stage.show();
            return v;
        });
        onFx(() -> {
            view.diff(0, "diff --git a/hello.txt b/hello.txt\n--- a/hello.txt\n+++ b/hello.txt\n@@ -1 +1 @@\n-hello\n+hello from sonnet\n");
            view.lane(0, "Done.", "ok");
            view.diff(1, "");
            view.lane(1, "Failed: Budget reached.", "error");
            return null;
        });
        assertTrue(onFx(() -> view.diffText(0)).contains("+hello from sonnet"));
        assertEquals("(no changes against the base)", onFx(() -> view.diffText(1)));
        assertEquals("Failed: Budget reached.", onFx(() -> robot.lookup("#lane-2-status").queryAs(Label.class).getText()));
        // side by side: lane 2's diff is to the right of lane 1's
        double x1 = onFx(() -> robot.lookup("#lane-1-diff").query().localToScene(0, 0).getX());
        double x2 = onFx(() -> robot.lookup("#lane-2-diff").query().localToScene(0, 0).getX());
        assertTrue(x2 > x1 + 200, x1 + " then " + x2);
        // the added line is styled as added, the removed one as removed
        DiffList lane1 = robot.lookup("#lane-1-diff").queryAs(DiffList.class);
        assertEquals(dev.lanes.coordinate.UnifiedDiff.Kind.ADDED, onFx(() -> lane1.getItems().get(5).kind()));
        assertEquals(dev.lanes.coordinate.UnifiedDiff.Kind.REMOVED, onFx(() -> lane1.getItems().get(4).kind()));
        dev.lanes.ui.FxTestSupport.waitUntil("the coloured lines", 5, () -> onFx(() -> lane1.lookupAll(".diff-added").size() == 1
                && lane1.lookupAll(".diff-removed").size() == 1));

        robot.clickOn("#lane-1-merge");
        robot.clickOn("#lane-1-removeOthers");
        assertEquals(List.of("merge 0", "remove others but 0"), asked);
        onFx(() -> {
            view.merged(0);
            view.removed(1);
            return null;
        });
        assertTrue(onFx(() -> robot.lookup("#lane-1-merge").queryAs(Button.class).isDisabled()), "merged once");
        assertTrue(onFx(() -> robot.lookup("#lane-2-merge").queryAs(Button.class).isDisabled()), "a removed lane cannot merge");
        java.nio.file.Path shots = java.nio.file.Path.of("target", "screenshots");
        onFx(() -> java.nio.file.Files.createDirectories(shots));
        FxTestSupport.snapshot(stage.getScene(), shots.resolve("compare.png"));
    }

    @Test
    void aReopenedComparisonShowsEachLaneAsItIsNow(FxRobot robot) {
        Comparison c = new Comparison(2, Path.of("/src/shop"), "main", "Greet the world in hello.txt",
                List.of(lane(0, "claude-sonnet-4-5"), lane(1, "claude-opus-4-1"), lane(2, "")));
        String gone = "The worktree of Claude Code · claude-sonnet-4-5 (branch greet-the-world-1) is gone: "
                + "/src/shop.lanes/greet-the-world-1 no longer exists.";
        CompareView view = onFx(() -> {
            CompareView v = new CompareView(c, new CompareView.Actions() {
                @Override
                public void merge(int lane) {
                }

                @Override
                public void removeOthers(int lane) {
                }

                @Override
                public void openSession(long sessionId) {
                }
            });
            v.show(new Comparisons.LaneNow(0, Comparisons.LaneState.GONE, gone, null, true));
            v.show(new Comparisons.LaneNow(1, Comparisons.LaneState.MERGED, "Merged into main.", "", false));
            v.show(new Comparisons.LaneNow(2, Comparisons.LaneState.ENDED, "Done.",
                    "diff --git a/hello.txt b/hello.txt\n--- a/hello.txt\n+++ b/hello.txt\n@@ -1 +1 @@\n-hello\n+hi\n", false));
            stage.setScene(new Scene(v, 1000, 520));
            stage.show();
            return v;
        });
        assertEquals(gone, onFx(() -> robot.lookup("#lane-1-status").queryAs(Label.class).getText()));
        assertTrue(onFx(() -> robot.lookup("#lane-1-status").query().getStyleClass().contains("error")));
        assertEquals("(its worktree is gone)", onFx(() -> view.diffText(0)));
        assertTrue(onFx(() -> robot.lookup("#lane-1-merge").queryAs(Button.class).isDisabled()), "a gone lane cannot merge");
        assertTrue(onFx(() -> robot.lookup("#lane-2-merge").queryAs(Button.class).isDisabled()), "merged already");
        assertEquals("Merged into main.", onFx(() -> robot.lookup("#lane-2-status").queryAs(Label.class).getText()));
        assertEquals("(merged: its changes are in main now)", onFx(() -> view.diffText(1)), "why a merged lane shows no diff");
        assertTrue(onFx(() -> view.diffText(2)).contains("+hi"));
        assertTrue(onFx(() -> !robot.lookup("#lane-3-merge").queryAs(Button.class).isDisabled()), "an ended lane can merge");
    }
}
