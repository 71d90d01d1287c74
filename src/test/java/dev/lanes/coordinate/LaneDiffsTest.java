package dev.lanes.coordinate;

import dev.lanes.git.GitService;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.testutil.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A lane's diff: committed, uncommitted and new files against where it left the target, the lane untouched. */
class LaneDiffsTest {

    @TempDir
    Path tmp;

    private final GitService git = new GitService();

    @AfterEach
    void close() {
        git.close();
    }

    @Test
    void committedUncommittedAndNewFilesAgainstTheForkPointAsTheCoordinatorCountsThem() {
        TestRepo repo = TestRepo.create(tmp, "app");
        repo.write("a.txt", "1\n2\n3\n");
        repo.write("b.txt", "b\n");
        repo.commitAll("start");
        Path lane = tmp.resolve("app.lanes/work");
        repo.git("worktree", "add", "-q", "-b", "work", lane.toString());
        repo.write(lane, "a.txt", "1\ntwo\n3\n");
        repo.commitAll(lane, "committed");
        repo.write(lane, "b.txt", "b\nmore\n");
        repo.write(lane, "new dir/n.txt", "new\n");
        // main moves on afterwards: its own change is not the lane's
        repo.write("c.txt", "main\n");
        repo.commitAll("main");
        String statusBefore = TestRepo.gitIn(lane, "status", "--porcelain");

        RepositoryInfo info = git.open(repo.root());
        UnifiedDiff d = new LaneDiffs(git).diff(info, lane, null, UnifiedDiff.LINE_LIMIT);

        assertEquals(3, d.files());
        assertEquals(3, d.added());
        assertEquals(1, d.removed());
        assertTrue(d.against().startsWith("main at "), d.against());
        List<String> files = d.lines().stream().filter(l -> l.kind() == UnifiedDiff.Kind.FILE).map(UnifiedDiff.Line::text).toList();
        assertEquals(List.of("diff --git a/a.txt b/a.txt", "diff --git a/b.txt b/b.txt", "diff --git a/new dir/n.txt b/new dir/n.txt"), files);
        assertEquals(List.of("-2"), d.lines().stream().filter(l -> l.kind() == UnifiedDiff.Kind.REMOVED).map(UnifiedDiff.Line::text).toList());
        assertEquals(List.of("+two", "+more", "+new"),
                d.lines().stream().filter(l -> l.kind() == UnifiedDiff.Kind.ADDED).map(UnifiedDiff.Line::text).toList());
        // a header line "--- a/a.txt" is the file's header, not a removed line
        assertTrue(d.lines().stream().anyMatch(l -> l.kind() == UnifiedDiff.Kind.META && l.text().equals("--- a/a.txt")));
        // the same figures as the coordinator's
        try (Coordinator c = new Coordinator(git, 2)) {
            LaneReport r = c.refresh(info, null, Map.of()).lane(lane).orElseThrow();
            assertEquals(d.files(), r.changedFiles().size());
            assertEquals(d.added(), r.lineTotals()[0]);
            assertEquals(d.removed(), r.lineTotals()[1]);
        }
        // the lane's index and files are as they were: the new file is still untracked
        assertEquals(statusBefore, TestRepo.gitIn(lane, "status", "--porcelain"));
        assertTrue(Files.exists(lane.resolve("new dir/n.txt")));
    }
}
