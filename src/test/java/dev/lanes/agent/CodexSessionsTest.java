package dev.lanes.agent;

import dev.lanes.model.AgentActivity;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.AgentSession;
import dev.lanes.model.SessionRecord;
import dev.lanes.session.SessionManager;
import dev.lanes.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Codex session through Lanes' services, with a stand-in {@code codex} (a script printing
 * {@code exec --json} lines as Codex does; Codex itself is not installed here): the thread id
 * becomes the conversation, a follow-up runs {@code codex exec resume <thread_id> --json <prompt>},
 * a failed turn fails with its message.
 */
class CodexSessionsTest {

    @TempDir
    Path tmp;
    private Store store;
    private SessionManager sessions;
    private AgentSessions agents;
    private AgentProfile codex;

    @BeforeEach
    void setUp() throws Exception {
        store = Store.open(tmp.resolve("lanes"));
        sessions = new SessionManager(store, tmp.resolve("lanes/logs"));
        agents = new AgentSessions(sessions, store, Map.of());
        Path script = tmp.resolve("codex");
        // the arguments go to args.txt, one per line; a prompt containing FAIL makes the turn fail
        Files.writeString(script, """
                #!/bin/sh
                printf '%s\\n' "$@" >> "$(dirname "$0")/args.txt"
                echo '{"type":"thread.started","thread_id":"0199a213-81c0-7800-8aa1-bbab2a035a53"}'
                echo '{"type":"turn.started"}'
                case "$*" in
                  *FAIL*) echo '{"type":"turn.failed","error":{"message":"stream error: 429 Too Many Requests"}}'; exit 1 ;;
                esac
                echo '{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"bash -lc ls","aggregated_output":"","exit_code":null,"status":"in_progress"}}'
                echo '{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"bash -lc ls","aggregated_output":"README.md\\n","exit_code":0,"status":"completed"}}'
                echo '{"type":"item.completed","item":{"id":"item_2","type":"file_change","changes":[{"path":"notes.txt","kind":"add"}],"status":"completed"}}'
                echo '{"type":"item.completed","item":{"id":"item_3","type":"agent_message","text":"Added notes.txt."}}'
                echo '{"type":"turn.completed","usage":{"input_tokens":24763,"cached_input_tokens":24448,"output_tokens":122}}'
                """);
        script.toFile().setExecutable(true);
        AgentProfile p = BuiltInProfiles.get(BuiltInProfiles.CODEX);
        codex = p.withExecutable(script.toString());
    }

    @AfterEach
    void tearDown() {
        agents.close();
        sessions.close();
        store.close();
    }

    private AgentSession await(long id, Predicate<AgentSession> p) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            AgentSession a = agents.agent(id).orElseThrow();
            if (p.test(a)) {
                return a;
            }
            Thread.sleep(20); // polling a condition, with a deadline
        }
        throw new AssertionError("timed out; now " + agents.agent(id));
    }

    @Test
    void theThreadIdIsTheConversationAndAFollowUpResumesIt() throws Exception {
        SessionRecord s = agents.start(new AgentSessions.Request(tmp, tmp, "codex", codex, "add notes", "", "", null, null));
        AgentSession done = await(s.id(), a -> a.activity() == AgentActivity.DONE);
        assertEquals("0199a213-81c0-7800-8aa1-bbab2a035a53", done.conversationId());
        agents.followUp(s.id(), codex, "and \"more\" $(x)");
        await(s.id(), a -> a.activity() == AgentActivity.DONE && sessions.session(s.id()).orElseThrow().argv().contains("resume"));
        await(s.id(), a -> !sessions.isRunning(s.id()) && a.activity() == AgentActivity.DONE);
        List<String> args = Files.readAllLines(tmp.resolve("args.txt"));
        assertEquals(List.of("exec", "--json", "add notes", "exec", "resume", "0199a213-81c0-7800-8aa1-bbab2a035a53",
                "--json", "and \"more\" $(x)"), args);
    }

    @Test
    void aFailedTurnFailsWithItsMessage() throws Exception {
        SessionRecord s = agents.start(new AgentSessions.Request(tmp, tmp, "codex", codex, "please FAIL", "", "", null, null));
        AgentSession failed = await(s.id(), a -> a.activity() == AgentActivity.FAILED);
        assertTrue(failed.outcome().contains("429 Too Many Requests"), failed.outcome());
    }

    @Test
    void theParserTurnsCodexLinesIntoTheEventsLanesShows() {
        CodexJsonParser p = new CodexJsonParser();
        assertEquals("t1", ((dev.lanes.model.AgentEvent.Init) p.parse("{\"type\":\"thread.started\",\"thread_id\":\"t1\"}").get(0)).sessionId());
        var call = (dev.lanes.model.AgentEvent.ToolCall) p.parse("{\"type\":\"item.started\",\"item\":{\"id\":\"i\",\"type\":\"command_execution\",\"command\":\"npm test\"}}").get(0);
        assertEquals("Bash", call.tool());
        assertEquals("npm test", call.summary());
        var result = (dev.lanes.model.AgentEvent.ToolResult) p.parse("{\"type\":\"item.completed\",\"item\":{\"id\":\"i\",\"type\":\"command_execution\",\"command\":\"npm test\",\"aggregated_output\":\"1 failing\",\"exit_code\":1,\"status\":\"completed\"}}").get(0);
        assertTrue(result.isError());
        assertEquals("t1", ((dev.lanes.model.AgentEvent.Result) p.parse("{\"type\":\"turn.completed\",\"usage\":{}}").get(0)).sessionId());
        assertTrue(p.parse("garbage {").get(0) instanceof dev.lanes.model.AgentEvent.NotJson);
        assertTrue(p.parse("{\"type\":\"item.completed\",\"item\":{\"type\":\"reasoning\",\"text\":\"…\"}}").get(0) instanceof dev.lanes.model.AgentEvent.Unknown);
    }
}
