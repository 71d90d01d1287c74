package dev.lanes.ui.pipeline;

import dev.lanes.model.AgentProfile;
import dev.lanes.model.Worktree;
import dev.lanes.pipeline.Pipelines;
import dev.lanes.pipeline.StagePresets;
import dev.lanes.ui.agent.NewAgentDialog;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.Fxml;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.List;

/** Asks for a pipeline: the worktree, the agent, and its stages as editable rows (name + prompt). */
public final class PipelineDialog extends Dialog<PipelineDialog.Choice> {

    public static final ButtonType START = new ButtonType("Start Pipeline", ButtonBar.ButtonData.OK_DONE);

    /** What the person asked for. */
    public record Choice(Worktree worktree, AgentProfile profile, String model, List<Pipelines.StageSpec> stages) {
    }

    @FXML private ComboBox<Worktree> worktreeCombo;
    @FXML private ComboBox<AgentProfile> profileCombo;
    @FXML private TextField modelField;
    @FXML private VBox stageRows;
    @FXML private Label errorLabel;

    public PipelineDialog(Window owner, List<AgentProfile> profiles, List<Worktree> worktrees, Worktree selected) {
        Dialogs.prepare(this, owner, "pipelineDialog");
        setTitle("Pipeline");
        setHeaderText("Run stages one after another in a worktree");
        GridPane content = Fxml.<GridPane, PipelineDialog>load(PipelineDialog.class, "PipelineDialog.fxml", t -> this).root();
        getDialogPane().setContent(content);
        getDialogPane().getStylesheets().add(PipelineView.STYLESHEET);
        getDialogPane().getButtonTypes().setAll(START, ButtonType.CANCEL);
        Button start = (Button) getDialogPane().lookupButton(START);
        start.setId("startPipelineButton");
        stageRows.setId("stageRows");
        errorLabel.setId("pipelineDialogError");

        worktreeCombo.getItems().setAll(worktrees);
        worktreeCombo.setCellFactory(l -> new NewAgentDialog.WorktreeCell());
        worktreeCombo.setButtonCell(new NewAgentDialog.WorktreeCell());
        worktreeCombo.setValue(selected != null && worktrees.contains(selected) ? selected : worktrees.isEmpty() ? null : worktrees.get(0));
        List<AgentProfile> headless = profiles.stream().filter(p -> p.mode() == AgentProfile.Mode.HEADLESS).toList();
        profileCombo.getItems().setAll(headless);
        profileCombo.setCellFactory(l -> new NewAgentDialog.ProfileCell());
        profileCombo.setButtonCell(new NewAgentDialog.ProfileCell());
        profileCombo.setValue(headless.isEmpty() ? null : headless.get(0));
        StagePresets.ALL.forEach(this::addRow);

        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        errorLabel.setVisible(false);
        start.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            String problem = problem();
            if (problem != null) {
                e.consume(); // the dialog stays, with what was typed
                errorLabel.setText(problem);
                errorLabel.setVisible(true);
            }
        });
        setResultConverter(b -> b == START ? new Choice(worktreeCombo.getValue(), profileCombo.getValue(),
                modelField.getText().strip(), stages()) : null);
    }

    @FXML
    private void addImplementation() {
        addRow(StagePresets.IMPLEMENTATION);
    }

    @FXML
    private void addTests() {
        addRow(StagePresets.TESTS);
    }

    @FXML
    private void addDocumentation() {
        addRow(StagePresets.DOCUMENTATION);
    }

    @FXML
    private void addEmpty() {
        addRow(new StagePresets.Preset("", ""));
    }

    /** A stage row: its number, name, prompt, and a button that takes it out. */
    private void addRow(StagePresets.Preset preset) {
        TextField name = new TextField(preset.name());
        name.setPromptText("name");
        name.setPrefColumnCount(12);
        name.getStyleClass().add("stage-name");
        TextArea prompt = new TextArea(preset.prompt());
        prompt.setPromptText("What this stage's agent should do");
        prompt.setWrapText(true);
        prompt.setPrefRowCount(3);
        prompt.getStyleClass().add("stage-prompt");
        HBox.setHgrow(prompt, Priority.ALWAYS);
        Label number = new Label();
        number.getStyleClass().add("stage-number");
        Button remove = new Button("✕");
        remove.getStyleClass().addAll("tool", "small");
        remove.setTooltip(new javafx.scene.control.Tooltip("Remove this stage"));
        HBox row = new HBox(8, number, new VBox(4, name), prompt, remove);
        row.getStyleClass().add("stage-row");
        remove.setOnAction(e -> {
            stageRows.getChildren().remove(row);
            renumber();
        });
        stageRows.getChildren().add(row);
        renumber();
    }

    private void renumber() {
        for (int i = 0; i < stageRows.getChildren().size(); i++) {
            ((Label) ((HBox) stageRows.getChildren().get(i)).getChildren().get(0)).setText((i + 1) + ".");
        }
    }

    /** The stages as typed, in order. */
    List<Pipelines.StageSpec> stages() {
        List<Pipelines.StageSpec> out = new ArrayList<>();
        for (var n : stageRows.getChildren()) {
            HBox row = (HBox) n;
            TextField name = (TextField) ((VBox) row.getChildren().get(1)).getChildren().get(0);
            TextArea prompt = (TextArea) row.getChildren().get(2);
            out.add(new Pipelines.StageSpec(name.getText(), prompt.getText(), "", ""));
        }
        return out;
    }

    private String problem() {
        if (profileCombo.getValue() == null) {
            return "Choose an agent (a headless one: Lanes needs to know whether each stage succeeded).";
        }
        List<Pipelines.StageSpec> stages = stages();
        if (stages.isEmpty()) {
            return "Add at least one stage.";
        }
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).name().isEmpty()) {
                return "Stage " + (i + 1) + " has no name: give it one, such as “tests”.";
            }
            if (stages.get(i).prompt().isEmpty()) {
                return "Stage " + (i + 1) + " (" + stages.get(i).name() + ") has no prompt: write what its agent should do.";
            }
            if (stages.get(i).prompt().contains("<describe it>")) {
                return "Stage " + (i + 1) + " (" + stages.get(i).name() + "): replace “<describe it>” with the change you want.";
            }
        }
        return null;
    }
}
