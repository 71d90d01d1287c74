package dev.lanes.ui.settings;

import dev.lanes.settings.Settings;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.Fxml;
import javafx.event.ActionEvent;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Preferences. General: where new worktrees go, console lines and the theme, applied when the
 * person presses OK. Agents ({@link AgentsPage}): the agent profiles, whose Save writes at once;
 * OK also saves the changes not saved yet, Cancel drops them.
 */
public final class PreferencesDialog extends Dialog<ButtonType> {

    @FXML private TabPane preferencesTabs;
    @FXML private Tab agentsTab;
    @FXML private TextField worktreesRootField;
    @FXML private Label worktreesRootHint;
    @FXML private CheckBox darkThemeCheck;
    @FXML private TextField consoleLinesField;

    /**
     * @param agents the Agents page, or null to show General only
     */
    public PreferencesDialog(Window owner, Settings settings, AgentsPage agents) {
        Dialogs.prepare(this, owner, "preferencesDialog");
        setTitle("Preferences");
        setResizable(true);
        TabPane content = Fxml.<TabPane, PreferencesDialog>load(PreferencesDialog.class, "PreferencesDialog.fxml", type -> this).root();
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        worktreesRootField.setText(settings.worktreesRoot().map(Path::toString).orElse(""));
        worktreesRootField.textProperty().addListener((obs, old, text) -> updateHint(text));
        updateHint(worktreesRootField.getText());
        darkThemeCheck.setSelected(settings.theme() == Settings.Theme.DARK);
        consoleLinesField.setText(String.format(java.util.Locale.ROOT, "%,d", settings.consoleLines()));

        if (agents == null) {
            preferencesTabs.getTabs().remove(agentsTab);
        } else {
            agentsTab.setContent(agents.root());
            agentsTab.selectedProperty().addListener((obs, was, selected) -> {
                if (selected) {
                    agents.activate();
                }
            });
            // OK first saves the agent profiles' pending changes; it closes the dialog once they are saved
            Button ok = (Button) getDialogPane().lookupButton(ButtonType.OK);
            ok.addEventFilter(ActionEvent.ACTION, e -> {
                if (agents.hasUnsaved()) {
                    e.consume();
                    preferencesTabs.getSelectionModel().select(agentsTab);
                    agents.saveAll(ok::fire);
                }
            });
        }

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

    /** Opens on the Agents page (from "not installed" links elsewhere). */
    public PreferencesDialog showingAgents() {
        if (preferencesTabs.getTabs().contains(agentsTab)) {
            preferencesTabs.getSelectionModel().select(agentsTab);
        }
        return this;
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
