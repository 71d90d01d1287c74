package dev.lanes.review;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a reviewer's answer into {@link Finding}s, one per item of its list.
 *
 * <p>The reviewer is asked for {@code 1. path:line — finding} lines ({@link ReviewPrompt}), but
 * answers vary, so this reads lists numbered ({@code 1.} {@code 1)}) or bulleted ({@code -} {@code *}
 * {@code +} {@code •}); an item's following lines, indented sub-items and fenced code belong to it;
 * headings, a lead-in before the list and prose after it are left out. An answer with no list at
 * all gives one finding per paragraph. {@code NO FINDINGS} gives none.
 *
 * <p>The location is the first file an item names, preferring one with a line: {@code path:12},
 * {@code path:12-20}, {@code path:12:5}, {@code path#L12}, {@code path (line 12)}, {@code path, line
 * 12}, in backticks, bold or a markdown link or bare (URLs are not files). A word counts as a file
 * when it is one of the changed files, has a folder ({@code a/b.py}; not a word pair such as
 * "read/write"), a known extension ({@code app.py}, not {@code java.util.List} or "e.g."), an
 * extension and a line, or is a known plain name ({@code Makefile}). Absolute paths inside the
 * worktree become relative; {@code ./} goes, and so does an {@code a/} or {@code b/} diff prefix in
 * front of a changed file; a bare name that ends exactly one changed file's path becomes that path.
 * A location that starts an item, stands in brackets of its own, or sits between separators is taken
 * off its text; one inside a sentence stays.
 */
public final class Findings {

