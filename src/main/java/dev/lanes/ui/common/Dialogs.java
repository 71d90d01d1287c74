package dev.lanes.ui.common;

import dev.lanes.git.GitException;
import dev.lanes.platform.Desktop;
import dev.lanes.process.ProcessStartException;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;

/** The app's dialogs: styled like their owner, with stable ids for tests and screen readers. */
public final class Dialogs {

    private Dialogs() {
    }

    /** The sentence a person should read for an error, never a bare class name. */
    public static String message(Throwable e) {
        if (e instanceof GitException || e instanceof Desktop.DesktopException
                || e instanceof ProcessStartException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return "Something went wrong: " + (m == null || m.isBlank() ? e.getClass().getSimpleName() : m);
    }

    /** Technical detail for the expandable part of an error dialog, or empty. */
    public static String detail(Throwable e) {
        if (e instanceof GitException ge) {
            return ge.detail();
        }
        if (e instanceof Desktop.DesktopException || e instanceof ProcessStartException) {
            return "";
        }
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    public static void prepare(Dialog<?> dialog, Window owner, String id) {
        if (owner != null) {
            dialog.initOwner(owner);
            if (owner.getScene() != null) {
                dialog.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
            }
        }
        dialog.getDialogPane().setId(id);
    }

    /** Shows an error and waits; returns the button pressed. */
    public static Optional<ButtonType> error(Window owner, String title, Throwable e, ButtonType... extra) {
        return error(owner, title, message(e), detail(e), extra);
    }

    public static Optional<ButtonType> error(Window owner, String title, String message, String detail, ButtonType... extra) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        prepare(alert, owner, "errorDialog");
        alert.setTitle("Lanes");
        alert.setHeaderText(title);
        Label text = new Label(message);
        text.setId("errorMessage");
        text.setWrapText(true);
        text.setMaxWidth(520);
        alert.getDialogPane().setContent(text);
        if (detail != null && !detail.isBlank()) {
            TextArea area = new TextArea(detail);
            area.setEditable(false);
            area.setWrapText(true);
            area.setPrefRowCount(8);
            area.getStyleClass().add("output-area");
            alert.getDialogPane().setExpandableContent(area);
        }
        if (extra.length > 0) {
            alert.getButtonTypes().setAll(extra);
            alert.getButtonTypes().add(ButtonType.CLOSE);
        }
        return alert.showAndWait();
    }

    /** Asks a yes/no question; {@code okText} names the action ("Remove"). */
    public static boolean confirm(Window owner, String id, String header, String text, String okText, boolean dangerous) {
        ButtonType ok = new ButtonType(okText, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", ok, ButtonType.CANCEL);
        prepare(alert, owner, id);
        alert.setTitle("Lanes");
        alert.setHeaderText(header);
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(520);
        alert.getDialogPane().setContent(label);
        if (dangerous) {
            alert.getDialogPane().lookupButton(ok).getStyleClass().add("danger");
            ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(ok)).setDefaultButton(false);
            ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        }
        return alert.showAndWait().filter(b -> b == ok).isPresent();
    }

    /** A dialog with a sentence above a list of files. */
    public static VBox fileListContent(String text, List<String> files) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(520);
        ListView<String> list = new ListView<>();
        list.getItems().setAll(files);
        list.setId("fileList");
        list.getStyleClass().add("file-list");
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox box = new VBox(8, label, list);
        box.setPrefWidth(540);
        return box;
    }
}
