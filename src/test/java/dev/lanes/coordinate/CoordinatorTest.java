package dev.lanes.coordinate;

import dev.lanes.coordinate.ConflictForecast.Outcome;
import dev.lanes.git.GitException;
import dev.lanes.git.GitService;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.testutil.TestRepo;
import dev.lanes.testutil.TreeSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Changed files, overlaps, scopes and conflict forecasts over real worktrees of real repositories. */
class CoordinatorTest {

    @TempDir
    Path tmp;

    private TestRepo repo;
    private GitService git;
    private Coordinator coordinator;
    private RepositoryInfo info;

    @BeforeEach
    void setUp() {
        repo = TestRepo.create(tmp, "project");
        repo.write("src/app.txt", lines("one", "two", "three", "four", "five"));
        repo.write("docs/guide.md", lines("# Guide", "text"));
        repo.write("src/auth/login.txt", lines("login"));
        repo.commitAll("files");
        git = new GitService();
        coordinator = new Coordinator(git, 2);
        info = git.open(repo.root());
    }

    @AfterEach
    void tearDown() {
        coordinator.close();
        git.close();
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    /** A lane: a worktree on a new branch from main, beside the repository. */
    private Path lane(String branch, String folder) {
        Path dir = tmp.resolve(folder);
        repo.git("worktree", "add", "-q", "-b", branch, dir.toString(), "main");
        return dir;
    }

    private CoordinationSnapshot refresh() {
        return refresh(Map.of());
    }

    private CoordinationSnapshot refresh(Map<Path, List<String>> scopes) {
        return coordinator.refresh(info, "main", scopes);
    }

    private static LaneReport lane(CoordinationSnapshot s, Path dir) {
        return s.lane(dir).orElseThrow(() -> new AssertionError("no lane " + dir + " in " + s.lanes()));
    }

    private static ChangedFile file(LaneReport lane, String path) {
        return lane.changedFiles().stream().filter(f -> f.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " not among " + lane.changedFiles()));
    }

    private static List<String> paths(LaneReport lane) {
        return lane.changedFiles().stream().map(ChangedFile::path).toList();
    }

    // ------------------------------------------------------------ changed files and overlaps

    @Test
    void twoLanesEditingOneFileOverlapBothWaysAndAThirdLaneOverlapsNoOne() {
        Path a = lane("a", "lane-a");
        Path b = lane("b", "lane-b");
        Path c = lane("c", "lane-c");
        repo.write(a, "src/app.txt", lines("ONE", "two", "three", "four", "five"));
        repo.commitAll(a, "a edits app");
        repo.write(b, "src/app.txt", lines("one", "two", "three", "four", "FIVE"));   // uncommitted in b
        repo.write(c, "docs/guide.md", lines("# Guide", "more text"));
        repo.commitAll(c, "c edits the guide");

        CoordinationSnapshot s = refresh();

        assertEquals(4, s.lanes().size(), "main checkout and three lanes");
        assertEquals(Map.of("src/app.txt", List.of(a, b)), s.overlaps());
        LaneReport la = lane(s, a);
        LaneReport lb = lane(s, b);
        LaneReport lc = lane(s, c);
        assertEquals(Map.of("src/app.txt", List.of(b)), la.overlaps());
        assertEquals(Map.of("src/app.txt", List.of(a)), lb.overlaps());
        assertEquals(Map.of(b, List.of("src/app.txt")), la.sharedWith());
        assertEquals(Map.of(a, List.of("src/app.txt")), lb.sharedWith());
        assertTrue(lc.overlaps().isEmpty(), lc.overlaps().toString());
        assertEquals(List.of("docs/guide.md"), paths(lc));
        assertTrue(lane(s, repo.root()).changedFiles().isEmpty());
        for (LaneReport l : s.lanes()) {
            assertTrue(l.ok(), l.problems().toString());
        }
        ChangedFile ofA = file(la, "src/app.txt");
        assertEquals(ChangedFile.Kind.MODIFIED, ofA.kind());
        assertEquals(1, ofA.added());
        assertEquals(1, ofA.removed());
        assertTrue(ofA.committed());
        assertFalse(ofA.uncommitted());
        ChangedFile ofB = file(lb, "src/app.txt");
        assertFalse(ofB.committed());
        assertTrue(ofB.uncommitted());
    }

