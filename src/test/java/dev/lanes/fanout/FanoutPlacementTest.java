package dev.lanes.fanout;

import dev.lanes.git.GitException;
import dev.lanes.git.GitService;
import dev.lanes.model.MergeMode;
import dev.lanes.store.Store;
import dev.lanes.testutil.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Placement of a run's items (one folder, a worktree per item, per batch), merging their branches, and their changes. */
class FanoutPlacementTest {

    @TempDir
    Path tmp;

    private TestRepo repo;
    private Store store;
    private GitService git;

    @BeforeEach
    void setUp() {
        repo = TestRepo.create(tmp, "project");
        store = Store.open(tmp.resolve("home"));
        git = new GitService();
    }

    @AfterEach
    void tearDown() {
        store.close();
        git.close();
    }

    /** Commits {@code names} on main, each holding "line\n". */
    private List<String> committed(String... names) {
        for (String n : names) {
            repo.write(n, "line\n");
        }
        repo.commitAll("files");
        return List.of(names);
    }

    private FanoutSpec command(List<String> items, String command) {
        return FanoutSpec.command(repo.root().toString(), items, ItemTemplate.split(command));
    }

    private RunSummary run(FanoutSpec spec) throws Exception {
        try (FanoutEngine e = FanoutEngine.create(spec, store, null, git)) {
            return e.start().get(60, TimeUnit.SECONDS);
        }
    }

    private List<String> changedFiles(String from, String to) {
        String out = repo.git("diff", "--name-only", "-z", from, to);
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\0"));
    }

    private int commitsAhead(String branch) {
        return Integer.parseInt(repo.git("rev-list", "--count", "main.." + branch).strip());
    }

    private List<String> worktreeBranches() {
        return repo.git("worktree", "list", "--porcelain").lines().filter(l -> l.startsWith("branch "))
                .map(l -> l.substring("branch refs/heads/".length())).toList();
    }

    @Test
    void perItemMakesABranchPerItemHoldingOnlyThatFilesChangeCommittedAfterItsVerification() throws Exception {
        List<String> items = committed("a.txt", "src/b c.txt", "d.txt");
        FanoutSpec spec = command(items, "sh -c 'echo \"edited in $PWD\" >> \"$1\"' sh {file}")
                // passes only where the program ran: in the item's worktree, not in the main checkout
                .withVerify(ItemTemplate.split("grep -q edited {file}"))
                .withPlacement(FanoutPlacement.perItem("main"));
        RunSummary s = run(spec);
        assertTrue(s.allPassed(), s.line() + " " + s.items());
        long id = s.runId();
        assertEquals(List.of("fanout/" + id + "-1-a.txt", "fanout/" + id + "-2-src-b-c.txt", "fanout/" + id + "-3-d.txt"),
                s.items().stream().map(i -> i.place().branch()).toList());
        for (FanoutItem item : s.items()) {
            String branch = item.place().branch();
            assertEquals(List.of(item.path()), changedFiles("main", branch), "only its own file on " + branch);
            assertEquals(1, commitsAhead(branch));
            assertEquals("Fan-out run " + id + ", item " + item.index() + ": " + item.path(),
                    repo.git("log", "-1", "--format=%s", branch).strip());
            Path worktree = Path.of(item.place().worktree());
            assertEquals("line\nedited in " + worktree.toRealPath() + "\n", Files.readString(worktree.resolve(item.path())));
            assertEquals(repo.git("rev-parse", "main").strip(), item.place().baseCommit());
            assertEquals("line\n", Files.readString(repo.root().resolve(item.path())), "the main checkout is untouched");
        }
        assertEquals("", repo.git("status", "--porcelain"));
        assertEquals(4, worktreeBranches().size(), worktreeBranches().toString());
        assertEquals(s.items(), store.fanoutItems(id), "places are in the store");
        assertEquals(spec, store.fanoutRun(id).orElseThrow(), "the placement is in the spec");
    }

