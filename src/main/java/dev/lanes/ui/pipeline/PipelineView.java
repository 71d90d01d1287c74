package dev.lanes.ui.pipeline;

import dev.lanes.pipeline.Pipeline;
import dev.lanes.pipeline.Stage;
import dev.lanes.ui.common.Fxml;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A pipeline's progress: each stage's status, what it reported or why it failed, its session
 * openable; Resume when it failed or was interrupted. Call {@link #update} on the FX thread.
 */
public final class PipelineView extends BorderPane {

    static final String STYLESHEET = Objects.requireNonNull(PipelineView.class.getResource("pipeline.css")).toExternalForm();
    private static final int DETAIL_LIMIT = 400;

    /** What the buttons do. */
    public interface Actions {
        void resume();

        void openSession(long sessionId);
    }

    @FXML private Label titleLabel;
    @FXML private Label statusLabel;
    @FXML private dev.lanes.ui.common.ForgetButton forgetButton;
    @FXML private Button resumeButton;
    @FXML private VBox stagesBox;

    private final Actions actions;

    public PipelineView(Actions actions) {
        this.actions = actions;
        Fxml.loadRoot(this, "PipelineView.fxml");
        getStylesheets().add(STYLESHEET);
        setId("pipelineView");
        statusLabel.setId("pipelineStatus");
        resumeButton.setId("pipelineResumeButton");
        resumeButton.managedProperty().bind(resumeButton.visibleProperty());
        resumeButton.setVisible(false);
    }

    @FXML
    private void resume() {
        resumeButton.setDisable(true);
        actions.resume();
    }

    public void update(Pipeline p, List<Stage> stages) {
        titleLabel.setText("Pipeline · " + p.name() + " · " + p.worktree().getFileName());
        long done = stages.stream().filter(s -> s.state() == Stage.State.SUCCEEDED).count();
        statusLabel.getStyleClass().removeAll("ok", "error");
        switch (p.state()) {
            case RUNNING -> statusLabel.setText(done + " of " + stages.size() + " stages done; "
                    + stages.stream().filter(s -> s.state() == Stage.State.RUNNING).map(s -> s.name() + " is running.")
                    .findFirst().orElse("starting the next…"));
            case DONE -> {
                statusLabel.setText("Done: every stage succeeded.");
                statusLabel.getStyleClass().add("ok");
            }
            default -> {
                statusLabel.setText(p.problem());
                statusLabel.getStyleClass().add("error");
            }
        }
        resumeButton.setVisible(p.state() == Pipeline.State.FAILED || p.state() == Pipeline.State.INTERRUPTED);
        resumeButton.setDisable(false);
        stagesBox.getChildren().clear();
        for (Stage s : stages) {
            if (s.index() > 0) {
                Label arrow = new Label("↓ when it succeeds");
                arrow.getStyleClass().add("stage-arrow");
                stagesBox.getChildren().add(arrow);
            }
            stagesBox.getChildren().add(row(s));
        }
    }

    private HBox row(Stage s) {
        Label number = new Label((s.index() + 1) + ".");
        number.getStyleClass().add("stage-number");
        Label name = new Label(s.name());
        name.getStyleClass().add("stage-name");
        Label chip = new Label(label(s.state()));
        chip.setId("stage-" + (s.index() + 1) + "-state");
        chip.getStyleClass().addAll("stage-chip", s.state().name().toLowerCase(Locale.ROOT));
        Hyperlink open = new Hyperlink("Open Session");
        open.setDisable(s.sessionId() == 0);
        open.setOnAction(e -> actions.openSession(s.sessionId()));
        Pane grow = new Pane();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox head = new HBox(8, name, chip, grow, open);
        head.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        String text = s.state() == Stage.State.SUCCEEDED ? s.result() : !s.problem().isEmpty() ? s.problem() : s.prompt();
        Label detail = new Label(text.length() > DETAIL_LIMIT ? text.substring(0, DETAIL_LIMIT) + "…" : text);
        detail.setWrapText(true);
        detail.getStyleClass().add("stage-detail");
        if (!s.problem().isEmpty()) {
            detail.getStyleClass().add("problem");
        }
        VBox body = new VBox(4, head, detail);
        HBox.setHgrow(body, Priority.ALWAYS);
        HBox row = new HBox(8, number, body);
        row.getStyleClass().add("stage-row");
        return row;
    }

    static String label(Stage.State state) {
        return switch (state) {
            case WAITING -> "waiting";
            case RUNNING -> "running";
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case INTERRUPTED -> "interrupted";
        };
    }

    /** Shows Forget… in the top bar; {@code action} asks the person and forgets (null: no Forget…). */
    public void setOnForget(Runnable action) {
        forgetButton.setAction(action);
    }
}
