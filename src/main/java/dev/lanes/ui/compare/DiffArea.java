package dev.lanes.ui.compare;

import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.util.Collection;
import java.util.List;

/** A read-only unified diff, coloured by line: added, removed, hunk headers, file headers. */
final class DiffArea extends StyleClassedTextArea {

    /** The most characters shown; the rest is said to go on. */
    static final int LIMIT = 300_000;

    DiffArea() {
        setEditable(false);
        setWrapText(false);
        getStyleClass().add("diff-area");
    }

    /** Shows {@code diff} (cut at {@link #LIMIT}), or {@code empty} when there is none. */
    void show(String diff, String empty) {
        String text = diff == null || diff.isEmpty() ? empty
                : diff.length() > LIMIT ? diff.substring(0, LIMIT) + "\n… (the diff goes on for " + (diff.length() - LIMIT)
                + " more characters)\n" : diff;
        replaceText(text);
        List<String> lines = text.lines().toList();
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        int length = 0;
        for (int i = 0; i < getParagraphs().size(); i++) {
            String line = i < lines.size() ? lines.get(i) : "";
            List<String> style = style(line);
            setParagraphStyle(i, style);
            int n = getParagraph(i).length() + (i < getParagraphs().size() - 1 ? 1 : 0);
            spans.add(style, n);
            length += n;
        }
        if (length > 0) {
            setStyleSpans(0, spans.create());
        }
        moveTo(0);
        requestFollowCaret();
    }

    static List<String> style(String line) {
        if (line.startsWith("+++") || line.startsWith("---") || line.startsWith("diff --git")) {
            return List.of("diff-file");
        }
        if (line.startsWith("+")) {
            return List.of("diff-add");
        }
        if (line.startsWith("-")) {
            return List.of("diff-del");
        }
        if (line.startsWith("@@")) {
            return List.of("diff-hunk");
        }
        return List.of();
    }
}
