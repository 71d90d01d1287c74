package dev.lanes.ui.pipeline;

import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.Worktree;
import dev.lanes.settings.Settings;
import dev.lanes.ui.common.Themes;
import dev.lanes.ui.investigate.InvestigateDialog;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.List;

/**
 * The Pipeline… or Investigate… dialog over a main window's stand-in, for looking at it in a real
 * window (no services: the dialog only asks).
 *
 * <pre>java -cp … 'dev.lanes.ui.pipeline.StartDialogsDemo$Main' [pipeline|investigate] [light|dark] [chosen]</pre>
 * With {@code chosen}, the pipeline dialog opens as a person might leave it: stage 2 on another agent.
 */
public final class StartDialogsDemo extends Application {

    /** A plain main (not on the Application subclass), so the class path is enough. */
    public static final class Main {
        public static void main(String[] args) {
            Application.launch(StartDialogsDemo.class, args);
        }
    }

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getUnnamed();
        Scene scene = new Scene(new Label("Lanes"), 1400, 860);
        Themes.apply(scene, args.contains("dark") ? Settings.Theme.DARK : Settings.Theme.LIGHT);
        stage.setScene(scene);
        stage.setX(0);
        stage.setY(0);
        stage.show();
        List<Worktree> worktrees = List.of(
                new Worktree(Path.of("/src/shop"), "abc", "main", true, false, null, null),
                new Worktree(Path.of("/src/shop.lanes/login"), "def", "login", false, false, null, null));
        Platform.runLater(() -> {
            if (args.contains("investigate")) {
                new InvestigateDialog(stage, BuiltInProfiles.all(), worktrees, worktrees.get(1)).showAndWait();
            } else {
                PipelineDialog d = new PipelineDialog(stage, BuiltInProfiles.all(), worktrees, worktrees.get(1));
                if (args.contains("chosen")) {
                    // as a person leaves it: the change described, stage 2 on another agent and model
                    d.setOnShown(e -> Platform.runLater(() -> {
                        var pane = d.getDialogPane();
                        ((TextArea) pane.lookup("#stageRow-1-prompt")).setText("Add a login page with a remember-me box.");
                        ((TextField) pane.lookup("#stageRow-1-model")).setText("claude-opus-4-1");
                        @SuppressWarnings("unchecked")
                        ComboBox<AgentProfile> agent = (ComboBox<AgentProfile>) pane.lookup("#stageRow-2-agent");
                        agent.setValue(BuiltInProfiles.get(BuiltInProfiles.CODEX));
                        ((TextField) pane.lookup("#stageRow-2-model")).setText("gpt-5-codex");
                    }));
                }
                d.showAndWait();
            }
            Platform.exit();
        });
    }
}
