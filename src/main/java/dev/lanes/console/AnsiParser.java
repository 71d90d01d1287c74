package dev.lanes.console;

/**
 * A streaming parser of terminal output: feed it decoded text in chunks of any size (an escape
 * sequence may be split anywhere, even mid-parameter) and it reports styled text and line edits to
 * a {@link Sink}.
 *
 * <p>Understood: SGR (colours and attributes, see {@link TextStyle}; 16, 256 and truecolor
 * colours in their {@code ;} and {@code :} forms), newline, carriage return, backspace, erase in
 * line ({@code ESC[K}, {@code ESC[1K}, {@code ESC[2K}) and the horizontal cursor moves that
 * progress bars use ({@code ESC[nG}, {@code ESC[nC}, {@code ESC[nD}). Swallowed without a trace:
 * every other CSI sequence (vertical cursor moves, clearing the screen, modes…), OSC strings
 * ({@code ESC ] … BEL} or {@code ESC ] … ESC \}), DCS/SOS/PM/APC strings, other escape sequences,
 * and control characters other than tab. A string left unterminated ends at the next newline, so
 * a broken sequence can hide at most the rest of its line.
 *
 * <p>Not thread-safe: one parser per stream, fed by one thread at a time.
 */
public final class AnsiParser {

    /** Receives what the parser finds, in order. */
    public interface Sink {

        /** Text {@code chars[start, end)} in {@code style}; no control characters other than tab. */
        void text(CharSequence chars, int start, int end, TextStyle style);

        /** End of line ({@code \n}; {@code \r\n} arrives as a carriage return, then this). */
        void newline();

        /** {@code \r}: the cursor goes back to column 0; the text that follows overwrites the line. */
        void carriageReturn();

        /** Erase in line ({@code ESC[K}); the cursor does not move. */
        void eraseLine(Erase what);

        /** Moves the cursor within the line by {@code columns} (negative: left; backspace is -1). */
        void cursorBy(int columns);

        /** Moves the cursor to a 0-based column of the current line. */
        void cursorToColumn(int column);
    }

    /** What {@code ESC[nK} erases. */
    public enum Erase {
        /** {@code ESC[K}, {@code ESC[0K}: from the cursor to the end of the line. */
        TO_END,
        /** {@code ESC[1K}: from the start of the line through the cursor. */
        TO_START,
        /** {@code ESC[2K}: the whole line. */
        LINE
    }

    private static final int GROUND = 0;
    private static final int ESCAPE = 1;
    private static final int ESCAPE_INTERMEDIATE = 2;
    private static final int CSI = 3;
    private static final int OSC = 4;
    private static final int OSC_ESCAPE = 5;
    private static final int STRING = 6;
    private static final int STRING_ESCAPE = 7;

    private static final int MAX_PARAMS = 32;
    private static final int MAX_PARAM_VALUE = 99_999;
    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;
    private static final char CAN = 0x18;
    private static final char SUB = 0x1a;
    private static final char ST_C1 = 0x9c;
    private static final int NO_COLOR = Integer.MIN_VALUE;

    private final Sink sink;
    private int state = GROUND;

    // CSI being read: values (-1 = empty), whether each one is a ':' sub-parameter of the one before
    private final int[] params = new int[MAX_PARAMS];
    private final boolean[] subParam = new boolean[MAX_PARAMS];
    private int paramCount;
    private int current;
    private boolean nextIsSub;
    private boolean privateMarker;
    private boolean intermediate;
    private int extendedColor;

    // SGR state
    private int fg = TextStyle.DEFAULT;
    private int bg = TextStyle.DEFAULT;
    private boolean bold;
    private boolean dim;
    private boolean italic;
    private boolean underline;
    private boolean inverse;
    private boolean strike;
    private TextStyle style = TextStyle.PLAIN;
    private boolean styleStale;

    public AnsiParser(Sink sink) {
        this.sink = java.util.Objects.requireNonNull(sink);
    }

    /** The style that text fed now would get. */
    public TextStyle style() {
        return currentStyle();
    }

    /** Back to the start state: no sequence in progress, {@link TextStyle#PLAIN}. */
    public void reset() {
        state = GROUND;
        resetStyle();
    }