    private static final Pattern MARKER = Pattern.compile("^(\\s*)(?:(\\d{1,3})[.)]|[-*+•])\\s+(.*)$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
    private static final Pattern HEADING = Pattern.compile("^\\s*(#{1,6}\\s.*|\\*\\*[^*]+\\*\\*:?|__[^_]+__:?)\\s*$");
    private static final Pattern CHECKBOX = Pattern.compile("^\\[[ xX]]\\s+");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]*)]\\(([^)\\s]+)\\)");
    private static final Pattern URL = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://\\S+");
    /** A path-like word, then optionally a line in one of the usual spellings. */
    private static final Pattern LOCATION = Pattern.compile(
            "(?<path>(?:[A-Za-z]:)?(?:\\.{1,2}/|/)?(?:[\\w@+~-][\\w.@+~-]*/)*[\\w@+~-][\\w.@+~-]*)"
                    + "(?:(?::(?<colon>\\d+)(?:\\s?[-–]\\s?\\d+|:\\d+)?)"
                    + "|(?:#L(?<hash>\\d+)(?:-L?\\d+)?)"
                    + "|(?:`?\\*{0,2}(?:,\\s*|\\s+)\\(?(?:[Ll]ines?|ll?\\.|L)\\s*(?<word>\\d+)(?:\\s?[-–]\\s?\\d+)?\\)?))?");
    private static final Set<String> EXTENSIONS = Set.of(
            "java", "kt", "kts", "scala", "groovy", "gradle", "py", "pyi", "js", "mjs", "cjs", "jsx", "ts", "tsx", "vue",
            "svelte", "go", "rs", "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "m", "mm", "cs", "fs", "swift", "rb", "php",
            "pl", "pm", "lua", "r", "dart", "ex", "exs", "erl", "hs", "ml", "mli", "clj", "cljs", "elm", "zig", "nim",
            "sh", "bash", "zsh", "fish", "ps1", "bat", "sql", "graphql", "proto", "thrift", "tf", "hcl", "nix",
            "json", "jsonc", "yaml", "yml", "toml", "ini", "cfg", "conf", "properties", "env", "xml", "xsd", "html", "htm",
            "css", "scss", "sass", "less", "fxml", "md", "rst", "adoc", "txt", "csv", "tsv", "lock", "mod", "sum",
            "cmake", "mk", "dockerfile", "ipynb", "vim", "el");
    private static final Pattern NO_FINDINGS = Pattern.compile("(?i)^[\\s*_#>`\"'.!-]*no\\s+findings[\\s*_`\"'.!-]*$");
    private static final Pattern SEPARATOR = Pattern.compile("^[\\s)\\]]*[:—–-]?\\s*");
    private static final Set<String> PLAIN_NAMES = Set.of("Makefile", "GNUmakefile", "Dockerfile", "Containerfile",
            "Jenkinsfile", "Gemfile", "Rakefile", "Procfile", "Vagrantfile", "Justfile", "BUILD", "WORKSPACE", "LICENSE");

    private final List<String> known;
    private final List<String> roots;

    /** A parser that knows nothing of the worktree: paths are taken as written. */
    public Findings() {
        this(null, List.of());
    }

    /**
     * @param root         the worktree the reviewer looked at (absolute paths inside it become relative),
     *                     or null
     * @param changedFiles the diff's files, relative to {@code root} (bare names resolve to them)
     */
    public Findings(Path root, Collection<String> changedFiles) {
        this.known = List.copyOf(changedFiles);
        Set<String> r = new LinkedHashSet<>();
        if (root != null) {
            r.add(root.toAbsolutePath().normalize().toString());
            try {
                r.add(root.toRealPath().toString());
            } catch (IOException e) {
                // a folder that is gone: its given path is enough
            }
        }
        this.roots = List.copyOf(r);
    }

    /** {@code new Findings().read(answer)}. */
    public static List<Finding> parse(String answer) {
        return new Findings().read(answer);
    }

    /** The findings of {@code answer}, numbered 1, 2, … in the order they appear. */
    public List<Finding> read(String answer) {
        if (answer == null || answer.isBlank()) {
            return List.of();
        }
        List<String> lines = answer.replace("\r\n", "\n").replace('\r', '\n').lines().toList();
        List<List<String>> items = listItems(lines);
        if (items.isEmpty()) {
            // a list the reviewer put in a code block
            items = listItems(lines.stream().filter(l -> !FENCE.matcher(l).find()).toList());
        }
        if (items.isEmpty()) {
            if (lines.stream().anyMatch(l -> NO_FINDINGS.matcher(l).matches())) {
                return List.of();
            }
            items = paragraphs(lines);
        }
        List<Finding> out = new ArrayList<>();
        for (List<String> item : items) {
            Finding f = finding(out.size() + 1, item);
            if (f != null) {
                out.add(f);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- items

    /** The list's items, each as its lines (the first without its marker); empty when there is no list. */
    private static List<List<String>> listItems(List<String> lines) {
        int top = Integer.MAX_VALUE;
        boolean fenced = false;
        for (String l : lines) {
            if (FENCE.matcher(l).find()) {
                fenced = !fenced;
                continue;
            }
            Matcher m = MARKER.matcher(l);
            if (!fenced && m.matches() && !m.group(3).isBlank()) {
                top = Math.min(top, indent(m.group(1)));
            }
        }
        if (top == Integer.MAX_VALUE) {
            return List.of();
        }
        List<List<String>> items = new ArrayList<>();
        List<String> current = null;
        boolean blank = false;
        fenced = false;
        for (String l : lines) {
            boolean fence = FENCE.matcher(l).find();
            if (fenced || fence) {
                if (current != null) {
                    current.add(l);
                }
                fenced ^= fence;
                continue;
            }
            Matcher m = MARKER.matcher(l);
            if (m.matches() && !m.group(3).isBlank() && indent(m.group(1)) <= top + 1) {
                current = new ArrayList<>();
                current.add(m.group(3));
                items.add(current);
                blank = false;
            } else if (l.isBlank()) {
                blank = true;
            } else if (HEADING.matcher(l).matches() && indent(l) <= top) {
                current = null; // a heading between groups of items
            } else if (current != null && (!blank || indent(l) > top)) {
                current.add(l);
                blank = false;
            } else {
                current = null; // prose after the list (or between lists)
            }
        }
        return items;
    }

    /** An answer with no list: its paragraphs, without headings and lead-ins ("Findings:"). */
    private static List<List<String>> paragraphs(List<String> lines) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        boolean fenced = false;
        for (String l : lines) {
            boolean fence = FENCE.matcher(l).find();
            if (!fenced && !fence && l.isBlank()) {
                addParagraph(out, current);
                current = new ArrayList<>();
                continue;
            }
            if (!fenced && !fence && HEADING.matcher(l).matches()) {
                continue;
            }
            fenced ^= fence;
            current.add(l);
        }
        addParagraph(out, current);
        return out;
    }

    private static void addParagraph(List<List<String>> out, List<String> p) {
        if (p.isEmpty()) {
            return;
        }
        if (p.size() == 1 && p.get(0).strip().endsWith(":")) {
            return; // "Here is what I found:"
        }
        out.add(p);
    }

    private static int indent(String s) {
        int n = 0;
        for (int i = 0; i < s.length() && Character.isWhitespace(s.charAt(i)); i++) {
            n += s.charAt(i) == '\t' ? 4 : 1;
        }
        return n;
    }

    // ---------------------------------------------------------------- one item

    private Finding finding(int index, List<String> item) {
        String first = clean(CHECKBOX.matcher(item.get(0).strip()).replaceFirst(""));
        List<String> rest = dedent(item.subList(1, item.size()));
        Location loc = locate(first);
        String head = first;
        if (loc != null) {
            head = withoutLocation(first, loc);
        } else {
            head = first.replaceFirst("^[—–:-]\\s*", ""); // "— a finding about no particular file"
            for (String l : rest) {
                loc = locate(clean(l));
                if (loc != null) {
                    break;
                }
            }
        }
        StringBuilder text = new StringBuilder(head.strip());
        for (String l : rest) {
            text.append(text.length() == 0 ? "" : "\n").append(l);
        }
        String t = text.toString().strip();
        if (t.isEmpty() && loc == null) {
            return null;
        }
        return new Finding(index, loc == null ? null : loc.file, loc == null ? null : loc.lineNumber, t);
    }

    /**
     * The item's first line without its location where that reads well: a location that starts the
     * line, stands in brackets of its own, or sits between separators ({@code Title — `a.py:3`: text});
     * a location inside a sentence stays.
     */
    private static String withoutLocation(String line, Location loc) {
        String pre = line.substring(0, loc.spanStart).stripTrailing();
        String post = line.substring(loc.spanEnd);
        if (pre.replaceAll("[`*_(\\[]", "").isBlank()) {
            return SEPARATOR.matcher(post).replaceFirst("").strip();
        }
        boolean bracketed = "([".indexOf(line.charAt(loc.spanStart)) >= 0;
        String postStripped = post.strip();
        boolean preSeparated = pre.endsWith(":") || pre.endsWith("—") || pre.endsWith("–") || pre.endsWith(" -");
        boolean postSeparated = postStripped.isEmpty() || ":—–-".indexOf(postStripped.charAt(0)) >= 0;
        if (bracketed) {
            return (pre + " " + postStripped).replaceAll("\\s+([.,;:])", "$1").strip();
        }
        if (preSeparated && postSeparated) {
            String after = postStripped.isEmpty() ? "" : postStripped.substring(1).strip();
            return after.isEmpty() ? pre.replaceAll("[\\s:—–-]+$", "") : pre + " " + after;
        }
        return line;
    }

    /** Bold and link markup off; a link becomes its text (and its target when that says more). */
    private static String clean(String s) {
        Matcher m = LINK.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String text = m.group(1).strip();
            String target = m.group(2).strip();
            String r = text.equals(target) || target.startsWith("http") || text.contains(target) ? text
                    : text.isEmpty() ? target : text + " (" + target + ")";
            m.appendReplacement(b, Matcher.quoteReplacement(r));
        }
        m.appendTail(b);
        return b.toString().replace("**", "").replace("__", "");
    }

    private static List<String> dedent(List<String> lines) {
        int min = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                min = Math.min(min, leading(l));
            }
        }
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.isBlank() ? "" : clean(l.substring(Math.min(min, leading(l)))).stripTrailing());
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static int leading(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Where a location was found in a line.
     *
     * @param spanStart where it starts, with the backticks and brackets right around it
     * @param spanEnd   where it ends, with those
     */
    private record Location(String file, Integer lineNumber, int spanStart, int spanEnd) {
    }

    /** The line's best location: the first with a line number, else the first file. */
    private Location locate(String line) {
        String masked = mask(line);
        Matcher m = LOCATION.matcher(masked);
        Location firstFile = null;
        while (m.find()) {
            String raw = m.group("path");
            String path = trimPath(raw);
            String number = m.group("colon") != null ? m.group("colon") : m.group("hash") != null ? m.group("hash") : m.group("word");
            boolean hasLine = number != null;
            String file = file(path, hasLine);
            if (file == null) {
                continue;
            }
            int end = hasLine ? m.end() : m.start("path") + path.length();
            int[] span = widen(masked, m.start(), end);
            Integer n = null;
            if (hasLine) {
                try {
                    n = Integer.valueOf(number);
                } catch (NumberFormatException e) {
                    n = null;
                }
                if (n != null && n < 1) {
                    n = null;
                }
            }
            Location loc = new Location(file, n, span[0], span[1]);
            if (hasLine) {
                return loc;
            }
            if (firstFile == null) {
                firstFile = loc;
            }
        }
        return firstFile;
    }

    /** URLs replaced by spaces of the same length, so offsets stay those of the line. */
    private static String mask(String s) {
        Matcher m = URL.matcher(s);
        StringBuilder b = new StringBuilder(s);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) {
                b.setCharAt(i, ' ');
            }
        }
        return b.toString();
    }

    /** [start, end) with the backticks and brackets right around it. */
    private static int[] widen(String s, int start, int end) {
        int a = start;
        int b = end;
        while (true) {
            if (a > 0 && b < s.length() && pair(s.charAt(a - 1), s.charAt(b))) {
                a--;
                b++;
            } else if (a > 0 && b < s.length() && s.charAt(a - 1) == '`' && s.charAt(b) == '`') {
                a--;
                b++;
            } else {
                return new int[]{a, b};
            }
        }
    }

    private static boolean pair(char open, char close) {
        return open == '(' && close == ')' || open == '[' && close == ']';
    }

    private static String trimPath(String p) {
        String s = p;
        while (!s.isEmpty() && ".,;:!?".indexOf(s.charAt(s.length() - 1)) >= 0) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** The relative file a path-like word stands for, or null when it is not one. */
    private String file(String path, boolean hasLine) {
        if (path.isEmpty() || path.chars().noneMatch(Character::isLetter)) {
            return null;
        }
        String p = path;
        for (String root : roots) {
            if (p.startsWith(root + "/")) {
                p = p.substring(root.length() + 1);
                break;
            }
        }
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        if ((p.startsWith("a/") || p.startsWith("b/")) && !known.contains(p) && known.contains(p.substring(2))) {
            p = p.substring(2);
        }
        if (known.contains(p)) {
            return p;
        }
        if (!p.contains("/")) {
            String match = null;
            for (String k : known) {
                if (k.endsWith("/" + p)) {
                    if (match != null) {
                        match = null; // two files of that name: leave it as written
                        break;
                    }
                    match = k;
                }
            }
            if (match != null) {
                return match;
            }
        }
        String name = p.substring(p.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        boolean knownExt = EXTENSIONS.contains(ext);
        if (p.contains("/")) {
            // a folder in it; not "and/or", "read/write" (a word pair) unless it has a line or an extension
            boolean wordPair = p.indexOf('/') == p.lastIndexOf('/') && dot < 0 && !p.startsWith("/") && !hasLine;
            return p.endsWith("/") || wordPair ? null : p;
        }
        if (knownExt || PLAIN_NAMES.contains(p)) {
            return p;
        }
        return hasLine && dot > 0 && !ext.isEmpty() ? p : null;
    }
}