    @Test
    void changedFilesCoverCommittedStagedUnstagedUntrackedRenamedAndDeletedWithLineCounts() throws Exception {
        Path a = lane("work", "lane");
        repo.write(a, "src/new.txt", lines("n1", "n2", "n3"));
        repo.commitAll(a, "adds new");
        repo.write(a, "src/app.txt", lines("one", "two", "3", "four", "five", "six"));   // unstaged
        repo.write(a, "staged.txt", lines("s"));
        TestRepo.gitIn(a, "add", "staged.txt");
        TestRepo.gitIn(a, "mv", "docs/guide.md", "docs/manual.md");
        Files.delete(a.resolve("src/auth/login.txt"));
        repo.write(a, "notes/untracked.txt", lines("u1", "u2"));
        repo.write(a, ".gitignore", lines("*.log"));
        repo.write(a, "build.log", lines("ignored"));
        Files.write(a.resolve("blob.bin"), new byte[] {1, 0, 2, 0});
        repo.write(a, "src/new.txt", lines("n1", "n2", "n3", "n4"));                      // committed, then more

        LaneReport l = lane(refresh(), a);

        assertTrue(l.ok(), l.problems().toString());
        assertEquals(List.of(".gitignore", "blob.bin", "docs/manual.md", "notes/untracked.txt", "src/app.txt",
                "src/auth/login.txt", "src/new.txt", "staged.txt"), paths(l), "sorted; build.log is ignored");
        ChangedFile app = file(l, "src/app.txt");
        assertEquals(List.of(2, 1, false, true), List.of(app.added(), app.removed(), app.committed(), app.uncommitted()));
        ChangedFile renamed = file(l, "docs/manual.md");
        assertEquals(ChangedFile.Kind.RENAMED, renamed.kind());
        assertEquals("docs/guide.md", renamed.previousPath());
        assertEquals(List.of("docs/guide.md", "docs/manual.md"), renamed.paths());
        assertEquals(ChangedFile.Kind.DELETED, file(l, "src/auth/login.txt").kind());
        assertEquals(1, file(l, "src/auth/login.txt").removed());
        assertEquals(ChangedFile.Kind.ADDED, file(l, "staged.txt").kind());
        assertTrue(file(l, "staged.txt").uncommitted());
        ChangedFile untracked = file(l, "notes/untracked.txt");
        assertEquals(ChangedFile.Kind.UNTRACKED, untracked.kind());
        assertEquals("+2 −0", untracked.lines());
        assertFalse(file(l, "blob.bin").hasLineCounts(), "binary");
        ChangedFile added = file(l, "src/new.txt");
        assertEquals(ChangedFile.Kind.ADDED, added.kind());
        assertEquals(4, added.added(), "counted from the base: committed and uncommitted lines together");
        assertTrue(added.committed());
        assertTrue(added.uncommitted(), "changed again after its commit");
        assertTrue(l.hasUncommitted());

        repo.commitAll(a, "everything");
        LaneReport after = lane(refresh(), a);
        assertTrue(after.changedFiles().stream().allMatch(f -> f.committed() && !f.uncommitted()), after.changedFiles().toString());
        assertFalse(after.hasUncommitted());
        assertFalse(after.forecast().committedOnly());
    }

    @Test
    void changesAreCountedFromTheMergeBaseSoTheTargetsOwnNewCommitsAreNotTheLanes() {
        Path a = lane("a", "lane-a");
        repo.write(a, "src/app.txt", lines("ONE", "two", "three", "four", "five"));
        repo.commitAll(a, "a");
        repo.write("docs/guide.md", lines("# Guide", "changed on main"));
        repo.commitAll("main moves on");

        LaneReport l = lane(refresh(), a);

        assertEquals(List.of("src/app.txt"), paths(l));
        assertEquals(TestRepo.gitIn(a, "merge-base", "HEAD", "main").strip(), l.mergeBase());
    }

