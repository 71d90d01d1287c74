package dev.lanes.store;

import java.util.ArrayList;
import java.util.List;

/**
 * An argv as one column: a JSON array of strings, so SQLite's own JSON functions can read it too
 * ({@code json_extract(argv, '$[0]')}). Lossless for any Java string: quotes, backslashes and control
 * characters are escaped, and so is a lone surrogate (which has no UTF-8 form and would otherwise
 * come back as {@code ?}). Everything else is written as it is, so the column stays readable.
 */
final class ArgvCodec {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ArgvCodec() {
    }

    static String encode(List<String> argv) {
        StringBuilder out = new StringBuilder(16 + argv.size() * 16).append('[');
        for (int i = 0; i < argv.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendString(out, argv.get(i));
        }
        return out.append(']').toString();
    }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Reads what {@link #encode} wrote (or any JSON array of strings).
     *
     * @throws IllegalArgumentException when {@code text} is not a JSON array of strings
     */
    static List<String> decode(String text) {
        return new Reader(text).array();
    }

    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        List<String> array() {
            List<String> result = new ArrayList<>();
            skipSpace();
            expect('[');
            skipSpace();
            if (peek() == ']') {
                pos++;
            } else {
                while (true) {
                    skipSpace();
                    result.add(string());
                    skipSpace();
                    char c = next();
                    if (c == ']') {
                        break;
                    }
                    if (c != ',') {
                        throw error("expected , or ]");
                    }
                }
            }
            skipSpace();
            if (pos != text.length()) {
                throw error("unexpected text after the array");
            }
            return result;
        }

        private String string() {
            expect('"');
            StringBuilder s = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return s.toString();
                }
                if (c != '\\') {
                    s.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> s.append(e);
                    case 'n' -> s.append('\n');
                    case 'r' -> s.append('\r');
                    case 't' -> s.append('\t');
                    case 'b' -> s.append('\b');
                    case 'f' -> s.append('\f');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("short \\u escape");
                        }
                        int value = 0;
                        for (int k = 0; k < 4; k++) {
                            int digit = Character.digit(text.charAt(pos++), 16);
                            if (digit < 0) {
                                throw error("bad \\u escape");
                            }
                            value = value * 16 + digit;
                        }
                        s.append((char) value);
                    }
                    default -> throw error("unknown escape \\" + e);
                }
            }
        }

        private void skipSpace() {
            while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= text.length()) {
                throw error("unexpected end");
            }
            return text.charAt(pos);
        }

        private char next() {
            char c = peek();
            pos++;
            return c;
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("expected " + c);
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("Not a JSON array of strings (" + what + " at " + pos + ")");
        }
    }
}
