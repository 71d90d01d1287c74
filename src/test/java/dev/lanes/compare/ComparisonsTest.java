package dev.lanes.compare;

import dev.lanes.agent.AgentSessions;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.git.GitService;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.MergeMode;
import dev.lanes.model.MergeOutcome;
import dev.lanes.session.SessionManager;
import dev.lanes.store.Store;
import dev.lanes.testutil.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Comparisons kept across a restart of Lanes, on a real repository and a real store, with a stand-in
 * agent (a script that writes its worktree's name into hello.txt and prints Claude Code's stream-json):
 * reopened, their lanes still diff, the chosen one merges, the others are removed, and what became of
 * each is read back; a lane whose worktree went meanwhile is said plainly.
 */
class ComparisonsTest {

    @TempDir
    Path tmp;

    private TestRepo repo;
    private Path data;
    private Store store;
    private SessionManager sessions;
    private AgentSessions agents;
    private GitService git;
    private AgentProfile fake;
    private AgentProfile missing;

    @BeforeEach
    void setUp() throws Exception {
        repo = TestRepo.create(tmp, "repo");
        repo.write("hello.txt", "hello\n").commitAll("hello");
        data = tmp.resolve("lanes");
        Path out = tmp.resolve("out.jsonl");
        Files.writeString(out, "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"conv-1\",\"tools\":[]}\n"
                + "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"Wrote it.\","
                + "\"total_cost_usd\":0.01,\"session_id\":\"conv-1\"}\n");
        Path script = tmp.resolve("fake-claude");
        Files.writeString(script, "#!/bin/sh\nprintf 'hello from %s\\n' \"$(basename \"$PWD\")\" > hello.txt\ncat \"$LANES_FAKE_OUT\"\n");
        assertTrue(script.toFile().setExecutable(true));
        fake = BuiltInProfiles.get(BuiltInProfiles.CLAUDE).withExecutable(script.toString());
        missing = BuiltInProfiles.get(BuiltInProfiles.CLAUDE).withExecutable(tmp.resolve("no-such-agent").toString());
        git = new GitService();
        open();
    }

    /** The store, sessions and agents, as Lanes opens them at start. */
    private void open() {
        store = Store.open(data);
        sessions = new SessionManager(store, data.resolve("logs"));
        agents = new AgentSessions(sessions, store, Map.of("LANES_FAKE_OUT", tmp.resolve("out.jsonl").toString()));
        agents.load(repo.root());
    }

    private void close() {
        agents.close();
        sessions.close();
        store.close();
    }

    /** Lanes ends and starts again on the same data folder. */
    private Comparisons restart() {
        close();
        open();
        return new Comparisons(agents, sessions, git, store);
    }

    @AfterEach
    void tearDown() {
        close();
        git.close();
    }

    private Comparison started(Comparisons comparisons, List<Comparisons.LaneSpec> lanes) throws Exception {
        Comparison c = comparisons.start(new Comparisons.Request(repo.root(), "main", "Greet the world in hello.txt\nkindly",
                lanes, "", null));
        comparisons.whenAllEnded(c.id()).get(30, TimeUnit.SECONDS);
        return c;
    }

