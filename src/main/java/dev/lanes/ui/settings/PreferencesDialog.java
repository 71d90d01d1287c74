package dev.lanes.ui.settings;

import dev.lanes.settings.Settings;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.Fxml;
import javafx.fxml.FXML;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Preferences: where new worktrees go, and the theme. Applied when the person presses OK. */
public final class PreferencesDialog extends Dialog<ButtonType> {

    @FXML private TextField worktreesRootField;
    @FXML private Label worktreesRootHint;
    @FXML private CheckBox darkThemeCheck;
    @FXML private TextField consoleLinesField;

    public PreferencesDialog(Window owner, Settings settings) {
        Dialogs.prepare(this, owner, "preferencesDialog");
        setTitle("Preferences");
        setHeaderText("Preferences");
        GridPane content = Fxml.<GridPane, PreferencesDialog>load(PreferencesDialog.class, "PreferencesDialog.fxml", type -> this).root();
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        worktreesRootField.setText(settings.worktreesRoot().map(Path::toString).orElse(""));
        worktreesRootField.textProperty().addListener((obs, old, text) -> updateHint(text));
        updateHint(worktreesRootField.getText());
        darkThemeCheck.setSelected(settings.theme() == Settings.Theme.DARK);
        consoleLinesField.setText(String.format(java.util.Locale.ROOT, "%,d", settings.consoleLines()));
        setResultConverter(button -> {
            if (button == ButtonType.OK) {
                String root = worktreesRootField.getText().strip();
                settings.setWorktreesRoot(root.isEmpty() ? null : Path.of(root).toAbsolutePath());
                settings.setTheme(darkThemeCheck.isSelected() ? Settings.Theme.DARK : Settings.Theme.LIGHT);
                String lines = consoleLinesField.getText().replaceAll("[,._\\s]", "");
                if (lines.matches("\\d{1,9}")) {
                    settings.setConsoleLines(Integer.parseInt(lines));
                }
            }
            return button;
        });
    }

    private void updateHint(String text) {
        String root = text == null ? "" : text.strip();
        worktreesRootHint.setText(root.isEmpty()
                ? "New worktrees go beside the repository: <parent>/<repository>.lanes/<branch>."
                : "New worktrees go to " + Path.of(root).resolve("<repository>").resolve("<branch>") + ".");
    }

    @FXML
    private void browse() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Folder for new worktrees");
        String current = worktreesRootField.getText().strip();
        if (!current.isEmpty() && Files.isDirectory(Path.of(current))) {
            chooser.setInitialDirectory(new File(current));
        }
        File chosen = chooser.showDialog(getDialogPane().getScene().getWindow());
        if (chosen != null) {
            worktreesRootField.setText(chosen.getAbsolutePath());
        }
    }
}
