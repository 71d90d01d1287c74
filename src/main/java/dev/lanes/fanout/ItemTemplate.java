package dev.lanes.fanout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of one fan-out item and how they are filled. A command a person types is split
 * into words as a POSIX shell would split it (single quotes, double quotes, backslashes), and the
 * placeholders are then filled <em>inside each word</em>: a value never becomes more than one
 * argument, is never re-read for quotes or placeholders, and nothing is given to a shell. A file
 * named {@code $(touch pwned).txt} reaches the program as exactly that text.
 *
 * <p>Placeholders: {@code {file}} (the item as listed, relative to the worktree), {@code {name}}
 * (its last segment), {@code {dir}} (the folder part, {@code .} when none), {@code {ext}} (the
 * extension without its dot, empty when none), {@code {index}} (1-based position in the list).
 * Other text in braces (an awk program, say) is left as it is.
 */
public final class ItemTemplate {

    public static final List<String> PLACEHOLDERS = List.of("file", "name", "dir", "ext", "index");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(file|name|dir|ext|index)}");

    private ItemTemplate() {
    }

    /** The values of item {@code index} (1-based) at {@code path}. */
    public static Map<String, String> values(String path, int index) {
        String p = path;
        int slash = p.lastIndexOf('/');
        String name = slash < 0 ? p : p.substring(slash + 1);
        String dir = slash < 0 ? "." : (slash == 0 ? "/" : p.substring(0, slash));
        int dot = name.lastIndexOf('.');
        String ext = dot <= 0 ? "" : name.substring(dot + 1);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("file", p);
        v.put("name", name);
        v.put("dir", dir);
        v.put("ext", ext);
        v.put("index", Integer.toString(index));
        return v;
    }

    /** {@code text} with every known placeholder replaced by its value, in one pass. */
    public static String fill(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Each word of {@code words} filled: the argv of one item. */
    public static List<String> fillEach(List<String> words, Map<String, String> values) {
        List<String> out = new ArrayList<>(words.size());
        for (String w : words) {
            out.add(fill(w, values));
        }
        return out;
    }

    /**
     * Splits a typed command into words the way {@code sh} does, without expanding anything:
     * whitespace separates words; {@code '…'} keeps everything literally; {@code "…"} keeps
     * everything but a backslash before {@code $ ` " \} or a line break; a backslash outside quotes
     * keeps the next character (and a backslash-newline disappears). {@code ''} is an empty word.
     * No variables, globs, tildes, pipes or redirections: {@code |} or {@code >} are plain words.
     *
     * @throws IllegalArgumentException for an unterminated quote or a trailing backslash
     */
    public static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        int n = command.length();
        for (int i = 0; i < n; i++) {
            char c = command.charAt(i);
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("Unterminated single quote in the command: " + command);
                }
                w.append(command, i + 1, end);
                inWord = true;
                i = end;
            } else if (c == '"') {
                inWord = true;
                int j = i + 1;
                boolean closed = false;
                for (; j < n; j++) {
                    char d = command.charAt(j);
                    if (d == '"') {
                        closed = true;
                        break;
                    }
                    if (d == '\\' && j + 1 < n) {
                        char e = command.charAt(j + 1);
                        if (e == '$' || e == '`' || e == '"' || e == '\\') {
                            w.append(e);
                            j++;
                            continue;
                        }
                        if (e == '\n') {
                            j++;
                            continue;
                        }
                    }
                    w.append(d);
                }
                if (!closed) {
                    throw new IllegalArgumentException("Unterminated double quote in the command: " + command);
                }
                i = j;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("The command ends with a backslash: " + command);
                }
                char e = command.charAt(++i);
                if (e != '\n') {
                    w.append(e);
                    inWord = true;
                }
            } else if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
