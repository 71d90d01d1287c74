package dev.lanes.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.lanes.console.TextStyle.DEFAULT;
import static dev.lanes.console.TextStyle.PLAIN;
import static dev.lanes.console.TextStyle.ansi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnsiParserTest {

    private static final String ESC = "\u001b";
    private static final String CSI = ESC + "[";
    private static final String SEQUENCE_CHARS = "\u001b[;:?>0123456789m]\\\u0007PX^_";

    /** Records what the parser reports; adjacent text in one style is merged (chunking must not show). */
    static final class Recorder implements AnsiParser.Sink {
        final List<String> events = new ArrayList<>();
        final List<TextStyle> styles = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private TextStyle textStyle;

        @Override
        public void text(CharSequence chars, int start, int end, TextStyle style) {
            assertTrue(end > start, "empty text event");
            if (textStyle != null && !textStyle.equals(style)) {
                flush();
            }
            textStyle = style;
            text.append(chars, start, end);
        }

        private void flush() {
            if (textStyle != null) {
                events.add("'" + text + "'");
                styles.add(textStyle);
                text.setLength(0);
                textStyle = null;
            }
        }

        private void event(String e) {
            flush();
            events.add(e);
        }

        @Override
        public void newline() {
            event("NL");
        }

        @Override
        public void carriageReturn() {
            event("CR");
        }

        @Override
        public void eraseLine(AnsiParser.Erase what) {
            event("EL-" + what);
        }

        @Override
        public void cursorBy(int columns) {
            event("BY" + columns);
        }

        @Override
        public void cursorToColumn(int column) {
            event("COL" + column);
        }

        List<String> events() {
            flush();
            return events;
        }

        TextStyle styleOf(String shown) {
            flush();
            int i = events.stream().filter(e -> e.startsWith("'")).toList().indexOf("'" + shown + "'");
            assertTrue(i >= 0, "no text '" + shown + "' in " + events);
            return styles.get(i);
        }
    }

    private static Recorder parse(String... chunks) {
        Recorder r = new Recorder();
        AnsiParser p = new AnsiParser(r);
        for (String c : chunks) {
            p.feed(c);
        }
        r.events();
        return r;
    }

    private static TextStyle styleOf(String input, String shown) {
        return parse(input).styleOf(shown);
    }

    @Test
    void plainTextAndLineControls() {
        assertEquals(List.of("'hello'", "NL", "'a\tb'", "CR", "NL", "'x'", "BY-1", "'y'"),
                parse("hello\na\tb\r\nx\by").events());
    }

    @Test
    void eachAttributeAndItsReset() {
        assertTrue(styleOf(CSI + "1mX", "X").bold());
        assertTrue(styleOf(CSI + "2mX", "X").dim());
        assertTrue(styleOf(CSI + "3mX", "X").italic());
        assertTrue(styleOf(CSI + "4mX", "X").underline());
        assertTrue(styleOf(CSI + "4:3mX", "X").underline(), "curly underline is an underline");
        assertFalse(styleOf(CSI + "4m" + CSI + "4:0mX", "X").underline());
        assertTrue(styleOf(CSI + "7mX", "X").inverse());
        assertTrue(styleOf(CSI + "9mX", "X").strikethrough());

        assertEquals(PLAIN, styleOf(CSI + "1;2m" + CSI + "22mX", "X"));
        assertEquals(PLAIN, styleOf(CSI + "3m" + CSI + "23mX", "X"));
        assertEquals(PLAIN, styleOf(CSI + "4m" + CSI + "24mX", "X"));
        assertEquals(PLAIN, styleOf(CSI + "7m" + CSI + "27mX", "X"));
        assertEquals(PLAIN, styleOf(CSI + "9m" + CSI + "29mX", "X"));
    }

    @Test
    void resetByZeroByEmptyAndByRis() {
        String all = CSI + "1;2;3;4;7;9;31;42m";
        assertEquals(new TextStyle(ansi(1), ansi(2), true, true, true, true, true, true), styleOf(all + "X", "X"));
        assertEquals(PLAIN, styleOf(all + CSI + "0mX", "X"));
        assertEquals(PLAIN, styleOf(all + CSI + "mX", "X"));
        assertEquals(PLAIN, styleOf(all + CSI + ";mX", "X"));
        assertEquals(PLAIN, styleOf(all + ESC + "cX", "X"));
        assertTrue(styleOf(all + CSI + ";1mX", "X").bold(), "an empty parameter is a 0, then bold");
        assertEquals(DEFAULT, styleOf(all + CSI + ";1mX", "X").foreground());
    }

    @Test
    void sixteenColours() {
        for (int i = 0; i < 8; i++) {
            assertEquals(ansi(i), styleOf(CSI + (30 + i) + "mX", "X").foreground());
            assertEquals(ansi(i), styleOf(CSI + (40 + i) + "mX", "X").background());
            assertEquals(ansi(8 + i), styleOf(CSI + (90 + i) + "mX", "X").foreground());
            assertEquals(ansi(8 + i), styleOf(CSI + (100 + i) + "mX", "X").background());
        }
        TextStyle s = styleOf(CSI + "31;44m" + CSI + "39mX", "X");
        assertEquals(DEFAULT, s.foreground());
        assertEquals(ansi(4), s.background());
        assertEquals(DEFAULT, styleOf(CSI + "31;44m" + CSI + "49mX", "X").background());
        assertEquals(ansi(1), styleOf(CSI + "31;44m" + CSI + "49mX", "X").foreground());
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0x1000000", "1, 0x1000001", "15, 0x100000f",
            "16, 0x000000", "21, 0x0000ff", "196, 0xff0000", "208, 0xff8700", "231, 0xffffff",
            "232, 0x080808", "244, 0x808080", "255, 0xeeeeee"})
    void the256ColourPalette(int index, String expected) {
        int rgb = Integer.decode(expected);
        assertEquals(rgb, TextStyle.indexed(index));
        assertEquals(rgb, styleOf(CSI + "38;5;" + index + "mX", "X").foreground());
        assertEquals(rgb, styleOf(CSI + "48;5;" + index + "mX", "X").background());
        assertEquals(rgb, styleOf(CSI + "38:5:" + index + "mX", "X").foreground());
    }

    @Test
    void truecolourInBothForms() {
        assertEquals(0x0a141e, styleOf(CSI + "38;2;10;20;30mX", "X").foreground());
        assertEquals(0xff8000, styleOf(CSI + "48;2;255;128;0mX", "X").background());
        assertEquals(0x010203, styleOf(CSI + "38:2:1:2:3mX", "X").foreground());
        assertEquals(0x010203, styleOf(CSI + "38:2::1:2:3mX", "X").foreground(), "with an empty colour space id");
        assertEquals(0x040506, styleOf(CSI + "48:2:0:4:5:6mX", "X").background(), "with a colour space id");
        assertEquals(0xff0000, styleOf(CSI + "38;2;300;0;0mX", "X").foreground(), "clamped to 255");
    }

    @Test
    void extendedColoursConsumeTheirArgumentsAndTheRestStillApplies() {
        TextStyle s = styleOf(CSI + "1;38;5;196;4;48;2;1;2;3;3mX", "X");
        assertEquals(new TextStyle(0xff0000, 0x010203, true, false, true, true, false, false), s);
        TextStyle u = styleOf(CSI + "58;5;9;1mX", "X"); // underline colour: read past, not shown
        assertEquals(PLAIN.withBold(true), u);
        TextStyle c = styleOf(CSI + "38:5:196;1mX", "X");
        assertEquals(PLAIN.withForeground(0xff0000).withBold(true), c);
    }

    @Test
    void stylesChangeOnlyWhereTheSequenceIs() {
        Recorder r = parse("a" + CSI + "32mgreen" + CSI + "0m b");
        assertEquals(List.of("'a'", "'green'", "' b'"), r.events());
        assertEquals(PLAIN, r.styles.get(0));
        assertEquals(PLAIN.withForeground(ansi(2)), r.styles.get(1));
        assertEquals(PLAIN, r.styles.get(2));
    }

    @Test
    void eraseLineAndHorizontalCursorMoves() {
        assertEquals(List.of("'a'", "EL-TO_END", "EL-TO_END", "EL-TO_START", "EL-LINE", "'b'"),
                parse("a" + CSI + "K" + CSI + "0K" + CSI + "1K" + CSI + "2Kb").events());
        assertEquals(List.of("COL0", "COL4", "BY3", "BY-1", "BY-2", "BY1"),
                parse(CSI + "G" + CSI + "5G" + CSI + "3C" + CSI + "D" + CSI + "2D" + CSI + "0C").events());
    }

    @Test
    void otherCsiSequencesAreSwallowed() {
        String cursorMoves = "a" + CSI + "2Jb" + CSI + "10;20Hc" + CSI + "?25ld" + CSI + "1Ae" + CSI + "3Bf"
                + CSI + "sg" + CSI + "uh" + CSI + ">0ci" + CSI + "?1049hj" + CSI + "1;24rk" + CSI + "!pl" + CSI + "6n";
        assertEquals(List.of("'abcdefghijkl'"), parse(cursorMoves).events());
    }

    @Test
    void oscAndOtherStringsAreSwallowed() {
        String s = ESC + "]0;window title" + (char) 7 + "hello " + ESC + "]8;;https://example.com" + ESC + "\\link"
                + ESC + "]8;;" + ESC + "\\ " + ESC + "P1$r0m" + ESC + "\\dcs " + ESC + "_apc" + ESC + "\\end";
        assertEquals(List.of("'hello link dcs end'"), parse(s).events());
    }

    @Test
    void anOscEndedByEscapeFollowedByAnotherSequence() {
        Recorder r = parse(ESC + "]2;t" + ESC + CSI.substring(1) + "31mred");
        assertEquals(List.of("'red'"), r.events());
        assertEquals(ansi(1), r.styles.get(0).foreground());
    }

    @Test
    void anUnterminatedOscEndsAtTheNextNewline() {
        assertEquals(List.of("'a'", "NL", "'still shown'"), parse("a" + ESC + "]0;never ended\nstill shown").events());
    }

    @Test
    void otherEscapeSequencesAndControlCharactersAreSwallowed() {
        String s = "a" + ESC + "7b" + ESC + "8c" + ESC + "(Bd" + ESC + "=e" + ESC + "Mf" + "\u0000\u0007\u0001\u007f\u0085\u009bg";
        assertEquals(List.of("'abcdefg'"), parse(s).events());
    }

    @Test
    void cancelAbortsAndNonAsciiEndsABrokenSequence() {
        assertEquals(List.of("'ab'"), parse("a" + CSI + "31\u0018b").events());
        assertEquals(PLAIN, parse("a" + CSI + "31\u0018b").styles.get(0));
        assertEquals(List.of("'é'"), parse(CSI + "3é").events(), "the character is not lost");
        assertEquals(List.of("NL", "'x'"), parse(CSI + "3\n1mx").events(), "a newline inside CSI still acts");
        assertEquals(ansi(1), parse(CSI + "3\n1mx").styles.get(0).foreground());
    }

    @Test
    void aSequenceSplitAtEveryPositionParsesTheSame() {
        String s = "plain " + CSI + "1;38;5;208mbold orange" + CSI + "0m\r\n" + ESC + "]8;;http://x" + ESC + "\\link"
                + ESC + "]0;t" + (char) 7 + CSI + "48:2::10:20:30mbg" + CSI + "2K\rprog 100%" + CSI + "K\n"
                + CSI + "?25l" + CSI + "12;1H" + "é😀" + CSI + "3D" + "\b" + ESC + "(B" + CSI + "mend";
        List<String> whole = parse(s).events();
        List<TextStyle> wholeStyles = parse(s).styles;
        for (int i = 0; i <= s.length(); i++) {
            Recorder r = parse(s.substring(0, i), s.substring(i));
            assertEquals(whole, r.events(), "split at " + i);
            assertEquals(wholeStyles, r.styles, "split at " + i);
            for (int j = i; j <= s.length(); j += 3) {
                assertEquals(whole, parse(s.substring(0, i), s.substring(i, j), s.substring(j)).events(),
                        "split at " + i + " and " + j);
            }
        }
        String[] oneByOne = s.chars().mapToObj(c -> String.valueOf((char) c)).toArray(String[]::new);
        assertEquals(whole, parse(oneByOne).events());
    }

    @Test
    void binaryGarbageNeverShowsAnEscapeOrAControlCharacter() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            StringBuilder garbage = new StringBuilder();
            for (int i = 0; i < 4000; i++) {
                int kind = random.nextInt(10);
                garbage.append(kind < 3 ? (char) random.nextInt(0x20) // controls, ESC among them
                        : kind < 5 ? SEQUENCE_CHARS.charAt(random.nextInt(SEQUENCE_CHARS.length()))
                        : kind < 7 ? (char) (0x80 + random.nextInt(0x20))
                        : (char) random.nextInt(0x10000));
            }
            Recorder r = new Recorder();
            AnsiParser p = new AnsiParser(r);
            String g = garbage.toString();
            for (int i = 0; i < g.length(); ) {
                int end = Math.min(g.length(), i + 1 + random.nextInt(64));
                p.feed(g.substring(i, end));
                i = end;
            }
            for (String e : r.events()) {
                if (e.startsWith("'")) {
                    for (char c : e.substring(1, e.length() - 1).toCharArray()) {
                        assertTrue(c == '\t' || (c >= 0x20 && c != 0x7f && (c < 0x80 || c >= 0xa0)),
                                "control character " + (int) c + " shown");
                    }
                }
            }
        }
    }

    @Test
    void hugeParametersDoNotOverflow() {
        String many = CSI + "1;".repeat(500) + "31mX";
        assertEquals(List.of("'X'"), parse(many).events());
        assertEquals(List.of("'X'"), parse(CSI + "99999999999999999999mX").events());
        assertEquals(List.of("'X'"), parse(CSI + "38;5;99999mX").events());
        assertEquals(DEFAULT, parse(CSI + "38;5;99999mX").styles.get(0).foreground());
    }

    @Test
    void styleReportsTheCurrentStyleAndResetRestoresPlain() {
        Recorder r = new Recorder();
        AnsiParser p = new AnsiParser(r);
        p.feed(CSI + "1;3");
        p.feed("4m");
        assertEquals(PLAIN.withForeground(ansi(4)).withBold(true), p.style());
        p.feed(CSI + "3");
        p.reset();
        p.feed("1mX"); // the half-read sequence is gone
        assertEquals(List.of("'1mX'"), r.events());
        assertEquals(PLAIN, p.style());
    }

    @Test
    void textStyleRejectsWhatIsNotAColour() {
        assertThrows(IllegalArgumentException.class, () -> PLAIN.withForeground(0x1_000_000 + 16));
        assertThrows(IllegalArgumentException.class, () -> TextStyle.ansi(16));
        assertThrows(IllegalArgumentException.class, () -> TextStyle.indexed(256));
        assertTrue(TextStyle.isAnsi(ansi(7)));
        assertEquals(7, TextStyle.ansiIndex(ansi(7)));
        assertFalse(TextStyle.isAnsi(0xffffff));
        assertFalse(TextStyle.isAnsi(DEFAULT));
    }
}
