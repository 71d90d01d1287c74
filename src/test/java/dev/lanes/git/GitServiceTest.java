package dev.lanes.git;

import dev.lanes.model.CreateWorktreeRequest;
import dev.lanes.model.CreatedWorktree;
import dev.lanes.model.MergeMode;
import dev.lanes.model.MergeOutcome;
import dev.lanes.model.MergePreview;
import dev.lanes.model.RemoveOutcome;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.RepositorySnapshot;
import dev.lanes.model.Worktree;
import dev.lanes.model.WorktreeStatus;
import dev.lanes.model.WorktreeView;
import dev.lanes.testutil.TestRepo;
import dev.lanes.testutil.TreeSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GitServiceTest {

    @TempDir
    Path tmp;

    private TestRepo repo;
    private GitService git;
    private RepositoryInfo info;

    @BeforeEach
    void setUp() {
        repo = TestRepo.create(tmp, "project");
        git = new GitService();
        info = git.open(repo.root());
    }

    @AfterEach
    void tearDown() {
        git.close();
    }

    private CreatedWorktree create(String branch) {
        return git.createWorktree(info, new CreateWorktreeRequest(branch, true, "main",
                GitService.defaultFolder(info, branch, null), List.of(), ""));
    }

    private Worktree find(Path folder) {
        return git.listWorktrees(info).stream().filter(w -> GitService.samePath(w.path(), folder)).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------ open

    @Test
    void opensTheMainCheckoutFromASubfolderOrALinkedWorktree() throws Exception {
        assertEquals(repo.root().toRealPath(), info.root().toRealPath());
        assertEquals("main", info.mainBranch());
        Files.createDirectories(repo.root().resolve("src/deep"));
        assertEquals(info.root(), git.open(repo.root().resolve("src/deep")).root());
        CreatedWorktree wt = create("feature");
        assertEquals(info.root(), git.open(wt.worktree().path()).root());
    }

    @Test
    void refusesAFolderThatIsNotARepository() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        GitException e = assertThrows(GitException.class, () -> git.open(plain));
        assertTrue(e.getMessage().contains("is not a git repository"), e.getMessage());
        GitException missing = assertThrows(GitException.class, () -> git.open(tmp.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void refusesABareRepository() {
        TestRepo.gitIn(tmp, "clone", "-q", "--bare", repo.root().toString(), "bare.git");
        GitException e = assertThrows(GitException.class, () -> git.open(tmp.resolve("bare.git")));
        assertTrue(e.getMessage().contains("bare repository"), e.getMessage());
    }

    @Test
    void explainsMissingOrOldGit() throws Exception {
        GitService none = new GitService(new GitCli(tmp.resolve("no-such-git").toString(), Map.of(), java.time.Duration.ofSeconds(5)));
        GitException missing = assertThrows(GitException.class, () -> none.open(repo.root()));
        assertTrue(missing.getMessage().contains("Git could not be started"), missing.getMessage());

        Path old = tmp.resolve("old-git");
        Files.writeString(old, "#!/bin/sh\necho 'git version 2.30.1'\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwx------"));
        GitService ancient = new GitService(new GitCli(old.toString(), Map.of(), java.time.Duration.ofSeconds(5)));
        GitException tooOld = assertThrows(GitException.class, () -> ancient.open(repo.root()));
        assertTrue(tooOld.getMessage().contains("2.30.1 is too old"), tooOld.getMessage());
    }

    // ------------------------------------------------------------ create / list

    @Test
    void createsAWorktreeOnANewBranchOutsideTheRepoAndListsIt() {
        repo.write(".env", "SECRET=1\n").write("config/local.json", "{}");
        repo.write(".gitignore", ".env\nconfig/local.json\n").commitAll("ignore local files");
        Path folder = GitService.defaultFolder(info, "feature/login", null);
        assertEquals(tmp.resolve("project.lanes").resolve("feature-login"), folder);

        CreatedWorktree created = git.createWorktree(info, new CreateWorktreeRequest("feature/login", true, "main",
                folder, List.of(".env", "config/local.json", "missing.txt", "../escape"), ""));

        assertEquals("feature/login", created.worktree().branch());
        assertTrue(Files.isRegularFile(folder.resolve("README.md")));
        assertEquals("SECRET=1\n", read(folder.resolve(".env")));
        assertEquals("{}", read(folder.resolve("config/local.json")));
        assertEquals(List.of(".env", "config/local.json"), created.copied());
        assertEquals(2, created.notCopied().size());
        assertTrue(created.notCopied().get(1).contains("inside the repository"));
        assertFalse(Files.exists(tmp.resolve("escape")));

        List<Worktree> all = git.listWorktrees(info);
        assertEquals(2, all.size());
        assertTrue(all.get(0).main());
        assertEquals("main", all.get(0).branch());
        assertEquals("feature/login", all.get(1).branch());
        assertEquals("main", git.baseOf(info, "feature/login"));
    }

    @Test
    void hostileNamesSurviveTheRoundTrip() throws Exception {
        Path folder = tmp.resolve("lanes dir").resolve("it's \"quoted\" ünïcødé ✓\nnewline");
        CreatedWorktree created = git.createWorktree(info, new CreateWorktreeRequest("fix/ünïcødé-'q'", true, "main",
                folder, List.of(), ""));
        Worktree listed = find(folder);
        assertEquals(folder.toRealPath(), listed.path().toRealPath());
        assertEquals("fix/ünïcødé-'q'", listed.branch());
        assertEquals(created.worktree(), listed);

        repo.write(folder, "new \"file\" ✓.txt", "x");
        WorktreeStatus status = git.status(info, listed);
        assertEquals(List.of("new \"file\" ✓.txt"), status.untrackedFiles());
        repo.commitAll(folder, "add weird file");
        MergeOutcome out = git.merge(info, listed, "main", MergeMode.FAST_FORWARD_OR_MERGE);
        assertTrue(out.merged());
        assertTrue(Files.exists(repo.root().resolve("new \"file\" ✓.txt")));
        git.removeWorktree(info, listed, false, true);
        assertFalse(Files.exists(folder));
        assertFalse(git.branchExists(info.root(), "fix/ünïcødé-'q'"));
    }

    @Test
    void branchNamesAreCheckedByGit() {
        for (String bad : List.of("has space", "two..dots", "-leading", "trailing/", "x.lock", "a:b", "")) {
            GitException e = assertThrows(GitException.class, () -> git.validateBranchName(info.root(), bad), bad);
            assertFalse(e.getMessage().isBlank());
        }
        assertEquals("feature/ok-1", git.validateBranchName(info.root(), "feature/ok-1"));
        assertEquals("fix-the-login-bug", GitService.suggestBranchName("Fix the login bug!"));
        assertEquals("a.b/c", GitService.suggestBranchName("..a..b//c.lock"));
        GitException e = assertThrows(GitException.class, () -> create("has space"));
        assertTrue(e.getMessage().contains("not a valid branch name"));
        assertEquals(1, git.listWorktrees(info).size());
    }

    @Test
    void refusesABranchThatExistsOrIsCheckedOutElsewhere() {
        repo.git("branch", "taken");
        GitException exists = assertThrows(GitException.class, () -> create("taken"));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());

        CreatedWorktree lane = create("lane");
        GitException held = assertThrows(GitException.class, () -> git.createWorktree(info, new CreateWorktreeRequest(
                "lane", false, null, tmp.resolve("other"), List.of(), "")));
        assertTrue(held.getMessage().contains("already checked out in"), held.getMessage());
        GitException mainHeld = assertThrows(GitException.class, () -> git.createWorktree(info, new CreateWorktreeRequest(
                "main", false, null, tmp.resolve("other"), List.of(), "")));
        assertTrue(mainHeld.getMessage().contains("already checked out"), mainHeld.getMessage());

        CreatedWorktree existing = git.createWorktree(info, new CreateWorktreeRequest("taken", false, null,
                tmp.resolve("taken-wt"), List.of(), ""));
        assertEquals("taken", existing.worktree().branch());
        assertEquals(3, git.listWorktrees(info).size());
        assertEquals("lane", lane.worktree().branch());
    }

    @Test
    void refusesANonEmptyFolderAndABadBase() throws Exception {
        Path used = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(used.resolve("keep.txt"), "mine");
        GitException e = assertThrows(GitException.class, () -> git.createWorktree(info,
                new CreateWorktreeRequest("x", true, "main", used, List.of(), "")));
        assertTrue(e.getMessage().contains("not empty"));
        assertEquals("mine", read(used.resolve("keep.txt")));
        GitException base = assertThrows(GitException.class, () -> git.createWorktree(info,
                new CreateWorktreeRequest("x", true, "nope", tmp.resolve("x"), List.of(), "")));
        assertTrue(base.getMessage().contains("not a branch or commit"));
        assertFalse(git.branchExists(info.root(), "x"));
    }

    @Test
    void statusCountsUncommittedFilesAndAheadBehindInALinkedWorktree() {
        CreatedWorktree lane = create("lane");
        Path wt = lane.worktree().path();
        repo.write(wt, "a.txt", "a").commitAll(wt, "a");
        repo.write(wt, "b.txt", "b").commitAll(wt, "b");
        repo.write("main-only.txt", "m").commitAll("main moves");
        repo.write(wt, "README.md", "changed\n");
        repo.write(wt, "untracked.txt", "u");

        WorktreeStatus st = git.status(info, lane.worktree());
        assertEquals(List.of("README.md"), st.changedFiles());
        assertEquals(List.of("untracked.txt"), st.untrackedFiles());
        assertEquals("main", st.base());
        assertEquals(2, st.ahead());
        assertEquals(1, st.behind());
        assertEquals(new dev.lanes.model.DiffStat(2, 2, 0), git.previewMerge(info, "lane", "main").changes(),
                "a.txt and b.txt, one line each");

        WorktreeStatus mainStatus = git.status(info, git.listWorktrees(info).get(0));
        assertFalse(mainStatus.isDirty());
    }

    @Test
    void snapshotShowsLockedAndMissingWorktrees() throws Exception {
        CreatedWorktree locked = create("locked");
        CreatedWorktree gone = create("gone");
        repo.git("worktree", "lock", "--reason", "on a usb disk", locked.worktree().path().toString());
        deleteTree(gone.worktree().path());

        RepositorySnapshot snap = git.snapshot(info);
        assertEquals(3, snap.worktrees().size());
        WorktreeView l = snap.worktrees().stream().filter(v -> "locked".equals(v.worktree().branch())).findFirst().orElseThrow();
        assertEquals("on a usb disk", l.worktree().locked());
        WorktreeView g = snap.worktrees().stream().filter(v -> "gone".equals(v.worktree().branch())).findFirst().orElseThrow();
        assertTrue(g.worktree().isPrunable());
        assertTrue(g.statusError().contains("missing"));

        GitException e = assertThrows(GitException.class, () -> git.removeWorktree(info, l.worktree(), true, false));
        assertTrue(e.getMessage().contains("is locked (on a usb disk)"), e.getMessage());
        assertTrue(Files.isDirectory(locked.worktree().path()));
        git.unlock(info, l.worktree());
        git.removeWorktree(info, l.worktree(), false, false);

        assertEquals(1, git.prune(info));
        assertEquals(1, git.listWorktrees(info).size());
    }

    // ------------------------------------------------------------ remove

    @Test
    void removeRefusesUncommittedWorkThenForceRemoves() {
        CreatedWorktree lane = create("lane");
        Path wt = lane.worktree().path();
        repo.write(wt, "README.md", "edited\n");
        repo.write(wt, "notes/new.txt", "new");

        DirtyWorktreeException dirty = assertThrows(DirtyWorktreeException.class,
                () -> git.removeWorktree(info, lane.worktree(), false, true));
        assertEquals(List.of("README.md", "notes/new.txt"), dirty.files());
        assertEquals(List.of("changed    README.md", "untracked  notes/new.txt"), dirty.describedFiles());
        assertEquals("edited\n", read(wt.resolve("README.md")));
        assertEquals(2, git.listWorktrees(info).size());

        RemoveOutcome out = git.removeWorktree(info, lane.worktree(), true, true);
        assertFalse(Files.exists(wt));
        assertEquals(1, git.listWorktrees(info).size());
        assertTrue(out.branchDeleted(), out.message());
    }

    @Test
    void removeKeepsAnUnmergedBranchAndDeletesAMergedOne() {
        CreatedWorktree lane = create("lane");
        repo.write(lane.worktree().path(), "work.txt", "w").commitAll(lane.worktree().path(), "work");
        RemoveOutcome kept = git.removeWorktree(info, lane.worktree(), false, true);
        assertFalse(kept.branchDeleted());
        assertTrue(kept.message().contains("not merged into main"), kept.message());
        assertTrue(git.branchExists(info.root(), "lane"));

        CreatedWorktree empty = create("empty");
        RemoveOutcome deleted = git.removeWorktree(info, empty.worktree(), false, true);
        assertTrue(deleted.branchDeleted());
        assertFalse(git.branchExists(info.root(), "empty"));
    }

    @Test
    void removeOfAWorktreeWhoseFolderWasDeletedCleansUp() throws Exception {
        CreatedWorktree lane = create("lane");
        deleteTree(lane.worktree().path());
        RemoveOutcome out = git.removeWorktree(info, lane.worktree(), false, false);
        assertTrue(out.message().contains("already gone"), out.message());
        assertEquals(1, git.listWorktrees(info).size());
    }

    @Test
    void theMainCheckoutCannotBeRemoved() {
        GitException e = assertThrows(GitException.class,
                () -> git.removeWorktree(info, git.listWorktrees(info).get(0), true, false));
        assertTrue(e.getMessage().contains("main checkout"));
    }

    // ------------------------------------------------------------ merge

    @Test
    void fastForwardMerge() {
        CreatedWorktree lane = create("lane");
        String tip = repo.write(lane.worktree().path(), "f.txt", "f").commitAll(lane.worktree().path(), "f");
        MergePreview preview = git.previewMerge(info, "lane", "main");
        assertTrue(preview.fastForward());
        assertTrue(preview.clean());
        assertEquals(1, preview.commits());
        MergeOutcome out = git.merge(info, lane.worktree(), "main", MergeMode.FAST_FORWARD_OR_MERGE);
        assertTrue(out.merged());
        assertEquals(tip, out.newHead());
        assertEquals(tip, repo.git("rev-parse", "main").strip());
        assertTrue(out.message().contains("fast-forwarded"));
        assertTrue(git.isMerged(info, "lane", "main"));
    }

    @Test
    void thePreviewCountsARenamedAndEditedFileOnce() {
        repo.write("docs/guide.md", "one\ntwo\nthree\nfour\nfive\n").commitAll("guide");
        CreatedWorktree lane = create("lane");
        Path wt = lane.worktree().path();
        TestRepo.gitIn(wt, "mv", "docs/guide.md", "docs/handbook.md");
        repo.write(wt, "docs/handbook.md", "one\ntwo\nthree\nfour\n5\n").commitAll(wt, "rename and edit");
        assertEquals(new dev.lanes.model.DiffStat(1, 1, 1), git.previewMerge(info, "lane", "main").changes());
    }

    @Test
    void mergeCommitKeepsBothParents() {
        CreatedWorktree lane = create("lane");
        String tip = repo.write(lane.worktree().path(), "f.txt", "f").commitAll(lane.worktree().path(), "f");
        String mainTip = repo.write("g.txt", "g").commitAll("g");
        MergeOutcome out = git.merge(info, lane.worktree(), "main", MergeMode.MERGE_COMMIT);
        assertTrue(out.merged());
        String parents = repo.git("rev-list", "--parents", "-n", "1", "HEAD").strip();
        assertEquals(out.newHead() + " " + mainTip + " " + tip, parents);
        assertTrue(Files.exists(repo.root().resolve("f.txt")));
    }

    @Test
    void noFastForwardModeMakesAMergeCommitEvenWhenFastForwardIsPossible() {
        CreatedWorktree lane = create("lane");
        repo.write(lane.worktree().path(), "f.txt", "f").commitAll(lane.worktree().path(), "f");
        MergeOutcome out = git.merge(info, lane.worktree(), "main", MergeMode.MERGE_COMMIT);
        assertEquals(3, repo.git("rev-list", "--parents", "-n", "1", "HEAD").strip().split(" ").length);
        assertTrue(out.merged());
    }

    @Test
    void squashMakesOneCommitWithOneParentAndCountsAsMerged() {
        CreatedWorktree lane = create("lane");
        Path wt = lane.worktree().path();
        repo.write(wt, "a.txt", "a").commitAll(wt, "add a");
        repo.write(wt, "b.txt", "b").commitAll(wt, "add b");
        String before = repo.git("rev-parse", "main").strip();
        MergeOutcome out = git.merge(info, lane.worktree(), "main", MergeMode.SQUASH);
        assertTrue(out.merged());
        assertEquals(before, repo.git("rev-parse", "HEAD~1").strip());
        assertEquals(2, repo.git("rev-list", "--parents", "-n", "1", "HEAD").strip().split(" ").length);
        String msg = repo.git("log", "-1", "--format=%B");
        assertTrue(msg.contains("Squash merge branch 'lane'") && msg.contains("* add a") && msg.contains("* add b"), msg);
        assertTrue(git.isMerged(info, "lane", "main"), "squashed branch counts as merged");
        RemoveOutcome removed = git.removeWorktree(info, lane.worktree(), false, true);
        assertTrue(removed.branchDeleted());
    }

    @Test
    void conflictIsPredictedAndAnActualConflictIsUndoneByteForByte() throws Exception {
        repo.write("shared.txt", "line\n").commitAll("shared");
        CreatedWorktree lane = create("lane");
        Path wt = lane.worktree().path();
        repo.write(wt, "shared.txt", "lane's line\n");
        repo.write(wt, "lane-only.txt", "new file from the lane\n");
        repo.commitAll(wt, "lane edits");
        repo.write("shared.txt", "main's line\n").commitAll("main edits");
        repo.write("untracked-by-person.txt", "do not touch");

        MergePreview preview = git.previewMerge(info, "lane", "main");
        assertEquals(List.of("shared.txt"), preview.conflictedFiles());
        assertFalse(preview.fastForward());

        for (MergeMode mode : MergeMode.values()) {
            TreeSnapshot before = TreeSnapshot.of(repo.root());
            MergeOutcome out = git.merge(info, lane.worktree(), "main", mode);
            assertFalse(out.merged(), mode.name());
            assertEquals(List.of("shared.txt"), out.conflictedFiles());
            assertEquals(before, TreeSnapshot.of(repo.root()), "main checkout unchanged after " + mode);
            assertFalse(Files.exists(repo.root().resolve("lane-only.txt")));
        }
    }

    @Test
    void mergeRefusesADirtyMainCheckoutAndATargetHeldElsewhere() {
        CreatedWorktree lane = create("lane");
        repo.write(lane.worktree().path(), "f.txt", "f").commitAll(lane.worktree().path(), "f");
        repo.write("README.md", "uncommitted\n");
        GitException dirty = assertThrows(GitException.class,
                () -> git.merge(info, lane.worktree(), "main", MergeMode.FAST_FORWARD_OR_MERGE));
        assertTrue(dirty.getMessage().contains("uncommitted changes (README.md)"), dirty.getMessage());
        assertEquals("uncommitted\n", read(repo.root().resolve("README.md")));
        repo.git("checkout", "--", "README.md");

        CreatedWorktree release = create("release");
        GitException held = assertThrows(GitException.class,
                () -> git.merge(info, lane.worktree(), "release", MergeMode.FAST_FORWARD_OR_MERGE));
        assertTrue(held.getMessage().contains("checked out in worktree"), held.getMessage());
        assertEquals("release", release.worktree().branch());
    }

    @Test
    void mergeSwitchesAnIdleMainCheckoutToTheTarget() {
        repo.git("branch", "release");
        repo.git("switch", "-q", "-c", "scratch");
        CreatedWorktree lane = create("lane");
        repo.write(lane.worktree().path(), "f.txt", "f").commitAll(lane.worktree().path(), "f");
        MergeOutcome out = git.merge(info, lane.worktree(), "release", MergeMode.FAST_FORWARD_OR_MERGE);
        assertTrue(out.merged());
        assertTrue(out.message().contains("was on scratch and is now on release"), out.message());
        assertEquals("release", repo.git("branch", "--show-current").strip());
        assertNotEquals(repo.git("rev-parse", "main").strip(), repo.git("rev-parse", "release").strip());
    }

    @Test
    void untrackedFilesInTheWayStopTheMergeWithoutChangingAnything() throws Exception {
        CreatedWorktree lane = create("lane");
        repo.write(lane.worktree().path(), "f.txt", "from lane").commitAll(lane.worktree().path(), "f");
        repo.write("g.txt", "g").commitAll("g");
        repo.write("f.txt", "person's own untracked file");
        TreeSnapshot before = TreeSnapshot.of(repo.root());
        GitException e = assertThrows(GitException.class,
                () -> git.merge(info, lane.worktree(), "main", MergeMode.MERGE_COMMIT));
        assertTrue(e.getMessage().contains("untracked working tree files would be overwritten"), e.getMessage());
        assertEquals(before, TreeSnapshot.of(repo.root()));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
