package dev.lanes.fanout;

import dev.lanes.git.GitCli;
import dev.lanes.git.GitException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The items of a fan-out run being put together: files in one folder ({@code root}, a repository
 * or a worktree), each once, in the order they were first added. Files come from a file manager
 * (dropped paths, a {@code text/uri-list}), pasted text, a list file, a pattern, {@code git grep},
 * or an agent's answer; whatever cannot be taken is refused with one sentence for the person, and
 * nothing that was taken is lost by a refusal.
 *
 * <p><b>Which files.</b> Only regular files inside the root: a path outside it, through a link
 * that leads outside (the file itself or a folder on the way), or inside {@code .git} is refused.
 * A folder is expanded to the files in it that git knows — tracked, plus untracked ones that git
 * does not ignore ({@code git ls-files --cached --others --exclude-standard}: the repository's
 * {@code .gitignore} files, {@code .git/info/exclude} and the global excludes all count, and
 * {@code .git} is never listed) — narrowed by the folder filter ({@link PathGlob}). A file named
 * on its own is taken even when git ignores it: the person chose it. When the root is not in a git
 * repository, folders are walked instead (links not followed, {@code .git} folders skipped).
 *
 * <p><b>Threads.</b> Not thread-safe, by design: confine each list to one thread at a time, e.g. a
 * single-thread executor owned by its view. The {@code add…} methods block (they run git and read
 * the disk): never call them on the FX thread. {@link #entries()} and {@link #paths()} return
 * snapshots, which may be handed to another thread.
 *
 * <p><b>Size.</b> An index of the paths makes adding and merging O(1) per file: 10,000 files take
 * a fraction of a second, most of it reading each file's first 8 KB to tell text from binary.
 */
public final class FanoutList {

    /** Bytes read from the start of a file to look for a NUL (git's own heuristic uses the same 8,000-odd). */
    static final int SNIFF_BYTES = 8192;

    /** Extensions of files that are binary whatever their first bytes say (lower case, without the dot). */
    static final Set<String> BINARY_EXTENSIONS = Set.of(
            "png", "jpg", "jpeg", "gif", "bmp", "ico", "icns", "webp", "tif", "tiff", "psd", "heic", "avif",
            "pdf", "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "tar", "jar", "war", "ear", "aar", "apk",
            "class", "so", "dll", "dylib", "exe", "o", "obj", "a", "lib", "bin", "dat", "db", "sqlite", "sqlite3",
            "mp3", "mp4", "m4a", "wav", "ogg", "flac", "mov", "avi", "mkv", "webm", "woff", "woff2", "ttf", "otf",
            "eot", "pyc", "pyo", "whl", "iso", "dmg", "deb", "rpm", "wasm", "xlsx", "docx", "pptx", "odt", "ods");

    /**
     * One item.
     *
     * @param path   relative to the root, '/'-separated, as listed (a link inside the root stays a link)
     * @param binary a NUL byte in its first 8 KB, or a known binary extension
     * @param size   in bytes, when it was added
     */
    public record Entry(String path, boolean binary, long size) {
    }

    /**
     * Something that was not added.
     *
     * @param kind   why, for grouping and counting
     * @param input  the text or path as the person gave it
     * @param reason one sentence for the person
     */
    public record Refusal(Kind kind, String input, String reason) {

        public enum Kind {
            /** Outside the root. */
            OUTSIDE,
            /** A link (or a folder on the way) leading outside the root. */
            LINK_OUTSIDE,
            /** Inside {@code .git}. */
            INSIDE_GIT,
            /** Does not exist (for an agent's answer: a mention of a file that does not exist). */
            MISSING,
            /** Exists but is no regular file (a pipe, a device). */
            NOT_A_FILE,
            /** A link to something other than a file on this computer ({@code https:}, another host). */
            NOT_A_FILE_LINK,
            /** A folder, a pattern or a search that found no file. */
            NO_MATCH,
            /** A file name holding a line break, split by pasting one path per line. */
            LINE_BREAK_IN_NAME,
            /** Input that cannot be read (a broken pattern, an unreadable list file, an empty search). */
            INVALID,
            /** Git failed (an invalid regular expression, git missing). */
            GIT_ERROR
        }
    }

    /**
     * What one add did.
     *
     * @param added      new entries
     * @param duplicates paths that were already in the list (merged: the first stays where it is)
     * @param refused    what was not added, each with its sentence, in input order
     * @param notes      sentences about what was done that are not refusals ("“src” is a folder:
     *                   expanded to 12 files matching *.java.")
     */
    public record AddResult(int added, int duplicates, List<Refusal> refused, List<String> notes) {
        public AddResult {
            refused = List.copyOf(refused);
            notes = List.copyOf(notes);
        }

        /** How many refusals are of this kind ({@code count(MISSING)}: an answer's mentions that did not exist). */
        public int count(Refusal.Kind kind) {
            return (int) refused.stream().filter(r -> r.kind() == kind).count();
        }

        /** One line for a status bar: "Added 12 files; 2 were already in the list; 1 refused." */
        public String summary() {
            StringBuilder b = new StringBuilder();
            b.append(added == 0 ? "No file added" : "Added " + added + (added == 1 ? " file" : " files"));
            if (duplicates > 0) {
                b.append("; ").append(duplicates).append(duplicates == 1 ? " was" : " were").append(" already in the list");
            }
            if (!refused.isEmpty()) {
                b.append("; ").append(refused.size()).append(" refused");
            }
            return b.append('.').toString();
        }
    }

    private final Path root;
    private final GitCli git;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> index = new HashSet<>();
    private final ByteBuffer sniff = ByteBuffer.allocate(SNIFF_BYTES);
    private PathGlob folderFilter = PathGlob.compile("");
    private RootPaths paths;
    private boolean inGit;

    /** An empty list for files in {@code root}. Touches nothing yet: the first add looks at the folder. */
    public FanoutList(Path root) {
        this(root, new GitCli());
    }

    FanoutList(Path root, GitCli git) {
        this.root = root.toAbsolutePath().normalize();
        this.git = git;
    }

    public Path root() {
        return root;
    }

    // ------------------------------------------------------------------------------ the items

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public boolean contains(String path) {
        return index.contains(path);
    }

    public Entry get(int i) {
        return entries.get(i);
    }

    /** The entries in order: an unmodifiable snapshot. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The paths in order (what a {@link FanoutSpec}'s items are): an unmodifiable snapshot. */
    public List<String> paths() {
        List<String> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(e.path());
        }
        return List.copyOf(out);
    }

    /** Removes the entries at these positions (positions out of range are ignored); returns how many went. */
    public int removeAt(Collection<Integer> positions) {
        boolean[] gone = new boolean[entries.size()];
        int count = 0;
        for (Integer i : positions) {
            if (i != null && i >= 0 && i < gone.length && !gone[i]) {
                gone[i] = true;
                count++;
            }
        }
        if (count > 0) {
            int w = 0;
            for (int r = 0; r < gone.length; r++) {
                Entry e = entries.get(r);
                if (gone[r]) {
                    index.remove(e.path());
                } else {
                    entries.set(w++, e);
                }
            }
            entries.subList(w, entries.size()).clear();
        }
        return count;
    }

    /** Removes the entries with these paths (relative, as listed); returns how many went. */
    public int remove(Collection<String> paths) {
        Set<String> drop = new HashSet<>();
        for (String p : paths) {
            if (index.contains(p)) {
                drop.add(p);
            }
        }
        if (drop.isEmpty()) {
            return 0;
        }
        entries.removeIf(e -> drop.contains(e.path()));
        index.removeAll(drop);
        return drop.size();
    }

    public void clear() {
        entries.clear();
        index.clear();
    }

    // ------------------------------------------------------------------------ the folder filter

    /** The pattern folders are expanded with ({@link PathGlob}); empty: every file. */
    public String folderFilter() {
        return folderFilter.glob();
    }

    /**
     * Sets the pattern dropped or listed folders are expanded with, e.g. {@code *.java} (any depth)
     * or {@code src/**}{@code /*.py} (relative to the folder); empty or null: every file.
     *
     * @throws IllegalArgumentException with a sentence for the person when the pattern is broken
     */
    public void setFolderFilter(String glob) {
        folderFilter = PathGlob.compile(glob);
    }

    // ----------------------------------------------------------------------------------- adding

    /** As {@link #addPaths(Collection, String)} with the list's {@link #folderFilter()}. */
    public AddResult addPaths(Collection<Path> dropped) {
        return addPaths(dropped, folderFilter.glob());
    }

    /**
     * Adds files and folders as a file manager drops them: absolute paths, or paths relative to the
     * root. A folder adds the files in it that git knows and that match {@code folderFilter}.
     */
    public AddResult addPaths(Collection<Path> dropped, String folderFilter) {
        Batch b = new Batch();
        PathGlob filter;
        try {
            filter = PathGlob.compile(folderFilter);
        } catch (IllegalArgumentException e) {
            return b.refuse(Refusal.Kind.INVALID, folderFilter, e.getMessage()).result();
        }
        if (b.rootMissing()) {
            return b.result();
        }
        for (Path p : dropped) {
            b.take(paths.resolve(p, p.toString()), p.toString(), filter);
        }
        return b.result();
    }

    /**
     * Adds what a {@code text/uri-list} names (a drop from a file manager): {@code file:} links,
     * percent escapes decoded; {@code #} lines are comments; other links are refused.
     */
    public AddResult addUriList(String uriList) {
        Batch b = new Batch();
        if (b.rootMissing()) {
            return b.result();
        }
        for (String line : uriList.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            b.take(PathText.isFileLink(l) || PathText.hasScheme(l) ? link(l) : paths.resolve(l, l), l, folderFilter);
        }
        return b.result();
    }

    /**
     * Adds paths pasted as text, one a line: blank lines skipped, quotes as a terminal prints names
     * ({@code 'a b.txt'}, {@code "a b.txt"}, {@code a\ b.txt}, {@code $'a\nb'}, git's {@code "caf\303\251"})
     * undone when the line as written names nothing, {@code file://} lines read as links. A name
     * holding a raw line break cannot be pasted this way: when two lines joined by one name a
     * file, the refusal says so.
     */
    public AddResult addPasted(String text) {
        Batch b = new Batch();
        if (b.rootMissing()) {
            return b.result();
        }
        addLines(b, PathText.listEntries(text, false), "pasted text cannot carry it");
        return b.result();
    }

    /**
     * Adds the paths of a list file: NUL-separated when it holds a NUL ({@code find -print0},
     * {@code git ls-files -z}: names may hold line breaks), else one a line (read as pasted lines
     * are). Relative paths are relative to the root, not to the list's folder.
     */
    public AddResult addListFile(Path listFile) {
        Batch b = new Batch();
        String text;
        try {
            text = new String(Files.readAllBytes(listFile), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return b.refuse(Refusal.Kind.INVALID, listFile.toString(), "The list " + PathText.shown(listFile.toString())
                    + " cannot be read" + (Files.exists(listFile) ? ": " + e.getMessage() + "." : ": it does not exist.")).result();
        }
        if (b.rootMissing()) {
            return b.result();
        }
        if (PathText.isNulSeparated(text)) {
            for (String e : PathText.listEntries(text, true)) {
                b.take(paths.resolve(e, e), e, folderFilter);
            }
        } else {
            addLines(b, PathText.listEntries(text, false), "a list with one path a line cannot carry it (separate the names with NUL characters: find -print0, git ls-files -z)");
        }
        return b.result();
    }

    /**
     * Adds the files git knows (tracked, and untracked not ignored) whose path relative to the root
     * matches {@code glob} ({@link PathGlob}: {@code src/**}{@code /*.java}; {@code *.py} at any depth).
     */
    public AddResult addGlob(String glob) {
        Batch b = new Batch();
        String g = glob == null ? "" : glob.strip();
        if (g.isEmpty()) {
            return b.refuse(Refusal.Kind.INVALID, "", "Give a pattern, such as src/**/*.java.").result();
        }
        String rootPrefix = root + "/";
        if (g.startsWith(rootPrefix)) {
            g = "/" + g.substring(rootPrefix.length()); // an absolute pattern inside the root: anchored to it
        }
        PathGlob pattern;
        try {
            pattern = PathGlob.compile(g);
        } catch (IllegalArgumentException e) {
            return b.refuse(Refusal.Kind.INVALID, glob, e.getMessage()).result();
        }
        if (b.rootMissing()) {
            return b.result();
        }
        List<String> known;
        try {
            known = knownFiles("");
        } catch (GitException | IOException e) {
            return b.refuse(Refusal.Kind.GIT_ERROR, glob, "Could not list the files of " + paths.place() + ": " + e.getMessage()).result();
        }
        int matched = 0;
        for (String f : known) {
            if (pattern.matches(f)) {
                matched++;
                b.takeListed(f);
            }
        }
        if (matched == 0) {
            b.refuse(Refusal.Kind.NO_MATCH, glob, "No file " + (inGit ? "git knows" : "in " + paths.place()) + " matches “"
                    + PathText.shown(glob.strip()) + "”.");
        }
        return b.result();
    }

    /**
     * Adds the files in which {@code git grep} finds {@code pattern} (an extended regular expression,
     * as {@code grep -E}), tracked and untracked files alike, ignored ones left out. The pattern is
     * one argument of git's, never read by a shell; one starting with {@code -} is a pattern too.
     */
    public AddResult addGitGrep(String pattern) {
        Batch b = new Batch();
        if (pattern == null || pattern.isEmpty()) {
            return b.refuse(Refusal.Kind.INVALID, "", "Give a text or regular expression to search for.").result();
        }
        if (pattern.indexOf('\0') >= 0) {
            return b.refuse(Refusal.Kind.INVALID, pattern, "A search cannot hold a NUL character.").result();
        }
        if (b.rootMissing()) {
            return b.result();
        }
        List<String> args = new ArrayList<>(List.of("grep", "-l", "-z", "-E"));
        args.add(inGit ? "--untracked" : "--no-index");
        args.add("-e");
        args.add(pattern);
        GitCli.Result r;
        try {
            r = git.run(root, args);
        } catch (GitException e) {
            return b.refuse(Refusal.Kind.GIT_ERROR, pattern, e.getMessage()).result();
        }
        String shown = PathText.shown(pattern);
        if (r.exitCode() == 1 && r.stdout().length == 0) {
            return b.refuse(Refusal.Kind.NO_MATCH, pattern, "No file " + (inGit ? "git knows" : "in " + paths.place())
                    + " contains a match for “" + shown + "”.").result();
        }
        if (!r.ok()) {
            String m = GitCli.firstMessage(r.stderr(), "git grep failed (exit code " + r.exitCode() + ").");
            m = m.replaceFirst("^(?:-e option|Command line), '.*?': ", ""); // "-e option, '(': Unmatched ( or \\("
            m = Character.toUpperCase(m.charAt(0)) + m.substring(1);
            return b.refuse(Refusal.Kind.GIT_ERROR, pattern, "git grep cannot search for “" + shown + "”: " + m).result();
        }
        List<String> found = r.nulFields();
        for (String f : found) {
            b.takeListed(f);
        }
        b.notes.add(found.size() + (found.size() == 1 ? " file contains" : " files contain") + " a match for “" + shown + "”.");
        return b.result();
    }

    /**
     * Adds the files an agent's answer names that exist under the root: list items, code spans,
     * {@code path:line}, markdown links, lines that are one path, absolute paths under the root.
     * Folders it names are not expanded. Each mention that was written as a path but names no
     * file is refused as {@link Refusal.Kind#MISSING} ({@code result.count(MISSING)} says how many).
     */
    public AddResult addFromAgentAnswer(String answer) {
        Batch b = new Batch();
        if (answer == null || answer.isBlank()) {
            return b.refuse(Refusal.Kind.INVALID, "", "The answer is empty: it names no file.").result();
        }
        if (b.rootMissing()) {
            return b.result();
        }
        for (PathText.Mention m : PathText.mentions(answer)) {
            String t = m.text();
            RootPaths.Resolved r = PathText.isFileLink(t) ? link(t) : paths.resolve(t, t);
            if (r.isFile()) {
                b.add(r);
                continue;
            }
            if (r.kind() == RootPaths.Kind.FOLDER) {
                continue;
            }
            Refusal.Kind k = r.refusal().kind();
            boolean underRoot = k != Refusal.Kind.OUTSIDE && k != Refusal.Kind.INVALID;
            if (!m.strong() && !(t.startsWith("/") && underRoot)) {
                continue; // a word of prose that happens to look like a path
            }
            if (k == Refusal.Kind.MISSING) {
                b.refuse(k, t, "“" + PathText.shown(t) + "” is named in the answer but does not exist in " + paths.place() + ".");
            } else {
                b.refused.add(r.refusal());
            }
        }
        return b.result();
    }

    // ------------------------------------------------------------------------------ the workings

    /** Lines as pasted or listed; refusals for lines that only name a file when joined with the next (a name with a line break). */
    private void addLines(Batch b, List<String> lines, String whyNot) {
        RootPaths.Resolved[] outcome = new RootPaths.Resolved[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (PathText.isFileLink(l)) {
                outcome[i] = link(l);
            } else {
                outcome[i] = firstThatExists(PathText.lineCandidates(l));
                if (outcome[i].kind() == RootPaths.Kind.REFUSED && PathText.hasScheme(l)) {
                    outcome[i] = link(l); // https://…, mailto:…: not a path after all
                }
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            int joined = joinedName(lines, outcome, i);
            if (joined > 0) {
                List<String> parts = lines.subList(i, i + joined);
                String name = String.join("\n", parts);
                b.refuse(Refusal.Kind.LINE_BREAK_IN_NAME, name, "The lines “" + String.join("” and “", parts.stream().map(PathText::shown).toList())
                        + "” are one file name with a line break in it (“" + PathText.shown(name) + "”), and " + whyNot
                        + ": drop the file here, or add its folder.");
                i += joined - 1;
                continue;
            }
            b.take(outcome[i], lines.get(i), folderFilter);
        }
    }

    /** How many lines from {@code i} (2 or 3), all missing, name an existing file joined with line breaks; 0 if none. */
    private int joinedName(List<String> lines, RootPaths.Resolved[] outcome, int i) {
        for (int n = 2; n <= 3 && i + n <= lines.size(); n++) {
            boolean allMissing = true;
            for (int j = i; j < i + n; j++) {
                RootPaths.Resolved r = outcome[j];
                allMissing &= r.kind() == RootPaths.Kind.REFUSED && r.refusal().kind() == Refusal.Kind.MISSING;
            }
            if (!allMissing) {
                return 0;
            }
            String name = String.join("\n", lines.subList(i, i + n));
            if (paths.resolve(name, name).kind() != RootPaths.Kind.REFUSED) {
                return n;
            }
        }
        return 0;
    }

    /** The first reading that names a file or folder; else the refusal of the last (most unquoted) reading. */
    private RootPaths.Resolved firstThatExists(List<String> candidates) {
        RootPaths.Resolved last = null;
        for (String c : candidates) {
            last = paths.resolve(c, c);
            if (last.kind() != RootPaths.Kind.REFUSED) {
                return last;
            }
        }
        return last;
    }

    /** A line that is a link: a {@code file:} link resolved, anything else refused. */
    private RootPaths.Resolved link(String text) {
        if (!PathText.isFileLink(text)) {
            return refusal(Refusal.Kind.NOT_A_FILE_LINK, text, "“" + PathText.shown(text)
                    + "” is not a file on this computer: only file:// links can be added.");
        }
        PathText.FileLink f = PathText.fileLink(text);
        if (f.problem() != null) {
            return refusal(f.problem().contains("another computer") ? Refusal.Kind.NOT_A_FILE_LINK : Refusal.Kind.INVALID,
                    text, f.problem());
        }
        RootPaths.Resolved first = null;
        for (String p : f.paths()) {
            RootPaths.Resolved r = paths.resolve(p, p);
            if (r.kind() != RootPaths.Kind.REFUSED) {
                return r;
            }
            first = first == null ? r : first;
        }
        return first;
    }

    private static RootPaths.Resolved refusal(Refusal.Kind kind, String input, String sentence) {
        return new RootPaths.Resolved(RootPaths.Kind.REFUSED, null, null, 0, new Refusal(kind, input, sentence));
    }

    /**
     * The files under {@code folder} (root-relative; empty for the root) that git knows, root-relative
     * and sorted; walked from the disk when the root is not in a repository.
     */
    private List<String> knownFiles(String folder) throws IOException {
        if (inGit) {
            List<String> args = new ArrayList<>(List.of("--literal-pathspecs", "ls-files", "-z", "--cached", "--others",
                    "--exclude-standard", "--deduplicate"));
            if (!folder.isEmpty()) {
                args.add("--");
                args.add(folder);
            }
            GitCli.Result r = git.run(root, args);
            if (!r.ok()) {
                throw new GitException(GitCli.firstMessage(r.stderr(), "git ls-files failed."), r.stderr());
            }
            List<String> files = new ArrayList<>(new LinkedHashSet<>(r.nulFields()));
            files.removeIf(f -> f.endsWith("/")); // a nested repository git does not look into
            files.sort(null);
            return files;
        }
        List<String> files = new ArrayList<>();
        Path start = folder.isEmpty() ? root : root.resolve(folder);
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.getFileName() != null && dir.getFileName().toString().equals(".git") ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!attrs.isDirectory()) {
                    files.add(RootPaths.slashes(root.relativize(file)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return files;
    }

    /** Binary: a known extension, or a NUL in the first {@value #SNIFF_BYTES} bytes. Unreadable files count as text. */
    private boolean binary(String relative, Path file) {
        int slash = relative.lastIndexOf('/');
        int dot = relative.lastIndexOf('.');
        if (dot > slash + 1 && BINARY_EXTENSIONS.contains(relative.substring(dot + 1).toLowerCase(Locale.ROOT))) {
            return true;
        }
        sniff.clear();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (sniff.hasRemaining() && ch.read(sniff) > 0) {
                // fill up to 8 KB
            }
        } catch (IOException e) {
            return false;
        }
        byte[] a = sniff.array();
        for (int i = 0, n = sniff.position(); i < n; i++) {
            if (a[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** The root's git-ness and resolver, looked at once, at the first add. */
    private RootPaths resolver() {
        if (paths == null) {
            boolean git;
            try {
                GitCli.Result r = this.git.run(root, List.of("rev-parse", "--is-inside-work-tree"));
                git = r.ok() && r.line().equals("true");
            } catch (GitException e) {
                git = false; // no folder (the resolver says so), or no git: walk the folder
            }
            inGit = git;
            paths = new RootPaths(root, (git ? "the repository " : "the folder ") + PathText.shown(root.toString()));
        }
        return paths;
    }

    /** One add's counts and sentences. */
    private final class Batch {
        int added;
        int duplicates;
        final List<Refusal> refused = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        /** True (with the refusal) when the root is no folder. */
        boolean rootMissing() {
            RootPaths p = resolver();
            p.forget();
            String problem = p.rootProblem();
            if (problem != null) {
                refused.add(new Refusal(Refusal.Kind.INVALID, root.toString(), problem));
                paths = null; // looked at again next time: the folder may be there by then
                return true;
            }
            return false;
        }

        Batch refuse(Refusal.Kind kind, String input, String sentence) {
            refused.add(new Refusal(kind, input, sentence));
            return this;
        }

        /** A resolved input: a file added, a folder expanded, a refusal kept (its input as given). */
        void take(RootPaths.Resolved r, String input, PathGlob filter) {
            switch (r.kind()) {
                case FILE -> add(r);
                case FOLDER -> expand(r, input, filter);
                case REFUSED -> refused.add(new Refusal(r.refusal().kind(), input, r.refusal().reason()));
                default -> throw new IllegalStateException();
            }
        }

        /** A path git or the disk listed: added when it is a file; a listed link to a folder or a vanished file is passed over. */
        void takeListed(String relative) {
            RootPaths.Resolved r = paths.resolveListed(relative);
            if (r.isFile()) {
                add(r);
            } else if (r.kind() == RootPaths.Kind.REFUSED && r.refusal().kind() != Refusal.Kind.MISSING) {
                refused.add(r.refusal());
            }
        }

        void add(RootPaths.Resolved r) {
            if (index.add(r.relative())) {
                entries.add(new Entry(r.relative(), binary(r.relative(), r.file()), r.size()));
                added++;
            } else {
                duplicates++;
            }
        }

        private void expand(RootPaths.Resolved folder, String input, PathGlob filter) {
            List<String> files;
            try {
                files = knownFiles(folder.relative());
            } catch (GitException | IOException e) {
                refuse(Refusal.Kind.GIT_ERROR, input, "Could not list the files in “" + PathText.shown(input) + "”: " + e.getMessage());
                return;
            }
            String prefix = folder.relative().isEmpty() ? "" : folder.relative() + "/";
            int before = added + duplicates;
            for (String f : files) {
                if (f.startsWith(prefix) && filter.matches(f.substring(prefix.length()))) {
                    takeListed(f);
                }
            }
            int taken = added + duplicates - before;
            String name = PathText.shown(input);
            String what = folder.relative().isEmpty() ? "“" + name + "” is the whole of " + paths.place() : "“" + name + "” is a folder";
            String ignored = inGit ? " (files git ignores are left out)" : "";
            if (taken == 0) {
                refuse(Refusal.Kind.NO_MATCH, input, what + " with no file" + (filter.matchesEverything() ? "" : " matching "
                        + filter.glob()) + ignored + ".");
            } else {
                notes.add(what + ": expanded to " + taken + (taken == 1 ? " file" : " files")
                        + (filter.matchesEverything() ? "" : " matching " + filter.glob()) + ignored + ".");
            }
        }

        AddResult result() {
            return new AddResult(added, duplicates, refused, notes);
        }
    }
}
