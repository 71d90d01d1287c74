package dev.lanes.ui.dashboard;

import dev.lanes.coordinate.UnifiedDiff;
import dev.lanes.ui.common.Fxml;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A lane's unified diff, coloured: file headers, hunk headers, added and removed lines. The lines are a virtual
 * list (only the visible ones are laid out), the diff is cut beyond {@link UnifiedDiff#LINE_LIMIT} lines with a
 * note, and a very long line is cut too, so no diff can freeze the window.
 */
public final class DiffView extends BorderPane {

    private static final List<String> KIND_CLASSES = Arrays.stream(UnifiedDiff.Kind.values())
            .map(DiffView::styleClass).toList();

    @FXML private Label diffTitle;
    @FXML private Label diffStats;
    @FXML private Label diffNote;
    @FXML private Button copyDiffButton;
    @FXML private ListView<UnifiedDiff.Line> diffList;

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
        diffList.setFixedCellSize(18);
        diffList.setPlaceholder(new Label("Reading the changes…"));
        diffList.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(UnifiedDiff.Line line, boolean empty) {
                super.updateItem(line, empty);
                getStyleClass().removeAll(KIND_CLASSES);
                if (empty || line == null) {
                    setText(null);
                    return;
                }
                setText(line.text());
                getStyleClass().add(styleClass(line.kind()));
            }
        });
    }

    static String styleClass(UnifiedDiff.Kind kind) {
        return "diff-" + kind.name().toLowerCase(Locale.ROOT);
    }

    /** Shows a diff read in the background. */
    public void show(UnifiedDiff d) {
        this.diff = d;
        diffList.getItems().setAll(d.lines());
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

    public ListView<UnifiedDiff.Line> list() {
        return diffList;
    }

    @FXML
    private void copy() {
        if (diff == null) {
            return;
        }
        StringBuilder b = new StringBuilder();
        diff.lines().forEach(l -> b.append(l.text()).append('\n'));
        ClipboardContent c = new ClipboardContent();
        c.putString(b.toString());
        Clipboard.getSystemClipboard().setContent(c);
    }

    @FXML
    private void reload() {
        diffStats.setText("Reading the changes…");
        reload.run();
    }
}
