package dev.lanes.ui.agent;

import dev.lanes.model.AgentProfile;
import dev.lanes.model.Worktree;
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
import javafx.scene.control.ListCell;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.List;
import java.util.Locale;

/**
 * Asks for a new agent session: which agent, in which worktree, with what prompt, and within what
 * limits (permission mode, model, budget, turns).
 */
public final class NewAgentDialog extends Dialog<NewAgentDialog.Request> {

    public static final ButtonType START = new ButtonType("Start Agent", ButtonBar.ButtonData.OK_DONE);
    /** Claude Code's permission modes; "" is the agent's default (it asks, and headless runs refuse). */
    static final List<String> PERMISSION_MODES = List.of("acceptEdits", "default", "plan", "bypassPermissions");

    /** What the person asked for. */
    public record Request(AgentProfile profile, Worktree worktree, String name, String prompt, String permissionMode,
                          String model, Double budgetUsd, Integer maxTurns) {
    }

    @FXML private ComboBox<AgentProfile> profileCombo;
    @FXML private ComboBox<Worktree> worktreeCombo;
    @FXML private TextArea promptArea;
    @FXML private TextField nameField;
    @FXML private ComboBox<String> permissionCombo;
    @FXML private TextField modelField;
    @FXML private TextField budgetField;
    @FXML private TextField turnsField;
    @FXML private Label errorLabel;
    @FXML private Label detectionLabel;
    @FXML private Label permissionHint;

    /** Checks whether a profile's program is installed, off the FX thread; the answer comes back on it. */
    public interface Detector {
        void detect(AgentProfile profile, java.util.function.Consumer<dev.lanes.model.AgentDetection> answer);
    }

    public NewAgentDialog(Window owner, List<AgentProfile> profiles, List<Worktree> worktrees, Worktree selected) {
        this(owner, profiles, worktrees, selected, null);
    }

