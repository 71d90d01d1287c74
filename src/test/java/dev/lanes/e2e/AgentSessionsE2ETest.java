package dev.lanes.e2e;

import dev.lanes.agent.AgentSessions;
import dev.lanes.e2e.ScriptedModelServer.Reply;
import dev.lanes.git.GitService;
import dev.lanes.model.AgentActivity;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.AgentSession;
import dev.lanes.model.CreateWorktreeRequest;
import dev.lanes.model.MergeMode;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.Worktree;
import dev.lanes.process.ProcessStartException;
import dev.lanes.session.SessionManager;
import dev.lanes.store.Store;
import dev.lanes.testutil.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agent sessions through Lanes' own services (store, session manager, agent sessions) with the
 * real Claude Code CLI against the scripted model server: activity, cost, follow-ups, budgets,
 * errors, a restart of Lanes, and agents that misbehave.
 */
class AgentSessionsE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private ScriptedModelServer server;
    private ClaudeCli cli;
    private TestRepo repo;
    private Store store;
    private SessionManager sessions;
    private AgentSessions agents;
    private final List<AgentSession> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        server = ScriptedModelServer.start();
        cli = new ClaudeCli(tmp.resolve("home"), server);
        repo = TestRepo.create(tmp, "repo");
        openLanes();
    }

    private void openLanes() {
        store = Store.open(tmp.resolve("lanes"));
        sessions = new SessionManager(store, tmp.resolve("lanes/logs"));
        agents = new AgentSessions(sessions, store, cli.environment());
        agents.addListener((a, s) -> seen.add(a));
    }

    private void closeLanes() {
        agents.close();
        sessions.close();
        store.close();
    }

    @AfterEach
    void tearDown() {
        closeLanes();
        cli.stopAll();
        server.close();
    }


    private AgentSession await(long id, Predicate<AgentSession> p, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            AgentSession a = agents.agent(id).orElseThrow();
            if (p.test(a)) {
                return a;
            }
            Thread.sleep(20); // polling a condition, with a deadline
        }
        throw new AssertionError("timed out waiting for " + what + "; now " + agents.agent(id) + "\nlog:\n" + log(id));
    }

    private String log(long id) {
        try {
            return Files.readString(sessions.session(id).orElseThrow().logFile());
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }

    private AgentSessions.Request request(Path worktree, String prompt, Double budget) {
        return new AgentSessions.Request(repo.root(), worktree, "lane", ClaudeCli.profile(), prompt, "", "acceptEdits", budget, null);
    }

    @Test
    void anAgentInANewWorktreeWritesAFileFollowsUpAndItsWorkMergesIntoMain() throws Exception {
        GitService git = new GitService();
        RepositoryInfo info = git.open(repo.root());
        Path folder = tmp.resolve("repo.lanes/feature");
        Worktree wt = git.createWorktree(info, new CreateWorktreeRequest("feature", true, "HEAD", folder, List.of(), ""))
                .worktree();
        server.enqueue(
                Reply.text("Writing it.").andToolUse("Write", Map.of("file_path", "greeting.txt", "content", "hello\n"))
                        .usage(3_000, 200),
                Reply.text("Written.").usage(3_500, 30));

        SessionRecord s = agents.start(request(wt.path(), "Write hello to greeting.txt", null));
        AgentSession started = agents.agent(s.id()).orElseThrow();
        assertTrue(started.conversationId().matches("[0-9a-f-]{36}"), started.conversationId());
        AgentSession done = await(s.id(), a -> a.activity() == AgentActivity.DONE, "the run to be done");
        assertEquals("hello\n", Files.readString(wt.path().resolve("greeting.txt")), "the file is in the worktree");
        assertTrue(done.costUsd() > 0, done.toString());
        assertEquals(started.conversationId(), done.conversationId());
        assertTrue(seen.stream().anyMatch(a -> a.sessionId() == s.id() && a.activity() == AgentActivity.WORKING),
                "it was working in between: " + seen);
        String log = log(s.id());
        assertTrue(log.startsWith("{\"type\":\"lanes\",\"event\":\"prompt\",\"text\":\"Write hello to greeting.txt\"}\n"), log);
        assertTrue(log.contains("\"type\":\"result\""), log);

        // a follow-up continues the same conversation, in the same session; the cost is the whole conversation's
        server.enqueue(Reply.text("Nothing else to do.").usage(4_000, 20));
        agents.followUp(s.id(), ClaudeCli.profile(), "Anything else?");
        AgentSession second = await(s.id(), a -> a.activity() == AgentActivity.DONE && a.costUsd() > done.costUsd(),
                "the follow-up to be done");
        assertEquals(done.conversationId(), second.conversationId());
        assertTrue(server.conversation().get(server.conversation().size() - 1).lastUserText().contains("Anything else?"));
        assertTrue(sessions.session(s.id()).orElseThrow().argv().contains("--resume"));
        assertTrue(log(s.id()).contains("\"text\":\"Anything else?\""));

        // the person commits the lane's work; merging brings it to main
        TestRepo.gitIn(wt.path(), "add", "-A");
        TestRepo.gitIn(wt.path(), "commit", "-qm", "greeting");
        assertTrue(git.merge(info, wt, "main", MergeMode.MERGE_COMMIT).merged());
        assertEquals("hello\n", Files.readString(repo.root().resolve("greeting.txt")));

        // Lanes restarts: the session comes back done, with its cost
        closeLanes();
        openLanes();
        List<AgentSession> loaded = agents.load(repo.root());
        assertEquals(1, loaded.size());
        assertEquals(AgentActivity.DONE, loaded.get(0).activity());
        assertEquals(second.costUsd(), loaded.get(0).costUsd());
        assertEquals(second.costUsd(), agents.cost(repo.root()));
        git.close();
    }

    @Test
    void aBudgetCapEndsTheRunAsBudgetReached() throws Exception {
        server.enqueue(Reply.text("Thinking hard.").usage(400_000, 5_000), Reply.text("more").usage(400_000, 5_000));
        SessionRecord s = agents.start(request(repo.root(), "Spend a lot", 0.01));
        assertTrue(s.argv().containsAll(List.of("--max-budget-usd", "0.01")), s.argv().toString());
        AgentSession a = await(s.id(), x -> x.activity() == AgentActivity.FAILED, "budget reached");
        assertTrue(a.outcome().startsWith("Budget reached"), a.outcome());
        assertTrue(a.costUsd() > 0);
    }

    @Test
    void aServerErrorAndMissingCredentialsAreClearFailures() throws Exception {
        server.enqueue(Reply.serverError());
        SessionRecord s = agents.start(request(repo.root(), "Hello", null));
        AgentSession a = await(s.id(), x -> x.activity() == AgentActivity.FAILED, "the error");
        assertTrue(a.outcome().contains("500") || a.outcome().toLowerCase().contains("error"), a.outcome());

        AgentSessions noKey = new AgentSessions(sessions, store, withoutKey(cli.environment()));
        SessionRecord t = noKey.start(request(repo.root(), "Hello", null));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (noKey.agent(t.id()).orElseThrow().activity() != AgentActivity.FAILED && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        AgentSession n = noKey.agent(t.id()).orElseThrow();
        assertEquals(AgentActivity.FAILED, n.activity());
        assertTrue(n.outcome().startsWith("Not logged in") && n.outcome().contains("/login"), n.outcome());
        noKey.close();
    }

    private static Map<String, String> withoutKey(Map<String, String> env) {
        Map<String, String> m = new java.util.HashMap<>(env);
        m.put("ANTHROPIC_API_KEY", null);
        return m;
    }

    @Test
    void aMissingAgentSaysWhatIsMissingAndHowToInstallIt() {
        AgentProfile p = ClaudeCli.profile();
        AgentProfile missing = p.withExecutable("claude-not-installed-here");
        ProcessStartException e = assertThrows(ProcessStartException.class, () -> agents.start(
                new AgentSessions.Request(repo.root(), repo.root(), "x", missing, "hi", "", "", null, null)));
        assertTrue(e.getMessage().contains("claude-not-installed-here") && e.getMessage().contains("npm install"), e.getMessage());
        AgentSession a = agents.agent(agents.load(repo.root()).get(0).sessionId()).orElseThrow();
        assertEquals(AgentActivity.FAILED, a.activity());
    }

    @Test
    void agentsThatPrintGarbageExitAtOnceOrHangEndClearly() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path garbage = script(bin, "garbage", "printf '\\377\\376 not json\\n{\"type\":\"assistant\",\"message\":' ; head -c 3000 /dev/urandom; exit 0");
        Path quick = script(bin, "quick", "echo 'boom' >&2; exit 3");
        Path hang = script(bin, "hang", "echo '{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"x\"}'; exec sleep 600");

        AgentSession g = await(startWith(garbage).id(), x -> x.activity() == AgentActivity.FAILED, "garbage to fail");
        assertTrue(g.outcome().contains("without a result"), g.outcome());
        AgentSession q = await(startWith(quick).id(), x -> x.activity() == AgentActivity.FAILED, "quick exit to fail");
        assertTrue(q.outcome().contains("code 3") && q.outcome().contains("boom"), q.outcome());
        SessionRecord h = startWith(hang);
        await(h.id(), x -> x.activity() == AgentActivity.WORKING, "the hanging agent to work");
        sessions.stop(h.id());
        AgentSession stopped = await(h.id(), x -> x.activity() == AgentActivity.DONE, "stop");
        assertEquals("Stopped.", stopped.outcome());
        assertFalse(sessions.isRunning(h.id()));
    }

    private SessionRecord startWith(Path executable) {
        AgentProfile p = ClaudeCli.profile();
        AgentProfile fake = p.withExecutable(executable.toString());
        return agents.start(new AgentSessions.Request(repo.root(), repo.root(), executable.getFileName().toString(), fake,
                "hi", "", "", null, null));
    }

    private static Path script(Path dir, String name, String body) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        f.toFile().setExecutable(true);
        return f;
    }
}
