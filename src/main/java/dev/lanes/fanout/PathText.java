package dev.lanes.fanout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading paths out of text: list files (one path a line, or NUL-separated), lines pasted from a
 * terminal (quoted as shells and git print names), {@code file://} links, and the free text of an
 * agent's answer. Only text here: whether a path exists is decided by {@link RootPaths}.
 */
public final class PathText {

    private PathText() {
    }

    // ------------------------------------------------------------------------------- list files

    /** Whether a list's text is NUL-separated ({@code find -print0}, {@code git ls-files -z}): it holds a NUL. */
    public static boolean isNulSeparated(String text) {
        return text.indexOf('\0') >= 0;
    }

    /**
     * The entries of a list: with {@code nul}, the NUL-separated fields as they are (a name may hold
     * spaces at its ends or a line break); else the lines, stripped. Empty entries are dropped.
     */
    public static List<String> listEntries(String text, boolean nul) {
        List<String> out = new ArrayList<>();
        if (nul) {
            for (String e : text.split("\0")) {
                if (!e.isEmpty()) {
                    out.add(e);
                }
            }
            return out;
        }
        for (String line : text.split("\\R")) {
            String e = line.strip();
            if (!e.isEmpty()) {
                out.add(e);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------- pasted lines

    /**
     * The ways one stripped line may name a file, most literal first: the line as it is, the line
     * read as one shell word ({@code 'a b.txt'}, {@code "a b.txt"}, {@code a\ b.txt},
     * {@code 'a'$'\n''b.txt'} as GNU ls prints a line break), and the line read as git quotes a
     * name ({@code "caf\303\251.txt"}). Duplicates and unreadable forms are left out.
     */
    public static List<String> lineCandidates(String line) {
        List<String> out = new ArrayList<>(3);
        out.add(line);
        String shell = shellWord(line);
        if (shell != null && !shell.isEmpty() && !out.contains(shell)) {
            out.add(shell);
        }
        String git = gitQuoted(line);
        if (git != null && !git.isEmpty() && !out.contains(git)) {
            out.add(git);
        }
        return out;
    }

    /** Whether a line may hold quoting that {@link #lineCandidates} would undo. */
    static boolean mayBeQuoted(String line) {
        return line.indexOf('\'') >= 0 || line.indexOf('"') >= 0 || line.indexOf('\\') >= 0;
    }

    /**
     * {@code text} read as exactly one POSIX shell word with bash's {@code $'…'} added; null when it
     * is several words, has an unterminated quote, or needs expansion ({@code $VAR}, globs are kept
     * literally, as the name they would be if nothing matched).
     */
    static String shellWord(String text) {
        if (!mayBeQuoted(text)) {
            return null;
        }
        StringBuilder w = new StringBuilder();
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < n && text.charAt(i + 1) == '\'') {
                int end = ansiC(text, i + 2, w);
                if (end < 0) {
                    return null;
                }
                i = end;
            } else if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    return null;
                }
                w.append(text, i + 1, end);
                i = end;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < n && text.charAt(j) != '"'; j++) {
                    char d = text.charAt(j);
                    if (d == '\\' && j + 1 < n && "$`\"\\".indexOf(text.charAt(j + 1)) >= 0) {
                        d = text.charAt(++j);
                    }
                    w.append(d);
                }
                if (j >= n) {
                    return null;
                }
                i = j;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    return null;
                }
                w.append(text.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                return null; // two words: not one path
            } else {
                w.append(c);
            }
        }
        return w.toString();
    }

    /** Reads {@code $'…'} from {@code start} (after the quote) into {@code w}; the index of the closing quote, or -1. */
    private static int ansiC(String s, int start, StringBuilder w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int n = s.length();
        for (int i = start; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\'') {
                w.append(bytes.toString(StandardCharsets.UTF_8));
                return i;
            }
            if (c != '\\' || i + 1 >= n) {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> bytes.write('\n');
                case 't' -> bytes.write('\t');
                case 'r' -> bytes.write('\r');
                case 'a' -> bytes.write(7);
                case 'b' -> bytes.write('\b');
                case 'e', 'E' -> bytes.write(27);
                case 'f' -> bytes.write('\f');
                case 'v' -> bytes.write(11);
                case '\\', '\'', '"', '?' -> bytes.write(e);
                case 'x' -> {
                    int j = i + 1;
                    while (j < n && j < i + 3 && Character.digit(s.charAt(j), 16) >= 0) {
                        j++;
                    }
                    if (j == i + 1) {
                        return -1;
                    }
                    bytes.write(Integer.parseInt(s.substring(i + 1, j), 16));
                    i = j - 1;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int j = i;
                        while (j < n && j < i + 3 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                            j++;
                        }
                        bytes.write(Integer.parseInt(s.substring(i, j), 8) & 0xff);
                        i = j - 1;
                    } else {
                        bytes.write('\\');
                        bytes.writeBytes(String.valueOf(e).getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return -1;
    }

    /** A name as git prints one it must quote ({@code "a\tb"}, octal bytes for non-ASCII); null if {@code text} is not one. */
    static String gitQuoted(String text) {
        if (text.length() < 2 || text.charAt(0) != '"' || text.charAt(text.length() - 1) != '"') {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int n = text.length() - 1;
        for (int i = 1; i < n; i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                if (c == '"') {
                    return null;
                }
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 1 >= n) {
                return null;
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'a' -> bytes.write(7);
                case 'b' -> bytes.write('\b');
                case 't' -> bytes.write('\t');
                case 'n' -> bytes.write('\n');
                case 'v' -> bytes.write(11);
                case 'f' -> bytes.write('\f');
                case 'r' -> bytes.write('\r');
                case '"', '\\' -> bytes.write(e);
                default -> {
                    if (i + 2 >= n || !text.substring(i, i + 3).matches("[0-3][0-7][0-7]")) {
                        return null;
                    }
                    bytes.write(Integer.parseInt(text.substring(i, i + 3), 8));
                    i += 2;
                }
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------ links

    /** What a {@code file:} link names: the path ways to read it (most literal first), or the problem. */
    record FileLink(List<String> paths, String problem) {
    }

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    /** Whether {@code text} starts with a URI scheme ({@code https:}, {@code file:}, …) rather than a path. */
    static boolean hasScheme(String text) {
        Matcher m = SCHEME.matcher(text);
        // "C:" and the like would be a drive letter elsewhere; on this system a one-letter scheme is no URI anyone drops
        return m.find() && m.end() > 2;
    }

    static boolean isFileLink(String text) {
        return text.regionMatches(true, 0, "file:", 0, 5);
    }

    /**
     * A {@code file:} link ({@code file:///a/b}, {@code file://localhost/a/b}, {@code file:/a/b}) as
     * paths: percent escapes decoded as UTF-8. A raw {@code #} or {@code ?} may be part of a name or
     * start a fragment: both readings are offered, the whole one first.
     */
    static FileLink fileLink(String uri) {
        String rest = uri.substring(5);
        String path;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            String host = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                return new FileLink(List.of(), "“" + shown(uri) + "” is on another computer (" + shown(host)
                        + "): only files on this computer can be added.");
            }
            path = slash < 0 ? "/" : rest.substring(slash);
        } else {
            path = rest;
        }
        if (!path.startsWith("/")) {
            return new FileLink(List.of(), "“" + shown(uri) + "” is not a link to a file (its path is not absolute).");
        }
        List<String> out = new ArrayList<>(2);
        String whole = percentDecode(path);
        if (whole == null) {
            return new FileLink(List.of(), "“" + shown(uri) + "” is not a valid link: a % is not followed by two hex digits.");
        }
        out.add(whole);
        int cut = indexOfAny(path, "#?");
        if (cut > 0) {
            String before = percentDecode(path.substring(0, cut));
            if (before != null && !out.contains(before)) {
                out.add(before);
            }
        }
        return new FileLink(out, null);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Percent escapes decoded as UTF-8 bytes ({@code +} stays a plus); null when an escape is broken. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------- agent answers

    /**
     * A path an answer seems to name.
     *
     * @param text   as written, cleaned of markup (backticks, bold, trailing punctuation)
     * @param strong written as a path on purpose (a list item, code, a link, a line of its own, an
     *               absolute path): when it does not exist that is worth telling; a weak one (a word
     *               in prose such as "and/or" or "setup.py") is only taken when it exists
     */
    public record Mention(String text, boolean strong) {
    }

    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]*)]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*+•]|\\d{1,4}[.)])\\s+(.+)$");
    private static final Pattern WORD = Pattern.compile("[^\\s`\"'<>()\\[\\]{},;|]+");
    private static final Pattern EXTENSION = Pattern.compile("[^/]*[^/.]\\.[A-Za-z0-9_+-]{1,12}");
    private static final Pattern LINE_SUFFIX = Pattern.compile("(?::\\d+(?:[:-]\\d+)?|#L\\d+(?:C\\d+)?(?:-L?\\d+(?:C\\d+)?)?)$");
    private static final String TRIM_END = ".,;:!?)]}'\"*_";
    private static final String TRIM_START = "([{'\"*_";

    /**
     * The paths an answer seems to name, in the order they first appear, each once: link targets,
     * code spans, the first word of a list item or of a line that is one word, and absolute paths
     * anywhere (weak: the root decides whether they are ours). Other words of prose are not read.
     */
    public static List<Mention> mentions(String answer) {
        Map<String, Boolean> found = new LinkedHashMap<>();
        for (String line : answer.split("\\R")) {
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                String target = link.group(2);
                if (isFileLink(target)) {
                    FileLink f = fileLink(target);
                    if (f.problem() == null) {
                        note(found, f.paths().get(0), true);
                    }
                } else if (!hasScheme(target)) { // not a web page
                    String decoded = percentDecode(target);
                    note(found, decoded == null ? target : decoded, true);
                }
            }
            String withoutLinks = LINK.matcher(line).replaceAll(" ");
            Matcher code = CODE.matcher(withoutLinks);
            while (code.find()) {
                String c = code.group(1).strip();
                note(found, c, pathLike(clean(c)));
            }
            String plain = CODE.matcher(withoutLinks).replaceAll(" ").strip();
            Matcher bullet = BULLET.matcher(plain);
            boolean isBullet = bullet.matches();
            String body = isBullet ? bullet.group(1).strip() : plain;
            Matcher first = WORD.matcher(body);
            if (first.lookingAt() && (isBullet || first.end() == body.length())) {
                note(found, first.group(), pathLike(clean(first.group())));
            }
            Matcher words = WORD.matcher(plain);
            while (words.find()) {
                if (words.group().startsWith("/") && words.group().length() > 1) {
                    note(found, words.group(), false);
                }
            }
        }
        List<Mention> out = new ArrayList<>(found.size());
        found.forEach((t, s) -> out.add(new Mention(t, s)));
        return out;
    }

    private static void note(Map<String, Boolean> found, String raw, boolean strong) {
        String c = clean(raw);
        if (c.isEmpty() || hasScheme(c) && !isFileLink(c) || !c.matches("(?s).*[\\p{L}\\p{N}].*")) {
            return;
        }
        found.merge(c, strong, Boolean::logicalOr);
    }

    /** Markup and trailing punctuation taken off, and a line or position suffix ({@code :12}, {@code #L3-L9}). */
    static String clean(String raw) {
        String s = raw.strip();
        int start = 0;
        int end = s.length();
        while (start < end && TRIM_START.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && TRIM_END.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        s = s.substring(start, end);
        if (s.startsWith("./")) {
            s = s.substring(2);
        }
        Matcher m = LINE_SUFFIX.matcher(s);
        if (m.find() && m.start() > 0) {
            s = s.substring(0, m.start());
        }
        return s;
    }

    /** Looks like a file path: a slash between names, or a name with an extension; no spaces, no call. */
    static boolean pathLike(String s) {
        if (s.isEmpty() || s.contains("://") || s.endsWith("()") || s.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        if (s.indexOf('/') >= 0) {
            return s.matches(".*[A-Za-z0-9_].*/.*[A-Za-z0-9_].*|/.*[A-Za-z0-9_].*");
        }
        return EXTENSION.matcher(s).matches() && !s.matches("\\d+(\\.\\d+)+") && !s.matches("(?i)e\\.g|i\\.e|etc|vs");
    }

    // ------------------------------------------------------------------------------- sentences

    /** {@code s} fit for a sentence: line breaks and other control characters as escapes ({@code \n}). */
    public static String shown(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                switch (c) {
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                }
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
