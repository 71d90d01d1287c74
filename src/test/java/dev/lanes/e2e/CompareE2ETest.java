package dev.lanes.e2e;

import dev.lanes.compare.Comparison;
import dev.lanes.compare.Comparisons;
import dev.lanes.e2e.ScriptedModelServer.Reply;
import dev.lanes.git.GitService;
import dev.lanes.model.MergeMode;
import dev.lanes.model.MergeOutcome;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.testutil.TestRepo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Same prompt on two lanes (two models) with the real Claude Code CLI against the scripted model
 * server, told apart by their working directories: both edit the same file differently; the diffs differ; one lane merges
 * into the base (the file has its content there); Remove the Others refuses the other lane while it
 * holds uncommitted work, then, confirmed, removes its worktree and its branch.
 */
class CompareE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SONNET = "claude-sonnet-4-5";
    private static final String OPUS = "claude-opus-4-1";
    private static Instant classStart;

    @TempDir
    Path tmp;

    private AgentRig rig;
    private ScriptedModelServer server;
    private TestRepo repo;
    private GitService git;

    @BeforeAll
    static void start() {
        classStart = Instant.now().minusSeconds(1);
    }

    @BeforeEach
    void setUp() {
        rig = new AgentRig(tmp);
        server = rig.server;
        git = rig.git;
        repo = TestRepo.create(tmp, "repo");
        repo.write("hello.txt", "hello\n").commitAll("hello");
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @AfterAll
    static void leavesNoProcess() throws IOException {
        List<ProcessHandle> left = ClaudeCli.leftRunningSince(classStart);
        assertTrue(left.isEmpty(), "Claude Code processes left running: " + left);
    }

    @Test
    void bothLanesEditOneMergesIntoTheBaseAndTheOtherIsRemoved() throws Exception {
        RepositoryInfo info = git.open(repo.root());
        Path lanes = repo.root().getParent().resolve("repo.lanes");
        // each lane's agent writes its model's greeting into its own worktree (its primary working directory)
        Map<String, Path> folders = Map.of(SONNET, lanes.resolve("greet-the-world-in-hello.txt-1"),
                OPUS, lanes.resolve("greet-the-world-in-hello.txt-2"));
        server.respondWith(r -> {
            String model = folders.keySet().stream().filter(m -> r.body().contains("Primary working directory: " + folders.get(m)))
                    .findFirst().orElse(null);
            if (model == null) {
                return Reply.text("No lane's folder in the request.");
            }
            long turn = AgentRig.turns(r);
            String file = folders.get(model).resolve("hello.txt").toString();
            return turn == 0 ? Reply.toolUse("Read", Map.of("file_path", file))
                    : turn == 1 ? Reply.toolUse("Write", Map.of("file_path", file, "content", "hello from " + model + "\n"))
                    : Reply.text("Wrote the greeting.");
        });
        Comparisons comparisons = new Comparisons(rig.agents, rig.sessions, git, rig.store);

        Comparison c = comparisons.start(new Comparisons.Request(repo.root(), "main", "Greet the world in hello.txt",
                List.of(new Comparisons.LaneSpec(ClaudeCli.profile(), SONNET), new Comparisons.LaneSpec(ClaudeCli.profile(), OPUS)),
                "", null));
        assertEquals(List.of("", ""), c.lanes().stream().map(Comparison.Lane::problem).toList());
        assertEquals(List.of("greet-the-world-in-hello.txt-1", "greet-the-world-in-hello.txt-2"),
                c.lanes().stream().map(Comparison.Lane::branch).toList(), "branches named from the prompt");
        assertEquals(folders.get(SONNET), c.lanes().get(0).worktree().path());
        comparisons.whenAllEnded(c.id()).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        String sonnetDiff = comparisons.diff(c.id(), 0);
        String opusDiff = comparisons.diff(c.id(), 1);
        assertTrue(sonnetDiff.contains("-hello\n+hello from " + SONNET), sonnetDiff + "\n" + server.summary());
        assertTrue(opusDiff.contains("+hello from " + OPUS), opusDiff);

        // merge the opus lane: its uncommitted work is committed on its branch, then merged into main
        MergeOutcome merged = comparisons.merge(c.id(), 1, MergeMode.FAST_FORWARD_OR_MERGE);
        assertTrue(merged.merged(), merged.message());
        assertEquals("hello from " + OPUS + "\n", Files.readString(repo.root().resolve("hello.txt")));
        assertEquals("hello from " + OPUS + "\n", TestRepo.gitIn(repo.root(), "show", "main:hello.txt"));

        // the sonnet lane holds uncommitted work: refused with its files until confirmed
        Comparisons.Removal refused = comparisons.removeOthers(c.id(), 1, false);
        assertEquals(1, refused.dirty().size(), refused.toString());
        assertTrue(refused.dirty().get(0).files().contains("hello.txt"), refused.dirty().get(0).files().toString());
        assertTrue(Files.isDirectory(folders.get(SONNET)), "nothing removed without the person's yes");
        assertTrue(git.branchExists(repo.root(), "greet-the-world-in-hello.txt-1"));

        Comparisons.Removal removed = comparisons.removeOthers(c.id(), 1, true);
        assertEquals(List.of(0), removed.removed());
        assertEquals(List.of(), removed.dirty());
        assertEquals(List.of(), removed.refused());
        assertFalse(Files.exists(folders.get(SONNET)), "the other lane's worktree is gone");
        assertFalse(git.branchExists(repo.root(), "greet-the-world-in-hello.txt-1"), "the other lane's branch is gone");
        assertTrue(git.listWorktrees(info).stream().noneMatch(w -> GitService.samePath(w.path(), folders.get(SONNET))));
        assertTrue(Files.isDirectory(folders.get(OPUS)), "the chosen lane stays");
        assertTrue(git.branchExists(repo.root(), "greet-the-world-in-hello.txt-2"));
    }

    @Test
    void badInputGetsASentence() {
        Comparisons comparisons = new Comparisons(rig.agents, rig.sessions, git, rig.store);
        Comparisons.LaneSpec lane = new Comparisons.LaneSpec(ClaudeCli.profile(), "");
        assertEquals("Choose 2 to 4 agents to compare (there are 1).", assertThrows(IllegalArgumentException.class,
                () -> comparisons.start(new Comparisons.Request(repo.root(), "main", "do it", List.of(lane), "", null))).getMessage());
        assertEquals("Write the prompt every agent gets.", assertThrows(IllegalArgumentException.class,
                () -> comparisons.start(new Comparisons.Request(repo.root(), "main", "  ", List.of(lane, lane), "", null))).getMessage());
        assertEquals("The base “nope” is not a branch of this repository.", assertThrows(IllegalArgumentException.class,
                () -> comparisons.start(new Comparisons.Request(repo.root(), "nope", "do it", List.of(lane, lane), "", null))).getMessage());
        assertEquals(List.of("main"), git.branches(git.open(repo.root())), "nothing was made");
    }
}
