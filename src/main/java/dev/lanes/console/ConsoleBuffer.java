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
 * lines wait for a drain (twice that for a moment, while a producer hands lines over); older ones
 * are dropped, as the view would have trimmed them anyway.
 *
 * <p>Thread-safe. Text appended from several threads is parsed in the order the calls take the
 * producers' lock; feed one stream from one thread, or an escape sequence may be split by another
 * stream's text.
 *
 * <p><b>The view never waits for a parse.</b> A producer parses a chunk into lines of its own,
 * holding only the producers' lock, then hands them over under a second lock held for a few
 * pointer moves. The view's side (drain, tail, counts) takes that second lock only with
 * {@code tryLock}: when a producer holds it at that instant, the view goes on with what it has
 * and gets the rest at its next call. Why: output readers run at a lower CPU priority, and a
 * reader preempted while holding a lock the FX thread needs kept the FX thread waiting 10–70 ms
 * under a flood (priority inversion).
 */
public final class ConsoleBuffer {

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
    private volatile int maxLines;

    // ---- the producers' side: guarded by parseLock (the view never takes it)
    private final java.util.concurrent.locks.ReentrantLock parseLock = new java.util.concurrent.locks.ReentrantLock(true);
    /** Lines finished by the parse in progress, not handed over yet. */
    private final ArrayDeque<StyledLine> staged = new ArrayDeque<>();
    private boolean stagedLost;
    private boolean producerCurrentChanged;
    private long producerTotal;
    private long producerDropped;
    private long producerClears;
    // the unfinished line: characters, the style of each, cursor column
    private char[] chars = new char[128];
    private TextStyle[] styles = new TextStyle[128];
    private int length;
    private int cursor;

    // ---- handed over, not yet taken by the view: guarded by handoff
    private final java.util.concurrent.locks.ReentrantLock handoff = new java.util.concurrent.locks.ReentrantLock();
    private final ArrayDeque<StyledLine> inbox = new ArrayDeque<>();
    private boolean inboxLost;
    /** The unfinished line as of the last hand-over, or null when it did not change since the view took it. */
    private StyledLine inboxCurrent;
    private long inboxTotal;
    /** The producers' count of dropped lines as of the last hand-over. */
    private long inboxDropped;
    /** Something was handed over that the view has not taken yet (read without the lock). */
    private volatile boolean handedOver;
    /** Bumped by {@link #clear}: a parse that began before it hands nothing over. */
    private volatile long clears;

