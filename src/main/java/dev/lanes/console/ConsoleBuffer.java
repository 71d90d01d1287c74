package dev.lanes.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a stream of terminal output into lines, ready to be shown in batches. Producers (reader
 * threads) {@link #append} text; the view {@link #drain drains} what changed since the last drain,
 * typically once per frame, and applies it as one change.
 *
 * <p>The unfinished last line is kept here, with a cursor, so a carriage return, a backspace, an
 * erase-line or a horizontal cursor move edits it as a terminal would (progress bars overwrite it
 * in place). A line longer than the display width is cut into display lines of that width, so one
 * enormous line (a minified file, a base64 blob) never becomes one enormous paragraph.
 *
 * <p>Memory stays bounded however far the view falls behind: at most {@code maxLines} finished
 * lines wait for a drain; older ones are dropped, as the view would have trimmed them anyway.
 *
 * <p>Thread-safe. Text appended from several threads is parsed in the order the calls take the
 * lock; feed one stream from one thread, or an escape sequence may be split by another stream's text.
 */
public final class ConsoleBuffer {

    /**
     * Fair: a reader appending chunk after chunk would otherwise take the lock again and again
     * while the FX thread waits to drain (Java monitors are not fair).
     */
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock(true);

    /** The app's default cap on lines kept. */
    public static final int DEFAULT_MAX_LINES = 100_000;

    /** Longest display line; longer lines continue on the next display line. */
    public static final int DEFAULT_LINE_WIDTH = 10_000;

    /**
     * What changed since the last drain. The view replaces the last line it shows (its unfinished
     * line; everything, when {@code replaceAll}) by {@code lines}, in order. The last of them is
     * the new unfinished line, possibly empty; the others are finished.
     */
    public record Batch(boolean replaceAll, List<StyledLine> lines) {
        public Batch {
            lines = List.copyOf(lines);
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("a batch holds at least the unfinished line");
            }
        }
    }

    private final int lineWidth;
    private final AnsiParser parser;
    private int maxLines;

    private final ArrayDeque<StyledLine> finished = new ArrayDeque<>();
    /** Lines finished since this buffer was made, the dropped ones included. */
    private long finishedTotal;
    /** Bumped by every change to the lines (for views that redraw only on change). */
    private long version;
    private boolean replaceAll;
    private boolean currentChanged;

    // the unfinished line: characters, the style of each, cursor column
    private char[] chars = new char[128];
    private TextStyle[] styles = new TextStyle[128];
    private int length;
    private int cursor;

    /** A buffer with the default cap and line width. */
    public ConsoleBuffer() {
        this(DEFAULT_MAX_LINES, DEFAULT_LINE_WIDTH);
    }

    /**
     * @param maxLines  most finished lines waiting for a drain (the view's cap on lines)
     * @param lineWidth longest display line, in chars (at least 2)
     */
    public ConsoleBuffer(int maxLines, int lineWidth) {
        if (lineWidth < 2) {
            throw new IllegalArgumentException("line width " + lineWidth);
        }
        this.lineWidth = lineWidth;
        setMaxLines(maxLines);
        this.parser = new AnsiParser(new Lines());
    }

    /** Parses and adds output; callable from any thread. */
    public void append(CharSequence text) {
        lock.lock();
        try {
            parser.feed(text);
            version++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What changed since the last drain, or {@code null} if nothing did. Each drain starts a new
     * batch.
     */
    public Batch drain() {
        lock.lock();
        try {
            return drain(Integer.MAX_VALUE);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Like {@link #drain()}, but with at most {@code maxFinished} finished lines, the oldest
     * first, so that the view can bound the work of one frame. When more are waiting, the batch
     * ends with an empty line in place of the unfinished one: the next batch replaces it.
     */
    public Batch drain(int maxFinished) {
        lock.lock();
        try {
            if (maxFinished < 1) {
                throw new IllegalArgumentException("max finished lines " + maxFinished);
            }
            if (!currentChanged && finished.isEmpty() && !replaceAll) {
                return null;
            }
            boolean all = finished.size() <= maxFinished;
            List<StyledLine> lines = new ArrayList<>(Math.min(finished.size(), maxFinished) + 1);
            for (int i = 0; i < maxFinished && !finished.isEmpty(); i++) {
                lines.add(finished.removeFirst());
            }
            lines.add(all ? StyledLine.of(chars, styles, length) : StyledLine.EMPTY);
            Batch batch = new Batch(replaceAll, lines);
            replaceAll = false;
            if (all) {
                currentChanged = false;
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The newest lines, without draining them: what a view that shows only its last rows needs
     * while output floods. Holds at most {@code n} lines, the last of them the unfinished one (as
     * a drain would show it).
     *
     * @param lines     the newest waiting lines, oldest first, ending with the unfinished line
     * @param fromView  how many lines the view must supply from what it shows already (its
     *                  newest finished lines, not its unfinished one) to make {@code n}: 0 when
     *                  the waiting lines suffice or replace everything shown
     */
    public record Tail(List<StyledLine> lines, int fromView) {
        public Tail {
            lines = List.copyOf(lines);
        }
    }

    /** The newest {@code n} lines (at least 1), see {@link Tail}. Drains nothing. */
    public Tail peekTail(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("tail of " + n);
        }
        lock.lock();
        try {
            int take = Math.min(n - 1, finished.size());
            StyledLine[] lines = new StyledLine[take + 1];
            var it = finished.descendingIterator();
            for (int i = take - 1; i >= 0; i--) {
                lines[i] = it.next();
            }
            lines[take] = StyledLine.of(chars, styles, length);
            int fromView = replaceAll ? 0 : n - 1 - take;
            return new Tail(Arrays.asList(lines), fromView);
        } finally {
            lock.unlock();
        }
    }

    /** Lines finished since this buffer was made, including those the cap dropped. Never decreases. */
    public long finishedTotal() {
        lock.lock();
        try {
            return finishedTotal;
        } finally {
            lock.unlock();
        }
    }

    /** Finished lines waiting for a drain. */
    public int pendingLines() {
        lock.lock();
        try {
            return finished.size();
        } finally {
            lock.unlock();
        }
    }

    /** Changes whenever the lines do (appended text, a clear); for redrawing only on change. */
    public long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a drain would return a batch. */
    public boolean hasPending() {
        lock.lock();
        try {
            return currentChanged || replaceAll || !finished.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets all lines, the pending ones and the unfinished one (the view clears what it shows).
     * The current style and any escape sequence in progress carry on.
     */
    public void clear() {
        lock.lock();
        try {
            finished.clear();
            version++;
            replaceAll = false;
            currentChanged = false;
            length = 0;
            cursor = 0;
        } finally {
            lock.unlock();
        }
    }

    public int maxLines() {
        lock.lock();
        try {
            return maxLines;
        } finally {
            lock.unlock();
        }
    }

    /** Most finished lines kept waiting for a drain. */
    public void setMaxLines(int max) {
        lock.lock();
        try {
            if (max < 1) {
                throw new IllegalArgumentException("max lines " + max);
            }
            this.maxLines = max;
            while (finished.size() > max) {
                finished.removeFirst();
                replaceAll = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The line model: runs under the buffer's lock, called by the parser. */
    private final class Lines implements AnsiParser.Sink {

        @Override
        public void text(CharSequence text, int start, int end, TextStyle style) {
            while (start < end) {
                if (cursor >= lineWidth) {
                    wrap();
                }
                int n = Math.min(end - start, lineWidth - cursor);
                ensureCapacity(cursor + n);
                if (cursor > length) {
                    Arrays.fill(chars, length, cursor, ' ');
                    Arrays.fill(styles, length, cursor, TextStyle.PLAIN);
                }
                if (text instanceof String s) {
                    s.getChars(start, start + n, chars, cursor);
                } else {
                    for (int k = 0; k < n; k++) {
                        chars[cursor + k] = text.charAt(start + k);
                    }
                }
                Arrays.fill(styles, cursor, cursor + n, style);
                cursor += n;
                length = Math.max(length, cursor);
                start += n;
            }
            currentChanged = true;
        }

        @Override
        public void newline() {
            finish(length);
            length = 0;
            cursor = 0;
        }

        @Override
        public void carriageReturn() {
            cursor = 0;
        }

        @Override
        public void eraseLine(AnsiParser.Erase what) {
            switch (what) {
                case TO_END -> length = Math.min(length, cursor);
                case TO_START -> {
                    int end = Math.min(length, cursor + 1);
                    Arrays.fill(chars, 0, end, ' ');
                    Arrays.fill(styles, 0, end, TextStyle.PLAIN);
                }
                case LINE -> length = 0;
            }
            currentChanged = true;
        }

        @Override
        public void cursorBy(int columns) {
            cursor = Math.max(0, Math.min(lineWidth, cursor + columns));
        }

        @Override
        public void cursorToColumn(int column) {
            cursor = Math.max(0, Math.min(lineWidth, column));
        }

        /** The line is full: it continues on a new display line. */
        private void wrap() {
            int cut = Math.min(length, lineWidth);
            // never split a surrogate pair between two display lines
            boolean carry = cut > 1 && Character.isHighSurrogate(chars[cut - 1]) && length == cut;
            char carried = chars[cut - 1];
            TextStyle carriedStyle = styles[cut - 1];
            finish(carry ? cut - 1 : cut);
            length = 0;
            cursor = 0;
            if (carry) {
                chars[0] = carried;
                styles[0] = carriedStyle;
                length = 1;
                cursor = 1;
            }
        }

        private void finish(int len) {
            finished.addLast(StyledLine.of(chars, styles, len));
            finishedTotal++;
            if (finished.size() > maxLines) {
                finished.removeFirst();
                replaceAll = true;
            }
            currentChanged = true;
        }

        private void ensureCapacity(int needed) {
            if (needed > chars.length) {
                int size = Math.min(lineWidth, Math.max(needed, chars.length * 2));
                chars = Arrays.copyOf(chars, size);
                styles = Arrays.copyOf(styles, size);
            }
        }
    }
}
