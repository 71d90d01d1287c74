package dev.lanes.ui.console;

import dev.lanes.console.StyledLine;
import dev.lanes.console.TextStyle;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.Group;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import org.fxmisc.richtext.TextExt;
import javafx.scene.text.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * The newest lines of a console drawn on a canvas: what a console shows while output floods in
 * faster than anyone can read, in place of its text area.
 *
 * <p>Why: a text area builds a cell (a text flow of styled nodes, each with its CSS) for every
 * line it shows, and in a flood every line shown is new at every frame: tens of milliseconds of
 * layout per frame on a small machine. Drawing the same rows costs a few draw calls recorded on
 * the FX thread, and the area takes the lines in afterwards, once the flood ebbs, without laying
 * out anything it does not show.
 *
 * <p>It looks like the area: same font, padding, background and colours, which it reads from the
 * area's own style sheet through a few hidden probe nodes (so themes apply). Long lines wrap at
 * the same width when the area wraps. Characters are placed on a monospace grid.
 *
 * <p>Stable id: {@code #liveTail}.
 */
final class LiveTail extends Region {

    private final Canvas canvas = new Canvas();
    /** Hidden nodes styled by console.css, read for colours and fonts. */
    private final TextExt[] fgProbes = new TextExt[16];
    private final TextExt[] bgProbes = new TextExt[16];
    private final TextExt defaultProbe = probe("text", "fg-default");
    private final TextExt inverseProbe = probe("text", "fg-inverse");
    private final TextExt boldProbe = probe("text", "fg-default", "bold");
    private final TextExt italicProbe = probe("text", "fg-default", "italic");

    private Paint[] fg = new Paint[16];
    private Paint[] bg = new Paint[16];
    private Paint defaultFill = Color.BLACK;
    private Paint inverseFill = Color.WHITE;
    private Paint background = Color.WHITE;
    private Font font = Font.font("monospace", 12);
    private Font boldFont = font;
    private Font italicFont = font;
    private Insets padding = Insets.EMPTY;
    private double charWidth = 7;
    private double lineHeight = 15;
    private boolean wrap = true;
    private List<StyledLine> shown = List.of();

    LiveTail() {
        setId("liveTail");
        getStyleClass().add("console-live-tail");
        setFocusTraversable(true);
        setAccessibleText("Newest output");
        Group probes = new Group();
        for (int i = 0; i < 16; i++) {
            fgProbes[i] = probe("text", ConsoleArea.FG[i]);
            bgProbes[i] = probe("text", ConsoleArea.BG[i]);
            probes.getChildren().addAll(fgProbes[i], bgProbes[i]);
        }
        probes.getChildren().addAll(defaultProbe, inverseProbe, boldProbe, italicProbe);
        probes.setManaged(false);
        probes.setVisible(false);
        // the selectors are ".console-area .text.fg-1": the probes must sit under a .console-area
        ProbeParent parent = new ProbeParent(probes);
        parent.getStyleClass().add("console-area");
        parent.setManaged(false);
        parent.setVisible(false);
        getChildren().add(canvas);
        this.probeParent = parent;
    }

    private final ProbeParent probeParent;

    /** A region whose children are the probes (Region keeps getChildren protected). */
    private static final class ProbeParent extends Region {
        ProbeParent(Group probes) {
            getChildren().add(probes);
        }
    }

    private static TextExt probe(String... classes) {
        TextExt t = new TextExt("M");
        t.getStyleClass().setAll(classes);
        return t;
    }

    /**
     * The hidden probe nodes: the console keeps them in its own scene graph (always there, unlike
     * this tail), under its style sheet.
     */
    Region probes() {
        return probeParent;
    }

    /** Reads colours, fonts and padding from the style sheets now in force (call when shown). */
    void refreshStyle(boolean wrapText) {
        this.wrap = wrapText;
        probeParent.applyCss();
        for (int i = 0; i < 16; i++) {
            fg[i] = fgProbes[i].getFill();
            Paint b = bgProbes[i].getBackgroundColor();
            bg[i] = b != null ? b : fg[i];
        }
        defaultFill = defaultProbe.getFill();
        inverseFill = inverseProbe.getFill();
        Background b = probeParent.getBackground();
        background = b != null && !b.getFills().isEmpty() ? b.getFills().get(0).getFill() : inverseFill;
        font = defaultProbe.getFont();
        boldFont = boldProbe.getFont();
        italicFont = italicProbe.getFont();
        padding = probeParent.getPadding();
        Text measure = new Text("MMMMMMMMMM");
        measure.setFont(font);
        charWidth = Math.max(1, measure.getLayoutBounds().getWidth() / 10);
        lineHeight = Math.max(1, Math.ceil(measure.getLayoutBounds().getHeight()));
    }

    /** Rows of text that fit. */
    int rows() {
        return rowsFor(getHeight());
    }

    /** Rows of text that fit in {@code height}. */
    int rowsFor(double height) {
        double h = height - padding.getTop() - padding.getBottom();
        return Math.max(1, (int) Math.ceil(h / lineHeight));
    }

    /** Columns of text that fit (the wrap width). */
    private int columns() {
        double w = getWidth() - padding.getLeft() - padding.getRight();
        return Math.max(8, (int) Math.floor(w / charWidth));
    }

    /** Draws {@code lines} (oldest first), the newest at the bottom. */
    void show(List<StyledLine> lines) {
        shown = lines;
        double w = getWidth();
        double h = getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setGlobalAlpha(1);
        g.setFill(background);
        g.fillRect(0, 0, w, h); // covers the canvas: drops the previous frame's commands
        g.setTextBaseline(VPos.TOP);
        int cols = columns();
        double top = padding.getTop();
        double y = h - padding.getBottom();
        // from the newest line up, until the rows are full
        for (int i = lines.size() - 1; i >= 0 && y > top - lineHeight; i--) {
            StyledLine line = lines.get(i);
            int rowsOfLine = wrap ? Math.max(1, (line.length() + cols - 1) / cols) : 1;
            double lineTop = y - rowsOfLine * lineHeight;
            drawLine(g, line, lineTop, cols);
            y = lineTop;
        }
    }

    private void drawLine(GraphicsContext g, StyledLine line, double y, int cols) {
        String text = line.text();
        int offset = 0;
        for (int r = 0; r < line.runCount(); r++) {
            int len = line.runLength(r);
            TextStyle style = line.runStyle(r);
            drawRun(g, text, offset, offset + len, style, y, cols);
            offset += len;
        }
    }

    private void drawRun(GraphicsContext g, String text, int start, int end, TextStyle style, double y, int cols) {
        boolean inverse = style.inverse();
        int fgc = inverse ? style.background() : style.foreground();
        int bgc = inverse ? style.foreground() : style.background();
        Paint textFill = fgc == TextStyle.DEFAULT ? (inverse ? inverseFill : defaultFill) : paint(fgc, fg);
        Paint backFill = bgc == TextStyle.DEFAULT ? (inverse ? defaultFill : null) : paint(bgc, bg);
        g.setFont(style.bold() ? boldFont : style.italic() ? italicFont : font);
        g.setGlobalAlpha(style.dim() ? 0.62 : 1);
        double left = padding.getLeft();
        int pos = start;
        while (pos < end) {
            int row = wrap ? pos / cols : 0;
            int col = wrap ? pos % cols : pos;
            int n = wrap ? Math.min(end - pos, cols - col) : end - pos;
            double x = left + col * charWidth;
            double rowY = y + row * lineHeight;
            if (x > getWidth()) {
                break; // not wrapping: the rest is off to the right
            }
            if (backFill != null) {
                g.setFill(backFill);
                g.fillRect(x, rowY, n * charWidth, lineHeight);
            }
            g.setFill(textFill);
            g.fillText(text.substring(pos, pos + n), x, rowY);
            if (style.underline() || style.strikethrough()) {
                g.setStroke(textFill);
                g.setLineWidth(1);
                double ly = style.underline() ? rowY + lineHeight - 2.5 : rowY + lineHeight / 2;
                g.strokeLine(x, ly, x + n * charWidth, ly);
            }
            pos += n;
        }
    }

    private static Paint paint(int color, Paint[] palette) {
        if (TextStyle.isAnsi(color)) {
            return palette[TextStyle.ansiIndex(color)];
        }
        return Color.rgb(color >> 16 & 0xff, color >> 8 & 0xff, color & 0xff);
    }

    /** The lines drawn last (for tests). */
    List<StyledLine> shownLines() {
        return new ArrayList<>(shown);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        canvas.relocate(0, 0);
        show(shown);
    }
}
