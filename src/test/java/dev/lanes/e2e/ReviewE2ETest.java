package dev.lanes.e2e;

import com.google.gson.JsonObject;
import dev.lanes.agent.AgentSessions;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.e2e.ScriptedModelServer.Reply;
import dev.lanes.git.GitService;
import dev.lanes.model.AgentActivity;
import dev.lanes.model.CreateWorktreeRequest;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.Worktree;
import dev.lanes.review.Finding;
import dev.lanes.review.Review;
import dev.lanes.review.ReviewFocus;
import dev.lanes.review.ReviewRound;
import dev.lanes.review.Reviews;
import dev.lanes.session.SessionManager;
import dev.lanes.store.Store;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writer and a reviewer, both the real Claude Code CLI against the scripted model server: the
 * writer edits a file in its worktree; the reviewer, read-only, tries to write and edit (refused,
 * nothing changes) and returns three findings; two are sent, and the writer's next prompt holds
 * exactly those; a second round continues the reviewer's conversation, still read-only, with the
 * diff between the rounds recorded; the cap stops a third.
 */
class ReviewE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String REVIEW_MODEL = "claude-sonnet-4-5";
    private static Instant classStart;

    @TempDir
    Path tmp;

    private ScriptedModelServer server;
    private ClaudeCli cli;
    private TestRepo repo;
    private Store store;
    private SessionManager sessions;
    private AgentSessions agents;
    private GitService git;

    @BeforeAll
    static void start() {
        classStart = Instant.now().minusSeconds(1);
    }

    @BeforeEach
    void setUp() {
        server = ScriptedModelServer.start();
        cli = new ClaudeCli(tmp.resolve("home"), server);
        repo = TestRepo.create(tmp, "repo");
        repo.write("src/app.py", "def load():\n    return 1\n").commitAll("app");
        store = Store.open(tmp.resolve("lanes"));
        sessions = new SessionManager(store, tmp.resolve("lanes/logs"));
        agents = new AgentSessions(sessions, store, cli.environment());
        git = new GitService();
    }

    @AfterEach
    void tearDown() {
        agents.close();
        sessions.close();
        store.close();
        git.close();
        cli.stopAll();
        server.close();
    }

    @AfterAll
    static void leavesNoProcess() throws IOException {
        List<ProcessHandle> left = ClaudeCli.leftRunningSince(classStart);
        assertTrue(left.isEmpty(), "Claude Code processes left running: " + left);
    }


    private AgentSessions.RunEnd awaitRun(long sessionId) throws Exception {
        return agents.whenRunEnds(sessionId).orElseThrow().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<String> toolNames(ScriptedModelServer.Request r) {
        List<String> names = new ArrayList<>();
        r.json().getAsJsonArray("tools").forEach(t -> names.add(t.getAsJsonObject().get("name").getAsString()));
        return names;
    }

    private static void assertReadOnlyTools(ScriptedModelServer.Request r) {
        List<String> tools = toolNames(r);
        assertTrue(tools.containsAll(List.of("Read", "Grep", "Glob")), tools.toString());
        assertTrue(tools.stream().noneMatch(t -> List.of("Write", "Edit", "Bash", "NotebookEdit", "Agent", "WebFetch").contains(t)),
                "the reviewer has no tool that writes: " + tools);
    }

    private String log(long sessionId) throws IOException {
        return Files.readString(sessions.session(sessionId).orElseThrow().logFile());
    }

    @Test
    void theReviewersChosenFindingsBecomeTheWritersNextPromptAndTheReviewerCannotWrite() throws Exception {
        RepositoryInfo info = git.open(repo.root());
        Worktree wt = git.createWorktree(info, new CreateWorktreeRequest("feature", true, "main", tmp.resolve("repo.lanes/feature"),
                List.of(), "")).worktree();
        Path app = wt.path().resolve("src/app.py");

        // the writer edits a file in its worktree
        server.enqueue(
                Reply.toolUse("Read", Map.of("file_path", app.toString())),
                Reply.toolUse("Edit", Map.of("file_path", app.toString(), "old_string", "return 1", "new_string", "return 2")),
                Reply.text("Edited."));
        SessionRecord writer = agents.start(new AgentSessions.Request(repo.root(), wt.path(), "writer", ClaudeCli.profile(),
                "Make load() return 2", "", "acceptEdits", null, null));
        assertEquals(AgentActivity.DONE, awaitRun(writer.id()).agent().activity(), log(writer.id()));
        String written = "def load():\n    return 2\n";
        assertEquals(written, Files.readString(app));

        Reviews reviews = new Reviews(agents, sessions, git, store,
                id -> id.equals(BuiltInProfiles.CLAUDE) ? Optional.of(ClaudeCli.profile()) : Optional.empty());
        List<ReviewRound> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        reviews.addListener((r, round) -> told.add(round));
        Review review = reviews.create(new Reviews.Request(writer.id(), ClaudeCli.profile(), REVIEW_MODEL, 1.0, 2));

        // round 1: the reviewer tries to write and to edit (refused, nothing changes), then answers with three findings
        String status = TestRepo.gitIn(wt.path(), "status", "--porcelain");
        server.clearRequests();
        server.enqueue(
                Reply.toolUse("Write", Map.of("file_path", app.toString(), "content", "pwned\n")),
                Reply.toolUse("Edit", Map.of("file_path", app.toString(), "old_string", "return 2", "new_string", "return 666")),
                Reply.text("""
                        1. src/app.py:2 — FINDING-ONE load() returns a constant; read the value from the config
                        2. `src/app.py:1` — FINDING-TWO load() has no docstring
                        3. — FINDING-THREE no test covers load()
                        """).usage(2_000, 150));
        ReviewRound started = reviews.startRound(review.id(), ReviewFocus.of("", ReviewFocus.Preset.EDGE_CASES));
        assertEquals(ReviewRound.State.REVIEWING, started.state());
        assertEquals(1, started.number());
        assertTrue(started.diff().text().contains("-    return 1\n+    return 2\n"), started.diff().text());
        ReviewRound first = reviews.whenReviewed(review.id(), 1).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertEquals(ReviewRound.State.REVIEWED, first.state(), first.problem() + "\n" + log(first.reviewerSessionId()));
        List<Finding> findings = first.findings();
        assertEquals(List.of(
                new Finding(1, "src/app.py", 2, "FINDING-ONE load() returns a constant; read the value from the config"),
                new Finding(2, "src/app.py", 1, "FINDING-TWO load() has no docstring"),
                new Finding(3, null, null, "FINDING-THREE no test covers load()")), findings);
        assertEquals(written, Files.readString(app), "the reviewer changed nothing");
        assertEquals(status, TestRepo.gitIn(wt.path(), "status", "--porcelain"));

        List<ScriptedModelServer.Request> reviewer = server.conversation();
        assertEquals(3, reviewer.size(), server.summary());
        assertReadOnlyTools(reviewer.get(0));
        assertEquals(REVIEW_MODEL, reviewer.get(0).model());
        String prompt = reviewer.get(0).lastUserText();
        assertTrue(prompt.contains("+    return 2") && prompt.contains(ReviewFocus.Preset.EDGE_CASES.ask())
                && prompt.contains("NO FINDINGS"), prompt);
        JsonObject writeResult = reviewer.get(1).toolResults().get(0);
        assertTrue(writeResult.get("is_error").getAsBoolean(), writeResult.toString());
        assertTrue(writeResult.toString().contains("No such tool available: Write"), writeResult.toString());
        assertTrue(reviewer.get(2).toolResults().get(0).toString().contains("No such tool available: Edit"));
        String reviewerLog = log(first.reviewerSessionId());
        assertTrue(reviewerLog.contains("\"permissionMode\":\"plan\""), "the reviewer ran in plan mode");
        List<String> argv = sessions.session(first.reviewerSessionId()).orElseThrow().argv();
        assertTrue(argv.contains("--tools=Read,Grep,Glob") && argv.contains("plan"), argv.toString());

        // two of the three are sent: the writer's next prompt holds exactly those, numbered, with file and line
        server.clearRequests();
        server.enqueue(
                Reply.toolUse("Read", Map.of("file_path", app.toString())),
                Reply.toolUse("Edit", Map.of("file_path", app.toString(), "old_string", "    return 2\n",
                        "new_string", "    return 2  # checked\n")),
                Reply.text("1: done. 2: added a test."));
        reviews.sendToWriter(review.id(), List.of(findings.get(0), findings.get(2)));
        assertEquals(AgentActivity.DONE, awaitRun(writer.id()).agent().activity(), log(writer.id()));
        String toWriter = server.conversation().get(0).lastUserText();
        assertTrue(toWriter.contains("1. src/app.py:2 — FINDING-ONE load() returns a constant; read the value from the config\n"
                + "2. FINDING-THREE no test covers load()\n"), toWriter);
        assertFalse(toWriter.contains("FINDING-TWO"), toWriter);
        ReviewRound sent = reviews.rounds(review.id()).get(0);
        assertEquals(ReviewRound.State.SENT, sent.state());
        assertEquals(Set.of(1, 3), sent.sent());
        assertTrue(toWriter.contains(sent.writerPrompt().strip()), "what was sent is stored");
        assertEquals("IllegalStateException: Round 1's findings were already sent to the writer; review again for new ones.",
                error(() -> reviews.sendToWriter(review.id(), List.of(findings.get(1)))));

        // round 2 continues the reviewer's conversation, still read-only; the diff since round 1 is kept
        server.clearRequests();
        server.enqueue(
                Reply.toolUse("Edit", Map.of("file_path", app.toString(), "old_string", "return 2", "new_string", "return 666")),
                Reply.text("NO FINDINGS"));
        reviews.startRound(review.id(), ReviewFocus.general());
        ReviewRound second = reviews.whenReviewed(review.id(), 2).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(ReviewRound.State.REVIEWED, second.state(), second.problem());
        assertEquals(List.of(), second.findings());
        assertEquals(first.reviewerSessionId(), second.reviewerSessionId(), "one reviewer session across rounds");
        assertTrue(second.diffFromPrevious().contains("-    return 2\n+    return 2  # checked\n"), second.diffFromPrevious());
        assertFalse(second.diffFromPrevious().contains("return 1"), "only what changed between the rounds");
        List<ScriptedModelServer.Request> again = server.conversation();
        assertReadOnlyTools(again.get(0));
        assertTrue(again.get(0).lastUserText().contains("This is round 2 of 2.")
                && again.get(0).lastUserText().contains("1. src/app.py:2 — FINDING-ONE"), again.get(0).lastUserText());
        assertTrue(again.get(1).toolResults().get(0).toString().contains("No such tool available: Edit"));
        assertTrue(sessions.session(first.reviewerSessionId()).orElseThrow().argv().contains("--resume"));
        assertEquals("def load():\n    return 2  # checked\n", Files.readString(app), "the reviewer changed nothing");

        // the cap
        assertEquals(0, reviews.roundsLeft(review.id()));
        assertEquals("IllegalStateException: This review has had its 2 rounds, its cap; start a new review of the writer's work "
                + "to go on.", error(() -> reviews.startRound(review.id(), ReviewFocus.general())));
        assertEquals("IllegalArgumentException: Tick at least one finding to send to the writer.",
                error(() -> reviews.sendToWriter(review.id(), List.of())));
        assertTrue(told.stream().anyMatch(r -> r.number() == 1 && r.state() == ReviewRound.State.SENT), told.toString());
        assertEquals(2, reviews.rounds(review.id()).size());
    }

    private static String error(Runnable r) {
        RuntimeException e = assertThrows(RuntimeException.class, r::run);
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