    // ------------------------------------------------------------ scopes

    @Test
    void changesOutsideALanesScopeAreFlaggedAndBadScopesGetASentence() {
        Path a = lane("auth", "lane-auth");
        Path b = lane("docs", "lane-docs");
        repo.write(a, "src/auth/login.txt", lines("login", "2fa"));
        repo.write(a, "src/app.txt", lines("one"));
        repo.write(a, "README.md", lines("# changed"));
        repo.write(b, "docs/guide.md", lines("# Guide", "ok"));
        Path stranger = tmp.resolve("not-a-lane");

        CoordinationSnapshot s = refresh(Map.of(a, List.of("src/auth/**", "*.md"), b, List.of("docs/[oops"),
                stranger, List.of("**")));

        LaneReport la = lane(s, a);
        assertEquals(List.of("src/auth/**", "*.md"), la.scope());
        assertEquals(List.of("src/app.txt"), la.outOfScope(), "README.md matches *.md at any depth");
        LaneReport lb = lane(s, b);
        assertEquals(1, lb.problems().size(), lb.problems().toString());
        assertTrue(lb.problems().get(0).contains("docs/[oops") && lb.problems().get(0).contains("never closed"), lb.problems().get(0));
        assertEquals(List.of("docs/guide.md"), paths(lb), "a broken scope does not hide the changes");
        assertEquals(List.of("A scope was given for " + stranger + ", which is not a worktree of project."), s.problems());
        assertTrue(lane(s, repo.root()).outOfScope().isEmpty(), "no scope: nothing flagged");
    }

    @Test
    void aRenameOutOfScopeIsFlaggedByEitherPath() {
        Path a = lane("mv", "lane-mv");
        TestRepo.gitIn(a, "mv", "src/auth/login.txt", "src/login.txt");
        LaneReport l = lane(refresh(Map.of(a, List.of("src/auth/**"))), a);
        assertEquals(List.of("src/login.txt"), l.outOfScope());
    }

    // ------------------------------------------------------------ conflict forecast

    @Test
    void forecastsAConflictOnTheSameLinesWithoutTouchingAnyCheckout() throws Exception {
        Path a = lane("a", "lane-a");
        repo.write(a, "src/app.txt", lines("one", "TWO from a", "three", "four", "five"));
        repo.commitAll(a, "a");
        repo.write("src/app.txt", lines("one", "TWO from main", "three", "four", "five"));
        repo.commitAll("main");
        String mainHead = repo.git("rev-parse", "HEAD");
        TreeSnapshot before = TreeSnapshot.of(repo.root());
        String laneStatus = TestRepo.gitIn(a, "status", "--porcelain=v2", "--branch");

        LaneReport l = lane(refresh(), a);

        assertEquals(Outcome.CONFLICTS, l.forecast().outcome());
        assertTrue(l.forecast().conflicts());
        assertEquals(List.of("src/app.txt"), l.forecast().conflictedFiles());
        assertEquals("Merging a into main now would conflict in 1 file: src/app.txt.", l.forecast().sentence());
        assertEquals(mainHead, repo.git("rev-parse", "HEAD"));
        assertEquals(before, TreeSnapshot.of(repo.root()), "main checkout untouched");
        assertEquals(laneStatus, TestRepo.gitIn(a, "status", "--porcelain=v2", "--branch"), "lane untouched");
        assertEquals(Outcome.TARGET_ITSELF, lane(refresh(), repo.root()).forecast().outcome());
    }

