package dev.lanes.fanout;

import java.util.regex.Pattern;

/**
 * A file pattern as {@code .gitignore} reads one, matched against '/'-separated relative paths:
 * {@code *} and {@code ?} stay within a folder name, {@code **}{@code /} is any number of folders
 * (none too: {@code src/**}{@code /*.java} takes {@code src/A.java}), a trailing {@code /**} is
 * everything inside, {@code [abc]} / {@code [!abc]} a character class, {@code {java,kt}}
 * alternatives, a backslash makes the next character literal. A pattern without a slash is matched
 * against the file's name at any depth ({@code *.java} takes every Java file); a leading slash
 * anchors it to the start ({@code /*.java}: only the top folder's). Empty: every file.
 */
public final class PathGlob {

    private final String glob;
    private final Pattern pattern;
    private final boolean nameOnly;

    private PathGlob(String glob, Pattern pattern, boolean nameOnly) {
        this.glob = glob;
        this.pattern = pattern;
        this.nameOnly = nameOnly;
    }

    /**
     * @throws IllegalArgumentException with a sentence for the person when the pattern is broken
     *                                  (an unclosed {@code [} or <code>{</code>, a trailing backslash)
     */
    public static PathGlob compile(String glob) {
        String g = glob == null ? "" : glob.strip();
        if (g.isEmpty()) {
            return new PathGlob("", null, false);
        }
        boolean anchored = g.startsWith("/");
        String body = anchored ? g.substring(1) : g;
        while (body.startsWith("./")) {
            body = body.substring(2);
        }
        boolean nameOnly = !anchored && body.indexOf('/') < 0;
        return new PathGlob(g, Pattern.compile(regex(body, g)), nameOnly);
    }

    /** The pattern as given (stripped); empty for "every file". */
    public String glob() {
        return glob;
    }

    public boolean matchesEverything() {
        return pattern == null;
    }

    /** Whether the '/'-separated relative path matches. */
    public boolean matches(String relative) {
        if (pattern == null) {
            return true;
        }
        String subject = nameOnly ? relative.substring(relative.lastIndexOf('/') + 1) : relative;
        return pattern.matcher(subject).matches();
    }

    private static String regex(String g, String original) {
        StringBuilder r = new StringBuilder();
        int braces = 0;
        int n = g.length();
        for (int i = 0; i < n; i++) {
            char c = g.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < n && g.charAt(i + 1) == '*') {
                        boolean atStart = i == 0 || g.charAt(i - 1) == '/';
                        if (atStart && i + 2 < n && g.charAt(i + 2) == '/') {
                            r.append("(?:.*/)?"); // "**/": any folders, or none
                            i += 2;
                        } else if (atStart && i + 2 == n) {
                            r.append(".*"); // "/**" at the end: everything inside
                            i += 1;
                        } else {
                            r.append(".*");
                            i += 1;
                        }
                    } else {
                        r.append("[^/]*");
                    }
                }
                case '?' -> r.append("[^/]");
                case '[' -> {
                    int end = classEnd(g, i);
                    if (end < 0) {
                        throw new IllegalArgumentException("The pattern “" + original + "” has a [ that is never closed with ].");
                    }
                    String inside = g.substring(i + 1, end);
                    boolean negate = inside.startsWith("!") || inside.startsWith("^");
                    if (negate) {
                        inside = inside.substring(1);
                    }
                    r.append('[').append(negate ? "^/" : "");
                    for (char d : inside.toCharArray()) {
                        if (d == '\\' || d == '[' || d == ']' || d == '&' || d == '^') {
                            r.append('\\');
                        }
                        r.append(d);
                    }
                    r.append(']');
                    i = end;
                }
                case '{' -> {
                    braces++;
                    r.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        r.append("\\}");
                    } else {
                        braces--;
                        r.append(')');
                    }
                }
                case ',' -> r.append(braces > 0 ? "|" : ",");
                case '\\' -> {
                    if (i + 1 >= n) {
                        throw new IllegalArgumentException("The pattern “" + original + "” ends with a backslash.");
                    }
                    r.append(Pattern.quote(String.valueOf(g.charAt(++i))));
                }
                default -> {
                    if ("().+|^$".indexOf(c) >= 0) {
                        r.append('\\');
                    }
                    r.append(c);
                }
            }
        }
        if (braces > 0) {
            throw new IllegalArgumentException("The pattern “" + original + "” has a { that is never closed with }.");
        }
        return r.toString();
    }

    /** The index of the ] closing the class opened at {@code open} (a ] right after [ or [! is a member), or -1. */
    private static int classEnd(String g, int open) {
        int i = open + 1;
        if (i < g.length() && (g.charAt(i) == '!' || g.charAt(i) == '^')) {
            i++;
        }
        if (i < g.length() && g.charAt(i) == ']') {
            i++;
        }
        for (; i < g.length(); i++) {
            char c = g.charAt(i);
            if (c == '/') {
                return -1;
            }
            if (c == ']') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return glob;
    }
}
