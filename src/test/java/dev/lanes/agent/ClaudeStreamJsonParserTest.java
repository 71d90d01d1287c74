package dev.lanes.agent;

import dev.lanes.model.AgentEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parser on output recorded from the real CLI (src/test/resources/dev/lanes/agent/claude, made by
 * ClaudeCodeE2ETest with -Dlanes.record.fixtures) and on lines no CLI should print.
 */
class ClaudeStreamJsonParserTest {

    private final ClaudeStreamJsonParser parser = new ClaudeStreamJsonParser();

    static String fixture(String name) {
        try (InputStream in = ClaudeStreamJsonParserTest.class.getResourceAsStream("/dev/lanes/agent/claude/" + name)) {
            if (in == null) {
                throw new AssertionError("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<AgentEvent> parseAll(String text) {
        List<AgentEvent> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            out.addAll(parser.parse(line));
        }
        return out;
    }

    private static <T extends AgentEvent> List<T> of(List<AgentEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aWriteToolRun() {
        List<AgentEvent> events = parseAll(fixture("write-tool.jsonl"));
        assertEquals(List.of(AgentEvent.Init.class, AgentEvent.AssistantText.class, AgentEvent.ToolCall.class,
                AgentEvent.ToolResult.class, AgentEvent.AssistantText.class, AgentEvent.Result.class),
                events.stream().map(Object::getClass).toList());
        AgentEvent.Init init = (AgentEvent.Init) events.get(0);
        assertFalse(init.sessionId().isEmpty());
        assertEquals("claude-opus-5-5", init.model());
        assertTrue(init.cwd().endsWith("/repo"), init.cwd());
        assertTrue(init.tools().contains("Write"));
        assertEquals("acceptEdits", init.permissionMode());
        assertEquals("I'll write the file.", ((AgentEvent.AssistantText) events.get(1)).text());
        AgentEvent.ToolCall call = (AgentEvent.ToolCall) events.get(2);
        assertEquals("Write", call.tool());
        assertEquals("notes/hello.txt", call.summary());
        assertTrue(call.id().startsWith("toolu_"));
        assertEquals("{\"file_path\":\"notes/hello.txt\",\"content\":\"hello from the CLI\\n\"}", call.inputJson());
        AgentEvent.ToolResult result = (AgentEvent.ToolResult) events.get(3);
        assertEquals(call.id(), result.toolUseId());
        assertFalse(result.isError());
        assertTrue(result.text().startsWith("File created successfully at: notes/hello.txt"), result.text());
        AgentEvent.Result end = (AgentEvent.Result) events.get(5);
        assertFalse(end.isError());
        assertEquals("success", end.subtype());
        assertEquals("The file is written.", end.result());
        assertEquals(0.0218, end.totalCostUsd(), 1e-9);
        assertEquals(2, end.numTurns());
        assertTrue(end.durationMs() > 0);
        assertEquals(init.sessionId(), end.sessionId());
        assertEquals(0, end.apiErrorStatus());
        assertEquals(List.of(), end.errors());
    }

    @Test
    void bashReadAndEditCallsAreSummarisedAndTheirResultsFolded() {
        List<AgentEvent> events = parseAll(fixture("bash-read-edit.jsonl"));
        List<AgentEvent.ToolCall> calls = of(events, AgentEvent.ToolCall.class);
        assertEquals(List.of("Bash", "Read", "Edit"), calls.stream().map(AgentEvent.ToolCall::tool).toList());
        assertEquals("printf 'from bash\\n' > bash.txt && echo wrote", calls.get(0).summary());
        assertTrue(calls.get(1).summary().endsWith("/repo/README.md"), calls.get(1).summary());
        assertTrue(calls.get(2).summary().endsWith("/repo/README.md"), calls.get(2).summary());
        List<AgentEvent.ToolResult> results = of(events, AgentEvent.ToolResult.class);
        assertEquals("wrote", results.get(0).folded());
        assertEquals("1\t# test\n2\t", results.get(1).text());
        assertEquals("1 # test (+1 line)", results.get(1).folded());
        assertTrue(results.get(2).folded().startsWith("The file /"), results.get(2).folded());
        assertEquals(4, of(events, AgentEvent.Result.class).get(0).numTurns());
    }

    @Test
    void aServerErrorIsAnErrorResultWhoseSubtypeSaysSuccess() {
        List<AgentEvent> events = parseAll(fixture("server-error-500.jsonl"));
        AgentEvent.Result r = of(events, AgentEvent.Result.class).get(0);
        assertTrue(r.isError());
        assertEquals("success", r.subtype());
        assertEquals(500, r.apiErrorStatus());
        assertTrue(r.result().startsWith("API Error: 500 Internal server error (scripted)."), r.result());
        assertEquals(0.0, r.totalCostUsd());
        // the CLI also shows the error as a (synthetic) assistant message
        assertEquals(r.result(), of(events, AgentEvent.AssistantText.class).get(0).text());
    }

    @Test
    void retriesBudgetLoginAndDenials() {
        AgentEvent.ApiRetry retry = of(parseAll(fixture("overloaded-retry.jsonl")), AgentEvent.ApiRetry.class).get(0);
        assertEquals(1, retry.attempt());
        assertEquals(1, retry.maxRetries());
        assertEquals(529, retry.errorStatus());
        assertEquals("overloaded", retry.error());
        assertTrue(retry.retryDelayMs() > 0);

        AgentEvent.Result budget = of(parseAll(fixture("budget.jsonl")), AgentEvent.Result.class).get(0);
        assertTrue(budget.isError());
        assertEquals("error_max_budget_usd", budget.subtype());
        assertEquals("", budget.result(), "no result text: the reason is in errors");
        assertEquals(List.of("Reached maximum budget ($0.0001)"), budget.errors());

        AgentEvent.Result login = of(parseAll(fixture("not-logged-in.jsonl")), AgentEvent.Result.class).get(0);
        assertTrue(login.isError());
        assertEquals("Not logged in · Please run /login", login.result());

        List<AgentEvent> denied = parseAll(fixture("permission-denied.jsonl"));
        AgentEvent.PermissionDenied d = of(denied, AgentEvent.PermissionDenied.class).get(0);
        assertEquals("Write", d.tool());
        assertTrue(d.message().contains("haven't granted"), d.message());
        assertTrue(of(denied, AgentEvent.ToolResult.class).get(0).isError());

        List<AgentEvent> stopped = parseAll(fixture("stopped.jsonl"));
        assertEquals(1, stopped.size());
        assertInstanceOf(AgentEvent.Init.class, stopped.get(0));
    }

    @Test
    void aResumedRunKeepsTheSessionIdAndCountsTheWholeSessionsCost() {
        AgentEvent.Result first = of(parseAll(fixture("write-tool.jsonl")), AgentEvent.Result.class).get(0);
        List<AgentEvent> resumed = parseAll(fixture("resume.jsonl"));
        assertEquals(first.sessionId(), of(resumed, AgentEvent.Init.class).get(0).sessionId());
        AgentEvent.Result second = of(resumed, AgentEvent.Result.class).get(0);
        assertEquals(first.sessionId(), second.sessionId());
        assertEquals(1, second.numTurns());
        assertTrue(second.totalCostUsd() > first.totalCostUsd());
    }

    @Test
    void everyRecordedLineParsesToSomethingKnown() {
        for (String name : List.of("write-tool.jsonl", "bash-read-edit.jsonl", "server-error-500.jsonl",
                "overloaded-retry.jsonl", "budget.jsonl", "not-logged-in.jsonl", "permission-denied.jsonl",
                "resume.jsonl", "stopped.jsonl", "resume-unknown-session.jsonl", "max-turns.jsonl")) {
            for (AgentEvent e : parseAll(fixture(name))) {
                assertFalse(e instanceof AgentEvent.NotJson || e instanceof AgentEvent.Unknown, name + ": " + e);
            }
        }
    }

    @Test
    void garbageNeverThrowsAndIsKeptAsNotJson() {
        List<String> garbage = List.of("hello", "{", "{\"type\":", "[1,2]", "\"a string\"", "42", "null", "true",
                "{} trailing", "{\"a\":1}{\"b\":2}", "{a:1}", "{'type':'result'}", "{\"type\":\"result\",}",
                "\uFFFD\uFFFD{\"type\":\"result\"}", "Warning: no stdin data received in 3s, proceeding without it.",
                "{\"type\":\"result\",\"is_error\":true", "\u001b[31m{\"type\":\"result\"}\u001b[0m");
        for (String g : garbage) {
            List<AgentEvent> events = parser.parse(g);
            assertEquals(1, events.size(), g);
            AgentEvent.NotJson nj = assertInstanceOf(AgentEvent.NotJson.class, events.get(0), g);
            assertEquals(g, nj.line());
        }
        assertEquals(List.of(), parser.parse(""));
        assertEquals(List.of(), parser.parse("   \t"));
        assertEquals(List.of(), parser.parse("\r"));
        assertEquals(List.of(), parser.parse(null));
    }

    @Test
    void deepNestingIsNotJsonRatherThanAStackOverflow() {
        String deep = "{\"type\":\"assistant\",\"x\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
        List<AgentEvent> events = parser.parse(deep);
        AgentEvent.NotJson nj = assertInstanceOf(AgentEvent.NotJson.class, events.get(0));
        assertTrue(nj.line().length() < 5_000, "a NotJson keeps only the line's beginning");
    }

    @Test
    void wrongShapesAndUnknownTypesAreUnknownOrDefaults() {
        assertEquals(new AgentEvent.Unknown("stream_event", "{\"type\":\"stream_event\",\"event\":{}}"),
                parser.parse("{\"type\":\"stream_event\",\"event\":{}}").get(0));
        assertEquals("system/hook_response",
                ((AgentEvent.Unknown) parser.parse("{\"type\":\"system\",\"subtype\":\"hook_response\"}").get(0)).type());
        assertEquals("", ((AgentEvent.Unknown) parser.parse("{\"no_type\":1}").get(0)).type());
        assertEquals("5", ((AgentEvent.Unknown) parser.parse("{\"type\":5}").get(0)).type());
        assertInstanceOf(AgentEvent.Unknown.class, parser.parse("{\"type\":\"assistant\",\"message\":\"text\"}").get(0));
        assertInstanceOf(AgentEvent.Unknown.class,
                parser.parse("{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"image\"}]}}").get(0));
        // thinking is not shown; a user message that is a plain string adds nothing
        assertEquals(List.of(), parser.parse("{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\"}]}}"));
        assertEquals(List.of(), parser.parse("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}"));

        AgentEvent.Result r = (AgentEvent.Result) parser.parse(
                "{\"type\":\"result\",\"total_cost_usd\":\"abc\",\"num_turns\":{},\"is_error\":\"yes\",\"errors\":[{\"x\":1},\"e\"]}").get(0);
        assertEquals(0.0, r.totalCostUsd());
        assertEquals(0, r.numTurns());
        assertFalse(r.isError());
        assertEquals(List.of("{\"x\":1}", "e"), r.errors());
        AgentEvent.Result minimal = (AgentEvent.Result) parser.parse("{\"type\":\"result\"}").get(0);
        assertEquals(new AgentEvent.Result(false, "", "", List.of(), 0, 0, 0, "", 0), minimal);

        AgentEvent.Init init = (AgentEvent.Init) parser.parse("{\"type\":\"system\",\"subtype\":\"init\",\"tools\":\"Bash\"}").get(0);
        assertEquals(List.of(), init.tools());
    }

    @Test
    void oneLineCanHoldSeveralEvents() {
        String line = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Let me look.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Grep\",\"input\":{\"pattern\":\"TODO\\\\b\",\"path\":\"src\"}},"
                + "{\"type\":\"tool_use\",\"id\":\"t2\",\"name\":\"Mystery\",\"input\":{\"first\":[1,2],\"second\":\"x\"}},"
                + "{\"type\":\"tool_use\",\"id\":\"t3\",\"name\":\"NoInput\"}]}}";
        List<AgentEvent> events = parser.parse(line);
        assertEquals(new AgentEvent.AssistantText("Let me look."), events.get(0));
        assertEquals("TODO\\b", ((AgentEvent.ToolCall) events.get(1)).summary());
        assertEquals("[1,2]", ((AgentEvent.ToolCall) events.get(2)).summary());
        assertEquals(new AgentEvent.ToolCall("t3", "NoInput", "", "{}"), events.get(3));
    }

    @Test
    void summariesAreOneShortLine() {
        assertEquals("cd src && make test", ClaudeStreamJsonParser.oneLine("  cd src &&\n\tmake   test\n"));
        String longCommand = "echo " + "x".repeat(500);
        String s = ClaudeStreamJsonParser.oneLine(longCommand);
        assertEquals(ClaudeStreamJsonParser.SUMMARY_MAX, s.length());
        assertTrue(s.endsWith("…"));
    }

    @Test
    void toolResultsFoldToTheirFirstLine() {
        assertEquals("(no output)", ClaudeStreamJsonParser.fold(""));
        assertEquals("(no output)", ClaudeStreamJsonParser.fold(" \n\n "));
        assertEquals("one", ClaudeStreamJsonParser.fold("one\n"));
        assertEquals("one (+2 lines)", ClaudeStreamJsonParser.fold("\n  \none\ntwo\nthree\n\n"));
        assertEquals("a b (+1 line)", ClaudeStreamJsonParser.fold("a\tb\r\nc"));
    }

    @Test
    void toolResultContentAsBlocks() {
        String line = "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"is_error\":true,"
                + "\"content\":[{\"type\":\"text\",\"text\":\"first\"},{\"type\":\"image\",\"source\":{}},{\"type\":\"text\",\"text\":\"second\"}]}]}}";
        AgentEvent.ToolResult r = (AgentEvent.ToolResult) parser.parse(line).get(0);
        assertEquals(new AgentEvent.ToolResult("t1", true, "first\n[image]\nsecond", "first (+2 lines)"), r);
    }

    @Test
    void everyCutOfARecordedLineIsNotJsonAndNothingThrows() {
        Random random = new Random(7);
        for (String line : fixture("bash-read-edit.jsonl").split("\n")) {
            for (int cut = 1; cut < line.length() - 1; cut += 1 + random.nextInt(40)) {
                String head = line.substring(0, cut);
                List<AgentEvent> events = parser.parse(head);
                assertTrue(events.isEmpty() || events.get(0) instanceof AgentEvent.NotJson, head);
            }
            // random byte damage: never an exception
            char[] chars = line.toCharArray();
            for (int i = 0; i < 50; i++) {
                chars[random.nextInt(chars.length)] = (char) random.nextInt(128);
                parser.parse(new String(chars));
            }
        }
    }
}
