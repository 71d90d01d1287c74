package dev.lanes.console;

/**
 * How a run of console text looks, as set by ANSI SGR sequences. Immutable; {@link #PLAIN} is the
 * state after a reset.
 *
 * <p>A colour ({@link #foreground()}, {@link #background()}) is an {@code int} in one of three forms:
 * <ul>
 *   <li>{@link #DEFAULT}: the theme's text colour (foreground) or no background;</li>
 *   <li>{@code 0xRRGGBB} (0 to 0xFFFFFF): an exact colour, from truecolor sequences and from the
 *       6×6×6 cube and grey ramp of the 256-colour palette;</li>
 *   <li>{@link #ansi(int) ansi(n)}, n from 0 to 15: one of the 16 standard colours. They are left
 *       symbolic on purpose: the view maps them to RGB with a palette that suits the current theme,
 *       so output stays readable on a light and on a dark background, and a theme switch recolours
 *       what is already shown. {@link #indexed(int)} maps the whole 256-colour palette.</li>
 * </ul>
 *
 * @param foreground    text colour
 * @param background    background colour
 * @param bold          SGR 1
 * @param dim           SGR 2 (faint)
 * @param italic        SGR 3
 * @param underline     SGR 4 (any underline style)
 * @param inverse       SGR 7: foreground and background swapped when shown
 * @param strikethrough SGR 9
 */
public record TextStyle(int foreground, int background, boolean bold, boolean dim, boolean italic,
                        boolean underline, boolean inverse, boolean strikethrough) {

    /** The theme's colour: its text colour as a foreground, no colour as a background. */
    public static final int DEFAULT = -1;

    private static final int ANSI_TAG = 0x100_0000;

    /** No colour, no attribute: what SGR 0 restores. */
    public static final TextStyle PLAIN = new TextStyle(DEFAULT, DEFAULT, false, false, false, false, false, false);

    private static final int[] CUBE_LEVELS = {0, 0x5f, 0x87, 0xaf, 0xd7, 0xff};

    public TextStyle {
        if (!isValidColor(foreground) || !isValidColor(background)) {
            throw new IllegalArgumentException("not a colour: " + foreground + " / " + background);
        }
    }

    private static boolean isValidColor(int c) {
        return c == DEFAULT || (c >= 0 && c <= 0xFF_FFFF) || isAnsi(c);
    }

    /** One of the 16 standard colours: 0–7 normal (black, red, green, yellow, blue, magenta, cyan, white), 8–15 bright. */
    public static int ansi(int index) {
        if (index < 0 || index > 15) {
            throw new IllegalArgumentException("ANSI colour index out of 0..15: " + index);
        }
        return ANSI_TAG | index;
    }

    /** Whether {@code color} is one of the 16 standard colours (see {@link #ansi(int)}). */
    public static boolean isAnsi(int color) {
        return (color & ~0xF) == ANSI_TAG;
    }

    /** The index 0–15 of a standard colour. */
    public static int ansiIndex(int color) {
        if (!isAnsi(color)) {
            throw new IllegalArgumentException("not a standard colour: " + color);
        }
        return color & 0xF;
    }

    /** An exact colour from its components (each clamped to 0–255). */
    public static int rgb(int r, int g, int b) {
        return clamp(r) << 16 | clamp(g) << 8 | clamp(b);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /**
     * A colour of the xterm 256-colour palette: 0–15 are the standard colours ({@link #ansi(int)}),
     * 16–231 the 6×6×6 cube, 232–255 the grey ramp (both as {@code 0xRRGGBB}).
     */
    public static int indexed(int n) {
        if (n < 0 || n > 255) {
            throw new IllegalArgumentException("256-colour index out of 0..255: " + n);
        }
        if (n < 16) {
            return ansi(n);
        }
        if (n < 232) {
            int i = n - 16;
            return CUBE_LEVELS[i / 36] << 16 | CUBE_LEVELS[i / 6 % 6] << 8 | CUBE_LEVELS[i % 6];
        }
        int grey = 8 + 10 * (n - 232);
        return grey << 16 | grey << 8 | grey;
    }

    /** Whether this is {@link #PLAIN}. */
    public boolean isPlain() {
        return equals(PLAIN);
    }

    /** This style with another foreground colour. */
    public TextStyle withForeground(int color) {
        return new TextStyle(color, background, bold, dim, italic, underline, inverse, strikethrough);
    }

    /** This style, bold or not. */
    public TextStyle withBold(boolean on) {
        return new TextStyle(foreground, background, on, dim, italic, underline, inverse, strikethrough);
    }
}
