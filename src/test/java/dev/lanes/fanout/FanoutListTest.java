package dev.lanes.fanout;

import dev.lanes.fanout.FanoutList.AddResult;
import dev.lanes.fanout.FanoutList.Entry;
import dev.lanes.fanout.FanoutList.Refusal.Kind;
import dev.lanes.testutil.TestRepo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Fan-out view's item list on real git repositories in temp folders: every way of adding, every
 * refusal and its sentence, hostile names, links, ignored files, and 10,000 files.
 */
class FanoutListTest {

    private static final String NEWLINE_NAME = "new\nline.txt";
    private static final String PWNED = "$(touch pwned).txt";

    @TempDir
    Path tmp;

    private TestRepo repo;
    private Path root;
    private FanoutList list;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(tmp, "repo");
        root = repo.root();
        repo.write(".gitignore", "build/\n*.log\n")
                .write("src/A.java", "class A { OldLogger log; }\n")
                .write("src/b/B.java", "class B {}\n")
                .write("src/c.py", "import logging\nlogging.warn('x')\n")
                .write("src/util/log.py", "def warn(): pass\n")
                .write("docs/guide.md", "# guide -old flag\n")
                .write("a b.txt", "spaces\n")
                .write("it's \"q\".txt", "quotes\n")
                .write(PWNED, "hostile\n")
                .write("ünïcødé ✓.txt", "unicode\n")
                .write("-dash.txt", "dash\n");
        Files.writeString(root.resolve(NEWLINE_NAME), "newline\n");
        repo.commitAll("files");
        repo.write("src/New.java", "class New { OldLogger log; }\n") // untracked, not ignored
                .write("build/Gen.java", "class Gen { OldLogger log; }\n") // ignored
                .write("app.log", "OldLogger\n"); // ignored
        list = new FanoutList(root);
    }

    private static Set<String> pathsOf(FanoutList l) {
        return Set.copyOf(l.paths());
    }

    private static String sentences(AddResult r) {
        return r.refused().stream().map(FanoutList.Refusal::reason).toList() + " " + r.notes();
    }

    // --------------------------------------------------------------------------------- addPaths

    @Test
    void droppedFilesAreAddedOnceInTheOrderFirstSeen() throws Exception {
        AddResult r = list.addPaths(List.of(root.resolve("src/c.py"), Path.of("src/A.java"), root.resolve("./src/../src/c.py"),
                root.resolve("a b.txt")));
        assertEquals(3, r.added(), sentences(r));
        assertEquals(1, r.duplicates());
        assertEquals(List.of(), r.refused());
        assertEquals(List.of("src/c.py", "src/A.java", "a b.txt"), list.paths());
        AddResult again = list.addPaths(List.of(root.resolve("src/A.java"), root.resolve("README.md")));
        assertEquals(1, again.added());
        FanoutList hostile = new FanoutList(root);
        AddResult dropped = hostile.addPaths(List.of(root.resolve(NEWLINE_NAME), root.resolve(PWNED), root.resolve("it's \"q\".txt"),
                root.resolve("ünïcødé ✓.txt"), root.resolve("-dash.txt")));
        assertEquals(List.of(NEWLINE_NAME, PWNED, "it's \"q\".txt", "ünïcødé ✓.txt", "-dash.txt"), hostile.paths(), sentences(dropped));
        assertEquals(1, again.duplicates());
        assertEquals(List.of("src/c.py", "src/A.java", "a b.txt", "README.md"), list.paths(), "the first occurrence keeps its place");
        assertEquals("Added 1 file; 1 was already in the list.", again.summary());
        Entry c = list.get(0);
        assertEquals("src/c.py", c.path());
        assertEquals(Files.readString(root.resolve("src/c.py"), StandardCharsets.UTF_8).length(), c.size());
        assertFalse(c.binary());
    }

    @Test
    void pathsOutsideMissingInsideGitOrThroughLinksLeadingOutAreRefusedWithASentence() throws Exception {
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "secret\n");
        Path outsideFolder = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(outsideFolder.resolve("secret.txt"), "secret\n");
        Files.createSymbolicLink(root.resolve("link-out.txt"), outside);
        Files.createSymbolicLink(root.resolve("folder-out"), outsideFolder);
        Files.createSymbolicLink(root.resolve("dangling.txt"), root.resolve("gone.txt"));
        Files.createSymbolicLink(root.resolve("link-in.txt"), root.resolve("src/A.java"));
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);

        AddResult r = list.addPaths(List.of(Path.of("/etc/passwd"), outside, Path.of("../outside.txt"),
                root.resolve("missing.txt"), root.resolve("link-out.txt"), root.resolve("folder-out/secret.txt"),
                root.resolve(".git/config"), root.resolve("dangling.txt"), root.resolve("pipe"), root.resolve("link-in.txt")));
        assertEquals(1, r.added(), sentences(r));
        assertEquals(List.of("link-in.txt"), list.paths(), "a link inside the root to a file inside it is taken, as the link");
        List<String> why = r.refused().stream().map(FanoutList.Refusal::reason).toList();
        assertEquals(List.of(Kind.OUTSIDE, Kind.OUTSIDE, Kind.OUTSIDE, Kind.MISSING, Kind.LINK_OUTSIDE, Kind.LINK_OUTSIDE,
                Kind.INSIDE_GIT, Kind.MISSING, Kind.NOT_A_FILE), r.refused().stream().map(FanoutList.Refusal::kind).toList(), why.toString());
        assertEquals("“/etc/passwd” is outside the repository " + root + ".", why.get(0));
        assertEquals("“../outside.txt” is outside the repository " + root + ".", why.get(2));
        assertEquals("“" + root.resolve("missing.txt") + "” does not exist.", why.get(3));
        assertEquals("“" + root.resolve("link-out.txt") + "” is a link to " + outside.toRealPath() + ", outside the repository " + root + ".", why.get(4));
        assertTrue(why.get(5).endsWith("is in a folder that is a link to somewhere outside the repository " + root + "."), why.get(5));
        assertTrue(why.get(6).endsWith("is inside .git, where git keeps its own data."), why.get(6));
        assertTrue(why.get(7).endsWith("is a link to a file that does not exist."), why.get(7));
        assertTrue(why.get(8).endsWith("is not a regular file (a pipe, socket or device)."), why.get(8));
        assertEquals("/etc/passwd", r.refused().get(0).input(), "the input as given");
        assertEquals("Added 1 file; 9 refused.", r.summary());
    }

    @Test
    void aFolderExpandsToTheFilesGitKnowsThatMatchTheFilter() throws Exception {
        Files.createSymbolicLink(root.resolve("src/Out.java"), Files.writeString(tmp.resolve("Out.java"), "x"));
        AddResult r = list.addPaths(List.of(root.resolve("src")), "*.java");
        assertEquals(Set.of("src/A.java", "src/b/B.java", "src/New.java"), pathsOf(list), sentences(r));
        assertEquals(List.of("“" + root.resolve("src") + "” is a folder: expanded to 3 files matching *.java (files git ignores are left out)."),
                r.notes());
        assertEquals(List.of(Kind.LINK_OUTSIDE), r.refused().stream().map(FanoutList.Refusal::kind).toList(),
                "a link in the folder leading outside is refused, not followed");

        list.clear();
        AddResult py = list.addPaths(List.of(Path.of("src")), "**/*.py");
        assertEquals(List.of("src/c.py", "src/util/log.py"), list.paths(), sentences(py));

        list.clear();
        list.setFolderFilter("b/*.java");
        assertEquals("b/*.java", list.folderFilter());
        list.addPaths(List.of(root.resolve("src")));
        assertEquals(List.of("src/b/B.java"), list.paths(), "a filter with a slash is relative to the dropped folder");

        list.clear();
        AddResult all = list.addPaths(List.of(root), "");
        Set<String> everything = pathsOf(list);
        assertTrue(everything.containsAll(Set.of("README.md", ".gitignore", "src/New.java", NEWLINE_NAME, PWNED, "-dash.txt")), everything.toString());
        assertTrue(everything.stream().noneMatch(p -> p.startsWith(".git/") || p.startsWith("build/") || p.endsWith(".log")),
                "no .git, nothing git ignores: " + everything);
        assertTrue(all.notes().get(0).startsWith("“" + root + "” is the whole of the repository " + root + ": expanded to "), all.notes().toString());
    }

    @Test
    void aFolderWithNothingToTakeOrABrokenFilterIsRefused() {
        AddResult ignored = list.addPaths(List.of(root.resolve("build")), "");
        assertEquals(0, ignored.added());
        assertEquals(Kind.NO_MATCH, ignored.refused().get(0).kind());
        assertEquals("“" + root.resolve("build") + "” is a folder with no file (files git ignores are left out).", ignored.refused().get(0).reason());
        AddResult none = list.addPaths(List.of(root.resolve("docs")), "*.java");
        assertEquals("“" + root.resolve("docs") + "” is a folder with no file matching *.java (files git ignores are left out).",
                none.refused().get(0).reason());
        AddResult broken = list.addPaths(List.of(root.resolve("src")), "src/[ab");
        assertEquals(Kind.INVALID, broken.refused().get(0).kind());
        assertEquals("The pattern “src/[ab” has a [ that is never closed with ].", broken.refused().get(0).reason());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> list.setFolderFilter("{a,b"));
        assertEquals("The pattern “{a,b” has a { that is never closed with }.", e.getMessage());
        assertTrue(list.isEmpty());
    }

    @Test
    void outsideARepositoryFoldersAreWalkedSkippingGitFolders() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Files.createDirectories(plain.resolve("sub/.git"));
        Files.writeString(plain.resolve("sub/.git/HEAD"), "ref\n");
        Files.writeString(plain.resolve("sub/x.py"), "x\n");
        Files.writeString(plain.resolve("y.py"), "y\n");
        Files.writeString(plain.resolve("z.txt"), "z\n");
        FanoutList l = new FanoutList(plain);
        AddResult r = l.addPaths(List.of(plain), "*.py");
        assertEquals(List.of("sub/x.py", "y.py"), l.paths(), sentences(r));
        assertEquals("“" + plain + "” is the whole of the folder " + plain + ": expanded to 2 files matching *.py.", r.notes().get(0));
        AddResult outside = l.addPaths(List.of(root.resolve("README.md")));
        assertEquals("“" + root.resolve("README.md") + "” is outside the folder " + plain + ".", outside.refused().get(0).reason());
    }

    @Test
    void aRootThatIsNoFolderRefusesEverythingWithOneSentence() throws Exception {
        FanoutList l = new FanoutList(tmp.resolve("nowhere"));
        AddResult r = l.addPasted("a.txt\n");
        assertEquals(1, r.refused().size());
        assertEquals("The folder " + tmp.resolve("nowhere") + " does not exist.", r.refused().get(0).reason());
        repo.write(tmp.resolve("nowhere"), "a.txt", "now it is there");
        assertEquals(1, l.addPasted("a.txt\n").added(), "the folder is looked at again");
    }

    // ------------------------------------------------------------------------------ addUriList

    @Test
    void aUriListFromAFileManagerAddsItsFileLinks() {
        String uris = "# dropped from Files\r\n"
                + "file://" + root.toUri().getRawPath() + "a%20b.txt\r\n"
                + "file://localhost" + root.toUri().getRawPath() + "%C3%BCn%C3%AFc%C3%B8d%C3%A9%20%E2%9C%93.txt\r\n"
                + "file:" + root.resolve("README.md") + "\r\n"
                + "file://" + root + "/new%0Aline.txt\r\n"
                + "file://" + root + "/%24(touch%20pwned).txt\r\n"
                + "https://example.com/x.py\r\n"
                + "file://server/share/x.py\r\n"
                + "file://" + root + "/bad%zz.txt\r\n"
                + "file:///etc/hostname\r\n"
                + "\r\n";
        AddResult r = list.addUriList(uris);
        assertEquals(List.of("a b.txt", "ünïcødé ✓.txt", "README.md", NEWLINE_NAME, PWNED), list.paths(), sentences(r));
        List<String> why = r.refused().stream().map(FanoutList.Refusal::reason).toList();
        assertEquals(List.of(Kind.NOT_A_FILE_LINK, Kind.NOT_A_FILE_LINK, Kind.INVALID, Kind.OUTSIDE),
                r.refused().stream().map(FanoutList.Refusal::kind).toList(), why.toString());
        assertEquals("“https://example.com/x.py” is not a file on this computer: only file:// links can be added.", why.get(0));
        assertEquals("“file://server/share/x.py” is on another computer (server): only files on this computer can be added.", why.get(1));
        assertTrue(why.get(2).endsWith("is not a valid link: a % is not followed by two hex digits."), why.get(2));
        assertEquals("“/etc/hostname” is outside the repository " + root + ".", why.get(3));
    }

    @Test
    void aDroppedFolderLinkExpandsWithTheFilter() {
        list.setFolderFilter("*.py");
        AddResult r = list.addUriList("file://" + root.resolve("src") + "\n");
        assertEquals(List.of("src/c.py", "src/util/log.py"), list.paths(), sentences(r));
    }

    // ------------------------------------------------------------------------------- addPasted

    @Test
    void pastedLinesAreTrimmedAndTerminalQuotingIsUndone() throws Exception {
        String pasted = "\n  src/A.java  \n\n'a b.txt'\n\"" + "ünïcødé ✓.txt\"\n"
                + "it's \"q\".txt\n"        // the name as it is, quotes and all
                + PWNED + "\n"              // never given to a shell
                + "-dash.txt\n"
                + "'new'$'\\n''line.txt'\n"  // as GNU ls prints a name with a line break
                + "\"new\\nline.txt\"\n"     // as git status prints it (a duplicate by now)
                + "file://" + root.resolve("README.md") + "\n"
                + "src/c.py:12\n";
        AddResult r = list.addPasted(pasted);
        assertEquals(List.of("src/A.java", "a b.txt", "ünïcødé ✓.txt", "it's \"q\".txt", PWNED, "-dash.txt", NEWLINE_NAME, "README.md"),
                list.paths(), sentences(r));
        assertEquals(1, r.duplicates());
        assertEquals(1, r.refused().size(), "src/c.py:12 is no file name");
        assertEquals("“src/c.py:12” does not exist.", r.refused().get(0).reason());
        assertEquals(List.of(), FanoutTestSupport.pwned(tmp));

        Files.writeString(root.resolve("with space.txt"), "x");
        list.clear();
        list.addPasted("with\\ space.txt\n");
        assertEquals(List.of("with space.txt"), list.paths(), "a backslash before a space, as a terminal escapes a dragged file");
    }

    @Test
    void aPastedNameWithALineBreakIsExplainedNotGuessed() {
        AddResult r = list.addPasted("README.md\nnew\nline.txt\nmissing.txt\n");
        assertEquals(List.of("README.md"), list.paths(), sentences(r));
        assertEquals(List.of(Kind.LINE_BREAK_IN_NAME, Kind.MISSING), r.refused().stream().map(FanoutList.Refusal::kind).toList());
        assertEquals("The lines “new” and “line.txt” are one file name with a line break in it (“new\\nline.txt”), and pasted text"
                + " cannot carry it: drop the file here, or add its folder.", r.refused().get(0).reason());
        assertEquals(NEWLINE_NAME, r.refused().get(0).input());
    }

    @Test
    void pastedWebLinksAreRefused() {
        AddResult r = list.addPasted("https://github.com/x/y/blob/main/a.py\nmailto:someone@example.com\n");
        assertEquals(List.of(Kind.NOT_A_FILE_LINK, Kind.NOT_A_FILE_LINK), r.refused().stream().map(FanoutList.Refusal::kind).toList());
    }

    // ----------------------------------------------------------------------------- addListFile

    @Test
    void aListFileOneAPathALine() throws Exception {
        Path txt = Files.writeString(tmp.resolve("list.txt"), "src/A.java\r\n\r\n" + root.resolve("src/c.py") + "\nsrc/A.java\n../outside.txt\n");
        AddResult r = list.addListFile(txt);
        assertEquals(List.of("src/A.java", "src/c.py"), list.paths(), sentences(r));
        assertEquals(1, r.duplicates());
        assertEquals(List.of(Kind.OUTSIDE), r.refused().stream().map(FanoutList.Refusal::kind).toList());
        AddResult split = new FanoutList(root).addListFile(Files.writeString(tmp.resolve("split.txt"), "new\nline.txt\n"));
        assertTrue(split.refused().get(0).reason().contains("a list with one path a line cannot carry it (separate the names with NUL characters"),
                sentences(split));
    }

    @Test
    void aNulSeparatedListCarriesLineBreaksAndEdgeSpaces() throws Exception {
        Files.writeString(root.resolve(" edge "), "x");
        Path txt = Files.write(tmp.resolve("list0"), (NEWLINE_NAME + "\0" + PWNED + "\0 edge \0src/b/B.java\0").getBytes(StandardCharsets.UTF_8));
        AddResult r = list.addListFile(txt);
        assertEquals(List.of(NEWLINE_NAME, PWNED, " edge ", "src/b/B.java"), list.paths(), sentences(r));
        assertEquals(List.of(), FanoutTestSupport.pwned(tmp));
    }

    @Test
    void anUnreadableListFileIsRefused() {
        AddResult r = list.addListFile(tmp.resolve("nope.txt"));
        assertEquals(Kind.INVALID, r.refused().get(0).kind());
        assertEquals("The list " + tmp.resolve("nope.txt") + " cannot be read: it does not exist.", r.refused().get(0).reason());
    }

    // --------------------------------------------------------------------------------- addGlob

    @Test
    void aGlobTakesTheFilesGitKnows() {
        AddResult r = list.addGlob("src/**/*.java");
        assertEquals(List.of("src/A.java", "src/New.java", "src/b/B.java"), list.paths(), sentences(r));
        list.clear();
        list.addGlob("*.py");
        assertEquals(List.of("src/c.py", "src/util/log.py"), list.paths(), "no slash: the name, at any depth");
        list.clear();
        list.addGlob("/*.md");
        assertEquals(List.of("README.md"), list.paths(), "a leading slash anchors to the root");
        list.clear();
        list.addGlob("**/*.{md,py}");
        assertEquals(List.of("README.md", "docs/guide.md", "src/c.py", "src/util/log.py"), list.paths());
        list.clear();
        list.addGlob(root + "/src/*.py");
        assertEquals(List.of("src/c.py"), list.paths(), "an absolute pattern inside the root");
        list.clear();
        AddResult ignored = list.addGlob("build/*.java");
        assertEquals(0, ignored.added(), "ignored files are not taken");
        assertEquals("No file git knows matches “build/*.java”.", ignored.refused().get(0).reason());
    }

    @Test
    void aBrokenOrEmptyGlobIsRefused() {
        assertEquals("The pattern “src/[a” has a [ that is never closed with ].", list.addGlob("src/[a").refused().get(0).reason());
        assertEquals("Give a pattern, such as src/**/*.java.", list.addGlob("  ").refused().get(0).reason());
    }

    // ------------------------------------------------------------------------------ addGitGrep

    @Test
    void gitGrepTakesTheFilesThatMatchTrackedOrNot() {
        AddResult r = list.addGitGrep("OldLogger\\s+log");
        assertEquals(List.of("src/A.java", "src/New.java"), list.paths(), sentences(r));
        assertEquals(List.of("2 files contain a match for “OldLogger\\s+log”."), r.notes());
        list.clear();
        AddResult dash = list.addGitGrep("-old");
        assertEquals(List.of("docs/guide.md"), list.paths(), "a pattern starting with - is a pattern, not an option: " + sentences(dash));
    }

    @Test
    void gitGrepWithoutAMatchOrWithABrokenPatternSaysSo() {
        AddResult none = list.addGitGrep("$(touch pwned)");
        assertEquals(Kind.NO_MATCH, none.refused().get(0).kind());
        assertEquals("No file git knows contains a match for “$(touch pwned)”.", none.refused().get(0).reason());
        AddResult broken = list.addGitGrep("(");
        assertEquals(Kind.GIT_ERROR, broken.refused().get(0).kind());
        assertEquals("git grep cannot search for “(”: Unmatched ( or \\(.", broken.refused().get(0).reason());
        assertEquals(Kind.INVALID, list.addGitGrep("").refused().get(0).kind());
        assertTrue(list.isEmpty());
        assertFalse(Files.exists(root.resolve("pwned")));
    }

    // ---------------------------------------------------------------------- addFromAgentAnswer

    @Test
    void anAgentsAnswerAddsTheFilesItNamesThatExist() {
        String answer = "These files use the old logging API:\n\n"
                + "- src/c.py — calls logging.warn\n"
                + "* `src/util/log.py:1` defines it\n"
                + "1. [A.java](src/A.java#L1) and [docs](https://example.com/docs)\n"
                + "2. **src/gone.py**\n"
                + "- `old/legacy.py`\n"
                + "src/New.java\n"
                + "Also " + root.resolve("README.md") + " mentions it, and " + root.resolve("nope.md") + " did once.\n"
                + "- /etc/passwd\n"
                + "- src/ (the whole folder)\n"
                + "Either way, and/or e.g. v1.2 does not matter; `logging.warn()` is the call.\n"
                + "- src/c.py again\n";
        AddResult r = list.addFromAgentAnswer(answer);
        assertEquals(List.of("src/c.py", "src/util/log.py", "src/A.java", "src/New.java", "README.md"), list.paths(), sentences(r));
        assertEquals(3, r.count(Kind.MISSING), sentences(r));
        assertEquals(List.of("src/gone.py", "old/legacy.py", root.resolve("nope.md").toString()),
                r.refused().stream().filter(x -> x.kind() == Kind.MISSING).map(FanoutList.Refusal::input).toList());
        assertEquals("“src/gone.py” is named in the answer but does not exist in the repository " + root + ".", r.refused().get(0).reason());
        assertEquals(1, r.count(Kind.OUTSIDE), "/etc/passwd");
        assertEquals(0, r.duplicates(), "a file named twice in one answer is one mention");
    }

    // ------------------------------------------------------------------------ the list itself

    @Test
    void removingByPositionOrPathAndClearing() {
        list.addPasted("README.md\nsrc/A.java\nsrc/c.py\ndocs/guide.md\na b.txt\n");
        assertEquals(2, list.removeAt(List.of(1, 3, 3, 99, -1)));
        assertEquals(List.of("README.md", "src/c.py", "a b.txt"), list.paths());
        assertEquals(1, list.remove(List.of("src/c.py", "not/listed.txt")));
        assertEquals(List.of("README.md", "a b.txt"), list.paths());
        assertFalse(list.contains("src/c.py"));
        assertEquals(1, list.addPasted("src/c.py").added(), "a removed path can come back");
        List<Entry> snapshot = list.entries();
        assertThrows(UnsupportedOperationException.class, () -> snapshot.add(new Entry("x", false, 0)));
        list.clear();
        assertEquals(0, list.size());
        assertEquals(3, snapshot.size(), "a snapshot does not change with the list");
        assertEquals(1, list.addPasted("README.md").added());
    }

    @Test
    void binaryFilesAreFlaggedByExtensionOrANulByte() throws Exception {
        byte[] nulLate = new byte[FanoutList.SNIFF_BYTES + 10];
        java.util.Arrays.fill(nulLate, (byte) 'a');
        nulLate[nulLate.length - 1] = 0;
        byte[] nulEarly = "abc\0def".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(root.resolve("late.txt"), nulLate);
        Files.write(root.resolve("early.txt"), nulEarly);
        Files.writeString(root.resolve("logo.PNG"), "not really a png");
        list.addPasted("late.txt\nearly.txt\nlogo.PNG\nREADME.md\n");
        assertEquals(List.of(false, true, true, false), list.entries().stream().map(Entry::binary).toList());
        assertEquals(nulLate.length, list.get(0).size());
        assertEquals(7, list.get(1).size());
    }

    @Test
    void tenThousandFilesAreAddedMergedAndRemoved() throws Exception {
        int n = 10_000;
        Path many = Files.createDirectories(root.resolve("many"));
        StringBuilder nul = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Path dir = Files.createDirectories(many.resolve("d" + (i % 100)));
            Files.writeString(dir.resolve("f" + i + ".txt"), "item " + i + "\n");
            nul.append("many/d").append(i % 100).append("/f").append(i).append(".txt\0");
        }
        long t0 = System.nanoTime();
        AddResult r = list.addPaths(List.of(many));
        long t1 = System.nanoTime();
        assertEquals(n, r.added(), sentences(r));
        assertEquals(n, list.size());
        AddResult again = list.addListFile(Files.writeString(tmp.resolve("many0"), nul.toString()));
        long t2 = System.nanoTime();
        assertEquals(0, again.added());
        assertEquals(n, again.duplicates());
        List<Integer> even = IntStream.range(0, n).filter(i -> i % 2 == 0).boxed().toList();
        assertEquals(n / 2, list.removeAt(even));
        List<String> rest = new ArrayList<>(list.paths());
        assertEquals(n / 2, rest.size());
        assertEquals(n / 2, list.remove(rest));
        assertTrue(list.isEmpty());
        System.out.printf("FanoutList: %,d files from a folder in %d ms, merged again from a NUL list in %d ms%n",
                n, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }
}
