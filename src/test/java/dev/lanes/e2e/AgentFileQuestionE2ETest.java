package dev.lanes.e2e;

import com.google.gson.JsonObject;
import dev.lanes.e2e.ScriptedModelServer.Reply;
import dev.lanes.fanout.AgentFileQuestion;
import dev.lanes.fanout.FanoutList;
import dev.lanes.fanout.FanoutList.AddResult;
import dev.lanes.fanout.FanoutList.Refusal.Kind;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Asking the real Claude Code CLI, read-only, which files a fan-out should take, against the
 * scripted model server: its tools really are only Read, Grep and Glob (a Write it tries fails and
 * writes nothing), its answer's existing paths go into the list and the others are counted.
 */
class AgentFileQuestionE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Instant classStart;

    @TempDir
    Path tmp;

    private ScriptedModelServer server;
    private AgentFileQuestion questions;
    private TestRepo repo;

    @BeforeAll
    static void start() {
        classStart = Instant.now().minusSeconds(1);
    }

    @BeforeEach
    void setUp() throws IOException {
        server = ScriptedModelServer.start();
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("tmp"));
        questions = new AgentFileQuestion(ClaudeCli.environment(home, server.baseUrl()), tmp.resolve("logs"));
        repo = TestRepo.create(tmp, "repo");
        repo.write("src/a.py", "import logging\nlogging.warn('a')\n")
                .write("src/b.py", "import logging\nlogging.warning('b')\n")
                .write("src/c.py", "from logging import warn\nwarn('c')\n");
        repo.commitAll("python");
    }

    @AfterEach
    void tearDown() {
        questions.close();
        server.close();
    }

    @AfterAll
    static void leavesNoProcess() throws IOException {
        List<ProcessHandle> left = ClaudeCli.leftRunningSince(classStart);
        assertTrue(left.isEmpty(), "Claude Code processes left running: " + left);
    }


    private static List<String> toolNames(ScriptedModelServer.Request r) {
        List<String> names = new ArrayList<>();
        r.json().getAsJsonArray("tools").forEach(t -> names.add(t.getAsJsonObject().get("name").getAsString()));
        return names;
    }

    @Test
    void theAgentLooksReadOnlyAndTheFilesItNamesThatExistAreAdded() throws Exception {
        String question = "List all Python files that use the old logging API (logging.warn).";
        String list = "These use the old API:\n"
                + "- src/a.py\n"
                + "- `src/c.py:2`\n"
                + "- src/legacy/old_log.py\n"
                + "- [tools/gone.py](tools/gone.py)\n";
        server.enqueue(
                Reply.toolUse("Grep", Map.of("pattern", "warn\\(", "path", repo.root().toString(), "output_mode", "files_with_matches")),
                Reply.toolUse("Write", Map.of("file_path", repo.root().resolve("notes.txt").toString(), "content", "changed\n")),
                Reply.toolUse("Bash", Map.of("command", "touch " + repo.root().resolve("pwned"))),
                Reply.text(list).usage(2_000, 120));

        CompletableFuture<AgentFileQuestion.Answer> asked = questions.ask(ClaudeCli.profile(), repo.root(), question, "", 0.50);
        AgentFileQuestion.Answer answer = asked.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertTrue(answer.ok(), answer.toString());
        assertEquals(list.strip(), answer.text().strip());
        assertTrue(answer.costUsd() > 0, answer.toString());
        assertTrue(answer.conversationId().matches("[0-9a-f-]{36}"), answer.toString());

        // read-only: only Read, Grep and Glob were offered; the Write and the Bash call failed and changed nothing
        List<ScriptedModelServer.Request> conversation = server.conversation();
        assertEquals(4, conversation.size(), server.summary());
        List<String> tools = toolNames(conversation.get(0));
        assertTrue(tools.containsAll(List.of("Read", "Grep", "Glob")), tools.toString());
        assertTrue(tools.stream().noneMatch(t -> List.of("Write", "Edit", "Bash", "NotebookEdit", "Agent").contains(t)), tools.toString());
        String grep = conversation.get(1).toolResults().get(0).toString();
        assertTrue(grep.contains("src/a.py") && grep.contains("src/c.py"), "the Grep ran in the repository: " + grep);
        JsonObject write = conversation.get(2).toolResults().get(0);
        assertTrue(write.toString().contains("No such tool available: Write"), write.toString());
        assertTrue(conversation.get(3).toolResults().get(0).toString().contains("No such tool available: Bash"));
        assertFalse(Files.exists(repo.root().resolve("notes.txt")));
        assertFalse(Files.exists(repo.root().resolve("pwned")));
        assertEquals("", TestRepo.gitIn(repo.root(), "status", "--porcelain"), "the repository is as it was");
        String prompt = conversation.get(0).lastUserText();
        assertTrue(prompt.contains(question) && prompt.contains("one path a line"), prompt);
        String log;
        try (var logs = Files.list(tmp.resolve("logs"))) {
            log = Files.readString(logs.findFirst().orElseThrow());
        }
        assertTrue(log.contains("\"permissionMode\":\"plan\""), "started in plan mode: " + log.lines().findFirst().orElse(""));

        // the answer into the list: the existing files added, the others counted
        FanoutList items = new FanoutList(repo.root());
        AddResult r = items.addFromAgentAnswer(answer.text());
        assertEquals(List.of("src/a.py", "src/c.py"), items.paths());
        assertEquals(2, r.count(Kind.MISSING), r.toString());
        assertEquals(List.of("src/legacy/old_log.py", "tools/gone.py"), r.refused().stream().map(FanoutList.Refusal::input).toList());
    }

    @Test
    void anApiErrorIsASentenceNotAnAnswer() throws Exception {
        server.enqueue(Reply.serverError());
        AgentFileQuestion.Answer answer = questions.ask(ClaudeCli.profile(), repo.root(), "Which files log?", null, null)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertFalse(answer.ok());
        assertEquals("", answer.text());
        assertTrue(answer.problem().startsWith("API Error: 500"), answer.problem());
    }

    @Test
    void cancellingTheQuestionStopsTheAgent() throws Exception {
        server.enqueue(Reply.hang());
        CompletableFuture<AgentFileQuestion.Answer> asked = questions.ask(ClaudeCli.profile(), repo.root(), "Which files log?", null, null);
        server.awaitRequest(r -> r.kind() == ScriptedModelServer.Kind.CONVERSATION, WAIT);
        assertFalse(agentsIn(repo.root()).isEmpty(), "the agent is running in the repository");
        assertTrue(asked.cancel(true));
        assertThrows(CancellationException.class, asked::join);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!agentsIn(repo.root()).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the agent was not stopped: " + agentsIn(repo.root()));
            Thread.sleep(20); // polling a condition, with a deadline
        }
    }

    /** Claude Code processes of this class working in {@code folder} (other tests on the machine may run their own). */
    private static List<ProcessHandle> agentsIn(Path folder) throws IOException {
        Path real = folder.toRealPath();
        return ClaudeCli.leftRunningSince(classStart).stream().filter(p -> {
            try {
                return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).equals(real);
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }).toList();
    }
}
