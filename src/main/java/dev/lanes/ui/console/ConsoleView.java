package dev.lanes.ui.console;

import dev.lanes.console.ConsoleBuffer;
import dev.lanes.console.StyledLine;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Shows a session's output live: ANSI colours and attributes, carriage-return progress lines
 * rewritten in place, a cap on the lines kept, find (Ctrl+F), copy, clear, follow-tail and
 * "open log".
 *
 * <p><b>Threads.</b> {@link #append} may be called from any thread, as often as output arrives:
 * the text is parsed on the calling thread into a {@link ConsoleBuffer}, and the FX thread drains
 * that buffer at most once per pulse (an {@link AnimationTimer} that runs only while there is
 * output), applying each drain as one document change. There is never one {@code runLater} per
 * chunk or line: at most one per burst, to start the timer. Every other method is for the FX
 * thread.
 *
 * <p><b>Limits.</b> At most {@link #getMaxLines()} lines are kept (the oldest go first); a line
 * longer than {@link ConsoleBuffer#DEFAULT_LINE_WIDTH} characters is shown as several display
 * lines. The complete output belongs in the session's log file, which {@link #setOnOpenLog} can
 * offer to open.
 *
 * <p>Stable ids: {@code #consoleArea}, {@code #findBar}, {@code #findField}, {@code #findCount},
 * {@code #followTailToggle}, {@code #clearConsoleButton}, {@code #openLogButton} (see
 * {@code docs/ui-ids.md}).
 */
public class ConsoleView extends Region {

    private static final String STYLESHEET = Objects.requireNonNull(
            ConsoleView.class.getResource("console.css"), "console.css").toExternalForm();
    /**
     * Time one frame may spend applying output: about what the rest of a frame (layout, CSS,
     * painting) takes, within these bounds, so that at least half of the time goes to showing.
     */
    private static final long MIN_BUDGET_NANOS = 4_000_000;
    private static final long MAX_BUDGET_NANOS = 14_000_000;
    /**
     * What all consoles together may spend applying output in one frame. Eight sessions flooding
     * at once share it, so the window keeps its frame rate whatever they print.
     */
    private static final long FRAME_BUDGET_NANOS = 14_000_000;
    /** Consoles that applied output in the current pulse, and how long that took (FX thread only). */
    private static long pulseStamp;
    /** Raw output kept by a hidden console: about 100,000 lines of 160 characters. */
    private static final int RAW_CAP_CHARS = 16 << 20;
    /** Deferred output parsed per pulse once a console is shown again (about 2 ms of parsing). */
    private static final int RAW_SLICE_CHARS = 512 << 10;
    /** Fair, for the same reason as the buffer's lock. */
    private final java.util.concurrent.locks.ReentrantLock rawLock = new java.util.concurrent.locks.ReentrantLock(true);
    /** Output that came while hidden, not parsed yet, in the chunks it came in; {@code null} while shown. */
    private java.util.ArrayDeque<String> raw;
    /** Whether {@link #raw} was set at the last look (a hint read without the lock). */
    private volatile boolean deferringHint;
    /**
     * What a hidden console keeps when it can reload from the log ({@link #setOnReload}): beyond
     * this it keeps nothing at all (under a flood every chunk kept is memory and work for the
     * collector) and reloads once shown.
     */
    private static final int HIDDEN_KEEP_CHARS = 1 << 20;
    /** Hidden, dropped output, and reloads when shown (written under rawLock; read without it first). */
    private volatile boolean overflowed;
    private Runnable onReload;
    /** Lines in each chunk of {@link #raw} (newlines counted), in the same order. */
    private final java.util.ArrayDeque<Integer> rawChunkLines = new java.util.ArrayDeque<>();
    private long rawChars;
    private long rawLines;
    private static long spentInPulse;
    private static int drainersInPulse;
    private static int drainersLastPulse = 1;
    private static final int MIN_LINES_PER_FRAME = 100;
    /** Frames slower than this shrink the next slice; faster ones (and full slices) let it grow. */
    private static final long SLOW_FRAME_NANOS = 26_000_000;
    private static final long FAST_FRAME_NANOS = 20_000_000;
    private static final int MAX_LINES_PER_FRAME = 50_000;
    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);

    private final ConsoleBuffer buffer;
    private final ConsoleArea area = new ConsoleArea();
    private final VirtualizedScrollPane<ConsoleArea> scrollPane = new VirtualizedScrollPane<>(area);
    private final FindBar findBar;
    /** Holds the scroll pane, or the live tail while output floods. */
    private final javafx.scene.layout.StackPane textHolder;
    private final LiveTail liveTail = new LiveTail();
    private final Label lineCountLabel = new Label();
    private final VBox layout;

    private final BooleanProperty followTail = new SimpleBooleanProperty(this, "followTail", true);
    private final ObjectProperty<Runnable> onOpenLog = new SimpleObjectProperty<>(this, "onOpenLog");

    private final AtomicBoolean pumpRunning = new AtomicBoolean();
    private final AnimationTimer pump = new AnimationTimer() {
        @Override
        public void handle(long now) {
            pulse(now);
        }
    };

    private volatile int maxLines;
    private int linesPerFrame = 1_000;
    private long lastFrameNanos;
    private double nanosPerLine = 4_000;
    private double frameOverheadNanos = MIN_BUDGET_NANOS;
    private long lastPulseNanos;
    private long lastDrainNanos;
    private boolean applying;
    private boolean highlightsStale;

    /**
     * How output reaches the screen. {@code AREA}: drained into the text area, as it comes.
     * {@code LIVE}: output floods faster than a screenful per frame while following the tail: the
     * area is taken out of the scene and the {@link LiveTail} draws the newest lines; lines wait in
     * the buffer (bounded by the cap). {@code CATCH_UP}: the flood ebbed (or the person wants to
     * scroll, select or find): the waiting lines are drained into the area, still out of the
     * scene, so it lays out nothing; then the area comes back, at the end.
     */
    enum Mode { AREA, LIVE, CATCH_UP }

    /**
     * Pulses in a row with a screenful of new lines or more, before the live tail takes over (at
     * once when two screenfuls come in one pulse).
     */
    private static final int BUSY_PULSES_TO_GO_LIVE = 3;
    /** Pulses in a row with under half a screenful of new lines, before the area catches up. */
    private static final int CALM_PULSES_TO_CATCH_UP = 12;
    /** Catching up while not following: the area comes back after this many pulses at the latest. */
    private static final int MAX_CATCH_UP_PULSES_UNFOLLOWED = 30;
    private Mode mode = Mode.AREA;
    private long lastFinishedTotal;
    private int busyPulses;
    private int calmPulses;
    private int catchUpPulses;
    private long drawnVersion = -1;
    private long drawnAt;
    /**
     * The live tail redraws at most this often: 30 frames a second is plenty for text scrolling
     * faster than anyone reads, and halves what the renderer paints while the CPU is short.
     */
    private static final long TAIL_FRAME_NANOS = 30_000_000;
    private boolean tailStyled;
    /**
     * Lines kept waiting while the live tail shows a flood, when the console can reload from the
     * log ({@link #setOnReload}): what the tail draws, with room to spare. Why: under a flood
     * the waiting lines (up to the cap, 100,000) were the largest set of live objects, and every
     * young collection copied them (more than half of its pause) until they were promoted, only to
     * be dropped by the cap soon after; the old generation filled with them and needed concurrent
     * cycles. The log has every line: once the flood ebbs, the console reloads its newest part,
     * as a hidden console does when shown. The cap applies once lines keep coming pulse after
     * pulse (a flood), not for one burst (a reloaded history, which is kept).
     */
    static final int LIVE_KEEP_LINES = 2_000;
    /** A reload after a flood happened, and the area has not been back since. */
    private boolean reloadedSinceArea;
    private boolean liveCapped;
    private long droppedBeforeCap;
    private boolean reloadPending;
    private int bottomCheckIn;

    /** A console keeping the app's default of {@value ConsoleBuffer#DEFAULT_MAX_LINES} lines. */
    public ConsoleView() {
        this(ConsoleBuffer.DEFAULT_MAX_LINES);
    }

    /** A console keeping at most {@code maxLines} lines. */
    public ConsoleView(int maxLines) {
        this(maxLines, ConsoleBuffer.DEFAULT_LINE_WIDTH);
    }

    ConsoleView(int maxLines, int lineWidth) {
        this.buffer = new ConsoleBuffer(maxLines, lineWidth);
        this.maxLines = maxLines;
        getStyleClass().add("console-view");
        getStylesheets().add(STYLESHEET);

        scrollPane.getStyleClass().add("console-scroll-pane");
        findBar = new FindBar(area, () -> setFollowTail(false), this::closeFind);
        textHolder = new javafx.scene.layout.StackPane(scrollPane);
        textHolder.getStyleClass().add("console-text-holder");
        layout = new VBox(toolbar(), findBar, textHolder);
        VBox.setVgrow(textHolder, Priority.ALWAYS);
        getChildren().addAll(layout, liveTail.probes());

        area.setContextMenu(contextMenu());
        followTail.addListener((obs, was, on) -> {
            if (on) {
                scrollToEnd();
            }
        });
        area.viewportDirtyEvents().subscribe(ignored -> {
            if (findBar.isOpen()) {
                highlightsStale = true;
                startPump();
            }
        });
        watchThePersonScrolling();
        addEventFilter(KeyEvent.KEY_PRESSED, this::shortcuts);
        updateLineCount();
    }

    // ------------------------------------------------------------------ public API

    /**
     * Adds output. Callable from any thread; the text appears at the next pulse. Feed one stream
     * from one thread (see {@link ConsoleBuffer}).
     */
    public void append(String text) {
        if (text.isEmpty()) {
            return;
        }
        if (overflowed) {
            return; // hidden, and reloading from the log once shown (checked again under the lock)
        }
        boolean parse;
        // counted before taking the lock: the FX thread takes it at every pulse
        int lines = deferringHint ? newlines(text) : -1;
        rawLock.lock();
        try {
            if (overflowed) {
                return; // hidden, and reloading from the log once shown: nothing to keep
            }
            parse = raw == null;
            if (!parse && onReload != null && rawChars + text.length() > HIDDEN_KEEP_CHARS) {
                // more than a hidden console keeps when it can reload: keep nothing, read the log when shown
                raw.clear();
                rawChunkLines.clear();
                rawChars = 0;
                rawLines = 0;
                overflowed = true;
                return;
            }
            if (!parse) {
                if (lines < 0) {
                    lines = newlines(text);
                }
                raw.add(text);
                rawChunkLines.add(lines);
                rawChars += text.length();
                rawLines += lines;
                // more than the console keeps: drop the oldest chunks (the log has it all). Kept
                // short, as under a flood each chunk kept is copied by young collections.
                while (rawLines - rawChunkLines.peekFirst() > maxLines
                        || rawChars - raw.peekFirst().length() > RAW_CAP_CHARS) {
                    rawChars -= raw.removeFirst().length();
                    rawLines -= rawChunkLines.removeFirst();
                }
            }
        } finally {
            rawLock.unlock();
        }
        if (parse) {
            // parsed outside rawLock: the buffer never keeps the FX thread waiting for a parse
            buffer.append(text);
        }
        if (pumpRunning.compareAndSet(false, true)) {
            if (Platform.isFxApplicationThread()) {
                pump.start();
            } else {
                Platform.runLater(pump::start);
            }
        }
    }

    /** Removes everything shown (and anything not shown yet). */
    public void clear() {
        rawLock.lock();
        try {
            if (raw != null) {
                raw.clear();
                rawChunkLines.clear();
                rawChars = 0;
                rawLines = 0;
            }
        } finally {
            rawLock.unlock();
        }
        buffer.clear();
        applying = true;
        try {
            area.clear();
        } finally {
            applying = false;
        }
        findBar.documentChanged(0, 0);
        updateLineCount();
    }

    /** The text shown, lines separated by {@code \n}. */
    public String getText() {
        return area.getText();
    }

    /** Lines shown, counting the last one if it is not empty. */
    public int lineCount() {
        int paragraphs = area.getParagraphs().size();
        return area.getParagraph(paragraphs - 1).length() == 0 ? paragraphs - 1 : paragraphs;
    }

    public int getMaxLines() {
        return maxLines;
    }

    /** Caps the lines kept; the oldest go first, at the next output. */
    public void setMaxLines(int max) {
        buffer.setMaxLines(liveCapped ? Math.min(max, LIVE_KEEP_LINES) : max);
        this.maxLines = max;
    }

    /** Whether new output scrolls the view to the bottom. Scrolling up turns it off. */
    public BooleanProperty followTailProperty() {
        return followTail;
    }

    public boolean isFollowTail() {
        return followTail.get();
    }

    public void setFollowTail(boolean on) {
        followTail.set(on);
    }

    /** What "Open log" does; the action is shown only while this is set. */
    public ObjectProperty<Runnable> onOpenLogProperty() {
        return onOpenLog;
    }

    public Runnable getOnOpenLog() {
        return onOpenLog.get();
    }

    public void setOnOpenLog(Runnable action) {
        onOpenLog.set(action);
    }

    /** Opens the find bar (as Ctrl+F does). */
    public void openFind() {
        findBar.open();
    }

    // ------------------------------------------------------------------ draining

    private void startPump() {
        if (pumpRunning.compareAndSet(false, true)) {
            pump.start();
        }
    }

    /** Once per pulse while there is work: drain, then refresh what depends on the layout. */
    private void pulse(long pulseNow) {
        if (pulseNow != pulseStamp) {
            pulseStamp = pulseNow;
            drainersLastPulse = Math.max(1, drainersInPulse);
            drainersInPulse = 0;
            spentInPulse = 0;
        }
        long now = System.nanoTime();
        lastFrameNanos = lastPulseNanos == 0 ? 0 : now - lastPulseNanos;
        if (lastPulseNanos != 0) {
            long rest = now - lastPulseNanos - lastDrainNanos; // the rest of the previous frame
            frameOverheadNanos = 0.7 * frameOverheadNanos + 0.3 * rest;
        }
        lastPulseNanos = now;
        lastDrainNanos = 0;
        boolean active = false;
        if (highlightsStale) {
            highlightsStale = false; // the layout of the previous pulse is done: visible lines are known
            findBar.updateHighlights();
        }
        boolean showing = isShowing();
        if (!showing) {
            // a console in a hidden tab neither parses nor applies: it keeps the newest raw output
            // (bounded) and catches up once shown
            if (!rawLock.tryLock()) {
                active = true; // a reader is adding a chunk this instant: next pulse
            } else {
                try {
                    if (raw == null) {
                        raw = new java.util.ArrayDeque<>();
                        deferringHint = true;
                        rawChunkLines.clear();
                        rawChars = 0;
                        rawLines = 0;
                    }
                    active = !raw.isEmpty() || buffer.hasPending();
                } finally {
                    rawLock.unlock();
                }
            }
        } else {
            int rawState = takeRaw();
            if (rawState == RAW_RELOAD) {
                clear();
                onReload.run(); // the owner reattaches: the log's newest output, then live output
                active = true;
            } else {
                active = pulseShown(rawState != RAW_NONE);
            }
        }
        if (bottomCheckIn > 0) {
            active = true;
            if (--bottomCheckIn == 0 && isAtBottom()) {
                setFollowTail(true);
            }
        }
        if (!active && !highlightsStale) {
            pump.stop();
            pumpRunning.set(false);
            lastPulseNanos = 0;
            if (buffer.hasPending()) { // appended after the drain, while the flag was still set
                startPump();
            }
        }
    }

    /**
     * A pulse of a shown console: moves between the modes, then drains into the area or draws
     * the live tail. {@code deferred}: output kept while hidden was parsed this pulse (or a reader
     * held its lock), so nothing is drained. True while there is more to do.
     */
    private boolean pulseShown(boolean deferred) {
        boolean active = deferred;
        long total = buffer.finishedTotal();
        long arrived = total - lastFinishedTotal;
        lastFinishedTotal = total;
        if (steer(arrived)) {
            active = true;
        }
        if (reloadPending) {
            reloadAfterFlood();
            return true;
        }
        if (deferred || mode == Mode.LIVE) {
            // parsing took this pulse, or the live tail shows the output: nothing to drain
        } else if (spentInPulse >= FRAME_BUDGET_NANOS) {
            active = true; // this frame's share is spent: next pulse
        } else if (drain()) {
            active = true;
            highlightsStale = findBar.isOpen();
            drainersInPulse++;
            spentInPulse += lastDrainNanos;
        }
        if (mode != Mode.AREA) {
            drawTail();
            updateLineCount();
        }
        return active;
    }

    /**
     * Applies what the buffer holds as one change (plus one removal of the oldest lines). A flood
     * is taken in slices sized to a time budget per frame, so the UI keeps repainting; the buffer
     * holds the rest (bounded by the cap).
     */
    private boolean drain() {
        long start = System.nanoTime();
        ConsoleBuffer.Batch batch = buffer.drain(linesPerFrame);
        if (batch == null) {
            return false;
        }
        List<StyledLine> lines = batch.lines();
        int paragraphs = area.getParagraphs().size();
        int keptOld = batch.replaceAll() ? 0 : paragraphs - 1; // the old unfinished line is replaced
        boolean lastEmpty = lines.get(lines.size() - 1).length() == 0;
        int excess = Math.max(0, keptOld + lines.size() - (lastEmpty ? 1 : 0) - maxLines);
        int trimOld = Math.min(excess, keptOld);
        if (excess > trimOld) {
            lines = lines.subList(excess - trimOld, lines.size());
        }
        var document = area.document(lines);
        applying = true;
        try {
            if (trimOld == keptOld) { // nothing old stays
                area.createMultiChange(1).replaceAbsolutely(0, area.getLength(), document).commit();
                findBar.documentChanged(0, 0);
            } else {
                int tailStart = area.getAbsolutePosition(paragraphs - 1, 0);
                int trimEnd = trimOld == 0 ? 0 : area.getAbsolutePosition(trimOld, 0);
                var change = area.createMultiChange(2).replaceAbsolutely(tailStart, area.getLength(), document);
                if (trimEnd > 0) {
                    change.deleteTextAbsolutely(0, trimEnd);
                }
                change.commit(); // not area.replace(): that would move the caret and drop the selection
                findBar.documentChanged(trimEnd, tailStart);
            }
        } finally {
            applying = false;
        }
        updateLineCount();
        if (isFollowTail() && mode == Mode.AREA) {
            scrollToEnd();
        }
        lastDrainNanos = System.nanoTime() - start;
        adaptSlice(lines.size(), lastDrainNanos);
        return true;
    }

    // ------------------------------------------------------------------ live tail

    /** Moves between the modes (see {@link Mode}); true while not in {@code AREA}. */
    private boolean steer(long arrived) {
        int rows = screenRows();
        boolean busy = arrived >= rows;
        busyPulses = busy ? busyPulses + 1 : 0;
        switch (mode) {
            case AREA -> {
                if (mayGoLive() && (busyPulses >= BUSY_PULSES_TO_GO_LIVE || arrived >= 2L * rows
                        || buffer.pendingLines() > 2 * rows)) {
                    goLive();
                }
            }
            case LIVE -> {
                if (!liveCapped && busyPulses >= BUSY_PULSES_TO_GO_LIVE && onReload != null
                        && maxLines > LIVE_KEEP_LINES && !reloadedSinceArea) {
                    // a flood, not a burst: keep only what the tail needs, reload from the log after it
                    liveCapped = true;
                    droppedBeforeCap = buffer.droppedTotal();
                    buffer.setMaxLines(LIVE_KEEP_LINES);
                }
                if (!mayGoLive()) {
                    leaveLive();
                } else {
                    calmPulses = arrived < rows / 2 ? calmPulses + 1 : 0;
                    if (calmPulses >= CALM_PULSES_TO_CATCH_UP) {
                        leaveLive();
                    }
                }
            }
            case CATCH_UP -> {
                catchUpPulses++;
                if (mayGoLive() && busyPulses >= BUSY_PULSES_TO_GO_LIVE) {
                    mode = Mode.LIVE; // flooding again
                    calmPulses = 0;
                } else if (!buffer.hasPending()
                        || (!isFollowTail() && catchUpPulses > MAX_CATCH_UP_PULSES_UNFOLLOWED)) {
                    showArea();
                }
            }
        }
        return mode != Mode.AREA;
    }

    /** The live tail is for following a flood: not while the person finds, selects or reads back. */
    private boolean mayGoLive() {
        return isFollowTail() && !findBar.isOpen() && area.getSelection().getLength() == 0;
    }

    /** Rows of text the console shows. */
    private int screenRows() {
        ensureTailStyle();
        return liveTail.rowsFor(textHolder.getHeight());
    }

    private void ensureTailStyle() {
        if (!tailStyled) {
            tailStyled = true;
            liveTail.refreshStyle(area.isWrapText());
        }
    }

    private void goLive() {
        mode = Mode.LIVE;
        calmPulses = 0;
        boolean hadFocus = area.isFocused();
        textHolder.getChildren().setAll(liveTail);
        liveTail.refreshStyle(area.isWrapText()); // the theme or wrapping may have changed
        if (hadFocus) {
            liveTail.requestFocus();
        }
        drawnVersion = -1;
    }

    /**
     * The flood ebbed, or the person wants the area: it catches up with the waiting lines; or,
     * when the live tail's cap dropped lines, the console reloads from the log at this pulse.
     */
    private void leaveLive() {
        if (liveCapped) {
            liveCapped = false;
            buffer.setMaxLines(maxLines);
            if (buffer.droppedTotal() > droppedBeforeCap) {
                reloadPending = true;
            }
        }
        catchUp();
    }

    private void catchUp() {
        mode = Mode.CATCH_UP;
        catchUpPulses = 0;
    }

    /**
     * After a flood whose lines the live tail did not keep: the area is cleared and the owner
     * reattaches (the log's newest output, then live output), while the live tail stays on
     * screen, so the area takes the reloaded lines in out of the scene as after any flood. The
     * cap does not apply again before the area is back: the history is kept, whatever comes with
     * it (no second reload).
     */
    private void reloadAfterFlood() {
        reloadPending = false;
        reloadedSinceArea = true;
        clear();
        mode = Mode.LIVE;
        calmPulses = 0;
        drawnVersion = -1;
        onReload.run();
    }

    private void showArea() {
        mode = Mode.AREA;
        reloadedSinceArea = false;
        boolean hadFocus = liveTail.isFocused();
        textHolder.getChildren().setAll(scrollPane);
        scrollToEnd(); // where the live tail was
        if (hadFocus) {
            area.requestFocus();
        }
        updateLineCount();
    }

    /** Draws the newest lines: the waiting ones, topped up with the area's last ones. */
    private void drawTail() {
        long version = buffer.version();
        long now = System.nanoTime();
        if (version == drawnVersion || (mode == Mode.LIVE && now - drawnAt < TAIL_FRAME_NANOS)) {
            return;
        }
        drawnVersion = version;
        drawnAt = now;
        int rows = Math.max(liveTail.rows(), screenRows());
        ConsoleBuffer.Tail tail = buffer.peekTail(rows);
        List<StyledLine> lines = tail.lines();
        if (tail.fromView() > 0) {
            int last = area.getParagraphs().size() - 1; // the area's unfinished line: replaced
            int from = Math.max(0, last - tail.fromView());
            List<StyledLine> all = new java.util.ArrayList<>(last - from + lines.size());
            for (int i = from; i < last; i++) {
                all.add(styledLine(area.getParagraph(i)));
            }
            all.addAll(lines);
            lines = all;
        }
        liveTail.show(lines);
    }

    private static StyledLine styledLine(org.fxmisc.richtext.model.Paragraph<Boolean, String, dev.lanes.console.TextStyle> p) {
        var spans = p.getStyleSpans();
        int n = spans.getSpanCount();
        int[] lengths = new int[n];
        dev.lanes.console.TextStyle[] styles = new dev.lanes.console.TextStyle[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = spans.getStyleSpan(i).getLength();
            styles[i] = spans.getStyleSpan(i).getStyle();
        }
        return StyledLine.ofRuns(p.getText(), lengths, styles);
    }

    /** Whether output is kept unparsed because the console is hidden (for tests). */
    boolean isDeferring() {
        rawLock.lock();
        try {
            return raw != null || overflowed;
        } finally {
            rawLock.unlock();
        }
    }

    /** Finished lines waiting for the area (for tests). */
    int waitingLines() {
        return buffer.pendingLines();
    }

    /** How output reaches the screen now (for tests). */
    Mode mode() {
        return mode;
    }

    LiveTail liveTail() {
        return liveTail;
    }

    /**
     * Sizes the next slice. Most of a line's cost comes after the drain (list changes, layout,
     * cells, painting), so the slice follows the whole frame: it shrinks fast after a slow frame and
     * grows slowly after fast ones; the drain's own time stays within its budget.
     */
    private void adaptSlice(int lines, long nanos) {
        if (lines >= 100) {
            nanosPerLine = 0.7 * nanosPerLine + 0.3 * ((double) nanos / lines);
        }
        double budget = Math.max(MIN_BUDGET_NANOS, Math.min(MAX_BUDGET_NANOS, frameOverheadNanos))
                / drainersLastPulse;
        int next = linesPerFrame;
        if (lastFrameNanos > SLOW_FRAME_NANOS) {
            next = (int) (next * 0.6);
        } else if (lastFrameNanos < FAST_FRAME_NANOS && lines >= linesPerFrame) {
            next = (int) (next * 1.25) + 1;
        }
        next = (int) Math.min(next, budget / nanosPerLine);
        linesPerFrame = Math.max(MIN_LINES_PER_FRAME, Math.min(MAX_LINES_PER_FRAME, next));
    }

    private static final int RAW_NONE = 0;
    private static final int RAW_PARSED = 1;
    private static final int RAW_BUSY = 2;
    private static final int RAW_RELOAD = 3;

    /**
     * Once shown again: {@code RAW_RELOAD} once when the console dropped output while hidden and
     * can reload; else parses a slice of what came while hidden ({@code RAW_PARSED}; appends keep
     * going to the deferred text until it is all parsed, so the order holds); {@code RAW_BUSY} when
     * a reader holds the lock this instant (the FX thread does not wait: next pulse);
     * {@code RAW_NONE} when nothing was deferred.
     */
    private int takeRaw() {
        if (!rawLock.tryLock()) {
            return RAW_BUSY;
        }
        try {
            if (overflowed) {
                overflowed = false;
                raw = null;
                deferringHint = false;
                return onReload != null ? RAW_RELOAD : RAW_NONE;
            }
            if (raw == null) {
                return RAW_NONE;
            }
            if (raw.isEmpty()) {
                raw = null;
                deferringHint = false;
                return RAW_NONE;
            }
            int n = 0;
            while (!raw.isEmpty() && n < RAW_SLICE_CHARS) {
                String chunk = raw.removeFirst();
                rawChars -= chunk.length();
                rawLines -= rawChunkLines.removeFirst();
                n += chunk.length();
                buffer.append(chunk);
            }
            return RAW_PARSED;
        } finally {
            rawLock.unlock();
        }
    }

    /**
     * What to do when a console that was hidden dropped its output (more than it keeps while
     * hidden): reload it — detach, then attach again with the log's newest output as history.
     * Without it, a hidden console keeps its newest lines (up to its cap) in memory instead.
     * FX thread.
     */
    public void setOnReload(Runnable reload) {
        this.onReload = reload;
    }

    private static int newlines(String text) {
        int n = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            n++;
        }
        return n;
    }

    /** Shown on screen: in a showing window, and neither it nor a parent hidden (an unselected tab). */
    private boolean isShowing() {
        if (getScene() == null || getScene().getWindow() == null || !getScene().getWindow().isShowing()) {
            return false;
        }
        for (Node n = this; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private void scrollToEnd() {
        area.showParagraphAtBottom(area.getParagraphs().size() - 1);
    }

    private void updateLineCount() {
        int n = lineCount();
        if (mode != Mode.AREA) {
            n = Math.min(maxLines, n + buffer.pendingLines());
        }
        lineCountLabel.setText(n == 1 ? "1 line" : String.format("%,d lines", n));
    }

    // ------------------------------------------------------------------ follow tail

    /** Scrolling up (wheel, keys, scroll bar) stops following; scrolling back to the bottom resumes it. */
    private void watchThePersonScrolling() {
        scrollPane.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() > 0 && isScrollable()) {
                setFollowTail(false);
            } else if (e.getDeltaY() < 0) {
                checkBottomSoon();
            }
        });
        area.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            switch (e.getCode()) {
                case PAGE_UP, UP, KP_UP -> setFollowTail(false);
                case HOME -> {
                    if (e.isShortcutDown()) {
                        setFollowTail(false);
                    }
                }
                case PAGE_DOWN, DOWN, KP_DOWN, END -> checkBottomSoon();
                default -> {
                }
            }
        });
        scrollPane.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            if (onVerticalScrollBar(e)) {
                setFollowTail(false);
            }
        });
        scrollPane.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
            if (onVerticalScrollBar(e)) {
                checkBottomSoon();
            }
        });
        // while the live tail shows a flood: reading back, selecting or paging stops following
        liveTail.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() > 0) {
                setFollowTail(false);
            }
        });
        liveTail.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> setFollowTail(false));
        liveTail.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            switch (e.getCode()) {
                case PAGE_UP, UP, KP_UP, HOME -> setFollowTail(false);
                default -> {
                }
            }
        });
        area.selectionProperty().addListener((obs, old, selection) -> {
            // selecting text while output streams would have the text move under the mouse
            if (!applying && selection.getLength() > 0 && (old == null || old.getLength() == 0)) {
                setFollowTail(false);
            }
        });
    }

    private boolean isScrollable() {
        Double total = area.totalHeightEstimateProperty().getValue(); // null before the first layout
        return total != null && total > area.getViewportHeight();
    }

    private static boolean onVerticalScrollBar(MouseEvent e) {
        for (Node n = e.getPickResult().getIntersectedNode(); n != null; n = n.getParent()) {
            if (n instanceof ScrollBar bar) {
                return bar.getOrientation() == Orientation.VERTICAL;
            }
        }
        return false;
    }

    /** Checks after the next layout whether the view shows the last line. */
    private void checkBottomSoon() {
        if (!isFollowTail()) {
            bottomCheckIn = 2; // the pulse after next: the next one lays out the scroll
            startPump();
        }
    }

    private boolean isAtBottom() {
        int visible = area.getVisibleParagraphs().size();
        if (visible == 0) {
            return true;
        }
        if (area.lastVisibleParToAllParIndex() < area.getParagraphs().size() - 1) {
            return false;
        }
        Bounds last = area.getVisibleParagraphBoundsOnScreen(visible - 1);
        Bounds view = area.localToScreen(area.getLayoutBounds());
        return last == null || view == null || last.getMaxY() <= view.getMaxY() + 1;
    }

    // ------------------------------------------------------------------ find, menus, toolbar

    private void shortcuts(KeyEvent e) {
        if (FIND.match(e)) {
            openFind();
            e.consume();
        } else if (e.getCode() == KeyCode.ESCAPE && findBar.isOpen()) {
            closeFind();
            e.consume();
        } else if (e.getCode() == KeyCode.F3 && findBar.isOpen()) {
            if (e.isShiftDown()) {
                findBar.previous();
            } else {
                findBar.next();
            }
            e.consume();
        }
    }

    private void closeFind() {
        findBar.close();
        area.requestFocus();
    }

    private ContextMenu contextMenu() {
        MenuItem copy = new MenuItem("Copy");
        copy.setId("copyMenuItem");
        copy.setOnAction(e -> area.copy());
        MenuItem selectAll = new MenuItem("Select All");
        selectAll.setOnAction(e -> area.selectAll());
        MenuItem find = new MenuItem("Find…");
        find.setOnAction(e -> openFind());
        MenuItem clear = new MenuItem("Clear");
        clear.setOnAction(e -> clear());
        SeparatorMenuItem separator = new SeparatorMenuItem();
        MenuItem openLog = new MenuItem("Open Log");
        openLog.setId("openLogMenuItem");
        openLog.setOnAction(e -> runOpenLog());
        separator.visibleProperty().bind(onOpenLog.isNotNull());
        openLog.visibleProperty().bind(onOpenLog.isNotNull());
        ContextMenu menu = new ContextMenu(copy, selectAll, new SeparatorMenuItem(), find, clear, separator, openLog);
        menu.setOnShowing(e -> copy.setDisable(area.getSelection().getLength() == 0));
        return menu;
    }

    private void runOpenLog() {
        Runnable action = onOpenLog.get();
        if (action != null) {
            action.run();
        }
    }

    private HBox toolbar() {
        lineCountLabel.setId("lineCountLabel");
        lineCountLabel.getStyleClass().add("console-line-count");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        ToggleButton wrap = iconToggle("wrapToggle", "icon-wrap", "Wrap long lines");
        wrap.selectedProperty().bindBidirectional(area.wrapTextProperty());
        ToggleButton follow = iconToggle("followTailToggle", "icon-follow", "Follow new output");
        follow.setText("Follow");
        follow.selectedProperty().bindBidirectional(followTail);
        Button find = iconButton("findButton", "icon-find", "Find (" + FIND.getDisplayText() + ")");
        find.setOnAction(e -> openFind());
        Button clear = iconButton("clearConsoleButton", "icon-clear", "Clear");
        clear.setOnAction(e -> clear());
        Button openLog = iconButton("openLogButton", "icon-open-log", "Open the full log");
        openLog.setOnAction(e -> runOpenLog());
        openLog.visibleProperty().bind(onOpenLog.isNotNull());
        openLog.managedProperty().bind(openLog.visibleProperty());

        HBox bar = new HBox(lineCountLabel, spacer, follow, wrap, find, clear, openLog);
        bar.setId("consoleToolbar");
        bar.getStyleClass().add("console-toolbar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    static Button iconButton(String id, String icon, String tooltip) {
        return decorate(new Button(), id, icon, tooltip);
    }

    private static ToggleButton iconToggle(String id, String icon, String tooltip) {
        return decorate(new ToggleButton(), id, icon, tooltip);
    }

    private static <B extends ButtonBase> B decorate(B button, String id, String icon, String tooltip) {
        Region graphic = new Region();
        graphic.getStyleClass().addAll("console-icon", icon);
        button.setGraphic(graphic);
        button.setId(id);
        button.getStyleClass().add("console-tool");
        button.setTooltip(new Tooltip(tooltip));
        button.setFocusTraversable(false);
        button.setAccessibleText(tooltip);
        return button;
    }

    // ------------------------------------------------------------------ layout

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        layout.resizeRelocate(in.getLeft(), in.getTop(),
                getWidth() - in.getLeft() - in.getRight(), getHeight() - in.getTop() - in.getBottom());
    }

    @Override
    protected double computePrefWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + layout.prefWidth(height) + in.getRight();
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        return in.getTop() + layout.prefHeight(width) + in.getBottom();
    }

    /** The text area, for tests in this package. */
    ConsoleArea area() {
        return area;
    }
}
