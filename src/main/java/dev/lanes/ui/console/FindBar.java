package dev.lanes.ui.console;

import dev.lanes.console.TextStyle;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.fxmisc.richtext.SelectionImpl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The find bar of a console: a query, the match count ("3 of 7"), previous/next, close. Matching
 * ignores case and never spans lines. Matches are kept as offsets and updated incrementally as
 * output arrives and old lines are trimmed, so a search stays right while a build streams.
 * Only the matches in view are highlighted (RichTextFX draws a selection for every cell, so a
 * highlight per match would not scale); the current match is the area's selection.
 */
final class FindBar extends HBox {

    private static final int MAX_HIGHLIGHTS = 100;
    private static final PseudoClass NO_RESULTS = PseudoClass.getPseudoClass("no-results");

    private final ConsoleArea area;
    private final Runnable onJump;
    private final TextField field = new TextField();
    private final Label count = new Label();

    /** Start offsets of the matches, ascending; all of length {@code query.length()}. */
    private int[] matches = new int[64];
    private int size;
    private int current = -1;
    private String query = "";
    private final List<SelectionImpl<Boolean, String, TextStyle>> highlights = new ArrayList<>();

    /**
     * @param onJump called when a match is selected and scrolled to (the view stops following the tail)
     * @param onClose called when the person closes the bar
     */
    FindBar(ConsoleArea area, Runnable onJump, Runnable onClose) {
        this.area = area;
        this.onJump = onJump;
        setId("findBar");
        getStyleClass().add("console-find-bar");
        setAlignment(Pos.CENTER_LEFT);

        field.setId("findField");
        field.setPromptText("Find");
        field.getStyleClass().add("console-find-field");
        field.textProperty().addListener((obs, old, text) -> search());
        field.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                if (e.isShiftDown()) {
                    previous();
                } else {
                    next();
                }
                e.consume();
            }
        });
        HBox.setHgrow(field, Priority.SOMETIMES);

        count.setId("findCount");
        count.getStyleClass().add("console-find-count");
        count.setMinWidth(USE_PREF_SIZE);

        Button previousButton = ConsoleView.iconButton("findPreviousButton", "icon-up", "Previous match (Shift+Enter)");
        previousButton.setOnAction(e -> previous());
        Button nextButton = ConsoleView.iconButton("findNextButton", "icon-down", "Next match (Enter)");
        nextButton.setOnAction(e -> next());
        Button closeButton = ConsoleView.iconButton("findCloseButton", "icon-close", "Close (Esc)");
        closeButton.setOnAction(e -> onClose.run());

        getChildren().addAll(field, count, previousButton, nextButton, closeButton);
        setVisible(false);
        setManaged(false);
    }

    boolean isOpen() {
        return isVisible();
    }

    /** Shows the bar, takes the selected text as the query if it is one line, focuses the field. */
    void open() {
        boolean wasOpen = isOpen();
        setVisible(true);
        setManaged(true);
        String selected = area.getSelectedText();
        if (!selected.isEmpty() && selected.indexOf('\n') < 0 && selected.length() <= 200) {
            field.setText(selected);
        }
        if (!wasOpen && query.isEmpty() && !field.getText().isEmpty()) {
            search(); // the last query, again
        }
        field.requestFocus();
        field.selectAll();
        updateHighlights();
    }

    /** Hides the bar; the query stays in the field for next time, but nothing is tracked meanwhile. */
    void close() {
        setVisible(false);
        setManaged(false);
        query = "";
        size = 0;
        current = -1;
        for (var h : highlights) {
            area.removeSelection(h);
            h.dispose();
        }
        highlights.clear();
    }

    void next() {
        if (size > 0) {
            select(current >= 0 ? (current + 1) % size : atOrAfter(area.getCaretPosition()));
        }
    }

    void previous() {
        if (size > 0) {
            int from = current >= 0 ? current : atOrAfter(area.getCaretPosition());
            select((from - 1 + size) % size);
        }
    }

    private void search() {
        if (!isOpen()) {
            return;
        }
        int anchor = current >= 0 ? matches[current] : firstVisibleOffset();
        query = fold(field.getText());
        size = 0;
        current = -1;
        if (!query.isEmpty()) {
            collect(0, area.getText());
        }
        if (size > 0) {
            select(atOrAfter(anchor));
        } else {
            updateCount();
            updateHighlights();
        }
    }

    /**
     * The document changed: {@code [0, removedHead)} was removed and, before that, everything from
     * {@code tailStart} (in the old offsets) was replaced.
     */
    void documentChanged(int removedHead, int tailStart) {
        if (query.isEmpty()) {
            return;
        }
        int currentStart = current >= 0 ? matches[current] - removedHead : -1;
        int kept = 0;
        for (int i = 0; i < size; i++) {
            int m = matches[i];
            if (m >= removedHead && m < tailStart) {
                matches[kept++] = m - removedHead;
            }
        }
        size = kept;
        int from = tailStart - removedHead;
        collect(from, area.getText(from, area.getLength()));
        current = currentStart >= 0 ? Math.max(-1, Arrays.binarySearch(matches, 0, size, currentStart)) : -1;
        updateCount();
    }

    /** Highlights the matches in the visible paragraphs. */
    void updateHighlights() {
        int used = 0;
        if (isOpen() && size > 0 && !area.getVisibleParagraphs().isEmpty()) {
            int first = area.firstVisibleParToAllParIndex();
            int last = area.lastVisibleParToAllParIndex();
            int from = area.getAbsolutePosition(first, 0);
            int to = area.getAbsolutePosition(last, 0) + area.getParagraph(last).length();
            for (int i = atOrAfterIndex(from); i < size && matches[i] < to && used < MAX_HIGHLIGHTS; i++) {
                if (i != current) {
                    highlight(used++).selectRange(matches[i], matches[i] + query.length());
                }
            }
        }
        for (int k = used; k < highlights.size(); k++) {
            highlights.get(k).selectRange(0, 0);
        }
    }

    private SelectionImpl<Boolean, String, TextStyle> highlight(int k) {
        if (k == highlights.size()) {
            var h = new SelectionImpl<>("find-match", area);
            area.addSelection(h);
            highlights.add(h);
        }
        return highlights.get(k);
    }

    private void select(int index) {
        current = index;
        int start = matches[index];
        area.selectRange(start, start + query.length());
        area.requestFollowCaret();
        onJump.run();
        updateCount();
        updateHighlights();
    }

    private void updateCount() {
        String text = query.isEmpty() ? ""
                : size == 0 ? "No results"
                : current >= 0 ? String.format("%,d of %,d", current + 1, size)
                : String.format("%,d found", size);
        count.setText(text);
        count.pseudoClassStateChanged(NO_RESULTS, !query.isEmpty() && size == 0);
    }

    private void collect(int base, String text) {
        String folded = fold(text);
        int q = query.length();
        for (int i = folded.indexOf(query); i >= 0; i = folded.indexOf(query, i + q)) {
            if (size == matches.length) {
                matches = Arrays.copyOf(matches, size * 2);
            }
            matches[size++] = base + i;
        }
    }

    /** Index of the first match starting at or after {@code offset}, wrapping to 0. */
    private int atOrAfter(int offset) {
        int i = atOrAfterIndex(offset);
        return i < size ? i : 0;
    }

    private int atOrAfterIndex(int offset) {
        int i = Arrays.binarySearch(matches, 0, size, offset);
        return i >= 0 ? i : -i - 1;
    }

    private int firstVisibleOffset() {
        return area.getVisibleParagraphs().isEmpty() ? 0 : area.getAbsolutePosition(area.firstVisibleParToAllParIndex(), 0);
    }

    /** Lower-cases char by char, so offsets in the folded text are offsets in the original. */
    private static String fold(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }

    TextField field() {
        return field;
    }
}
