package dev.lanes.ui.fanout;

import dev.lanes.fanout.FanoutEngine;
import dev.lanes.fanout.FanoutItem;
import dev.lanes.fanout.FanoutSpec;
import dev.lanes.fanout.FanoutStore;
import dev.lanes.fanout.ItemState;
import dev.lanes.fanout.ItemTemplate;
import dev.lanes.settings.Settings;
import dev.lanes.ui.common.Themes;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run view over a real engine running real processes (sh) in a temp folder: the start-small
 * pause and Continue, statuses, verification, the summary, retry.
 */
@ExtendWith(ApplicationExtension.class)
@DisabledOnOs(OS.WINDOWS)
class FanoutRunViewTest {

    @TempDir
    Path tmp;

    private Stage stage;
    private FanoutEngine engine;
    private FanoutRunView view;
    private final List<String> opened = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private void show(FanoutSpec spec) {
        List<FanoutItem> initial = new ArrayList<>();
        for (int i = 0; i < spec.items().size(); i++) {
            initial.add(FanoutItem.queued(i + 1, spec.items().get(i)));
        }
        onFx(() -> {
            view = new FanoutRunView("Run over " + spec.items().size() + " files", initial, new FanoutRunView.Actions() {
                @Override
                public void continueRun() {
                    engine.continueRun();
                }

                @Override
                public void abort() {
                    engine.abort();
                }

                @Override
                public void cancelAll() {
                    engine.cancelAll();
                }

                @Override
                public void retryFailed() {
                    new Thread(() -> engine.retryFailed()).start();
                }

                @Override
                public void resume() {
                }

                @Override
                public void merge(List<FanoutItem> passed) {
                }

                @Override
                public boolean canMerge() {
                    return false;
                }

                @Override
                public void openLog(FanoutItem item) {
                    opened.add("log " + item.index());
                }

                @Override
                public void openDiff(FanoutItem item) {
                    opened.add("diff " + item.index());
                }

                @Override
                public void changes(List<FanoutItem> items, Consumer<java.util.Map<Integer, String>> done) {
                    java.util.Map<Integer, String> out = new java.util.HashMap<>();
                    items.forEach(i -> out.put(i.index(), "+1 −0"));
                    done.accept(out);
                }
            });
            Scene scene = new Scene(view, 1000, 500);
            Themes.apply(scene, Settings.Theme.LIGHT);
            stage.setScene(scene);
            stage.show();
            return null;
        });
        engine = FanoutEngine.create(spec.withLogFolder(tmp.resolve("logs").toString()), FanoutStore.NONE, view.listener());
        engine.start();
    }

    private List<ItemState> states() {
        return onFx(() -> view.rows().stream().map(r -> r.item().state()).toList());
    }

    private String label(FxRobot robot, String id) {
        return onFx(() -> ((Label) robot.lookup(id).query()).getText());
    }

    @Test
    void startsSmallPausesThenContinuesAndSumsUp(FxRobot robot) throws Exception {
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            Files.writeString(tmp.resolve("f" + i + ".txt"), "x");
            items.add("f" + i + ".txt");
        }
        // item 5's verification fails; every item appends its name to a file
        FanoutSpec spec = FanoutSpec.command(tmp.toString(), items,
                        ItemTemplate.split("sh -c 'echo \"$1\" >> ran.log' sh {file}"))
                .withConcurrency(2).withStartSmall(3).withVerify(ItemTemplate.split("test {file} != f5.txt"));
        show(spec);

        waitUntil("the pause after 3", 20, () -> robot.lookup("#pausedBar").query().isVisible());
        assertEquals(3, Files.readAllLines(tmp.resolve("ran.log")).size(), "exactly the first 3 ran");
        assertEquals(List.of(ItemState.PASSED, ItemState.PASSED, ItemState.PASSED, ItemState.QUEUED, ItemState.QUEUED,
                ItemState.QUEUED, ItemState.QUEUED, ItemState.QUEUED), states());
        assertTrue(onFx(() -> ((Label) robot.lookup("#pausedLabel").query()).getText())
                .startsWith("Started small: the first 3 ended (3 passed)"));
        assertEquals(3.0 / 8, onFx(() -> ((ProgressBar) robot.lookup("#progressBar").query()).getProgress()), 1e-9);
        assertTrue(label(robot, "#progressLabel").startsWith("3 of 8 ended"), label(robot, "#progressLabel"));

        robot.clickOn("#continueButton");
        waitUntil("the end", 20, () -> robot.lookup("#summaryLabel").query().isVisible());
        assertEquals(List.of(ItemState.PASSED, ItemState.PASSED, ItemState.PASSED, ItemState.PASSED,
                ItemState.VERIFY_FAILED, ItemState.PASSED, ItemState.PASSED, ItemState.PASSED), states());
        String summary = label(robot, "#summaryLabel");
        assertTrue(summary.startsWith("Ended: 7 passed, 1 verify-failed of 8 · "), summary);
        assertFalse(robot.lookup("#pausedBar").query().isVisible());
        assertEquals(1.0, onFx(() -> ((ProgressBar) robot.lookup("#progressBar").query()).getProgress()), 1e-9);
        // the verification column and the changes
        assertTrue(robot.lookup(".table-cell:verify-fail").tryQuery().isPresent(), "a failed verification is marked");
        assertEquals("+1 −0", onFx(() -> view.rows().get(0).changesProperty().get()));
        assertFalse(onFx(() -> ((Button) robot.lookup("#retryButton").query()).isDisable()));
        String shot = System.getProperty("lanes.shot");
        if (shot != null) { // -Dlanes.shot=FILE.png: a picture of the view, to look at
            dev.lanes.ui.FxTestSupport.snapshot(stage.getScene(), Path.of(shot));
        }

        // the log link of a row opens its log
        robot.clickOn(robot.lookup(".item-log-link").nth(0).queryAs(javafx.scene.Node.class));
        waitUntil("the log opened", 5, () -> opened.contains("log 1"));

        // retry: the failed one runs again (and fails again: the check does not change)
        Files.writeString(tmp.resolve("ran.log"), "");
        robot.clickOn("#retryButton");
        waitUntil("the retry ended", 20, () -> robot.lookup("#summaryLabel").query().isVisible()
                && onFx(() -> view.rows().get(4).item().attempts()) == 2);
        assertEquals(List.of("f5.txt"), Files.readAllLines(tmp.resolve("ran.log")), "only the failed item ran again");
        assertEquals(ItemState.VERIFY_FAILED, states().get(4));
    }

    @Test
    void cancelAllStopsRunningItems(FxRobot robot) throws Exception {
        List<String> items = List.of("a", "b", "c", "d");
        FanoutSpec spec = FanoutSpec.command(tmp.toString(), items, List.of("sleep", "30")).withConcurrency(2);
        show(spec);
        waitUntil("two running", 20, () -> states().stream().filter(s -> s == ItemState.RUNNING).count() == 2);
        waitUntil("a second tick", 5, () -> label(robot, "#progressLabel").contains("2 running"));
        robot.clickOn("#cancelButton");
        waitUntil("the end", 20, () -> robot.lookup("#summaryLabel").query().isVisible());
        assertTrue(states().stream().allMatch(s -> s == ItemState.CANCELLED || s == ItemState.FAILED), states().toString());
        assertTrue(label(robot, "#summaryLabel").startsWith("Ended:"));
    }
}