    @Test
    void forecastsACleanMergeOfDifferentFilesAndAFastForward() {
        Path a = lane("a", "lane-a");
        Path ff = lane("ff", "lane-ff");
        Path same = lane("same", "lane-same");
        repo.write(a, "src/app.txt", lines("one", "two", "three", "four", "five", "six"));
        repo.commitAll(a, "a");
        repo.write(ff, "src/auth/login.txt", lines("login", "ff"));
        repo.commitAll(ff, "ff");
        repo.git("merge", "-q", "--ff-only", "ff");                 // main now holds ff: nothing to merge
        repo.write(ff, "src/auth/login.txt", lines("login", "ff", "uncommitted"));
        Path ff2 = lane("ff2", "lane-ff2");
        repo.write(ff2, "docs/guide.md", lines("# Guide", "ff2"));
        repo.commitAll(ff2, "ff2");

        CoordinationSnapshot s = refresh();

        ConflictForecast fa = lane(s, a).forecast();
        assertEquals(Outcome.CLEAN, fa.outcome(), fa.sentence());
        assertFalse(fa.conflicts());
        assertTrue(fa.conflictedFiles().isEmpty());
        assertEquals("Merging a into main now would make a merge commit without conflicts.", fa.sentence());
        ConflictForecast f2 = lane(s, ff2).forecast();
        assertEquals(Outcome.FAST_FORWARD, f2.outcome());
        assertEquals("Merging ff2 into main now would fast-forward main: no conflicts.", f2.sentence());
        ConflictForecast upToDate = lane(s, ff).forecast();
        assertEquals(Outcome.UP_TO_DATE, upToDate.outcome());
        assertTrue(upToDate.committedOnly());
        assertTrue(upToDate.sentence().endsWith("This covers committed work only: 1 file with uncommitted changes left out."),
                upToDate.sentence());
        assertEquals(Outcome.UP_TO_DATE, lane(s, same).forecast().outcome(), "a lane with no commits of its own");
    }

    @Test
    void uncommittedFilesTheTargetAlsoChangedAreNamedBecauseTheForecastLeavesThemOut() {
        Path a = lane("a", "lane-a");
        repo.write(a, "docs/guide.md", lines("# Guide", "a's own"));
        repo.commitAll(a, "a");
        repo.write(a, "src/app.txt", lines("one", "TWO in a, uncommitted", "three", "four", "five"));
        repo.write("src/app.txt", lines("one", "TWO on main", "three", "four", "five"));
        repo.commitAll("main");

        ConflictForecast f = lane(refresh(), a).forecast();

        assertEquals(Outcome.CLEAN, f.outcome(), "committed work alone merges cleanly");
        assertTrue(f.committedOnly());
        assertEquals(List.of("src/app.txt"), f.uncommittedAlsoOnTarget());
        assertEquals("Merging a into main now would make a merge commit without conflicts. This covers committed work only: "
                + "1 file with uncommitted changes left out, of which main changed src/app.txt too since this lane began: "
                + "committing it may conflict.", f.sentence());
    }

    @Test
    void forecastsComeFromTheCacheUntilACommitChangesThem() {
        Path a = lane("a", "lane-a");
        repo.write(a, "src/app.txt", lines("one", "two", "3", "four", "five"));
        repo.commitAll(a, "a");
        repo.write("docs/guide.md", lines("# Guide", "main"));
        repo.commitAll("main");

        CoordinationSnapshot first = refresh();
        assertEquals(Outcome.CLEAN, lane(first, a).forecast().outcome());
        assertNotEquals(Duration.ZERO, first.forecastTook());
        CoordinationSnapshot second = refresh();
        assertEquals(Duration.ZERO, second.forecastTook(), "nothing committed: no merge-tree");
        assertEquals(Outcome.CLEAN, lane(second, a).forecast().outcome());

        repo.write(a, "docs/guide.md", lines("# Guide", "a"));
        repo.commitAll(a, "a touches the guide");
        CoordinationSnapshot third = refresh();
        assertEquals(Outcome.CONFLICTS, lane(third, a).forecast().outcome());
        assertEquals(List.of("docs/guide.md"), lane(third, a).forecast().conflictedFiles());
        assertNotEquals(Duration.ZERO, third.forecastTook());
    }

