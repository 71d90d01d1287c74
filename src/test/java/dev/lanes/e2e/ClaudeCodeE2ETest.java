package dev.lanes.e2e;

import com.google.gson.JsonObject;
import dev.lanes.e2e.ScriptedModelServer.Kind;
import dev.lanes.e2e.ScriptedModelServer.Reply;
import dev.lanes.model.AgentEvent;
import dev.lanes.model.AgentOutcome;
import dev.lanes.process.ProcessExit;
import dev.lanes.testutil.TestRepo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Claude Code CLI (from npm, installed by the build) against {@link ScriptedModelServer}, in
 * a temp git repository with a temp HOME. What it shows about the CLI is written up in
 * docs/claude-code.md. With {@code -Dlanes.record.fixtures=<folder>} each run's standard output is
 * also saved there (how the parser's fixtures in src/test/resources/dev/lanes/agent were made).
 */
class ClaudeCodeE2ETest {

    private static final Duration RUN = Duration.ofSeconds(60);
    private static Instant classStart;

    @TempDir
    Path tmp;

    private ScriptedModelServer server;
    private ClaudeCli cli;
    private TestRepo repo;

    @BeforeAll
    static void noteStart() {
        classStart = Instant.now().minusSeconds(1);
    }

    @BeforeEach
    void setUp() {
        server = ScriptedModelServer.start();
        cli = new ClaudeCli(tmp.resolve("home"), server);
        repo = TestRepo.create(tmp, "repo");
    }

    @AfterEach
    void tearDown() {
        if (cli != null) {
            cli.stopAll();
        }
        if (server != null) {
            server.close();
        }
    }

    /** No CLI process that these tests started is left running. */
    @AfterAll
    static void leavesNoProcess() throws IOException {
        List<ProcessHandle> left = ClaudeCli.leftRunningSince(classStart);
        assertTrue(left.isEmpty(), "Claude Code processes left running: " + left);
    }

    @Test
    void aWriteToolCallCreatesTheFileAndAFollowUpResumesTheSameSession() throws Exception {
        String sessionId = UUID.randomUUID().toString();
        String prompt = "Write \"hello\" to notes/hello.txt,\nthen say 'done'. $(touch pwned) `touch pwned2` \\ end";
        server.enqueue(
                Reply.text("I'll write the file.").andToolUse("Write",
                        Map.of("file_path", "notes/hello.txt", "content", "hello from the CLI\n")).usage(2_000, 150),
                Reply.text("The file is written.").usage(2_500, 40));

        ClaudeCli.Run run = cli.start(repo.root(),
                ClaudeCli.headless(prompt, "--session-id", sessionId, "--permission-mode", "acceptEdits"));
        ProcessExit exit = run.awaitExit(RUN);
        record(run, "write-tool");

        assertEquals(0, exit.code(), run::describe);
        assertEquals("hello from the CLI\n", Files.readString(repo.root().resolve("notes/hello.txt")));
        AgentEvent.Init init = run.only(AgentEvent.Init.class);
        assertEquals(sessionId, init.sessionId());
        assertEquals(repo.root().toRealPath().toString(), Path.of(init.cwd()).toRealPath().toString());
        assertTrue(init.tools().containsAll(List.of("Write", "Edit", "Bash", "Read")), init.tools()::toString);
        AgentEvent.ToolCall call = run.only(AgentEvent.ToolCall.class);
        assertEquals("Write", call.tool());
        assertEquals("notes/hello.txt", call.summary());
        AgentEvent.ToolResult toolResult = run.only(AgentEvent.ToolResult.class);
        assertEquals(call.id(), toolResult.toolUseId());
        assertFalse(toolResult.isError(), toolResult::text);
        assertTrue(run.events(AgentEvent.AssistantText.class).stream().map(AgentEvent.AssistantText::text).toList()
                .containsAll(List.of("I'll write the file.", "The file is written.")));
        AgentEvent.Result result = run.only(AgentEvent.Result.class);
        assertFalse(result.isError());
        assertEquals("The file is written.", result.result());
        assertEquals(2, result.numTurns());
        assertTrue(result.totalCostUsd() > 0, "cost from the scripted usage: " + result);
        assertEquals(sessionId, result.sessionId());
        AgentOutcome outcome = run.outcome();
        assertEquals(AgentOutcome.Kind.SUCCEEDED, outcome.kind());
        assertEquals(result.totalCostUsd(), outcome.costUsd());

        // the prompt reached the model as one literal argument: quotes, line break and $(…) untouched
        List<ScriptedModelServer.Request> turns = server.conversation();
        assertEquals(2, turns.size(), server::summary);
        assertTrue(turns.get(0).lastUserText().contains(prompt), turns.get(0)::lastUserText);
        assertFalse(Files.exists(repo.root().resolve("pwned")) || Files.exists(repo.root().resolve("pwned2")));
        // the second request carries the tool's result back
        List<JsonObject> results = turns.get(1).toolResults();
        assertEquals(1, results.size());
        assertEquals(call.id(), results.get(0).get("tool_use_id").getAsString());

        // a follow-up continues the conversation under the same session id
        server.clearRequests();
        server.enqueue(Reply.text("Second answer."));
        ClaudeCli.Run followUp = cli.start(repo.root(),
                ClaudeCli.headless("And now?", "--resume", sessionId, "--permission-mode", "acceptEdits"));
        assertEquals(0, followUp.awaitExit(RUN).code(), followUp::describe);
        record(followUp, "resume");
        assertEquals(sessionId, followUp.only(AgentEvent.Init.class).sessionId());
        AgentEvent.Result second = followUp.only(AgentEvent.Result.class);
        assertEquals(sessionId, second.sessionId());
        assertEquals("Second answer.", second.result());
        assertTrue(second.totalCostUsd() > result.totalCostUsd(),
                "after --resume, total_cost_usd counts the whole session, earlier runs included: " + second);
        ScriptedModelServer.Request resumed = server.conversation().get(0);
        assertTrue(resumed.body().contains("hello from the CLI") && resumed.body().contains("pwned2"),
                "the earlier turns are sent again");
        assertTrue(resumed.lastUserText().contains("And now?"));
    }

    @Test
    void aFollowUpToASessionTheCliDoesNotKnowFailsWithItsReason() throws Exception {
        String unknown = UUID.randomUUID().toString();
        ClaudeCli.Run run = cli.start(repo.root(), ClaudeCli.headless("Hello again", "--resume", unknown));
        assertEquals(1, run.awaitExit(RUN).code(), run::describe);
        record(run, "resume-unknown-session");

        assertTrue(run.events(AgentEvent.Init.class).isEmpty(), "no init: the run ends before it starts");
        AgentEvent.Result result = run.only(AgentEvent.Result.class);
        assertEquals("error_during_execution", result.subtype());
        assertEquals(List.of("No conversation found with session ID: " + unknown), result.errors());
        assertEquals("No conversation found with session ID: " + unknown, run.outcome().message());
        assertTrue(server.requests().isEmpty(), server::summary);
    }

    @Test
    void aTurnLimitEndsTheRunWithErrorMaxTurns() throws Exception {
        server.enqueue(Reply.toolUse("Bash", Map.of("command", "echo one")), Reply.toolUse("Bash", Map.of("command", "echo two")));
        ClaudeCli.Run run = cli.start(repo.root(), ClaudeCli.headless("Loop", "--max-turns", "1", "--permission-mode", "acceptEdits"));
        assertEquals(1, run.awaitExit(RUN).code(), run::describe);
        record(run, "max-turns");

        AgentEvent.Result result = run.only(AgentEvent.Result.class);
        assertTrue(result.isError());
        assertEquals("error_max_turns", result.subtype());
        assertEquals(List.of("Reached maximum number of turns (1)"), result.errors());
        assertEquals(1, run.events(AgentEvent.ToolResult.class).size(), "the first call ran, the second turn did not start");
    }

    @Test
    void bashReadAndEditToolCallsRunInTheWorkingFolder() throws Exception {
        server.enqueue(
                Reply.toolUse("Bash", Map.of("command", "printf 'from bash\\n' > bash.txt && echo wrote",
                        "description", "Write bash.txt")),
                Reply.toolUse("Read", Map.of("file_path", repo.root().resolve("README.md").toString())),
                Reply.toolUse("Edit", Map.of("file_path", repo.root().resolve("README.md").toString(),
                        "old_string", "# test", "new_string", "# edited by the CLI")),
                Reply.text("All three done."));
        ClaudeCli.Run run = cli.start(repo.root(), ClaudeCli.headless("Use the tools", "--permission-mode", "acceptEdits"));
        assertEquals(0, run.awaitExit(RUN).code(), run::describe);
        record(run, "bash-read-edit");

        assertEquals("from bash\n", Files.readString(repo.root().resolve("bash.txt")));
        assertEquals("# edited by the CLI\n", Files.readString(repo.root().resolve("README.md")));
        List<AgentEvent.ToolCall> calls = run.events(AgentEvent.ToolCall.class);
        assertEquals(List.of("Bash", "Read", "Edit"), calls.stream().map(AgentEvent.ToolCall::tool).toList());
        assertEquals("printf 'from bash\\n' > bash.txt && echo wrote", calls.get(0).summary());
        assertEquals(repo.root().resolve("README.md").toString(), calls.get(2).summary());
        List<AgentEvent.ToolResult> results = run.events(AgentEvent.ToolResult.class);
        assertEquals(3, results.size(), run::describe);
        assertTrue(results.stream().noneMatch(AgentEvent.ToolResult::isError), run::describe);
        assertEquals("wrote", results.get(0).text().strip());
        assertTrue(results.get(1).text().contains("# test"), results.get(1)::text);
        assertEquals(AgentOutcome.Kind.SUCCEEDED, run.outcome().kind());
    }

    @Test
    void inTheDefaultPermissionModeAWriteIsDeniedAndTheRunGoesOn() throws Exception {
        server.enqueue(Reply.toolUse("Write", Map.of("file_path", "denied.txt", "content", "x")),
                Reply.text("I could not write it."));
        ClaudeCli.Run run = cli.start(repo.root(), ClaudeCli.headless("Write denied.txt"));
        assertEquals(0, run.awaitExit(RUN).code(), run::describe);
        record(run, "permission-denied");

        AgentEvent.ToolCall call = run.only(AgentEvent.ToolCall.class);
        AgentEvent.PermissionDenied denied = run.only(AgentEvent.PermissionDenied.class);
        assertEquals(call.id(), denied.toolUseId());
        assertEquals("Write", denied.tool());
        AgentEvent.ToolResult result = run.only(AgentEvent.ToolResult.class);
        assertTrue(result.isError());
        assertTrue(result.text().contains("haven't granted"), result::text);
        assertFalse(Files.exists(repo.root().resolve("denied.txt")));
        assertEquals(AgentOutcome.Kind.SUCCEEDED, run.outcome().kind(), "a denied tool does not fail the run");
    }

    @Test
    void aServerErrorEndsTheRunWithAClearError() throws Exception {
        server.enqueue(Reply.serverError());
        long t0 = System.nanoTime();
        ClaudeCli.Run run = cli.start(repo.root(), ClaudeCli.headless("Hello"));
        ProcessExit exit = run.awaitExit(RUN);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        record(run, "server-error-500");

        assertEquals(1, exit.code(), run::describe);
        AgentEvent.Result result = run.only(AgentEvent.Result.class);
        assertTrue(result.isError());
        assertEquals("success", result.subtype(), "the subtype does not say it failed: is_error does");
        assertEquals(500, result.apiErrorStatus());
        AgentOutcome outcome = run.outcome();
        assertEquals(AgentOutcome.Kind.FAILED, outcome.kind());
        assertTrue(outcome.message().startsWith("API Error: 500"), outcome::message);
        assertEquals(1, server.conversation().size(), "no retry with CLAUDE_CODE_MAX_RETRIES=0");
        assertTrue(ms < 30_000, "took " + ms + " ms");
    }

    @Test
    void anOverloadedServerIsRetriedAndTheRunRecovers() throws Exception {
        server.enqueue(Reply.overloaded(), Reply.text("Recovered."));
        ClaudeCli.Run run = cli.start(repo.root(), ClaudeCli.headless("Hello"), Map.of("CLAUDE_CODE_MAX_RETRIES", "1"));
        assertEquals(0, run.awaitExit(RUN).code(), run::describe);
        record(run, "overloaded-retry");

        AgentEvent.ApiRetry retry = run.only(AgentEvent.ApiRetry.class);
        assertEquals(529, retry.errorStatus());
        assertEquals(1, retry.attempt());
        assertEquals(1, retry.maxRetries());
        assertEquals("Recovered.", run.only(AgentEvent.Result.class).result());
        assertEquals(2, server.conversation().size());
    }

    @Test
    void aTinyBudgetEndsTheRunWithBudgetReached() throws Exception {
        server.enqueue(Reply.toolUse("Write", Map.of("file_path", "maybe.txt", "content", "x")));
        ClaudeCli.Run run = cli.start(repo.root(),
                ClaudeCli.headless("Spend", "--max-budget-usd", "0.0001", "--permission-mode", "acceptEdits"));
        ProcessExit exit = run.awaitExit(RUN);
        record(run, "budget");

        assertEquals(1, exit.code(), run::describe);
        AgentEvent.Result result = run.only(AgentEvent.Result.class);
        assertTrue(result.isError());
        assertEquals("error_max_budget_usd", result.subtype());
        assertTrue(result.totalCostUsd() > 0.0001);
        AgentOutcome outcome = run.outcome();
        assertEquals(AgentOutcome.Kind.BUDGET_REACHED, outcome.kind());
        assertTrue(outcome.message().contains("Reached maximum budget"), outcome::message);
        // whether maybe.txt was written is a race: the CLI may start a tool as soon as its block has
        // streamed, before it checks the budget at the end of the reply (seen both ways; no
        // tool_result is printed either way). So nothing is asserted about the file.
    }

    @Test
    void withoutCredentialsTheRunSaysNotLoggedIn() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ANTHROPIC_API_KEY", null);
        ClaudeCli.Run run = cli.start(repo.root(), ClaudeCli.headless("Hello"), env);
        assertEquals(1, run.awaitExit(RUN).code(), run::describe);
        record(run, "not-logged-in");

        AgentEvent.Result result = run.only(AgentEvent.Result.class);
        assertEquals("Not logged in · Please run /login", result.result());
        AgentOutcome outcome = run.outcome();
        assertEquals(AgentOutcome.Kind.NOT_LOGGED_IN, outcome.kind());
        assertTrue(outcome.hint().contains("/login"));
        assertTrue(server.conversation().isEmpty(), server::summary);
    }

    @Test
    void stoppingARunningSessionEndsItAsStopped() throws Exception {
        server.enqueue(Reply.hang());
        ClaudeCli.Run run = cli.start(repo.root(), ClaudeCli.headless("Think for a long time"));
        server.awaitRequest(r -> r.kind() == Kind.CONVERSATION, RUN);
        run.process.stop(Duration.ofSeconds(5));
        ProcessExit exit = run.awaitExit(RUN);
        record(run, "stopped");

        assertEquals(143, exit.code(), run::describe);
        assertNull(run.parsed.result(), "no result after SIGTERM");
        assertEquals(AgentOutcome.Kind.STOPPED, run.outcome().kind());
        assertFalse(run.process.isAlive());
    }

    /** Saves the run's standard output when fixtures are being recorded. */
    private static void record(ClaudeCli.Run run, String name) throws IOException {
        String dir = System.getProperty("lanes.record.fixtures", "");
        if (!dir.isEmpty()) {
            Path file = Path.of(dir).resolve(name + ".jsonl");
            Files.createDirectories(file.getParent());
            Files.writeString(file, run.stdout.toString(), StandardCharsets.UTF_8);
        }
    }
}