    // ---- the view's side: guarded by viewLock (producers never take it)
    private final java.util.concurrent.locks.ReentrantLock viewLock = new java.util.concurrent.locks.ReentrantLock();
    private final ArrayDeque<StyledLine> finished = new ArrayDeque<>();
    private StyledLine current = StyledLine.EMPTY;
    /** Lines finished since this buffer was made, the dropped ones included (as far as taken). */
    private long finishedTotal;
    /** Finished lines the cap dropped on the view's side, and on the producers' side (as far as taken). */
    private long droppedTotal;
    private long producerDroppedSeen;
    /** Bumped by every change to the lines (for views that redraw only on change). */
    private long version;
    private boolean replaceAll;
    private boolean currentChanged;

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
        parseLock.lock();
        try {
            long clearsAtStart = clears;
            if (clearsAtStart != producerClears) { // the view cleared: the unfinished line is gone
                producerClears = clearsAtStart;
                length = 0;
                cursor = 0;
            }
            parser.feed(text);
            handOver(clearsAtStart);
        } finally {
            parseLock.unlock();
        }
    }

    /** Gives what the parse produced to the view's side (producers' lock held). */
    private void handOver(long clearsAtStart) {
        if (staged.isEmpty() && !producerCurrentChanged && !stagedLost) {
            return;
        }
        StyledLine unfinished = producerCurrentChanged ? StyledLine.of(chars, styles, length) : null;
        handoff.lock();
        try {
            if (clears != clearsAtStart) {
                // cleared while this text was parsed: it counts as output from before the clear
                staged.clear();
                stagedLost = false;
                producerCurrentChanged = false;
                length = 0;
                cursor = 0;
                return;
            }
            inbox.addAll(staged);
            inboxLost |= stagedLost;
            int max = maxLines;
            while (inbox.size() > max) {
                inbox.removeFirst();
                inboxLost = true;
                producerDropped++;
            }
            if (unfinished != null) {
                inboxCurrent = unfinished;
            }
            inboxTotal = producerTotal;
            inboxDropped = producerDropped;
            handedOver = true;
        } finally {
            handoff.unlock();
        }
        staged.clear();
        stagedLost = false;
        producerCurrentChanged = false;
    }

    /**
     * Moves what producers handed over to the view's side (view lock held). Never waits for a
     * producer: when one holds the hand-over lock right now, the rest comes at the next call.
     */
    private void take(boolean wait) {
        if (!handedOver) {
            return;
        }
        if (wait) {
            handoff.lock();
        } else if (!handoff.tryLock()) {
            return;
        }
        try {
            if (!inbox.isEmpty() || inboxLost || inboxCurrent != null) {
                version++;
            }
            if (inboxLost) {
                // lines were lost in between: what waits replaces all the view shows
                droppedTotal += finished.size();
                finished.clear();
                replaceAll = true;
            }
            finished.addAll(inbox);
            if (!inbox.isEmpty()) {
                currentChanged = true; // the view's unfinished line became finished
            }
            inbox.clear();
            inboxLost = false;
            if (inboxCurrent != null) {
                current = inboxCurrent;
                currentChanged = true;
                inboxCurrent = null;
            }
            finishedTotal = inboxTotal;
            producerDroppedSeen = inboxDropped;
            handedOver = false;
        } finally {
            handoff.unlock();
        }
        int max = maxLines;
        while (finished.size() > max) {
            finished.removeFirst();
            replaceAll = true;
            droppedTotal++;
        }
    }

    /**
     * What changed since the last drain, or {@code null} if nothing did. Each drain starts a new
     * batch.
     */
    public Batch drain() {
        return drain(Integer.MAX_VALUE);
    }

    /**
     * Like {@link #drain()}, but with at most {@code maxFinished} finished lines, the oldest
     * first, so that the view can bound the work of one frame. When more are waiting, the batch
     * ends with an empty line in place of the unfinished one: the next batch replaces it.
     */
    public Batch drain(int maxFinished) {
        if (maxFinished < 1) {
            throw new IllegalArgumentException("max finished lines " + maxFinished);
        }
        viewLock.lock();
        try {
            take(false);
            if (!currentChanged && finished.isEmpty() && !replaceAll) {
                return null;
            }
            boolean all = finished.size() <= maxFinished;
            List<StyledLine> lines = new ArrayList<>(Math.min(finished.size(), maxFinished) + 1);
            for (int i = 0; i < maxFinished && !finished.isEmpty(); i++) {
                lines.add(finished.removeFirst());
            }
            lines.add(all ? current : StyledLine.EMPTY);
            Batch batch = new Batch(replaceAll, lines);
            replaceAll = false;
            if (all) {
                currentChanged = false;
            }
            return batch;
        } finally {
            viewLock.unlock();
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
        viewLock.lock();
        try {
            take(false);
            int take = Math.min(n - 1, finished.size());
            StyledLine[] lines = new StyledLine[take + 1];
            var it = finished.descendingIterator();
            for (int i = take - 1; i >= 0; i--) {
                lines[i] = it.next();
            }
            lines[take] = current;
            int fromView = replaceAll ? 0 : n - 1 - take;
            return new Tail(Arrays.asList(lines), fromView);
        } finally {
            viewLock.unlock();
        }
    }

    /** Lines finished since this buffer was made, including those the cap dropped. Never decreases. */
    public long finishedTotal() {
        viewLock.lock();
        try {
            take(false);
            return finishedTotal;
        } finally {
            viewLock.unlock();
        }
    }

    /**
     * Finished lines the cap dropped before any drain took them, since this buffer was made (a
     * clear forgets lines too, but they do not count). Never decreases.
     */
    public long droppedTotal() {
        viewLock.lock();
        try {
            take(false);
            return droppedTotal + producerDroppedSeen;
        } finally {
            viewLock.unlock();
        }
    }

    /** Finished lines waiting for a drain. */
    public int pendingLines() {
        viewLock.lock();
        try {
            take(false);
            return finished.size();
        } finally {
            viewLock.unlock();
        }
    }

    /** Changes whenever the lines do (appended text, a clear); for redrawing only on change. */
    public long version() {
        viewLock.lock();
        try {
            take(false);
            return version;
        } finally {
            viewLock.unlock();
        }
    }

    /**
     * Whether a drain would return a batch (or soon will: output handed over by a producer that
     * holds the hand-over lock at this instant counts too).
     */
    public boolean hasPending() {
        viewLock.lock();
        try {
            take(false);
            return currentChanged || replaceAll || !finished.isEmpty() || handedOver;
        } finally {
            viewLock.unlock();
        }
    }

    /**
     * Forgets all lines, the pending ones and the unfinished one (the view clears what it shows).
     * The current style and any escape sequence in progress carry on. Text being parsed at this
     * moment counts as output from before the clear.
     */
    public void clear() {
        viewLock.lock();
        try {
            handoff.lock();
            try {
                clears++;
                inbox.clear();
                inboxLost = false;
                inboxCurrent = null;
                handedOver = false;
            } finally {
                handoff.unlock();
            }
            finished.clear();
            version++;
            replaceAll = false;
            currentChanged = false;
            current = StyledLine.EMPTY;
        } finally {
            viewLock.unlock();
        }
    }

    public int maxLines() {
        return maxLines;
    }

    /** Most finished lines kept waiting for a drain. */
    public void setMaxLines(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max lines " + max);
        }
        viewLock.lock();
        try {
            this.maxLines = max;
            take(true);
        } finally {
            viewLock.unlock();
        }
    }

    /** The line model: runs under the producers' lock, called by the parser. */
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
            producerCurrentChanged = true;
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
            producerCurrentChanged = true;
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
            staged.addLast(StyledLine.of(chars, styles, len));
            producerTotal++;
            if (staged.size() > maxLines) {
                staged.removeFirst();
                stagedLost = true;
                producerDropped++;
            }
            producerCurrentChanged = true;
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