    @Test
    void manyLanesGetTheirForecastsFromOneBatchInTheirOwnOrder() {
        repo.write("src/app.txt", lines("one", "two", "three", "four", "five", "main"));
        repo.commitAll("main moves");
        List<Path> lanes = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path dir = tmp.resolve("l" + i);
            repo.git("worktree", "add", "-q", "-b", "l" + i, dir.toString(), "main~1");
            repo.write(dir, i % 2 == 0 ? "src/app.txt" : "docs/guide.md", lines("lane " + i));
            repo.commitAll(dir, "lane " + i);
            lanes.add(dir);
        }
        CoordinationSnapshot s = refresh();
        for (int i = 0; i < 6; i++) {
            ConflictForecast f = lane(s, lanes.get(i)).forecast();
            assertEquals(i % 2 == 0 ? Outcome.CONFLICTS : Outcome.CLEAN, f.outcome(), "lane " + i + ": " + f.sentence());
        }
        assertEquals(3, s.conflicting().size());
    }

    // ------------------------------------------------------------ hostile names

    @Test
    void hostileFileAndFolderNamesSurviveChangesOverlapsScopesAndForecasts() {
        List<String> names = List.of("sp ace.txt", "quo\"te's.txt", "new\nline.txt", "ünï/cødé ✓.txt", "-dash.txt",
                ":colon.txt", "tab\there.txt", "back\\slash.txt");
        for (String n : names) {
            repo.write(n, lines("base"));
        }
        repo.commitAll("hostile names");
        Path a = lane("a", "lane a ‘ü’\nx");
        Path b = lane("b", "lane \"b\" $(touch pwned)");
        for (String n : names) {
            repo.write(a, n, lines("from a"));
            repo.write(b, n, lines("from b"));
        }
        repo.commitAll(a, "a");
        repo.write(b, "new dir/ünt racked\n.txt", lines("x"));

        CoordinationSnapshot s = coordinator.refresh(info, "main", Map.of(b, List.of("*.txt", "ünï/**")));

        LaneReport la = lane(s, a);
        LaneReport lb = lane(s, b);
        assertTrue(la.ok() && lb.ok(), la.problems() + " " + lb.problems());
        assertEquals(names.stream().sorted().toList(), paths(la));
        assertTrue(paths(lb).containsAll(names));
        assertTrue(paths(lb).contains("new dir/ünt racked\n.txt"));
        for (String n : names) {
            assertEquals(Set.of(a, b), Set.copyOf(s.overlaps().get(n)), n);
            assertEquals(List.of(b), la.overlaps().get(n), n);
            assertEquals(1, file(la, n).added(), n);
        }
        assertTrue(lb.outOfScope().isEmpty(), lb.outOfScope().toString());

        repo.git("merge", "-q", "a");                                  // main gets a's versions
        repo.commitAll(b, "b");
        LaneReport forecastB = lane(refresh(), b);
        assertEquals(Outcome.CONFLICTS, forecastB.forecast().outcome());
        assertEquals(names.stream().sorted().toList(), forecastB.forecast().conflictedFiles());
        assertFalse(Files.exists(a.resolve("pwned")) || Files.exists(b.resolve("pwned")) || Files.exists(repo.root().resolve("pwned")));
    }

    // ------------------------------------------------------------ broken lanes

    @Test
    void aLaneWhoseBranchWasDeletedOrFolderIsMissingGetsASentenceAndTheOthersAreStillReported() throws Exception {
        Path gone = lane("gone", "lane-gone");
        Path deleted = lane("deleted", "lane-deleted");
        Path fine = lane("fine", "lane-fine");
        repo.write(gone, "src/app.txt", lines("gone"));
        repo.commitAll(gone, "gone's work");
        repo.write(fine, "src/app.txt", lines("fine"));
        repo.commitAll(fine, "fine's work");
        repo.write(deleted, "docs/guide.md", lines("deleted"));
        repo.git("update-ref", "-d", "refs/heads/deleted");
        Path moved = tmp.resolve("moved-away");
        Files.move(gone, moved);

        CoordinationSnapshot s = refresh();

        LaneReport lg = lane(s, gone);
        assertEquals(List.of("Its folder " + gone + " is missing (moved or deleted without “git worktree remove”), so only the "
                + "committed changes of its branch are shown. Put the folder back, or prune the worktree."), lg.problems());
        assertEquals(List.of("src/app.txt"), paths(lg), "its committed work is still known");
        assertTrue(file(lg, "src/app.txt").committed());
        assertEquals(Outcome.FAST_FORWARD, lg.forecast().outcome(), "forecast from its branch: main has not moved");
        LaneReport ld = lane(s, deleted);
        assertEquals(List.of("Its branch “deleted” does not exist (deleted while checked out here, or it has no commit yet), so "
                + "there is nothing to compare with main. Check out a branch in it, or remove the worktree."), ld.problems());
        assertTrue(ld.changedFiles().isEmpty());
        assertEquals(Outcome.UNKNOWN, ld.forecast().outcome());
        assertNull(ld.mergeBase());
        LaneReport lf = lane(s, fine);
        assertTrue(lf.ok(), lf.problems().toString());
        assertEquals(List.of("src/app.txt"), paths(lf));
        assertEquals(Set.of(gone, fine), Set.copyOf(s.overlaps().get("src/app.txt")));
        assertEquals(Set.of("src/app.txt"), s.overlaps().keySet());
    }

    @Test
    void aLaneWithNoHistoryInCommonGetsASentence() {
        Path orphan = lane("orphan", "lane-orphan");
        TestRepo.gitIn(orphan, "checkout", "-q", "--orphan", "alone");
        TestRepo.gitIn(orphan, "rm", "-rq", "--cached", ".");
        repo.write(orphan, "other.txt", lines("other"));
        TestRepo.gitIn(orphan, "add", "other.txt");
        TestRepo.gitIn(orphan, "commit", "-qm", "unrelated");
        Path fine = lane("fine", "lane-fine");
        repo.write(fine, "a.txt", lines("a"));
        repo.commitAll(fine, "fine");

        CoordinationSnapshot s = refresh();

        LaneReport lo = lane(s, orphan);
        assertEquals(List.of("alone has no commit in common with main, so its changes cannot be counted from a base and no "
                + "merge can be forecast."), lo.problems());
        assertEquals(Outcome.UNKNOWN, lo.forecast().outcome());
        assertEquals(Outcome.FAST_FORWARD, lane(s, fine).forecast().outcome());
    }

    // ------------------------------------------------------------ bad input, threads

    @Test
    void anUnknownTargetIsRefusedWithASentence() {
        GitException e = assertThrows(GitException.class, () -> coordinator.refresh(info, "nope", Map.of()));
        assertEquals("There is no branch named “nope” in project.", e.getMessage());
        assertNotNull(coordinator.refresh(info, null, null), "null target: the main branch; null scopes: none");
    }

    @Test
    void aClosedCoordinatorSaysSo() {
        coordinator.close();
        GitException e = assertThrows(GitException.class, () -> coordinator.refresh(info, "main", Map.of()));
        assertEquals("The coordination refresh stopped: the coordinator was closed.", e.getMessage());
    }

    @Test
    void refreshAsyncRunsOnTheCoordinatorsThreadsAndDetachedLanesWork() throws Exception {
        Path a = lane("a", "lane-a");
        repo.write(a, "x.txt", lines("x"));
        repo.commitAll(a, "x");
        TestRepo.gitIn(a, "checkout", "-q", "--detach");
        String caller = Thread.currentThread().getName();
        String[] ranOn = new String[1];
        CoordinationSnapshot s = coordinator.refreshAsync(info, "main", Map.of()).thenApply(x -> {
            ranOn[0] = Thread.currentThread().getName();
            return x;
        }).get(60, TimeUnit.SECONDS);
        assertNotEquals(caller, ranOn[0]);
        LaneReport l = lane(s, a);
        assertNull(l.branch());
        assertEquals(List.of("x.txt"), paths(l));
        assertTrue(l.forecast().sentence().startsWith("Merging HEAD " + TestRepo.gitIn(a, "rev-parse", "--short=7", "HEAD").strip()),
                l.forecast().sentence());
        assertTrue(s.took().compareTo(l.took()) >= 0);
    }
}
