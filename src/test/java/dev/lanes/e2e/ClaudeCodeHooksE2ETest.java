package dev.lanes.e2e;

import dev.lanes.agent.ClaudeHookSettings;
import dev.lanes.agent.ClaudeHooks;
import dev.lanes.agent.HookEvent;
import dev.lanes.agent.HookServer;
import dev.lanes.e2e.ScriptedModelServer.Reply;
import dev.lanes.model.AgentActivity;
import dev.lanes.process.PtySession;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static dev.lanes.model.AgentActivity.DONE;
import static dev.lanes.model.AgentActivity.WAITING;
import static dev.lanes.model.AgentActivity.WORKING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real interactive Claude Code (the TUI, in a pty through {@link PtySession}) started with the
 * settings file of {@link ClaudeHookSettings}: its hooks reach a {@link HookServer} and drive the
 * session's activity, with no look at its screen. The model is a {@link ScriptedModelServer}; HOME
 * is a temp folder whose {@code .claude.json} skips onboarding, the folder-trust and the API-key
 * questions (DESIGN.md). What these runs show is written up in docs/claude-code.md, "Hooks".
 */
class ClaudeCodeHooksE2ETest {

    private static final Duration STEP = Duration.ofSeconds(30);
    private static Instant classStart;

    @TempDir
    Path tmp;

    private ScriptedModelServer model;
    private HookServer hooks;
    private ClaudeCli cli;
    private TestRepo repo;
    private PtySession pty;
    private final Recorder recorder = new Recorder();

    @BeforeAll
    static void noteStart() {
        classStart = Instant.now().minusSeconds(1);
    }

    @BeforeEach
    void setUp() {
        model = ScriptedModelServer.start();
        hooks = HookServer.start();
        hooks.addListener(recorder);
        cli = new ClaudeCli(tmp.resolve("home"), model);
        repo = TestRepo.create(tmp, "repo");
    }

    @AfterEach
    void tearDown() {
        if (pty != null) {
            pty.stop(Duration.ofSeconds(2));
        }
        hooks.close();
        model.close();
    }

    /** No CLI process that these tests started is left running. */
    @AfterAll
    static void leavesNoProcess() throws IOException {
        List<ProcessHandle> left = ClaudeCli.leftRunningSince(classStart);
        assertTrue(left.isEmpty(), "Claude Code processes left running: " + left);
    }

    @Test
    void promptsDriveTheActivityFromWaitingToWorkingAndBackAndExitEndsTheSession() throws Exception {
        model.enqueue(Reply.text("First answer."), Reply.text("Second answer."));
        long t0 = System.nanoTime();
        start(List.of());

        HookEvent started = recorder.await(ClaudeHooks.SESSION_START, 0, STEP);
        long startMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(WAITING, started.activity(), "the TUI waits for the first prompt");
        assertEquals("startup", started.message());
        String agentSession = started.agentSessionId();
        assertTrue(agentSession.matches("[0-9a-f-]{36}"), agentSession);

        int mark = recorder.size();
        long t1 = System.nanoTime();
        submit("hello there", ClaudeHooks.USER_PROMPT_SUBMIT);
        HookEvent submitted = recorder.await(ClaudeHooks.USER_PROMPT_SUBMIT, mark, STEP);
        assertEquals(WORKING, submitted.activity());
        assertEquals("hello there", submitted.detail());
        HookEvent stop = recorder.await(ClaudeHooks.STOP, mark, STEP);
        long turnMs = (System.nanoTime() - t1) / 1_000_000;
        assertEquals(WAITING, stop.activity());
        assertEquals("First answer.", stop.detail());
        assertTrue(model.conversation().get(0).lastUserText().contains("hello there"), model::summary);

        mark = recorder.size();
        submit("and a second one", ClaudeHooks.USER_PROMPT_SUBMIT);
        recorder.await(ClaudeHooks.USER_PROMPT_SUBMIT, mark, STEP);
        assertEquals("Second answer.", recorder.await(ClaudeHooks.STOP, mark, STEP).detail());
        assertEquals(2, model.conversation().size(), model::summary);

        mark = recorder.size();
        submit("/exit", ClaudeHooks.SESSION_END);
        HookEvent end = recorder.await(ClaudeHooks.SESSION_END, mark, STEP);
        assertEquals(DONE, end.activity());
        assertEquals("prompt_input_exit", end.message());
        assertEquals(0, pty.onExit().get(STEP.toSeconds(), TimeUnit.SECONDS));

        assertEquals(List.of(WAITING, WORKING, WAITING, WORKING, WAITING, DONE), recorder.activities(),
                recorder::describe);
        assertTrue(recorder.events().stream().allMatch(e -> e.agentSessionId().equals(agentSession)),
                recorder::describe);
        System.out.printf("hooks e2e: SessionStart %d ms after start, prompt to Stop %d ms%n", startMs, turnMs);
    }

