package dev.lanes.console;

import java.util.Arrays;

/**
 * One line of console output: its text (no line break) and the styles of its runs. Immutable.
 */
public final class StyledLine {

    private static final int[] NO_ENDS = {};
    private static final TextStyle[] NO_STYLES = {};

    /** A line with no text. */
    public static final StyledLine EMPTY = new StyledLine("", NO_ENDS, NO_STYLES);

    private final String text;
    private final int[] runEnds;
    private final TextStyle[] runStyles;

    private StyledLine(String text, int[] runEnds, TextStyle[] runStyles) {
        this.text = text;
        this.runEnds = runEnds;
        this.runStyles = runStyles;
    }

    /** A line in one style. */
    public static StyledLine of(String text, TextStyle style) {
        return text.isEmpty() ? EMPTY : new StyledLine(text, new int[]{text.length()}, new TextStyle[]{style});
    }

    /** The line in {@code chars[0, length)}, each character in its {@code styles[i]}; adjacent equal styles make one run. */
    static StyledLine of(char[] chars, TextStyle[] styles, int length) {
        if (length == 0) {
            return EMPTY;
        }
        int runs = 1;
        for (int i = 1; i < length; i++) {
            if (!same(styles[i - 1], styles[i])) {
                runs++;
            }
        }
        int[] ends = new int[runs];
        TextStyle[] runStyles = new TextStyle[runs];
        int r = 0;
        for (int i = 1; i < length; i++) {
            if (!same(styles[i - 1], styles[i])) {
                ends[r] = i;
                runStyles[r] = styles[i - 1];
                r++;
            }
        }
        ends[r] = length;
        runStyles[r] = styles[length - 1];
        return new StyledLine(new String(chars, 0, length), ends, runStyles);
    }

    /**
     * A line from its runs: {@code lengths[i]} characters of {@code text} in {@code styles[i]}, in
     * order; the lengths add up to the text's length. Zero-length runs are skipped.
     */
    public static StyledLine ofRuns(String text, int[] lengths, TextStyle[] styles) {
        if (lengths.length != styles.length) {
            throw new IllegalArgumentException(lengths.length + " lengths, " + styles.length + " styles");
        }
        if (text.isEmpty()) {
            return EMPTY;
        }
        int runs = 0;
        for (int len : lengths) {
            if (len < 0) {
                throw new IllegalArgumentException("negative run length " + len);
            }
            runs += len > 0 ? 1 : 0;
        }
        int[] ends = new int[runs];
        TextStyle[] runStyles = new TextStyle[runs];
        int r = 0;
        int end = 0;
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] > 0) {
                end += lengths[i];
                ends[r] = end;
                runStyles[r] = java.util.Objects.requireNonNull(styles[i], "style");
                r++;
            }
        }
        if (end != text.length()) {
            throw new IllegalArgumentException("runs cover " + end + " of " + text.length() + " characters");
        }
        return new StyledLine(text, ends, runStyles);
    }

    private static boolean same(TextStyle a, TextStyle b) {
        return a == b || a.equals(b);
    }

    public String text() {
        return text;
    }

    public int length() {
        return text.length();
    }

    /** Number of runs (0 for an empty line). */
    public int runCount() {
        return runEnds.length;
    }

    public int runLength(int run) {
        return runEnds[run] - (run == 0 ? 0 : runEnds[run - 1]);
    }

    public TextStyle runStyle(int run) {
        return runStyles[run];
    }

    /** The style of the character at {@code offset}. */
    public TextStyle styleAt(int offset) {
        if (offset < 0 || offset >= text.length()) {
            throw new IndexOutOfBoundsException(offset);
        }
        int run = Arrays.binarySearch(runEnds, offset + 1);
        return runStyles[run >= 0 ? run : -run - 1];
    }

    @Override
    public String toString() {
        return text;
    }
}