    /** With {@code detector}: the chosen agent's program is looked for, and a missing one said plainly. */
    public NewAgentDialog(Window owner, List<AgentProfile> profiles, List<Worktree> worktrees, Worktree selected,
                          Detector detector) {
        Dialogs.prepare(this, owner, "newAgentDialog");
        setTitle("New Agent");
        setHeaderText("Start an agent in a worktree");
        GridPane content = Fxml.<GridPane, NewAgentDialog>load(NewAgentDialog.class, "NewAgentDialog.fxml", type -> this).root();
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(START, ButtonType.CANCEL);
        Button start = (Button) getDialogPane().lookupButton(START);
        start.setId("startAgentButton");

        profileCombo.setId("agentProfileCombo");
        worktreeCombo.setId("agentWorktreeCombo");
        promptArea.setId("agentPromptArea");
        nameField.setId("agentNameField");
        permissionCombo.setId("agentPermissionCombo");
        budgetField.setId("agentBudgetField");
        turnsField.setId("agentTurnsField");
        modelField.setId("agentModelField");
        errorLabel.setId("agentDialogError");

        profileCombo.getItems().setAll(profiles);
        profileCombo.setCellFactory(l -> new ProfileCell());
        profileCombo.setButtonCell(new ProfileCell());
        profileCombo.setValue(profiles.isEmpty() ? null : profiles.get(0));
        worktreeCombo.getItems().setAll(worktrees);
        worktreeCombo.setCellFactory(l -> new WorktreeCell());
        worktreeCombo.setButtonCell(new WorktreeCell());
        worktreeCombo.setValue(selected != null && worktrees.contains(selected) ? selected : worktrees.isEmpty() ? null : worktrees.get(0));
        permissionCombo.getItems().setAll(PERMISSION_MODES);
        permissionHint.textProperty().bind(Bindings.createStringBinding(() -> permissionHint(permissionCombo.getValue()),
                permissionCombo.valueProperty()));
        permissionCombo.setValue("acceptEdits");

        // the name it will get unless the person gives one
        Runnable suggest = () -> nameField.setPromptText(profileCombo.getValue() == null ? ""
                : defaultName(promptArea.getText(), profileCombo.getValue()));
        promptArea.textProperty().addListener((obs, old, text) -> suggest.run());
        profileCombo.valueProperty().addListener((obs, old, p) -> suggest.run());
        suggest.run();
        detectionLabel.setId("agentDetectionLabel");
        detectionLabel.managedProperty().bind(detectionLabel.visibleProperty());
        detectionLabel.setVisible(false);
        if (detector != null) {
            java.util.function.Consumer<AgentProfile> check = p -> {
                if (p == null) {
                    return;
                }
                detectionLabel.setText("Looking for " + p.executable() + "…");
                detectionLabel.getStyleClass().removeAll("problem", "ok");
                detectionLabel.setVisible(true);
                detector.detect(p, d -> {
                    if (profileCombo.getValue() != p) {
                        return; // another agent was chosen meanwhile
                    }
                    detectionLabel.setText((d.found() ? "✓ " : "✗ ") + d.message());
                    detectionLabel.getStyleClass().add(d.found() ? "ok" : "problem");
                });
            };
            profileCombo.valueProperty().addListener((obs, old, p) -> check.accept(p));
            check.accept(profileCombo.getValue());
        }
        promptArea.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown() && !start.isDisabled()) {
                e.consume();
                start.fire();
            }
        });
        start.disableProperty().bind(Bindings.createBooleanBinding(
                () -> profileCombo.getValue() == null || worktreeCombo.getValue() == null
                        || (promptArea.getText().isBlank() && profileCombo.getValue().mode() == AgentProfile.Mode.HEADLESS),
                profileCombo.valueProperty(), worktreeCombo.valueProperty(), promptArea.textProperty()));
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        errorLabel.setVisible(false);
        start.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            String problem = problem();
            if (problem != null) {
                e.consume(); // the dialog stays, with what was typed
                errorLabel.setText(problem);
                errorLabel.setVisible(true);
                getDialogPane().getScene().getWindow().sizeToScene();
            }
        });
        setResultConverter(button -> button == START ? request() : null);
        setOnShown(e -> Platform.runLater(promptArea::requestFocus));
    }

    /** What a permission mode lets a headless agent do, in a line. */
    static String permissionHint(String mode) {
        return switch (mode == null ? "" : mode) {
            case "acceptEdits" -> "Edits files in the worktree without asking; other tools as your Claude settings allow.";
            case "default" -> "Asks before edits and commands: a headless run cannot ask, so those are refused (and listed).";
            case "plan" -> "Plans only: reads, changes nothing.";
            case "bypassPermissions" -> "Runs every tool without asking. Claude Code refuses this mode when run as root.";
            default -> "";
        };
    }

    private String problem() {
        try {
            budget();
            turns();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private Double budget() {
        return parseBudget(budgetField.getText());
    }

    /**
     * A budget field's dollars: null when empty.
     *
     * @throws IllegalArgumentException with a sentence for anything but an amount above 0
     */
    public static Double parseBudget(String text) {
        String t = text.strip().replace("$", "");
        if (t.isEmpty()) {
            return null;
        }
        try {
            double v = Double.parseDouble(t);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Budget: an amount in US dollars above 0, like 2.50 (empty: none).");
        }
    }

    private Integer turns() {
        String t = turnsField.getText().strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            int v = Integer.parseInt(t);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Max turns: a whole number, at least 1 (empty: no limit).");
        }
    }

    private Request request() {
        String prompt = promptArea.getText().strip();
        String name = nameField.getText().isBlank() ? defaultName(prompt, profileCombo.getValue()) : nameField.getText().strip();
        return new Request(profileCombo.getValue(), worktreeCombo.getValue(), name, prompt, permissionCombo.getValue(),
                modelField.getText().strip(), budget(), turns());
    }

    /** A name from the prompt's first words ("Fix the login bug…"), else the agent's name. */
    static String defaultName(String prompt, AgentProfile profile) {
        String firstLine = prompt.strip().lines().findFirst().orElse("").strip();
        if (firstLine.isEmpty()) {
            return profile.name();
        }
        String[] words = firstLine.split("\\s+");
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() + w.length() > 32) {
                sb.append('…');
                break;
            }
            sb.append(sb.length() == 0 ? "" : " ").append(w);
        }
        return sb.toString();
    }

    /** An agent profile in a combo box: its name and program. */
    public static final class ProfileCell extends ListCell<AgentProfile> {
        @Override
        protected void updateItem(AgentProfile p, boolean empty) {
            super.updateItem(p, empty);
            setText(empty || p == null ? null : p.name() + "  —  " + p.executable()
                    + (p.mode() == AgentProfile.Mode.INTERACTIVE ? " (terminal)" : "").toLowerCase(Locale.ROOT));
        }
    }

    /** A worktree in a combo box: its name and branch. */
    public static final class WorktreeCell extends ListCell<Worktree> {
        @Override
        protected void updateItem(Worktree wt, boolean empty) {
            super.updateItem(wt, empty);
            setText(empty || wt == null ? null
                    : wt.name() + (wt.branch() == null ? "" : "  —  " + wt.branch()) + (wt.main() ? "  (main checkout)" : ""));
        }
    }
}