    @Test
    void aFileNotOnTheBaseAndABranchThatExistsFailTheirItemsClearly() throws Exception {
        committed("a.txt", "b.txt");
        repo.write("new.txt", "not committed\n");
        FanoutSpec spec = command(List.of("a.txt", "new.txt", "b.txt"), "sh -c 'echo x >> \"$1\"' sh {file}")
                .withPlacement(FanoutPlacement.perItem("main"));
        try (FanoutEngine e = FanoutEngine.create(spec, store, null, git)) {
            repo.git("branch", "fanout/" + e.runId() + "-3-b.txt");
            RunSummary s = e.start().get(60, TimeUnit.SECONDS);
            assertEquals(List.of(ItemState.PASSED, ItemState.FAILED, ItemState.FAILED),
                    s.items().stream().map(FanoutItem::state).toList());
            assertEquals("“new.txt” is not in its worktree (branch fanout/" + e.runId() + "-2-new.txt, made from main): "
                    + "commit it on main first.", s.items().get(1).message());
            assertTrue(s.items().get(2).message().startsWith("A branch named “fanout/" + e.runId() + "-3-b.txt” already exists"),
                    s.items().get(2).message());
            assertEquals(1, e.processesStarted(), "the program ran only for a.txt");
        }
        assertEquals("not committed\n", Files.readString(repo.root().resolve("new.txt")));
    }

    @Test
    void batchesOfTwoOverFiveItemsMakeThreeWorktreesEachCommittedOnce() throws Exception {
        List<String> items = committed("f1.txt", "f2.txt", "f3.txt", "f4.txt", "f5.txt");
        RunSummary s = run(command(items, "sh -c 'echo \"edited $2\" >> \"$1\"' sh {file} {index}").withConcurrency(3)
                .withPlacement(FanoutPlacement.batches(2, "main")));
        assertTrue(s.allPassed(), s.line());
        long id = s.runId();
        String b1 = "fanout/" + id + "-batch-1";
        String b2 = "fanout/" + id + "-batch-2";
        String b3 = "fanout/" + id + "-batch-3";
        assertEquals(List.of(b1, b1, b2, b2, b3), s.items().stream().map(i -> i.place().branch()).toList());
        assertEquals(List.of("main", b1, b2, b3), worktreeBranches());
        assertEquals(List.of("f1.txt", "f2.txt"), changedFiles("main", b1));
        assertEquals(List.of("f3.txt", "f4.txt"), changedFiles("main", b2));
        assertEquals(List.of("f5.txt"), changedFiles("main", b3));
        for (String b : List.of(b1, b2, b3)) {
            assertEquals(1, commitsAhead(b), b);
        }
        assertEquals("Fan-out run " + id + ", batch 1: items 1–2\n\n- f1.txt\n- f2.txt",
                repo.git("log", "-1", "--format=%B", b1).strip());
    }

    @Test
    void aBatchIsCommittedOnlyOnceEveryItemOfItPassed() throws Exception {
        List<String> items = committed("f1.txt", "f2.txt", "f3.txt", "f4.txt");
        Path ok = tmp.resolve("ok");
        FanoutSpec spec = command(items, "sh -c 'echo edited >> \"$1\"; test \"$1\" != f2.txt || test -e \"$2\"' sh {file} "
                + "'" + ok + "'").withPlacement(FanoutPlacement.batches(2, "main"));
        try (FanoutEngine e = FanoutEngine.create(spec, store, null, git)) {
            RunSummary s = e.start().get(60, TimeUnit.SECONDS);
            assertEquals(List.of(ItemState.PASSED, ItemState.FAILED, ItemState.PASSED, ItemState.PASSED),
                    s.items().stream().map(FanoutItem::state).toList());
            String b1 = s.items().get(0).place().branch();
            Path wt1 = Path.of(s.items().get(0).place().worktree());
            assertEquals(0, commitsAhead(b1), "batch 1 is not committed");
            assertEquals(" M f1.txt\n M f2.txt\n", TestRepo.gitIn(wt1, "status", "--porcelain"), "its changes wait in the worktree");
            assertEquals(1, commitsAhead(s.items().get(2).place().branch()), "batch 2 is");

            FanoutMergeReport report = new FanoutMerger(git).merge(spec, s.items(), "main", MergeMode.FAST_FORWARD_OR_MERGE);
            assertEquals(List.of(1, 2), report.leftOut().stream().map(FanoutItem::index).toList());
            assertEquals(1, report.merged().size());

            Files.writeString(ok, "");
            RunSummary again = e.retryFailed().get(60, TimeUnit.SECONDS);
            assertTrue(again.allPassed(), again.line());
            assertEquals(1, commitsAhead(b1), "committed once item 2 passed on retry");
            assertEquals("", TestRepo.gitIn(wt1, "status", "--porcelain"));
        }
    }

