package dev.lanes.ui.pipeline;

import dev.lanes.pipeline.Pipeline;
import dev.lanes.pipeline.Stage;
import dev.lanes.settings.Settings;
import dev.lanes.ui.common.Themes;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.lanes.ui.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline tab: each stage's status and report, the failure, Resume, a stage's session opened. */
@ExtendWith(ApplicationExtension.class)
class PipelineViewTest {

    private javafx.stage.Stage stage;

    @Start
    void start(javafx.stage.Stage stage) {
        this.stage = stage;
    }

    @Test
    void showsEachStagesStatusAndResumesAFailedPipeline(FxRobot robot) {
        List<String> done = new CopyOnWriteArrayList<>();
        PipelineView view = onFx(() -> {
            PipelineView v = new PipelineView(new PipelineView.Actions() {
                @Override
                public void resume() {
                    done.add("resume");
                }

                @Override
                public void openSession(long sessionId) {
                    done.add("open " + sessionId);
                }
            });
            Scene scene = new Scene(v, 800, 500);
            Themes.apply(scene, Settings.Theme.DARK);
            stage.setScene(scene);
            stage.show();
            return v;
        });
        Pipeline failed = new Pipeline(3, Path.of("/src/shop"), Path.of("/src/shop.lanes/login"), "implementation → tests → documentation",
                Pipeline.State.FAILED, "Stopped at stage 2 (tests): Budget reached.", Instant.now());
        List<Stage> stages = List.of(
                new Stage(3, 0, "implementation", "Add login", "claude", "", "acceptEdits", Stage.State.SUCCEEDED, 11, "Added login().", ""),
                new Stage(3, 1, "tests", "Write tests", "claude", "", "acceptEdits", Stage.State.FAILED, 12, "", "Budget reached."),
                new Stage(3, 2, "documentation", "Document it", "claude", "", "acceptEdits", Stage.State.WAITING, 0, "", ""));
        onFx(() -> {
            view.update(failed, stages);
            return null;
        });
        assertEquals(List.of("succeeded", "failed", "waiting"), onFx(() -> List.of(1, 2, 3).stream()
                .map(i -> robot.lookup("#stage-" + i + "-state").queryAs(Label.class).getText()).toList()));
        assertEquals("Stopped at stage 2 (tests): Budget reached.", onFx(() -> robot.lookup("#pipelineStatus").queryAs(Label.class).getText()));
        assertTrue(onFx(() -> robot.lookup("#pipelineResumeButton").query().isVisible()));
        dev.lanes.ui.FxTestSupport.waitUntil("the stages' links", 10,
                () -> onFx(() -> robot.lookup(".hyperlink").queryAll().size() >= 2));
        robot.clickOn(robot.lookup(".hyperlink").nth(1).queryAs(javafx.scene.control.Hyperlink.class));
        robot.clickOn("#pipelineResumeButton");
        assertEquals(List.of("open 12", "resume"), done);

        onFx(() -> {
            view.update(failed.with(Pipeline.State.DONE, ""), stages.stream().map(s -> s.with(Stage.State.SUCCEEDED, s.sessionId(),
                    "ok", "")).toList());
            return null;
        });
        assertFalse(onFx(() -> robot.lookup("#pipelineResumeButton").queryAs(Button.class).isVisible()), "nothing to resume");
        assertEquals("Done: every stage succeeded.", onFx(() -> robot.lookup("#pipelineStatus").queryAs(Label.class).getText()));
    }
}
