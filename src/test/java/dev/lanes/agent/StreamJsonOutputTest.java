package dev.lanes.agent;

import dev.lanes.model.AgentEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chunks of output, however they are cut, into lines and events. */
class StreamJsonOutputTest {

    private static List<AgentEvent> feed(String text, int chunk) {
        List<AgentEvent> events = new ArrayList<>();
        StreamJsonOutput out = new StreamJsonOutput(events::add);
        for (int i = 0; i < text.length(); i += chunk) {
            out.output(text.substring(i, Math.min(text.length(), i + chunk)), false);
        }
        out.finish();
        return events;
    }

    @Test
    void anyChunkingGivesTheSameEvents() {
        String text = ClaudeStreamJsonParserTest.fixture("bash-read-edit.jsonl");
        List<AgentEvent> whole = feed(text, text.length());
        assertEquals(9, whole.size());
        for (int chunk : new int[] {1, 2, 7, 100, 4096}) {
            assertEquals(whole, feed(text, chunk), "chunks of " + chunk);
        }
        // Windows line ends too
        assertEquals(whole, feed(text.replace("\n", "\r\n"), 13));
    }

    @Test
    void aLastLineWithoutLineBreakIsParsedOnFinish() {
        List<AgentEvent> events = new ArrayList<>();
        StreamJsonOutput out = new StreamJsonOutput(events::add);
        out.output("{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s1\"}\n{\"type\":\"result\",\"is_er", false);
        assertEquals(1, events.size());
        assertEquals("s1", out.sessionId());
        assertNull(out.result());
        out.output("ror\":false,\"session_id\":\"s1\",\"total_cost_usd\":0.5}", false);
        assertEquals(1, events.size(), "a line is parsed only once it is complete");
        out.finish();
        out.finish();
        assertEquals(2, events.size());
        assertEquals(0.5, out.result().totalCostUsd());
    }

    @Test
    void aCutShortLastLineIsNotJson() {
        List<AgentEvent> events = feed("{\"type\":\"result\",\"is_error\":tr", 5);
        assertInstanceOf(AgentEvent.NotJson.class, events.get(0));
    }

    @Test
    void garbageBetweenEventsIsKeptAndTheEventsStillArrive() {
        String text = "npm WARN something\n{\"type\":\"result\",\"is_error\":false}\n\n\u0000\u0001binary\n"
                + "{\"type\":\"result\",\"is_error\":true}\n";
        List<AgentEvent> events = feed(text, 3);
        assertEquals(4, events.size());
        assertEquals(new AgentEvent.NotJson("npm WARN something"), events.get(0));
        assertInstanceOf(AgentEvent.Result.class, events.get(1));
        assertInstanceOf(AgentEvent.NotJson.class, events.get(2));
        assertTrue(((AgentEvent.Result) events.get(3)).isError());
    }

    @Test
    void aHugeValidLineParses() {
        String big = "x".repeat(20 * 1024 * 1024);
        String line = "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":\""
                + big + "\"}]}}\n{\"type\":\"result\"}\n";
        List<AgentEvent> events = feed(line, 64 * 1024);
        assertEquals(2, events.size());
        AgentEvent.ToolResult r = (AgentEvent.ToolResult) events.get(0);
        assertEquals(big.length(), r.text().length());
        assertEquals(ClaudeStreamJsonParser.SUMMARY_MAX, r.folded().length());
    }

    @Test
    void aLineOverTheLimitIsCutAndTheNextLineStillParses() {
        List<AgentEvent> events = new ArrayList<>();
        StreamJsonOutput out = new StreamJsonOutput(events::add, 1_000);
        out.output("{\"type\":\"assistant\",\"filler\":\"", false);
        // 50 MB without a line break: held to its first few kilobytes, not in memory
        String chunk = "y".repeat(1 << 20);
        for (int i = 0; i < 50; i++) {
            out.output(chunk, false);
        }
        out.output("\"}\n{\"type\":\"result\",\"session_id\":\"s2\"}\n", false);
        out.finish();
        assertEquals(2, events.size());
        AgentEvent.NotJson cut = assertInstanceOf(AgentEvent.NotJson.class, events.get(0));
        assertTrue(cut.line().startsWith("{\"type\":\"assistant\",\"filler\":\"yyy"), cut.line().substring(0, 40));
        assertTrue(cut.line().endsWith("(a line over 1000 characters, cut)"));
        assertTrue(cut.line().length() < 5_000);
        assertEquals("s2", out.result().sessionId());
    }

    @Test
    void anOverlongLastLineIsCutOnFinish() {
        List<AgentEvent> events = new ArrayList<>();
        StreamJsonOutput out = new StreamJsonOutput(events::add, 10);
        out.output("0123456789abcdef", false);
        out.finish();
        assertEquals(1, events.size());
        assertTrue(((AgentEvent.NotJson) events.get(0)).line().startsWith("0123456789abcdef… (a line over 10"));
    }

    @Test
    void stderrIsKeptApartAndOnlyItsTail() {
        List<AgentEvent> events = new ArrayList<>();
        StreamJsonOutput out = new StreamJsonOutput(events::add);
        out.output("{\"type\":\"result\"}\n", true);
        for (int i = 0; i < 10_000; i++) {
            out.output("line " + i + "\n", true);
        }
        assertEquals(List.of(), events, "standard error is not parsed");
        String tail = out.stderrTail();
        assertTrue(tail.length() <= StreamJsonOutput.STDERR_KEEP);
        assertTrue(tail.endsWith("line 9999\n"));
    }
}