    /** Parses the next chunk of output. */
    public void feed(CharSequence chunk) {
        int n = chunk.length();
        int i = 0;
        while (i < n) {
            if (state == GROUND) {
                int start = i;
                while (i < n && isPrintable(chunk.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    sink.text(chunk, start, i, currentStyle());
                }
                if (i < n) {
                    groundControl(chunk.charAt(i));
                    i++;
                }
            } else {
                // returns false when the character must be read again in the state it switched to
                if (escaped(chunk.charAt(i))) {
                    i++;
                }
            }
        }
    }

    private static boolean isPrintable(char c) {
        return c >= 0x20 ? c < 0x7f || c >= 0xa0 : c == '\t';
    }

    private void groundControl(char c) {
        switch (c) {
            case '\n' -> sink.newline();
            case '\r' -> sink.carriageReturn();
            case '\b' -> sink.cursorBy(-1);
            case ESC -> state = ESCAPE;
            default -> {
                // NUL, BEL, other C0 and C1 controls, DEL: nothing to show
            }
        }
    }

    /** Executes the C0 controls that act even in the middle of a sequence; true if it was one. */
    private boolean executeInSequence(char c) {
        switch (c) {
            case '\n' -> sink.newline();
            case '\r' -> sink.carriageReturn();
            case '\b' -> sink.cursorBy(-1);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** One character in a state other than ground; false if it must be read again. */
    private boolean escaped(char c) {
        switch (state) {
            case ESCAPE -> {
                return afterEscape(c);
            }
            case ESCAPE_INTERMEDIATE -> {
                if (c >= 0x20 && c <= 0x2f) {
                    return true;
                }
                if (c >= 0x30 && c <= 0x7e) {
                    state = GROUND;
                    return true;
                }
                return interrupt(c);
            }
            case CSI -> {
                return csi(c);
            }
            case OSC, STRING -> {
                if (c == BEL || c == ST_C1 || c == CAN || c == SUB) {
                    state = GROUND;
                } else if (c == ESC) {
                    state = state == OSC ? OSC_ESCAPE : STRING_ESCAPE;
                } else if (c == '\n') {
                    state = GROUND; // unterminated: give the rest of the output back
                    sink.newline();
                }
                return true;
            }
            case OSC_ESCAPE, STRING_ESCAPE -> {
                if (c == '\\') {
                    state = GROUND;
                    return true;
                }
                state = ESCAPE; // the string ended; this is a new escape sequence
                return false;
            }
            default -> throw new IllegalStateException("state " + state);
        }
    }

    private boolean afterEscape(char c) {
        switch (c) {
            case '[' -> {
                state = CSI;
                paramCount = 0;
                current = -1;
                nextIsSub = false;
                privateMarker = false;
                intermediate = false;
            }
            case ']' -> state = OSC;
            case 'P', 'X', '^', '_' -> state = STRING;
            case 'c' -> {
                resetStyle(); // RIS, full reset
                state = GROUND;
            }
            case 'E' -> {
                sink.newline(); // NEL
                state = GROUND;
            }
            default -> {
                if (c >= 0x20 && c <= 0x2f) {
                    state = ESCAPE_INTERMEDIATE;
                } else if (c >= 0x30 && c <= 0x7e) {
                    state = GROUND; // ESC 7, ESC =, ESC M…: nothing to show
                } else {
                    return interrupt(c);
                }
            }
        }
        return true;
    }

    /** A character that cannot continue the sequence in progress. */
    private boolean interrupt(char c) {
        if (c == ESC) {
            state = ESCAPE;
            return true;
        }
        if (c == CAN || c == SUB) {
            state = GROUND;
            return true;
        }
        if (c < 0x20) {
            executeInSequence(c);
            return true;
        }
        if (c == 0x7f) {
            return true;
        }
        state = GROUND; // not part of any sequence: show it as text
        return false;
    }

    private boolean csi(char c) {
        if (c >= '0' && c <= '9') {
            current = Math.min(MAX_PARAM_VALUE, (current < 0 ? 0 : current * 10) + (c - '0'));
        } else if (c == ';' || c == ':') {
            pushParam();
            nextIsSub = c == ':';
        } else if (c >= 0x3c && c <= 0x3f) {
            privateMarker = true;
        } else if (c >= 0x20 && c <= 0x2f) {
            intermediate = true;
        } else if (c >= 0x40 && c <= 0x7e) {
            pushParam();
            state = GROUND;
            dispatchCsi(c);
        } else {
            return interrupt(c);
        }
        return true;
    }

    private void pushParam() {
        if (paramCount < MAX_PARAMS) {
            params[paramCount] = current;
            subParam[paramCount] = nextIsSub;
            paramCount++;
        }
        current = -1;
        nextIsSub = false;
    }

    private int param(int index, int whenEmpty) {
        return index < paramCount && params[index] >= 0 ? params[index] : whenEmpty;
    }

    private void dispatchCsi(char command) {
        if (privateMarker || intermediate) {
            return; // ESC[?25l, ESC[>c…: modes and queries, nothing to show
        }
        switch (command) {
            case 'm' -> sgr();
            case 'K' -> {
                int mode = param(0, 0);
                if (mode <= 2) {
                    sink.eraseLine(Erase.values()[mode]);
                }
            }
            case 'G', '`' -> sink.cursorToColumn(Math.max(1, param(0, 1)) - 1);
            case 'C', 'a' -> sink.cursorBy(Math.max(1, param(0, 1)));
            case 'D' -> sink.cursorBy(-Math.max(1, param(0, 1)));
            default -> {
                // cursor up/down, clear screen, scroll regions…: swallowed
            }
        }
    }

    private void sgr() {
        int i = 0;
        while (i < paramCount) {
            int code = param(i, 0);
            int end = i + 1; // end of this parameter's ':' sub-parameters
            while (end < paramCount && subParam[end]) {
                end++;
            }
            boolean hasSubs = end > i + 1;
            int next = end;
            switch (code) {
                case 0 -> resetStyle();
                case 1 -> bold = true;
                case 2 -> dim = true;
                case 3 -> italic = true;
                case 4 -> underline = !hasSubs || param(i + 1, 0) != 0; // 4:0 is "no underline"
                case 7 -> inverse = true;
                case 9 -> strike = true;
                case 21 -> underline = true; // double underline
                case 22 -> {
                    bold = false;
                    dim = false;
                }
                case 23 -> italic = false;
                case 24 -> underline = false;
                case 27 -> inverse = false;
                case 29 -> strike = false;
                case 39 -> fg = TextStyle.DEFAULT;
                case 49 -> bg = TextStyle.DEFAULT;
                case 38, 48, 58 -> {
                    next = hasSubs ? extendedColorColon(i, end) : extendedColorSemicolon(i);
                    if (extendedColor != NO_COLOR) {
                        if (code == 38) {
                            fg = extendedColor;
                        } else if (code == 48) {
                            bg = extendedColor;
                        } // 58: underline colour, not shown
                    }
                }
                default -> {
                    if (code >= 30 && code <= 37) {
                        fg = TextStyle.ansi(code - 30);
                    } else if (code >= 40 && code <= 47) {
                        bg = TextStyle.ansi(code - 40);
                    } else if (code >= 90 && code <= 97) {
                        fg = TextStyle.ansi(code - 90 + 8);
                    } else if (code >= 100 && code <= 107) {
                        bg = TextStyle.ansi(code - 100 + 8);
                    }
                    // blink, hidden, fonts, overline…: not shown
                }
            }
            i = next;
        }
        styleStale = true;
    }

    /** {@code 38;5;n} or {@code 38;2;r;g;b} into {@link #extendedColor}; returns the index after it. */
    private int extendedColorSemicolon(int i) {
        extendedColor = NO_COLOR;
        int kind = param(i + 1, -1);
        if (kind == 5) {
            int n = param(i + 2, -1);
            if (n >= 0 && n <= 255) {
                extendedColor = TextStyle.indexed(n);
            }
            return i + 3;
        }
        if (kind == 2) {
            extendedColor = TextStyle.rgb(param(i + 2, 0), param(i + 3, 0), param(i + 4, 0));
            return i + 5;
        }
        return kind < 0 ? i + 1 : i + 2;
    }

    /** {@code 38:5:n}, {@code 38:2:r:g:b} or {@code 38:2:space:r:g:b}; sub-parameters are {@code (i, end)}. */
    private int extendedColorColon(int i, int end) {
        extendedColor = NO_COLOR;
        int kind = param(i + 1, -1);
        int subs = end - i - 1;
        if (kind == 5 && subs >= 2) {
            int n = param(i + 2, -1);
            if (n >= 0 && n <= 255) {
                extendedColor = TextStyle.indexed(n);
            }
        } else if (kind == 2 && subs >= 4) {
            int first = subs >= 5 ? i + 3 : i + 2; // with or without the colour space id
            extendedColor = TextStyle.rgb(param(first, 0), param(first + 1, 0), param(first + 2, 0));
        }
        return end;
    }

    private void resetStyle() {
        fg = TextStyle.DEFAULT;
        bg = TextStyle.DEFAULT;
        bold = false;
        dim = false;
        italic = false;
        underline = false;
        inverse = false;
        strike = false;
        style = TextStyle.PLAIN;
        styleStale = false;
    }

    private TextStyle currentStyle() {
        if (styleStale) {
            styleStale = false;
            TextStyle s = new TextStyle(fg, bg, bold, dim, italic, underline, inverse, strike);
            // keep the same instance while nothing changed, so runs compare by reference
            if (!s.equals(style)) {
                style = s.equals(TextStyle.PLAIN) ? TextStyle.PLAIN : s;
            }
        }
        return style;
    }
}
