package dev.lanes.review;

import dev.lanes.git.GitService;
import dev.lanes.model.CreateWorktreeRequest;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.Worktree;
import dev.lanes.testutil.TestRepo;
import dev.lanes.testutil.TreeSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer's diff on real git repositories: committed, staged, unstaged and new files, the worktree left as it was. */
class WriterDiffTest {

    @TempDir
    Path tmp;

    private final GitService git = new GitService();

    @AfterEach
    void close() {
        git.close();
    }

    private Reviews reviews() {
        return new Reviews(null, null, git, null, id -> Optional.empty());
    }

    @Test
    void aLanesDiffHoldsCommittedStagedUnstagedAndNewFilesButNotIgnoredOnesAndTouchesNothing() throws Exception {
        TestRepo repo = TestRepo.create(tmp, "repo");
        repo.write("src/app.py", "def load():\n    return 1\n").write(".gitignore", "build/\n").commitAll("app");
        RepositoryInfo info = git.open(repo.root());
        Worktree wt = git.createWorktree(info, new CreateWorktreeRequest("feature", true, "main", tmp.resolve("wt"), List.of(), ""))
                .worktree();
        Path w = wt.path();
        repo.write(w, "committed.txt", "c\n").commitAll(w, "work");
        repo.commitAll("main moves on (not part of the lane's diff)");
        repo.write(w, "staged.txt", "s\n");
        TestRepo.gitIn(w, "add", "staged.txt");
        repo.write(w, "src/app.py", "def load():\n    return 2\n");
        repo.write(w, "new dir/ünï code.txt", "n\n");
        repo.write(w, "build/out.bin", "ignored\n");
        String status = TestRepo.gitIn(w, "status", "--porcelain");
        TreeSnapshot before = TreeSnapshot.of(w);

        WriterDiff d = reviews().capture(w);

        assertEquals("main", d.baseBranch());
        assertEquals(TestRepo.gitIn(repo.root(), "rev-parse", "main~1").strip(), d.baseCommit(), "where the lane forked");
        assertEquals(List.of("committed.txt", "new dir/ünï code.txt", "src/app.py", "staged.txt"), d.files());
        assertTrue(d.text().contains("+++ b/committed.txt\n") && d.text().contains("+++ b/staged.txt\n")
                && d.text().contains("+++ b/new dir/ünï code.txt") // git adds a tab after a name with a space
                && d.text().contains("-    return 1\n+    return 2\n"), d.text());
        assertFalse(d.text().contains("out.bin") || d.text().contains("not part"), d.text());
        assertEquals(status, TestRepo.gitIn(w, "status", "--porcelain"), "index and files as they were");
        assertEquals(before, TreeSnapshot.of(w));
        assertFalse(Files.exists(tmp.resolve("wt/.git.lock")));

        // between rounds: the snapshot trees diff to exactly what changed in between
        repo.write(w, "src/app.py", "def load():\n    return 3\n");
        WriterDiff later = reviews().capture(w);
        String between = git.diffText(w, d.tree(), later.tree());
        assertTrue(between.contains("-    return 2\n+    return 3\n"), between);
        assertFalse(between.contains("committed.txt"), between);
        assertEquals(later.tree(), reviews().capture(w).tree(), "a snapshot of the same files is the same tree");
    }

    @Test
    void theMainCheckoutOnMainShowsItsUncommittedWorkAndAnUntouchedOneNothing() {
        TestRepo repo = TestRepo.create(tmp, "repo");
        assertTrue(reviews().capture(repo.root()).isEmpty());
        repo.write("README.md", "# changed\n");
        WriterDiff d = reviews().capture(repo.root());
        assertEquals(List.of("README.md"), d.files());
        assertTrue(d.text().contains("+# changed"), d.text());
    }
}
