package dev.lanes.ui.compare;

import dev.lanes.compare.Comparison;
import dev.lanes.compare.Comparisons;
import dev.lanes.model.AgentProfile;
import dev.lanes.ui.agent.NewAgentDialog;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.Fxml;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Asks for one prompt, a base branch, and 2–4 agents (profile and model) to run it — or reopens an
 * earlier comparison of the repository (kept across restarts) from Reopen an Earlier Comparison.
 * What cannot be started is said in a sentence under the agents, and Start Lanes stays disabled.
 *
 * <p>Stable ids: {@code #compareDialog}, {@code #earlierComparisonsButton} (its items
 * {@code #earlierComparison-<id>}), {@code #comparePromptArea}, {@code #compareBaseCombo},
 * {@code #compareLaneRows} (rows {@code #compareLane-<n>} with {@code #compareLane-<n>-profile} and
 * {@code #compareLane-<n>-model}, n from 1), {@code #addCompareLaneButton}, {@code #compareDialogError},
 * {@code #startCompareButton}.
 */
public final class CompareDialog extends Dialog<CompareDialog.Choice> {

    public static final ButtonType START = new ButtonType("Start Lanes", ButtonBar.ButtonData.OK_DONE);
    /** A model's name as agents take it: claude-opus-4-1, gpt-5.1-codex, us.anthropic.claude…:0, openai/gpt-5. */
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@\\[\\]-]*");

    /**
     * What the person asked for: a new comparison, or {@code reopen} (then the rest is empty).
     */
    public record Choice(String prompt, String base, List<Comparisons.LaneSpec> lanes, Comparison reopen) {

        public Choice {
            lanes = List.copyOf(lanes);
        }

        static Choice reopening(Comparison c) {
            return new Choice("", c.base(), List.of(), c);
        }
    }

    @FXML private MenuButton earlierButton;
    @FXML private TextArea promptArea;
    @FXML private ComboBox<String> baseCombo;
    @FXML private VBox laneRows;
    @FXML private Button addLaneButton;
    @FXML private Label errorLabel;

    private final List<AgentProfile> profiles;
    /** Set once the prompt has been typed in: an empty prompt is said only then, not at the first look. */
    private final SimpleBooleanProperty promptTouched = new SimpleBooleanProperty(false);
    /** Bumped when a lane's model changes, so that the problem is worked out again. */
    private final SimpleBooleanProperty lanesChanged = new SimpleBooleanProperty(false);

    /**
     * @param earlier the repository's earlier comparisons, newest first (reopened from the dialog)
     */
    public CompareDialog(Window owner, List<AgentProfile> profiles, List<String> branches, String base, List<Comparison> earlier) {
        this.profiles = profiles.stream().filter(p -> p.mode() == AgentProfile.Mode.HEADLESS).toList();
        Dialogs.prepare(this, owner, "compareDialog");
        setTitle("Same Prompt on Several Agents");
        setHeaderText("Run one prompt on several agents, each in a new lane");
        GridPane content = Fxml.<GridPane, CompareDialog>load(CompareDialog.class, "CompareDialog.fxml", t -> this).root();
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(START, ButtonType.CANCEL);
        Button start = (Button) getDialogPane().lookupButton(START);
        start.setId("startCompareButton");
        earlierButton.setId("earlierComparisonsButton");
        promptArea.setId("comparePromptArea");
        baseCombo.setId("compareBaseCombo");
        laneRows.setId("compareLaneRows");
        addLaneButton.setId("addCompareLaneButton");
        errorLabel.setId("compareDialogError");
        earlier(earlier);
        baseCombo.getItems().setAll(branches);
        baseCombo.setValue(base != null && branches.contains(base) ? base : branches.isEmpty() ? null : branches.get(0));
        addLane();
        addLane();
        addLaneButton.disableProperty().bind(Bindings.size(laneRows.getChildren()).greaterThanOrEqualTo(Comparisons.MAX_LANES));
        promptArea.textProperty().addListener((obs, old, text) -> promptTouched.set(true));
        laneRows.getChildren().addListener((javafx.collections.ListChangeListener<javafx.scene.Node>) ch -> renumber());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        BooleanBinding refused = Bindings.createBooleanBinding(() -> {
            String problem = problem();
            // an empty prompt at the first look only disables Start Lanes; once typed in and emptied it is said too
            boolean said = problem != null && !(problemIsThePrompt() && !promptTouched.get());
            errorLabel.setText(said ? problem : "");
            errorLabel.setVisible(said);
            return problem != null;
        }, promptArea.textProperty(), baseCombo.valueProperty(), promptTouched, lanesChanged, laneRows.getChildren());
        start.disableProperty().bind(refused);
        setResultConverter(b -> b == START && problem() == null
                ? new Choice(promptArea.getText().strip(), baseCombo.getValue(), lanes(), null) : null);
        setOnShown(e -> Platform.runLater(promptArea::requestFocus));
    }

    /** The earlier comparisons as items that reopen one (the newest first). */
    private void earlier(List<Comparison> earlier) {
        dev.lanes.ui.common.EarlierMenu.fill(earlierButton, earlier, "comparison", "earlierComparison-", Comparison::id,
                CompareDialog::describe, c -> {
                    setResult(Choice.reopening(c));
                    close();
                });
    }

    /** "4 Mar 14:05 · Greet the world · 3 agents · merged Claude Code · claude-opus-4-1" */
    static String describe(Comparison c) {
        String first = c.prompt().lines().findFirst().orElse("").strip();
        String what = first.length() > 60 ? first.substring(0, 59) + "…" : first;
        String chosen = c.lanes().stream().filter(l -> l.outcome() == Comparison.Outcome.MERGED).findFirst()
                .map(l -> " · merged " + l.label())
                .orElseGet(() -> c.chosenLane().map(l -> " · kept " + l.label()).orElse(""));
        return (c.createdAt() == null ? "" : dev.lanes.ui.common.EarlierMenu.when(c.createdAt()) + " · ") + what + " · " + c.lanes().size() + " agents"
                + chosen;
    }

    /** Why Start Lanes cannot start what the dialog holds, one sentence; null when it can. */
    String problem() {
        if (profiles.isEmpty()) {
            return "No headless agent profile: add one in Preferences → Agents.";
        }
        if (promptArea.getText().isBlank()) {
            return "Write the prompt every agent gets.";
        }
        if (baseCombo.getValue() == null) {
            return "Choose the base branch every lane starts from.";
        }
        List<Comparisons.LaneSpec> lanes = lanes();
        if (lanes.size() < Comparisons.MIN_LANES || lanes.size() > Comparisons.MAX_LANES) {
            return "Choose " + Comparisons.MIN_LANES + " to " + Comparisons.MAX_LANES + " agents to compare (there are "
                    + lanes.size() + ").";
        }
        for (int i = 0; i < lanes.size(); i++) {
            Comparisons.LaneSpec lane = lanes.get(i);
            if (lane.profile() == null) {
                return "Choose the agent of row " + (i + 1) + ".";
            }
            if (!lane.model().isEmpty() && !MODEL.matcher(lane.model()).matches()) {
                return "The model of agent " + (i + 1) + ", “" + lane.model() + "”, is not a model's name: write one such as "
                        + "claude-opus-4-1 (letters, digits and - . _ : /, no spaces), or leave it empty for the agent's default.";
            }
        }
        return null;
    }

    /** Whether the only thing missing is the prompt (not said before the person has typed one). */
    private boolean problemIsThePrompt() {
        return !profiles.isEmpty() && promptArea.getText().isBlank();
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
        model.textProperty().addListener((obs, old, text) -> lanesChanged.set(!lanesChanged.get()));
        profile.valueProperty().addListener((obs, old, p) -> lanesChanged.set(!lanesChanged.get()));
        Button remove = new Button("✕");
        remove.getStyleClass().addAll("tool", "small");
        remove.setTooltip(new javafx.scene.control.Tooltip("Remove this agent"));
        HBox row = new HBox(8, profile, model, remove);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        remove.disableProperty().bind(Bindings.size(laneRows.getChildren()).lessThanOrEqualTo(Comparisons.MIN_LANES));
        remove.setOnAction(e -> laneRows.getChildren().remove(row));
        laneRows.getChildren().add(row);
        renumber();
    }

    /** Row ids follow the rows' places (a removed row renumbers the ones after it). */
    private void renumber() {
        for (int i = 0; i < laneRows.getChildren().size(); i++) {
            HBox row = (HBox) laneRows.getChildren().get(i);
            String id = "compareLane-" + (i + 1);
            row.setId(id);
            row.getChildren().get(0).setId(id + "-profile");
            row.getChildren().get(1).setId(id + "-model");
            row.getChildren().get(2).setId(id + "-remove");
        }
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
