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
    public record Request(Worktree worktree, String name, String command, SessionKind kind, boolean background) {
    }

    @FXML private ComboBox<Worktree> worktreeCombo;
    @FXML private TextField commandField;
    @FXML private TextField nameField;
    @FXML private RadioButton consoleRadio;
    @FXML private RadioButton terminalRadio;
    @FXML private CheckBox backgroundCheck;

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
        start.disableProperty().bind(Bindings.createBooleanBinding(
                () -> worktreeCombo.getValue() == null || (commandField.getText().isBlank() && !terminalRadio.isSelected()),
                worktreeCombo.valueProperty(), commandField.textProperty(), terminalRadio.selectedProperty()));
        setResultConverter(button -> {
            if (button != START) {
                return null;
            }
            String command = commandField.getText().strip();
            String name = nameField.getText().isBlank() ? defaultName(command.isEmpty() ? shellName : command) : nameField.getText().strip();
            return new Request(worktreeCombo.getValue(), name, command,
                    terminalRadio.isSelected() ? SessionKind.TERMINAL : SessionKind.COMMAND, backgroundCheck.isSelected());
        });
        setOnShown(e -> Platform.runLater(commandField::requestFocus));
    }

    private void setName(String name) {
        settingName = true;
        try {
            nameField.setText(name);
        } finally {
            settingName = false;
        }
    }

    /** The first word of the command and its first argument: "npm test", "claude", "./gradlew build". */
    static String defaultName(String command) {
        String[] words = command.strip().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return "";
        }
        String first = words[0].substring(words[0].lastIndexOf('/') + 1);
        String name = words.length > 1 && !words[1].startsWith("-") ? first + " " + words[1] : first;
        return name.length() > 40 ? name.substring(0, 40) + "…" : name;
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
