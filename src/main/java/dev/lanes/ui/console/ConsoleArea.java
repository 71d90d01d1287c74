package dev.lanes.ui.console;

import dev.lanes.console.StyledLine;
import dev.lanes.console.TextStyle;
import javafx.scene.paint.Color;
import org.fxmisc.richtext.StyledTextArea;
import org.fxmisc.richtext.TextExt;
import org.fxmisc.richtext.model.ReadOnlyStyledDocument;
import org.fxmisc.richtext.model.ReadOnlyStyledDocumentBuilder;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.fxmisc.richtext.util.UndoUtils;

import java.util.Arrays;
import java.util.List;

/**
 * The text of a console: a read-only, selectable RichTextFX area whose segment style is a
 * {@link TextStyle}, applied straight to each {@link TextExt}.
 *
 * <p>Why not a {@code StyleClassedTextArea}: style classes cannot express 16.7 million truecolor
 * values. Here a colour that is exact (truecolor, the 256-colour cube) is set on the node as a
 * {@link Color}; the colours that depend on the theme (default text, inverse video, the 16
 * standard colours) are style classes resolved by {@code console.css}, so a theme switch recolours
 * them; the attributes (bold, dim…) are style classes too. A {@code TextStyle} also compares far
 * more cheaply than a collection of class names when runs are merged.
 */
final class ConsoleArea extends StyledTextArea<Boolean, TextStyle> {

    /** Style classes of the 16 standard colours as text colour and as background ("fg-1", "bg-1"). */
    static final String[] FG = new String[16];
    static final String[] BG = new String[16];

    static {
        for (int i = 0; i < 16; i++) {
            FG[i] = "fg-" + i;
            BG[i] = "bg-" + i;
        }
    }

    ConsoleArea() {
        super(Boolean.FALSE, (flow, paragraphStyle) -> { }, TextStyle.PLAIN, ConsoleArea::applyStyle);
        setId("consoleArea");
        getStyleClass().add("console-area");
        setEditable(false);
        setWrapText(true);
        // an undo history would keep every line ever shown
        setUndoManager(UndoUtils.noOpUndoManager());
    }

    /** Builds one document for a whole batch of lines. */
    ReadOnlyStyledDocument<Boolean, String, TextStyle> document(List<StyledLine> lines) {
        var builder = new ReadOnlyStyledDocumentBuilder<Boolean, String, TextStyle>(getSegOps(), Boolean.FALSE, lines.size());
        for (StyledLine line : lines) {
            builder.addParagraph(line.text(), spans(line));
        }
        return builder.build();
    }

    private static StyleSpans<TextStyle> spans(StyledLine line) {
        int runs = line.runCount();
        if (runs == 0) {
            return StyleSpans.singleton(TextStyle.PLAIN, 0);
        }
        if (runs == 1) {
            return StyleSpans.singleton(line.runStyle(0), line.length());
        }
        StyleSpansBuilder<TextStyle> spans = new StyleSpansBuilder<>(runs);
        for (int r = 0; r < runs; r++) {
            spans.add(line.runStyle(r), line.runLength(r));
        }
        return spans.create();
    }

    /** Styles the node of one run (RichTextFX calls this for the runs of visible paragraphs only). */
    static void applyStyle(TextExt text, TextStyle style) {
        boolean inverse = style.inverse();
        int fg = inverse ? style.background() : style.foreground();
        int bg = inverse ? style.foreground() : style.background();
        String[] classes = new String[7];
        int n = 0;
        if (fg == TextStyle.DEFAULT) {
            classes[n++] = inverse ? "fg-inverse" : "fg-default";
        } else if (TextStyle.isAnsi(fg)) {
            classes[n++] = FG[TextStyle.ansiIndex(fg)];
        } else {
            text.setFill(Color.rgb(fg >> 16 & 0xff, fg >> 8 & 0xff, fg & 0xff));
        }
        if (bg == TextStyle.DEFAULT) {
            if (inverse) {
                classes[n++] = "bg-inverse";
            }
        } else if (TextStyle.isAnsi(bg)) {
            classes[n++] = BG[TextStyle.ansiIndex(bg)];
        } else {
            text.setBackgroundColor(Color.rgb(bg >> 16 & 0xff, bg >> 8 & 0xff, bg & 0xff));
        }
        if (style.bold()) {
            classes[n++] = "bold";
        }
        if (style.dim()) {
            classes[n++] = "dim";
        }
        if (style.italic()) {
            classes[n++] = "italic";
        }
        if (style.underline()) {
            classes[n++] = "underline";
        }
        if (style.strikethrough()) {
            classes[n++] = "strikethrough";
        }
        text.getStyleClass().addAll(Arrays.asList(classes).subList(0, n));
    }
}