    @Test
    void aResumeAfterASigkillReusesTheWorktreesAndRerunsNoPassedItem() throws Exception {
        List<String> items = committed("f1.txt", "f2.txt", "f3.txt", "f4.txt", "f5.txt", "f6.txt");
        Path home = tmp.resolve("crash-home");
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("slow"), "");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FanoutWorktreeCrashChild.class.getName(), home.toString(), repo.root().toString(), out.toString())
                .redirectErrorStream(true).start();
        long runId;
        List<Long> orphans = new ArrayList<>();
        try {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                do {
                    line = r.readLine();
                } while (line != null && !line.startsWith("READY"));
                assertNotNull(line, "the child never got ready");
                runId = Long.parseLong(line.substring("READY".length()).trim());
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        try {
            for (String f : List.of("pid.3", "pid.4")) {
                orphans.add(Long.parseLong(Files.readString(out.resolve(f)).strip()));
            }
            Files.delete(out.resolve("slow"));
            try (Store crashed = Store.open(home)) {
                List<FanoutItem> atCrash = crashed.fanoutItems(runId);
                assertEquals(List.of(ItemState.PASSED, ItemState.PASSED, ItemState.RUNNING, ItemState.RUNNING,
                        ItemState.QUEUED, ItemState.QUEUED), atCrash.stream().map(FanoutItem::state).toList());
                assertNotNull(atCrash.get(2).place(), "a running item's worktree is recorded");
                List<String> worktreesAtCrash = worktreeBranches();
                assertEquals(5, worktreesAtCrash.size(), worktreesAtCrash.toString());
                try (FanoutEngine e = FanoutEngine.resume(crashed, runId, null, git)) {
                    RunSummary s = e.start().get(60, TimeUnit.SECONDS);
                    assertTrue(s.allPassed(), s.line() + " " + s.items());
                    assertEquals(4, e.processesStarted(), "items 3 to 6, not 1 and 2");
                    assertEquals(atCrash.get(2).place(), s.items().get(2).place(), "item 3 reran in its worktree");
                    assertEquals(atCrash.get(3).place(), s.items().get(3).place());
                    for (FanoutItem item : s.items()) {
                        assertEquals(List.of(item.path()), changedFiles("main", item.place().branch()));
                        assertEquals(1, commitsAhead(item.place().branch()), item.place().branch());
                    }
                    Path wt3 = Path.of(s.items().get(2).place().worktree());
                    assertEquals(3, Files.readAllLines(wt3.resolve("f3.txt")).size(), "both attempts wrote to the same file");
                }
            }
            assertEquals(7, worktreeBranches().size(), "one worktree per item, none made twice: " + worktreeBranches());
            List<String> ran = Files.readAllLines(out.resolve("ran.log"));
            for (String i : List.of("1", "2", "5", "6")) {
                assertEquals(1, Collections.frequency(ran, i), ran.toString());
            }
            assertEquals(2, Collections.frequency(ran, "3"), ran.toString());
            assertEquals(2, Collections.frequency(ran, "4"), ran.toString());
        } finally {
            for (long pid : orphans) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void mergingStopsAtTheFirstConflictLeavingTheTargetClean() throws Exception {
        List<String> items = committed("f1.txt", "f2.txt", "f3.txt", "f4.txt");
        FanoutSpec spec = command(items, "sh -c 'echo \"item $2\" > \"$1\"' sh {file} {index}")
                .withPlacement(FanoutPlacement.perItem("main"));
        RunSummary s = run(spec);
        assertTrue(s.allPassed(), s.line());
        repo.write("f3.txt", "main's own line\n").commitAll("main edits f3");
        List<String> branches = s.items().stream().map(i -> i.place().branch()).toList();

        FanoutMergeReport report = new FanoutMerger(git).merge(spec, s.items(), "main", MergeMode.FAST_FORWARD_OR_MERGE);

        assertEquals(branches.subList(0, 2), report.merged().stream().map(FanoutMergeReport.BranchMerge::branch).toList());
        FanoutMergeReport.BranchMerge stop = report.stoppedAt().orElseThrow();
        assertEquals(branches.get(2), stop.branch());
        assertEquals(FanoutMergeReport.Outcome.CONFLICTED, stop.outcome());
        assertEquals(List.of("f3.txt"), stop.conflictedFiles());
        assertEquals(List.of(branches.get(3)), report.notAttempted().stream().map(FanoutMergeReport.BranchMerge::branch).toList());
        assertFalse(report.complete());
        assertTrue(report.text().startsWith("Merged 2 of 4 branches into main: " + branches.get(0) + ", " + branches.get(1) + "."),
                report.text());
        assertTrue(report.text().contains(branches.get(2) + " (item 3, f3.txt) conflicted with main in f3.txt"), report.text());
        assertTrue(report.text().contains("Not attempted: " + branches.get(3) + "."), report.text());

        assertEquals("item 1\n", Files.readString(repo.root().resolve("f1.txt")));
        assertEquals("item 2\n", Files.readString(repo.root().resolve("f2.txt")));
        assertEquals("main's own line\n", Files.readString(repo.root().resolve("f3.txt")));
        assertEquals("line\n", Files.readString(repo.root().resolve("f4.txt")));
        assertEquals("", repo.git("status", "--porcelain"), "the target is clean");
        assertEquals(1, TestRepo.run(repo.root(), "rev-parse", "-q", "--verify", "MERGE_HEAD").exit(), "no merge in progress");
        try (Stream<Path> files = Files.walk(repo.root())) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.git/"))
                    .filter(p -> read(p).contains("<<<<<<<")).toList(), "no conflict markers");
        }

        // a dirty target is refused before anything is merged, and the uncommitted change stays
        String head = repo.git("rev-parse", "HEAD");
        repo.write("README.md", "uncommitted\n");
        GitException refused = assertThrows(GitException.class,
                () -> new FanoutMerger(git).merge(spec, s.items(), "main", MergeMode.FAST_FORWARD_OR_MERGE));
        assertTrue(refused.getMessage().contains("has uncommitted changes (README.md)"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("nothing was merged."), refused.getMessage());
        assertEquals(head, repo.git("rev-parse", "HEAD"));
        assertEquals("uncommitted\n", Files.readString(repo.root().resolve("README.md")));
    }

    @Test
    void cleaningUpRemovesTheRunsWorktreesKeepsADirtyOneAndDeletesOnlyMergedBranches() throws Exception {
        List<String> items = committed("f1.txt", "f2.txt", "f3.txt", "f4.txt");
        FanoutSpec spec = command(items, "sh -c 'echo \"item $2\" > \"$1\"' sh {file} {index}")
                .withPlacement(FanoutPlacement.perItem("main"));
        RunSummary s = run(spec);
        assertTrue(s.allPassed(), s.line());
        List<String> branches = s.items().stream().map(i -> i.place().branch()).toList();
        // f1 and f2 merged; f3 left unmerged; f4's worktree gets a change nobody committed
        new FanoutMerger(git).merge(spec, s.items().subList(0, 2), "main", MergeMode.FAST_FORWARD_OR_MERGE);
        Path dirty = Path.of(s.items().get(3).place().worktree());
        Files.writeString(dirty.resolve("notes.txt"), "not committed\n");

        FanoutCleanup.Report report = new FanoutCleanup(git).remove(spec, s.items());

        assertEquals(3, report.removed(), report.text());
        assertEquals(2, report.branchesDeleted(), report.text());
        assertEquals(List.of("main", branches.get(3)), worktreeBranches(), "only the dirty worktree is left");
        assertEquals("not committed\n", Files.readString(dirty.resolve("notes.txt")), "its work is untouched");
        assertFalse(git.branchExists(repo.root(), branches.get(0)));
        assertFalse(git.branchExists(repo.root(), branches.get(1)));
        assertTrue(git.branchExists(repo.root(), branches.get(2)), "unmerged work stays on its branch");
        assertTrue(report.text().startsWith("Removed 3 worktrees and deleted 2 merged branches. Kept 1 branch with work "
                + "not in its base yet: " + branches.get(2) + "."), report.text());
        assertTrue(report.text().contains(branches.get(3) + ": uncommitted changes in " + dirty + " (notes.txt)"), report.text());

        // again: nothing left to remove but the dirty one, which is still kept
        FanoutCleanup.Report again = new FanoutCleanup(git).remove(spec, s.items());
        assertEquals(0, again.removed());
        assertEquals(1, again.kept().size());
        GitException oneFolder = assertThrows(GitException.class, () -> new FanoutCleanup(git).remove(command(items, "true"), s.items()));
        assertTrue(oneFolder.getMessage().contains("made no worktrees"), oneFolder.getMessage());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void changeFiguresForAHostileFileNameInAWorktreeAndInOneFolder() throws Exception {
        String hostile = "it's \"$(touch pwned)\" naïve\nname.txt";
        repo.write(hostile, "one\ntwo\nthree\n");
        repo.write("other.txt", "other\n");
        repo.commitAll("hostile");
        String edit = "sh -c 'printf \"one\\nTWO\\nthree\\nfour\\n\" > \"$1\"' sh {file}";
        FanoutChanges changes = new FanoutChanges(git);

        FanoutSpec perItem = command(List.of(hostile), edit).withPlacement(FanoutPlacement.perItem("main"));
        RunSummary s = run(perItem);
        assertTrue(s.allPassed(), s.line());
        ItemChanges c = changes.changes(perItem, s.items().get(0));
        assertEquals(List.of(new ItemChanges.FileChange(hostile, null, 2, 1, false)), c.files());
        assertEquals(2, c.added());
        assertEquals(1, c.removed());
        assertEquals("+2 \u22121 in 1 file", c.summary());
        assertTrue(c.diff().contains("\n-two\n+TWO\n three\n+four\n"), c.diff());
        assertTrue(c.against().startsWith("main at "), c.against());

        // one folder: the item's own file against HEAD, not the other item's, and a file git does not track yet
        repo.write("new file.txt", "a\nb\n");
        FanoutSpec oneFolder = command(List.of(hostile, "other.txt", "new file.txt"),
                "sh -c 'test \"$1\" = \"new file.txt\" && echo c >> \"$1\" || printf \"one\\nTWO\\nthree\\nfour\\n\" > \"$1\"' sh {file}");
        RunSummary flat = run(oneFolder);
        assertTrue(flat.allPassed(), flat.line());
        ItemChanges mine = changes.changes(oneFolder, flat.items().get(0));
        assertEquals(List.of(new ItemChanges.FileChange(hostile, null, 2, 1, false)), mine.files());
        assertEquals("HEAD", mine.against());
        assertEquals(List.of(new ItemChanges.FileChange("other.txt", null, 4, 1, false)),
                changes.changes(oneFolder, flat.items().get(1)).files());
        ItemChanges untracked = changes.changes(oneFolder, flat.items().get(2));
        assertEquals(List.of(new ItemChanges.FileChange("new file.txt", null, 3, 0, false)), untracked.files());
        assertTrue(untracked.diff().contains("+c\n"), untracked.diff());

        assertEquals(List.of(), FanoutTestSupport.pwned(tmp));
    }

    @Test
    void aFailedItemsChangesIncludeNewFilesAndLeaveItsWorktreeAsItWas() throws Exception {
        List<String> items = committed("a.txt");
        FanoutSpec spec = command(items, "sh -c 'echo more >> \"$1\"; rm README.md; printf \"x\\ny\\n\" > \"extra file.txt\"; exit 1' "
                + "sh {file}").withPlacement(FanoutPlacement.perItem("main"));
        RunSummary s = run(spec);
        FanoutItem item = s.items().get(0);
        assertEquals(ItemState.FAILED, item.state());
        Path wt = Path.of(item.place().worktree());
        String statusBefore = TestRepo.gitIn(wt, "status", "--porcelain");
        ItemChanges c = new FanoutChanges(git).changes(spec, item);
        assertEquals(List.of(new ItemChanges.FileChange("README.md", null, 0, 1, false),
                new ItemChanges.FileChange("a.txt", null, 1, 0, false),
                new ItemChanges.FileChange("extra file.txt", null, 2, 0, false)), c.files());
        assertEquals(statusBefore, TestRepo.gitIn(wt, "status", "--porcelain"), "the worktree's index is untouched");
        assertTrue(statusBefore.contains("?? \"extra file.txt\""), statusBefore);
        assertEquals(0, commitsAhead(item.place().branch()), "a failed item is not committed");
    }

    @Test
    void aCommitGitRefusesFailsTheItemWithGitsReasonAndKeepsItsChanges() throws Exception {
        List<String> items = committed("a.txt");
        repo.git("config", "user.useConfigOnly", "true");
        repo.git("config", "--unset", "user.email");
        FanoutSpec spec = command(items, "sh -c 'echo edited >> \"$1\"' sh {file}").withPlacement(FanoutPlacement.perItem("main"));
        java.util.HashMap<String, String> noIdentity = new java.util.HashMap<>();
        noIdentity.put("GIT_AUTHOR_EMAIL", null); // the test JVM has these (pom); a person without an identity has not
        noIdentity.put("GIT_COMMITTER_EMAIL", null);
        RunSummary s;
        try (GitService without = new GitService(new dev.lanes.git.GitCli("git", noIdentity, java.time.Duration.ofMinutes(1)));
             FanoutEngine e = FanoutEngine.create(spec, store, null, without)) {
            s = e.start().get(60, TimeUnit.SECONDS);
        }
        FanoutItem item = s.items().get(0);
        assertEquals(ItemState.FAILED, item.state());
        assertTrue(item.message().startsWith("It passed, but git could not commit the changes on “" + item.place().branch() + "”: "),
                item.message());
        assertEquals(0, item.exitCode());
        assertEquals("line\nedited\n", Files.readString(Path.of(item.place().worktree(), "a.txt")), "nothing lost");
    }

    @Test
    void placementsParseAndNameBranches() {
        assertEquals(FanoutPlacement.ONE_FOLDER, FanoutPlacement.parse("one", null));
        assertEquals(FanoutPlacement.batches(3, "dev"), FanoutPlacement.parse("batch:3", "dev"));
        assertEquals("per-item", FanoutPlacement.parse("per-item", "main").label());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> FanoutPlacement.parse("batch:x", "main"));
        assertEquals("“batch:x” is not a placement: use one, per-item or batch:K (K items per worktree).", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FanoutPlacement.parse("batch:0", "main"));
        assertThrows(IllegalArgumentException.class, () -> FanoutPlacement.perItem(""));
        FanoutPlacement p = FanoutPlacement.perItem("main");
        assertEquals("fanout/7-2-src-main-window.java", p.branchFor(7, 2, "src/Main Window.java"));
        assertEquals("fanout/7-3-touch-pwned-x.txt", p.branchFor(7, 3, "$(touch pwned) x.txt"));
        assertEquals("fanout/7-batch-2", FanoutPlacement.batches(2, "main").branchFor(7, 4, "a"));
        assertEquals(List.of(5), Arrays.stream(FanoutPlacement.batches(2, "main").groupItems(3, 5)).boxed().toList());
    }

    @Test
    void anOlderSpecWithoutAPlacementReadsAsOneFolder() {
        FanoutSpec spec = FanoutSpec.command("/r", List.of("a"), List.of("true"));
        String json = FanoutSpecJson.toJson(spec);
        assertFalse(json.contains("placement"), json);
        assertEquals(FanoutPlacement.ONE_FOLDER, FanoutSpecJson.fromJson(json).placement());
        FanoutSpec batches = spec.withPlacement(FanoutPlacement.batches(4, "dev").withBranchPrefix("fo/").withWorktreesRoot("/w"));
        assertEquals(batches, FanoutSpecJson.fromJson(FanoutSpecJson.toJson(batches)));
        assertNull(FanoutItem.queued(1, "a").place());
        assertEquals(Map.of(), spec.environment());
    }
}
