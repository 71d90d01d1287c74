package dev.lanes.ui.common;

import dev.lanes.coordinate.UnifiedDiff;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A unified diff as a virtual list of coloured lines: file and hunk headers, added and removed lines. Only the
 * visible lines are laid out (a fixed line height), and {@link UnifiedDiff} already cut what is too long, so no
 * diff can freeze the window. The one diff view of the app: the dashboard's, the review pane's rounds, the
 * comparison's columns. Its colours are in the theme ({@code .diff-list}, a style class per line kind).
 */
public final class DiffList extends ListView<UnifiedDiff.Line> {

    /** The height of a line, as the theme's cell padding and font make it. */
    public static final double LINE_HEIGHT = 18;

    private static final List<String> KIND_CLASSES = Arrays.stream(UnifiedDiff.Kind.values()).map(DiffList::styleClass).toList();

    public DiffList() {
        getStyleClass().add("diff-list");
        setFixedCellSize(LINE_HEIGHT);
        setCellFactory(list -> new ListCell<>() {
            private String shown = "";

            @Override
            protected void updateItem(UnifiedDiff.Line line, boolean empty) {
                super.updateItem(line, empty);
                String wanted = empty || line == null ? "" : styleClass(line.kind());
                if (!wanted.equals(shown)) {
                    getStyleClass().removeAll(KIND_CLASSES);
                    if (!wanted.isEmpty()) {
                        getStyleClass().add(wanted);
                    }
                    shown = wanted;
                }
                setText(empty || line == null ? null : line.text());
            }
        });
    }

    /** "diff-file", "diff-meta", "diff-hunk", "diff-added", "diff-removed", "diff-context", "diff-note". */
    public static String styleClass(UnifiedDiff.Kind kind) {
        return "diff-" + kind.name().toLowerCase(Locale.ROOT);
    }

    /** Shows the lines of {@code diff}. */
    public void show(UnifiedDiff diff) {
        getItems().setAll(diff.lines());
    }

    /** Shows git's unified diff {@code text} (cut at {@link UnifiedDiff#LINE_LIMIT} lines), or {@code whenEmpty}. */
    public void show(String text, String whenEmpty) {
        UnifiedDiff d = UnifiedDiff.parse("", "", text == null ? "" : text, UnifiedDiff.LINE_LIMIT);
        setPlaceholder(new javafx.scene.control.Label(whenEmpty));
        if (d.isCut()) {
            List<UnifiedDiff.Line> lines = new java.util.ArrayList<>(d.lines());
            lines.add(new UnifiedDiff.Line(UnifiedDiff.Kind.NOTE, "… " + (d.cutAfter() - d.lines().size())
                    + " more lines not shown: git diff in the worktree has them all"));
            getItems().setAll(lines);
        } else {
            getItems().setAll(d.lines());
        }
    }

    /** The lines shown, or the sentence shown instead when there are none. */
    public String shownText() {
        return getItems().isEmpty() && getPlaceholder() instanceof javafx.scene.control.Label l ? l.getText() : text();
    }

    /** The lines shown, one per line (for the clipboard). */
    public String text() {
        StringBuilder b = new StringBuilder();
        getItems().forEach(l -> b.append(l.text()).append('\n'));
        return b.toString();
    }
}