    @Test
    void aComparisonIsKeptAcrossARestartAndStillComparesMergesAndRemoves() throws Exception {
        Comparison c = started(new Comparisons(agents, sessions, git, store), List.of(new Comparisons.LaneSpec(fake, "m-one"),
                new Comparisons.LaneSpec(fake, "m-two"), new Comparisons.LaneSpec(missing, "")));
        assertTrue(c.lanes().get(2).problem().contains("no-such-agent"), c.lanes().get(2).problem());

        Comparisons after = restart();
        List<Comparison> kept = after.comparisons(repo.root());
        assertEquals(1, kept.size());
        Comparison back = kept.get(0);
        assertEquals(c.id(), back.id());
        assertEquals(repo.root(), back.repository());
        assertEquals("main", back.base());
        assertEquals("Greet the world in hello.txt\nkindly", back.prompt());
        assertEquals(c.createdAt(), back.createdAt());
        assertEquals(-1, back.chosen());
        for (int i = 0; i < 3; i++) {
            Comparison.Lane was = c.lanes().get(i);
            Comparison.Lane is = back.lanes().get(i);
            assertEquals(was.worktree().path(), is.worktree().path(), "lane " + i);
            assertEquals(was.branch(), is.branch());
            assertEquals(was.sessionId(), is.sessionId());
            assertEquals(was.label(), is.label());
            assertEquals(was.profileId(), is.profileId());
            assertEquals(was.problem(), is.problem());
            assertEquals(Comparison.Outcome.OPEN, is.outcome());
        }
        assertEquals(List.of("greet-the-world-in-hello.txt-1", "greet-the-world-in-hello.txt-2", "greet-the-world-in-hello.txt-3"),
                back.lanes().stream().map(Comparison.Lane::branch).toList());

        // reopened: each lane's diff, and the sentence of its end
        List<Comparisons.LaneNow> now = after.now(c.id());
        assertEquals(List.of(Comparisons.LaneState.ENDED, Comparisons.LaneState.ENDED, Comparisons.LaneState.NOT_MADE),
                now.stream().map(Comparisons.LaneNow::state).toList());
        assertEquals("Done.", now.get(0).text());
        assertTrue(now.get(0).diff().contains("-hello\n+hello from greet-the-world-in-hello.txt-1"), now.get(0).diff());
        assertTrue(now.get(1).diff().contains("+hello from greet-the-world-in-hello.txt-2"), now.get(1).diff());
        assertTrue(now.get(2).text().startsWith("Could not start: "), now.get(2).text());
        assertNull(now.get(2).diff());

        // the second lane merges into main, the others go
        MergeOutcome merged = after.merge(c.id(), 1, MergeMode.FAST_FORWARD_OR_MERGE);
        assertTrue(merged.merged(), merged.message());
        assertEquals("hello from greet-the-world-in-hello.txt-2\n", TestRepo.gitIn(repo.root(), "show", "main:hello.txt"));
        Comparisons.Removal refused = after.removeOthers(c.id(), 1, false);
        assertEquals(1, refused.dirty().size(), "lane 1's uncommitted hello.txt is asked about: " + refused);
        assertEquals(List.of(2), refused.removed(), "lane 3 had nothing uncommitted");
        Comparisons.Removal removed = after.removeOthers(c.id(), 1, true);
        assertEquals(List.of(0), removed.removed());
        assertFalse(Files.exists(c.lanes().get(0).worktree().path()));
        assertFalse(git.branchExists(repo.root(), "greet-the-world-in-hello.txt-1"));
        assertTrue(Files.isDirectory(c.lanes().get(1).worktree().path()), "the chosen lane stays");

        // and what became of each is read back after another restart
        Comparisons again = restart();
        Comparison last = again.comparison(c.id()).orElseThrow();
        assertEquals(1, last.chosen());
        assertEquals(List.of(Comparison.Outcome.REMOVED, Comparison.Outcome.MERGED, Comparison.Outcome.REMOVED),
                last.lanes().stream().map(Comparison.Lane::outcome).toList());
        assertEquals(List.of(Comparisons.LaneState.REMOVED, Comparisons.LaneState.MERGED, Comparisons.LaneState.REMOVED),
                again.now(c.id()).stream().map(Comparisons.LaneNow::state).toList());
        assertEquals("Merged into main.", again.now(c.id()).get(1).text());
        assertEquals("Claude Code · m-one's lane was removed (Remove the Others): its worktree and branch are gone.",
                assertThrows(IllegalStateException.class, () -> again.diff(c.id(), 0)).getMessage());
    }

    @Test
    void aLaneWhoseWorktreeWentMeanwhileIsSaidPlainly() throws Exception {
        Comparison c = started(new Comparisons(agents, sessions, git, store), List.of(new Comparisons.LaneSpec(fake, "m-one"),
                new Comparisons.LaneSpec(fake, "m-two")));
        Path first = c.lanes().get(0).worktree().path();
        Comparisons after = restart();
        // the person removed the first lane's worktree by hand while Lanes was closed
        TestRepo.gitIn(repo.root(), "worktree", "remove", "--force", first.toString());

        String said = "The worktree of Claude Code · m-one (branch greet-the-world-in-hello.txt-1) is gone: " + first
                + " no longer exists.";
        List<Comparisons.LaneNow> now = after.now(c.id());
        assertEquals(Comparisons.LaneState.GONE, now.get(0).state());
        assertEquals(said, now.get(0).text());
        assertTrue(now.get(0).failed());
        assertNull(now.get(0).diff());
        assertEquals(Comparisons.LaneState.ENDED, now.get(1).state(), "the other lane is read as ever");
        assertTrue(now.get(1).diff().contains("+hello from greet-the-world-in-hello.txt-2"), now.get(1).diff());
        assertEquals(said, assertThrows(IllegalStateException.class, () -> after.diff(c.id(), 0)).getMessage());
        assertEquals(said, assertThrows(IllegalStateException.class,
                () -> after.merge(c.id(), 0, MergeMode.FAST_FORWARD_OR_MERGE)).getMessage());
        assertEquals("hello\n", TestRepo.gitIn(repo.root(), "show", "main:hello.txt"), "nothing merged");

        // keeping the second lane removes what is left of the first: its branch
        Comparisons.Removal removal = after.removeOthers(c.id(), 1, false);
        assertEquals(List.of(0), removal.removed());
        assertEquals(List.of(), removal.refused());
        assertFalse(git.branchExists(repo.root(), "greet-the-world-in-hello.txt-1"));
        assertEquals(Comparison.Outcome.REMOVED, after.comparison(c.id()).orElseThrow().lanes().get(0).outcome());
    }
}
