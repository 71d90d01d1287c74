package dev.lanes.ui.dashboard;

import dev.lanes.coordinate.UnifiedDiff;
import dev.lanes.ui.common.Fxml;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import dev.lanes.ui.common.DiffList;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;

import java.util.Objects;

/**
 * A lane's unified diff, coloured: file headers, hunk headers, added and removed lines. The lines are a virtual
 * list (only the visible ones are laid out), the diff is cut beyond {@link UnifiedDiff#LINE_LIMIT} lines with a
 * note, and a very long line is cut too, so no diff can freeze the window.
 */
public final class DiffView extends BorderPane {

    @FXML private Label diffTitle;
    @FXML private Label diffStats;
    @FXML private Label diffNote;
    @FXML private Button copyDiffButton;
    @FXML private DiffList diffList;

    private final Runnable reload;
    private UnifiedDiff diff;

    public DiffView(String title, Runnable reload) {
        this.reload = Objects.requireNonNull(reload);
        Fxml.loadRoot(this, "DiffView.fxml");
        getStylesheets().add(Objects.requireNonNull(DiffView.class.getResource("dashboard.css")).toExternalForm());
        setId("diffView");
        diffTitle.setText(title);
        diffStats.setText("Reading the changes…");
        copyDiffButton.setDisable(true);
        diffList.setPlaceholder(new Label("Reading the changes…"));
    }

    /** Shows a diff read in the background. */
    public void show(UnifiedDiff d) {
        this.diff = d;
        diffList.show(d);
        diffList.setPlaceholder(new Label("No changes against " + d.against() + "."));
        diffStats.setText(d.isEmpty() ? "No changes against " + d.against()
                : d.files() + (d.files() == 1 ? " file" : " files") + "  +" + d.added() + " −" + d.removed()
                + "  against " + d.against() + " (committed, uncommitted and new files)");
        String note = d.isCut() ? "The diff has " + d.cutAfter() + " lines; the first " + d.lines().size()
                + " are shown. Open the worktree in your editor or a terminal (git diff) for the rest." : "";
        diffNote.setText(note);
        diffNote.setVisible(!note.isEmpty());
        diffNote.setManaged(!note.isEmpty());
        copyDiffButton.setDisable(d.lines().isEmpty());
    }

    /** Says why there is no diff. */
    public void fail(String message) {
        diffList.getItems().clear();
        diffList.setPlaceholder(new Label(message));
        diffStats.setText("");
        diffNote.setText(message);
        diffNote.setVisible(true);
        diffNote.setManaged(true);
    }

    public DiffList list() {
        return diffList;
    }

    @FXML
    private void copy() {
        if (diff == null) {
            return;
        }
        ClipboardContent c = new ClipboardContent();
        c.putString(diffList.text());
        Clipboard.getSystemClipboard().setContent(c);
    }

    @FXML
    private void reload() {
        diffStats.setText("Reading the changes…");
        reload.run();
    }
}