    @Test
    void aToolThatNeedsPermissionMakesTheSessionWaitUntilThePersonAnswers() throws Exception {
        model.enqueue(Reply.text("I'll run it.").andToolUse("Bash",
                        Map.of("command", "echo hi > bash.txt", "description", "Write bash.txt")),
                Reply.text("Ran it."));
        start(List.of("--permission-mode", "default"));
        recorder.await(ClaudeHooks.SESSION_START, 0, STEP);

        int mark = recorder.size();
        submit("run a command", ClaudeHooks.USER_PROMPT_SUBMIT);
        HookEvent pre = recorder.await(ClaudeHooks.PRE_TOOL_USE, mark, STEP);
        assertEquals(WORKING, pre.activity());
        HookEvent permission = recorder.await(ClaudeHooks.PERMISSION_REQUEST, mark, STEP);
        assertEquals(WAITING, permission.activity());
        assertEquals("Bash", permission.message());
        assertEquals("echo hi > bash.txt", permission.detail());
        assertFalse(Files.exists(repo.root().resolve("bash.txt")), "Lanes answered nothing: the person decides");

        // Enter takes the dialog's first choice ("Yes"). The hook comes just before the dialog is
        // drawn, so an Enter may arrive too early; it is pressed again until the tool has run (an
        // extra Enter on the empty prompt does nothing).
        int answered = recorder.size();
        long deadline = System.nanoTime() + STEP.toNanos();
        while (recorder.find(ClaudeHooks.POST_TOOL_USE, answered) == null) {
            assertTrue(System.nanoTime() < deadline, recorder::describe);
            pty.write("\r");
            recorder.awaitQuietly(ClaudeHooks.POST_TOOL_USE, answered, Duration.ofSeconds(2));
        }
        HookEvent post = recorder.await(ClaudeHooks.POST_TOOL_USE, answered, STEP);
        assertEquals(WORKING, post.activity());
        assertEquals("Bash", post.message());
        assertEquals(WAITING, recorder.await(ClaudeHooks.STOP, answered, STEP).activity());
        assertEquals("hi\n", Files.readString(repo.root().resolve("bash.txt")));

        // the dialog waits for the person: after a few seconds the CLI also says so in a Notification
        // (seen 6 s after the PermissionRequest); it may come before or after the answer, so it is
        // not awaited here

        // stopping the terminal (as closing the tab does): SIGHUP, then SIGTERM
        mark = recorder.size();
        pty.stop(Duration.ofSeconds(5));
        assertFalse(pty.isAlive());
        HookEvent end = recorder.find(ClaudeHooks.SESSION_END, mark);
        System.out.println("hooks e2e: after stop, SessionEnd " + (end == null ? "not received" : end.message()));
        // as the status shows it: repeated activities collapsed (a Notification may repeat "waiting")
        List<AgentActivity> shown = recorder.changes();
        List<AgentActivity> expected = new ArrayList<>(List.of(WAITING, WORKING, WAITING, WORKING, WAITING));
        if (end != null) {
            expected.add(DONE);
        }
        assertEquals(expected, shown, recorder::describe);
    }

    @Test
    void anApiErrorEndsTheTurnAsWaitingWithTheErrorAndTheSessionGoesOn() throws Exception {
        model.enqueue(Reply.serverError(), Reply.text("Better now."));
        start(List.of());
        recorder.await(ClaudeHooks.SESSION_START, 0, STEP);

        int mark = recorder.size();
        submit("this fails", ClaudeHooks.USER_PROMPT_SUBMIT);
        HookEvent failure = recorder.await(ClaudeHooks.STOP_FAILURE, mark, STEP);
        assertEquals(WAITING, failure.activity());
        assertTrue(failure.error());
        assertEquals("server_error", failure.detail());
        assertTrue(failure.message().startsWith("API Error: 500"), failure::message);

        mark = recorder.size();
        submit("try again", ClaudeHooks.USER_PROMPT_SUBMIT);
        recorder.await(ClaudeHooks.USER_PROMPT_SUBMIT, mark, STEP);
        assertEquals("Better now.", recorder.await(ClaudeHooks.STOP, mark, STEP).detail());
        assertEquals(2, model.conversation().size(), model::summary);
    }

