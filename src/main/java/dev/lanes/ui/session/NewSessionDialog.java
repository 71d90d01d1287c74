package dev.lanes.ui.session;

import dev.lanes.model.SessionKind;
import dev.lanes.model.Worktree;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.Fxml;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.ListCell;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.List;

/** Asks for a new session: the worktree, the command a person would type, a name, and how to show it. */
public final class NewSessionDialog extends Dialog<NewSessionDialog.Request> {

    public static final ButtonType START = new ButtonType("Start", ButtonBar.ButtonData.OK_DONE);

    /** What the person asked for; the command is shell text they typed. */
    public record Request(Worktree worktree, String name, String command, SessionKind kind, boolean background,
                          List<String> resources) {
        public Request {
            resources = List.copyOf(resources);
        }
    }

    @FXML private ComboBox<Worktree> worktreeCombo;
    @FXML private TextField commandField;
    @FXML private TextField nameField;
    @FXML private RadioButton consoleRadio;
    @FXML private RadioButton terminalRadio;
    @FXML private CheckBox backgroundCheck;
    @FXML private TextField resourcesField;
    @FXML private javafx.scene.control.Label resourcesHint;

    private boolean nameEdited;
    private boolean settingName;

    /**
     * @param background preselects "Run in the background" (New Task…)
     */
    public NewSessionDialog(Window owner, List<Worktree> worktrees, Worktree selected, boolean background, String shellName) {
        Dialogs.prepare(this, owner, "newSessionDialog");
        setTitle(background ? "New Task" : "New Session");
        setHeaderText(background ? "Run a command in the background" : "New session");
        GridPane content = Fxml.<GridPane, NewSessionDialog>load(NewSessionDialog.class, "NewSessionDialog.fxml", type -> this).root();
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(START, ButtonType.CANCEL);
        Node start = getDialogPane().lookupButton(START);
        start.setId("startSessionButton");

        worktreeCombo.getItems().setAll(worktrees);
        worktreeCombo.setCellFactory(list -> new WorktreeListCell());
        worktreeCombo.setButtonCell(new WorktreeListCell());
        worktreeCombo.setValue(selected != null && worktrees.contains(selected) ? selected : worktrees.isEmpty() ? null : worktrees.get(0));
        backgroundCheck.setSelected(background);
        commandField.setPromptText(background ? "npm test" : shellName);
        commandField.textProperty().addListener((obs, old, text) -> {
            if (!nameEdited) {
                setName(defaultName(text));
            }
        });
        nameField.textProperty().addListener((obs, old, text) -> {
            if (!settingName) {
                nameEdited = !text.isBlank();
            }
        });
        terminalRadio.selectedProperty().addListener((obs, was, terminal) -> {
            if (terminal) {
                backgroundCheck.setSelected(false);
            }
        });
        backgroundCheck.disableProperty().bind(terminalRadio.selectedProperty());
        String resourcesText = resourcesHint.getText();
        javafx.beans.binding.BooleanBinding badResources = Bindings.createBooleanBinding(() -> {
            String problem = resourcesProblem(resourcesField.getText());
            resourcesHint.setText(problem == null ? resourcesText : problem);
            resourcesHint.getStyleClass().remove("problem");
            if (problem != null) {
                resourcesHint.getStyleClass().add("problem");
            }
            return problem != null;
        }, resourcesField.textProperty());
        start.disableProperty().bind(Bindings.createBooleanBinding(
                () -> worktreeCombo.getValue() == null || (commandField.getText().isBlank() && !terminalRadio.isSelected()),
                worktreeCombo.valueProperty(), commandField.textProperty(), terminalRadio.selectedProperty()).or(badResources));
        setResultConverter(button -> {
            if (button != START) {
                return null;
            }
            String command = commandField.getText().strip();
            String name = nameField.getText().isBlank() ? defaultName(command.isEmpty() ? shellName : command) : nameField.getText().strip();
            return new Request(worktreeCombo.getValue(), name, command,
                    terminalRadio.isSelected() ? SessionKind.TERMINAL : SessionKind.COMMAND, backgroundCheck.isSelected(),
                    dev.lanes.lane.LaneResources.parse(resourcesField.getText()));
        });
        setOnShown(e -> Platform.runLater(commandField::requestFocus));
    }

    /** Why the resources typed cannot be kept, or null. */
    private static String resourcesProblem(String text) {
        try {
            dev.lanes.lane.LaneResources.parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private void setName(String name) {
        settingName = true;
        try {
            nameField.setText(name);
        } finally {
            settingName = false;
        }
    }

    private static final java.util.Set<String> SKIPPED = java.util.Set.of("for", "while", "until", "if", "case", "select",
            "do", "then", "else", "elif", "done", "fi", "esac", "sudo", "env", "time", "exec", "nohup", "command", "{", "(");

    /**
     * A name from what the person typed: the first real command and its first argument ("npm test",
     * "claude", "gradlew build"), past shell keywords and variable assignments ("for f in *; do
     * eslint $f; done" gives "eslint $f").
     */
    static String defaultName(String command) {
        for (String part : command.strip().split(";|&&|\\|\\||\\|")) {
            List<String> words = new java.util.ArrayList<>(List.of(part.strip().split("\\s+")));
            while (!words.isEmpty() && (SKIPPED.contains(words.get(0)) || words.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
                if (words.get(0).equals("for") || words.get(0).equals("select") || words.get(0).equals("case")) {
                    words.clear(); // "for x in …": the loop's words are not a command
                    break;
                }
                words.remove(0);
            }
            if (words.isEmpty() || words.get(0).isEmpty()) {
                continue;
            }
            String first = words.get(0).substring(words.get(0).lastIndexOf('/') + 1);
            String name = words.size() > 1 && !words.get(1).startsWith("-") ? first + " " + words.get(1) : first;
            name = name.replaceAll("[\"']", "");
            return name.length() > 40 ? name.substring(0, 40) + "…" : name;
        }
        return "";
    }

    private static final class WorktreeListCell extends ListCell<Worktree> {
        @Override
        protected void updateItem(Worktree wt, boolean empty) {
            super.updateItem(wt, empty);
            setText(empty || wt == null ? null
                    : wt.name() + (wt.branch() == null ? "" : "  —  " + wt.branch()) + (wt.main() ? "  (main checkout)" : ""));
        }
    }
}
