package dev.lanes.fanout;

import dev.lanes.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.lanes.fanout.FanoutTestSupport.result;
import static dev.lanes.fanout.FanoutTestSupport.script;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lanes fanout …} in-process (and once through the Launcher in a child JVM). */
class FanoutCommandTest {

    @TempDir
    Path tmp;

    private String stderr;

    private int run(String input, String... args) {
        StringWriter out = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--data", tmp.resolve("home").toString(), "--repo", tmp.resolve("repo").toString()));
        all.addAll(List.of(args));
        int code = FanoutCommand.execute(all.toArray(String[]::new), new BufferedReader(new StringReader(input)),
                new PrintWriter(out, true), Map.of());
        stderr = out.toString();
        return code;
    }

    private Path list(int n) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            Files.writeString(repo.resolve("f" + i + ".txt"), "a" + i);
            b.append("f").append(i).append(".txt\n");
        }
        b.append("f1.txt\n\n"); // a duplicate and a blank line
        return Files.writeString(tmp.resolve("list.txt"), b.toString());
    }

    @Test
    void aCommandPerFileExitsZeroWhenEveryItemPassed() throws Exception {
        Path list = list(4);
        assertEquals(0, run("", "--files", list.toString(), "--command", "sed -i s/a/b/ {file}", "-j", "2"), stderr);
        for (int i = 1; i <= 4; i++) {
            assertEquals("b" + i, Files.readString(tmp.resolve("repo/f" + i + ".txt")));
        }
        assertTrue(stderr.contains("4 items, -j 2"), stderr);
        assertTrue(stderr.contains("[4/4] passed"), stderr);
        assertTrue(stderr.contains("4 passed of 4"), stderr);
    }

    @Test
    void anyItemNotPassingExitsOneAndIsListed() throws Exception {
        Path list = list(3);
        assertEquals(1, run("", "--files", list.toString(), "--command", "true", "--verify", "test {index} != 2"), stderr);
        assertTrue(stderr.contains("verify-failed  f2.txt"), stderr);
    }

    @Test
    void startSmallAsksOnTheTerminal() throws Exception {
        Path list = list(4);
        assertEquals(0, run("maybe\nc\n", "--files", list.toString(), "--command", "true", "--start-small", "1"), stderr);
        assertTrue(stderr.contains("Continue with the rest? [c]ontinue / [a]bort"), stderr);
        assertEquals(1, run("a\n", "--files", list.toString(), "--command", "true", "--start-small", "2"), stderr);
        assertTrue(stderr.contains("2 passed, 2 cancelled of 4"), stderr);
        assertEquals(0, run("", "--files", list.toString(), "--command", "true", "--start-small", "2", "--yes"), stderr);
        assertTrue(stderr.contains("--yes: continuing"), stderr);
    }

    @Test
    void anAgentRunWithBudgets() throws Exception {
        Path list = list(5);
        Path agent = script(tmp, "agent.sh", "echo '" + result(0.3, false, 0) + "'\n");
        assertEquals(1, run("", "--files", list.toString(), "--agent", "claude", "--agent-program", agent.toString(),
                "--template", "Fix {file}", "-j", "1", "--budget", "1.00", "--item-budget", "0.40"), stderr);
        // 0.4; 0.3+0.4; 0.6+0.4 ≤ 1.0; 0.9+0.4 > 1.0
        assertTrue(stderr.contains("3 passed, 2 skipped of 5; spent $0.90"), stderr);
    }

    @Test
    void wrongArgumentsAndRefusedPathsExitTwo() throws Exception {
        Path list = list(1);
        assertEquals(2, run("", "--files", list.toString()), stderr);
        assertTrue(stderr.contains("Give either --command"), stderr);
        Files.writeString(tmp.resolve("bad.txt"), "../outside.txt\nmissing.txt\nf1.txt\n");
        Files.writeString(tmp.resolve("outside.txt"), "");
        assertEquals(2, run("", "--files", tmp.resolve("bad.txt").toString(), "--command", "true"), stderr);
        assertTrue(stderr.contains("“../outside.txt” is outside"), stderr);
        assertTrue(stderr.contains("“missing.txt” does not exist"), stderr);
        assertEquals(2, run("", "--files", list.toString(), "--command", "echo 'open"), stderr);
        assertEquals(2, run("", "-j", "many"), stderr);
    }

    @Test
    void aListNamingALinkLeadingOutOrGitsOwnDataIsRefused() throws Exception {
        Path list = list(1);
        Path repo = tmp.resolve("repo");
        Files.createSymbolicLink(repo.resolve("out.txt"), Files.writeString(tmp.resolve("secret.txt"), "secret"));
        Files.createDirectories(repo.resolve(".git"));
        Files.writeString(repo.resolve(".git/config"), "");
        Files.writeString(list, "f1.txt\nout.txt\n.git/config\n");
        assertEquals(2, run("", "--files", list.toString(), "--command", "true"), stderr);
        assertTrue(stderr.contains("has 2 path(s) Lanes refuses: “out.txt” is a link to " + tmp.resolve("secret.txt").toRealPath()
                + ", outside the folder " + repo + "; “.git/config” is inside .git, where git keeps its own data."), stderr);
    }

    @Test
    void aNulSeparatedListCarriesANewlineInAName() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(repo.resolve("new\nline.txt"), "x");
        Files.writeString(repo.resolve("$(touch pwned).txt"), "x");
        Path list = Files.writeString(tmp.resolve("list0"), "new\nline.txt\0$(touch pwned).txt\0", StandardCharsets.UTF_8);
        assertEquals(0, run("", "-0", "--files", list.toString(), "--command", "cp -- {file} {file}.copy"), stderr);
        assertTrue(Files.exists(repo.resolve("new\nline.txt.copy")));
        assertTrue(Files.exists(repo.resolve("$(touch pwned).txt.copy")));
        assertEquals(List.of(), FanoutTestSupport.pwned(tmp));
    }

    @Test
    void resumeContinuesARecordedRunAndRetriesItsFailures() throws Exception {
        Path list = list(3);
        assertEquals(1, run("", "--files", list.toString(), "--command", "sh -c 'echo $1 >> ../ran.log; test -e ../ok || test $1 != 2' sh {index}"),
                stderr);
        long id;
        try (Store store = Store.open(tmp.resolve("home"))) {
            id = store.fanoutItems(1).isEmpty() ? -1 : 1;
        }
        assertEquals(1, id);
        assertEquals(1, run("", "--resume", "1"), stderr);
        assertEquals(List.of("1", "2", "3"), Files.readAllLines(tmp.resolve("ran.log")).stream().sorted().toList(),
                "nothing rerun");
        Files.writeString(tmp.resolve("ok"), "");
        assertEquals(0, run("", "--resume", "1", "--retry-failed"), stderr);
        assertEquals(List.of("1", "2", "2", "3"), Files.readAllLines(tmp.resolve("ran.log")).stream().sorted().toList());
        assertEquals(2, run("", "--resume", "7"), stderr);
    }

    @Test
    void theLauncherRunsFanoutWithoutAWindow() throws Exception {
        Path list = list(2);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                "dev.lanes.Launcher", "fanout", "--files", list.toString(), "--repo", tmp.resolve("repo").toString(),
                "--command", "touch {file}.done").redirectErrorStream(true);
        pb.environment().put("LANES_HOME", tmp.resolve("launcher-home").toString());
        pb.environment().remove("DISPLAY");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.exists(tmp.resolve("repo/f2.txt.done")));
        assertTrue(out.contains("2 passed of 2"), out);
        assertFalse(out.contains("javafx") || out.contains("Toolkit"), out);
        assertTrue(Files.exists(tmp.resolve("launcher-home/lanes.db")));
    }

    /** tmp/repo as a git repository with f1..fn committed on main (each "a&lt;i&gt;"), and the list naming them. */
    private Path committedList(int n) throws Exception {
        dev.lanes.testutil.TestRepo repo = dev.lanes.testutil.TestRepo.create(tmp, "repo");
        Path list = list(n);
        repo.commitAll("files");
        return list;
    }

    @Test
    void perItemPlacementMergedIntoMainEndToEnd() throws Exception {
        Path list = committedList(3);
        Path repo = tmp.resolve("repo");
        assertEquals(0, run("", "--files", list.toString(), "--command", "sh -c 'echo \"edited $2\" >> \"$1\"' sh {file} {index}",
                "--placement", "per-item", "--merge-into", "main", "-j", "2"), stderr);
        for (int i = 1; i <= 3; i++) {
            assertEquals("a" + i + "edited " + i + "\n", Files.readString(repo.resolve("f" + i + ".txt")), stderr);
        }
        assertTrue(stderr.contains("a worktree per item from main (branches fanout/1-…)"), stderr);
        assertTrue(stderr.contains("merging into main"), stderr);
        assertTrue(stderr.contains("merged        fanout/1-2-f2.txt"), stderr);
        assertTrue(stderr.contains("lanes fanout: Merged all 3 branches into main: fanout/1-1-f1.txt, fanout/1-2-f2.txt, "
                + "fanout/1-3-f3.txt."), stderr);
        assertEquals("", dev.lanes.testutil.TestRepo.gitIn(repo, "status", "--porcelain"));
    }

    @Test
    void aConflictWhileMergingExitsThreeAndSaysWhere() throws Exception {
        Path list = committedList(3);
        Path repo = tmp.resolve("repo");
        dev.lanes.testutil.TestRepo.gitIn(repo, "switch", "-q", "-c", "release");
        Files.writeString(repo.resolve("f2.txt"), "release's own f2\n");
        dev.lanes.testutil.TestRepo.gitIn(repo, "commit", "-q", "-am", "release edits f2");
        dev.lanes.testutil.TestRepo.gitIn(repo, "switch", "-q", "main");
        assertEquals(3, run("", "--files", list.toString(), "--command", "sh -c 'echo edited >> \"$1\"' sh {file}",
                "--placement", "batch:1", "--merge-into", "release"), stderr);
        assertTrue(stderr.contains("3 passed of 3"), stderr);
        assertTrue(stderr.contains("conflicted    fanout/1-batch-2  — conflicts in f2.txt"), stderr);
        assertTrue(stderr.contains("not-attempted fanout/1-batch-3"), stderr);
        assertTrue(stderr.contains("Merged 1 of 3 branches into release"), stderr);
        assertEquals("release's own f2\n", Files.readString(repo.resolve("f2.txt")));
        assertEquals("", dev.lanes.testutil.TestRepo.gitIn(repo, "status", "--porcelain"));
    }

    @Test
    void placementOptionsAreCheckedAndExplained() throws Exception {
        Path list = committedList(1);
        assertEquals(2, run("", "--files", list.toString(), "--command", "true", "--merge-into", "main"), stderr);
        assertTrue(stderr.contains("--merge-into needs --placement per-item or batch:K"), stderr);
        assertEquals(2, run("", "--files", list.toString(), "--command", "true", "--placement", "batch:none"), stderr);
        assertTrue(stderr.contains("“batch:none” is not a placement"), stderr);
        assertEquals(2, run("", "--files", list.toString(), "--command", "true", "--placement", "per-item", "--base", "nope"), stderr);
        assertTrue(stderr.contains("--base: “nope” is not a branch or commit"), stderr);
        assertEquals(2, run("", "--files", list.toString(), "--command", "true", "--placement", "per-item", "--merge-into", "nope"),
                stderr);
        assertTrue(stderr.contains("--merge-into: there is no branch named “nope”."), stderr);
        assertEquals(0, run("", "--help"), stderr);
        assertTrue(stderr.contains("--placement=WHERE") && stderr.contains("--merge-into=BRANCH") && stderr.contains("batch:K"), stderr);
    }
}
