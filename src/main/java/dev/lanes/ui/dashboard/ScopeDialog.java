package dev.lanes.ui.dashboard;

import dev.lanes.fanout.PathGlob;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.Fxml;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.fxml.FXML;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.List;

/**
 * Asks for a lane's scope: globs, one per line. A broken pattern is named with the reason and cannot be saved.
 * The result is the globs (empty: no scope).
 */
public final class ScopeDialog extends Dialog<List<String>> {

    public static final ButtonType SAVE = new ButtonType("Save Scope", ButtonBar.ButtonData.OK_DONE);

    @FXML private TextArea scopeArea;
    @FXML private Label scopeError;

    private final BooleanProperty valid = new SimpleBooleanProperty(true);

    public ScopeDialog(Window owner, String lane, List<String> current) {
        Dialogs.prepare(this, owner, "scopeDialog");
        setTitle("Scope");
        setHeaderText("Scope of " + lane);
        VBox content = Fxml.<VBox, ScopeDialog>load(ScopeDialog.class, "ScopeDialog.fxml", type -> this).root();
        getDialogPane().setContent(content);
        getDialogPane().getStylesheets().add(java.util.Objects.requireNonNull(
                ScopeDialog.class.getResource("dashboard.css")).toExternalForm());
        getDialogPane().getButtonTypes().setAll(SAVE, ButtonType.CANCEL);
        getDialogPane().lookupButton(SAVE).setId("saveScopeButton");
        getDialogPane().lookupButton(SAVE).disableProperty().bind(valid.not());
        scopeArea.setText(String.join("\n", current));
        scopeArea.textProperty().addListener((obs, old, text) -> check(text));
        setResultConverter(b -> b == SAVE ? globs(scopeArea.getText()) : null);
        Platform.runLater(scopeArea::requestFocus);
    }

    /** The non-blank lines, stripped. */
    static List<String> globs(String text) {
        return text.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private void check(String text) {
        List<String> problems = new ArrayList<>();
        for (String g : globs(text)) {
            try {
                PathGlob.compile(g);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage().contains(g) ? e.getMessage() : "“" + g + "”: " + e.getMessage());
            }
        }
        valid.set(problems.isEmpty());
        scopeError.setText(problems.isEmpty() ? "" : String.join("\n", problems));
        scopeError.setVisible(!problems.isEmpty());
        scopeError.setManaged(!problems.isEmpty());
    }
}