    /** Starts {@code claude --settings <file> <args>} in the repo, in a pty, with the temp HOME prepared. */
    private void start(List<String> args) throws IOException {
        Path home = tmp.resolve("home");
        Map<String, String> env = cli.environment();
        ClaudeCli.prepareInteractiveHome(home, env.get("ANTHROPIC_API_KEY"), repo.root());
        HookServer.Endpoint endpoint = hooks.register(1);
        ClaudeHookSettings.Prepared prepared = ClaudeHookSettings.write(endpoint, tmp.resolve("lanes/hooks"), env);
        env.putAll(prepared.environment());
        List<String> argv = new ArrayList<>();
        argv.add(ClaudeCli.executable().toString());
        argv.addAll(prepared.arguments());
        argv.addAll(args);
        pty = PtySession.start(PtySession.Spec.of(argv, repo.root()).withEnv(env)
                .withLog(tmp.resolve("pty.log")).withSize(120, 40));
    }

    /**
     * Types {@code text}, then presses Enter until the hook {@code expected} comes. Right after start
     * the TUI sometimes shows the text but drops an Enter that follows it at once (seen in about half
     * the runs); a second Enter then submits it. Once submitted the input is empty, and an Enter on
     * an empty input does nothing, so this never sends a prompt twice.
     */
    private void submit(String text, String expected) throws IOException, InterruptedException {
        int mark = recorder.size();
        pty.write(text);
        long deadline = System.nanoTime() + STEP.toNanos();
        int enters = 0;
        do {
            assertTrue(System.nanoTime() < deadline, () -> "no " + expected + " after typing " + text + recorder.describe());
            pty.write("\r");
            enters++;
        } while (recorder.awaitQuietly(expected, mark, Duration.ofSeconds(2)) == null);
        if (enters > 1) {
            System.out.println("hooks e2e: " + text + " took " + enters + " Enters");
        }
    }

    /** The hook events of the session, in arrival order; waits on a monitor, no sleeping. */
    private static final class Recorder implements HookServer.Listener {
        private final List<HookEvent> events = new ArrayList<>();

        @Override
        public synchronized void hookEvent(long sessionId, HookEvent event) {
            events.add(event);
            notifyAll();
        }

        synchronized int size() {
            return events.size();
        }

        synchronized List<HookEvent> events() {
            return List.copyOf(events);
        }

        /** The activities the hooks set, in order (hooks that change nothing left out). */
        synchronized List<AgentActivity> activities() {
            return events.stream().map(HookEvent::activity).filter(a -> a != null).toList();
        }

        /** {@link #activities()} with repeats collapsed: what a status display would have shown. */
        synchronized List<AgentActivity> changes() {
            List<AgentActivity> out = new ArrayList<>();
            for (AgentActivity a : activities()) {
                if (out.isEmpty() || out.get(out.size() - 1) != a) {
                    out.add(a);
                }
            }
            return out;
        }

        /** The first event named {@code name} at or after index {@code from}, or null. */
        synchronized HookEvent find(String name, int from) {
            for (int i = from; i < events.size(); i++) {
                if (events.get(i).name().equals(name)) {
                    return events.get(i);
                }
            }
            return null;
        }

        /** Waits for the first event named {@code name} at or after {@code from}; fails after {@code timeout}. */
        synchronized HookEvent await(String name, int from, Duration timeout) throws InterruptedException {
            HookEvent e = awaitQuietly(name, from, timeout);
            if (e == null) {
                throw new AssertionError("no " + name + " hook within " + timeout + "; got " + describe());
            }
            return e;
        }

        /** As {@link #await}, but null after {@code timeout}. */
        synchronized HookEvent awaitQuietly(String name, int from, Duration timeout) throws InterruptedException {
            Predicate<HookEvent> named = e -> e.name().equals(name);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                for (int i = from; i < events.size(); i++) {
                    if (named.test(events.get(i))) {
                        return events.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized String describe() {
            StringBuilder b = new StringBuilder();
            for (HookEvent e : events) {
                b.append("\n  ").append(e.name()).append(" → ").append(e.activity()).append(' ')
                        .append(e.message()).append(" | ").append(e.detail());
            }
            return b.length() == 0 ? "no hooks" : b.toString();
        }
    }
}
