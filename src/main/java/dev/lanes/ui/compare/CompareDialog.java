package dev.lanes.ui.compare;

import dev.lanes.compare.Comparisons;
import dev.lanes.model.AgentProfile;
import dev.lanes.ui.agent.NewAgentDialog;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.Fxml;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
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

/** Asks for one prompt, a base branch, and 2–4 agents (profile and model) to run it. */
public final class CompareDialog extends Dialog<CompareDialog.Choice> {

    public static final ButtonType START = new ButtonType("Start Lanes", ButtonBar.ButtonData.OK_DONE);

    /** What the person asked for. */
    public record Choice(String prompt, String base, List<Comparisons.LaneSpec> lanes) {
    }

    @FXML private TextArea promptArea;
    @FXML private ComboBox<String> baseCombo;
    @FXML private VBox laneRows;
    @FXML private Button addLaneButton;
    @FXML private Label errorLabel;

    private final List<AgentProfile> profiles;

    public CompareDialog(Window owner, List<AgentProfile> profiles, List<String> branches, String base) {
        this.profiles = profiles.stream().filter(p -> p.mode() == AgentProfile.Mode.HEADLESS).toList();
        Dialogs.prepare(this, owner, "compareDialog");
        setTitle("Same Prompt on Several Agents");
        setHeaderText("Run one prompt on several agents, each in a new lane");
        GridPane content = Fxml.<GridPane, CompareDialog>load(CompareDialog.class, "CompareDialog.fxml", t -> this).root();
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(START, ButtonType.CANCEL);
        Button start = (Button) getDialogPane().lookupButton(START);
        start.setId("startCompareButton");
        promptArea.setId("comparePromptArea");
        laneRows.setId("compareLaneRows");
        errorLabel.setId("compareDialogError");
        baseCombo.getItems().setAll(branches);
        baseCombo.setValue(base != null && branches.contains(base) ? base : branches.isEmpty() ? null : branches.get(0));
        addLane();
        addLane();
        addLaneButton.disableProperty().bind(Bindings.size(laneRows.getChildren()).greaterThanOrEqualTo(Comparisons.MAX_LANES));
        start.disableProperty().bind(Bindings.createBooleanBinding(() -> promptArea.getText().isBlank()
                || baseCombo.getValue() == null || this.profiles.isEmpty(), promptArea.textProperty(), baseCombo.valueProperty()));
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        errorLabel.setVisible(this.profiles.isEmpty());
        errorLabel.setText("No headless agent profile: add one in Preferences → Agents.");
        setResultConverter(b -> b == START ? new Choice(promptArea.getText().strip(), baseCombo.getValue(), lanes()) : null);
        setOnShown(e -> Platform.runLater(promptArea::requestFocus));
    }

    /** Another agent row (at most {@link Comparisons#MAX_LANES}); a new row takes the next profile. */
    @FXML
    void addLane() {
        if (laneRows.getChildren().size() >= Comparisons.MAX_LANES || profiles.isEmpty()) {
            return;
        }
        ComboBox<AgentProfile> profile = new ComboBox<>();
        profile.getItems().setAll(profiles);
        profile.setCellFactory(l -> new NewAgentDialog.ProfileCell());
        profile.setButtonCell(new NewAgentDialog.ProfileCell());
        profile.setValue(profiles.get(Math.min(laneRows.getChildren().size(), profiles.size() - 1)));
        profile.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(profile, Priority.ALWAYS);
        TextField model = new TextField();
        model.setPromptText("model (the agent's default)");
        model.setPrefColumnCount(16);
        Button remove = new Button("✕");
        remove.getStyleClass().addAll("tool", "small");
        remove.setTooltip(new javafx.scene.control.Tooltip("Remove this agent"));
        HBox row = new HBox(8, profile, model, remove);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        remove.disableProperty().bind(Bindings.size(laneRows.getChildren()).lessThanOrEqualTo(Comparisons.MIN_LANES));
        remove.setOnAction(e -> laneRows.getChildren().remove(row));
        laneRows.getChildren().add(row);
    }

    @SuppressWarnings("unchecked")
    List<Comparisons.LaneSpec> lanes() {
        List<Comparisons.LaneSpec> out = new ArrayList<>();
        for (var n : laneRows.getChildren()) {
            HBox row = (HBox) n;
            out.add(new Comparisons.LaneSpec(((ComboBox<AgentProfile>) row.getChildren().get(0)).getValue(),
                    ((TextField) row.getChildren().get(1)).getText()));
        }
        return out;
    }
}
