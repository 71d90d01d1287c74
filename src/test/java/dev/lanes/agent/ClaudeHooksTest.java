package dev.lanes.agent;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lanes.model.AgentActivity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.lanes.model.AgentActivity.DONE;
import static dev.lanes.model.AgentActivity.WAITING;
import static dev.lanes.model.AgentActivity.WORKING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hook → activity mapping, on hook bodies recorded from the real CLI 2.1.332 (three interactive
 * sessions: two plain turns; a Bash call asking for permission; an API error then a good turn) and
 * on hand-made odd ones.
 */
class ClaudeHooksTest {

    private static List<JsonObject> recorded() throws IOException {
        try (InputStream in = ClaudeHooksTest.class.getResourceAsStream("claude/hooks-2.1.332.jsonl")) {
            List<JsonObject> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(JsonParser.parseString(line).getAsJsonObject());
                }
            }
            return out;
        }
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    @Test
    void recordedSessionsMapToTheActivityTheTuiWasIn() throws IOException {
        List<String> seen = new ArrayList<>();
        for (JsonObject body : recorded()) {
            HookEvent e = ClaudeHooks.event(body);
            seen.add(e.name() + "=" + (e.activity() == null ? "-" : e.activity().name()));
        }
        assertEquals(List.of(
                // two turns, then /exit
                "SessionStart=WAITING", "UserPromptSubmit=WORKING", "MessageDisplay=-", "Stop=WAITING",
                "UserPromptSubmit=WORKING", "MessageDisplay=-", "Stop=WAITING", "SessionEnd=DONE",
                // a Bash call in the default permission mode: the dialog, accepted, then Ctrl+D twice
                "SessionStart=WAITING", "UserPromptSubmit=WORKING", "PreToolUse=WORKING", "MessageDisplay=-",
                "PermissionRequest=WAITING", "Notification=WAITING", "PostToolUse=WORKING", "PostToolBatch=-",
                "MessageDisplay=-", "Stop=WAITING", "SessionEnd=DONE",
                // a 500 ends the first turn, the second works, then SIGHUP
                "SessionStart=WAITING", "UserPromptSubmit=WORKING", "StopFailure=WAITING",
                "UserPromptSubmit=WORKING", "MessageDisplay=-", "Stop=WAITING", "SessionEnd=DONE"), seen);
    }

    @Test
    void recordedBodiesGiveTheSessionIdAndAShortMessage() throws IOException {
        List<JsonObject> all = recorded();
        HookEvent start = ClaudeHooks.event(all.get(0));
        assertEquals("743f7ae8-5c60-4061-b78d-fadc2ec6c894".length(), start.agentSessionId().length());
        assertEquals("startup", start.message());

        HookEvent permission = all.stream().map(ClaudeHooks::event)
                .filter(e -> e.name().equals(ClaudeHooks.PERMISSION_REQUEST)).findFirst().orElseThrow();
        assertEquals("Bash", permission.message());
        assertEquals("echo hi > bash.txt", permission.detail());
        assertFalse(permission.error());

        HookEvent notification = all.stream().map(ClaudeHooks::event)
                .filter(e -> e.name().equals(ClaudeHooks.NOTIFICATION)).findFirst().orElseThrow();
        assertEquals("Claude needs your permission", notification.message());
        assertEquals("permission_prompt", notification.detail());

        HookEvent failure = all.stream().map(ClaudeHooks::event)
                .filter(e -> e.name().equals(ClaudeHooks.STOP_FAILURE)).findFirst().orElseThrow();
        assertTrue(failure.error());
        assertEquals(WAITING, failure.activity(), "the session lives on after an API error: a new prompt works");
        assertTrue(failure.message().startsWith("API Error: 500 boom."), failure::message);
        assertEquals("server_error", failure.detail());

        HookEvent stop = all.stream().map(ClaudeHooks::event)
                .filter(e -> e.name().equals(ClaudeHooks.STOP)).findFirst().orElseThrow();
        assertEquals("Hello from the model.", stop.detail());

        HookEvent end = ClaudeHooks.event(all.get(all.size() - 1));
        assertEquals("other", end.message());
    }

    @Test
    void sessionStartAfterACompactionAndSessionEndOfAClearChangeNothing() {
        assertNull(ClaudeHooks.activity("SessionStart", json("{\"source\":\"compact\"}")));
        assertEquals(WAITING, ClaudeHooks.activity("SessionStart", json("{\"source\":\"clear\"}")));
        assertEquals(WAITING, ClaudeHooks.activity("SessionStart", json("{\"source\":\"resume\"}")));
        assertNull(ClaudeHooks.activity("SessionEnd", json("{\"reason\":\"clear\"}")));
        assertNull(ClaudeHooks.activity("SessionEnd", json("{\"reason\":\"resume\"}")));
        assertEquals(DONE, ClaudeHooks.activity("SessionEnd", json("{\"reason\":\"logout\"}")));
        assertEquals(DONE, ClaudeHooks.activity("SessionEnd", json("{}")));
    }

    @Test
    void onlyNotificationsThatAskForThePersonMeanWaiting() {
        for (String type : List.of("permission_prompt", "idle_prompt", "elicitation_dialog", "agent_needs_input")) {
            assertEquals(WAITING, ClaudeHooks.activity("Notification", json("{\"notification_type\":\"" + type + "\"}")), type);
        }
        for (String type : List.of("auth_success", "agent_completed", "push_notification", "")) {
            assertNull(ClaudeHooks.activity("Notification", json("{\"notification_type\":\"" + type + "\"}")), type);
        }
    }

    @Test
    void anInterruptedToolMeansWaitingAFailedOneWorking() {
        HookEvent interrupted = ClaudeHooks.event(json(
                "{\"hook_event_name\":\"PostToolUseFailure\",\"tool_name\":\"Bash\",\"is_interrupt\":true,\"error\":\"x\"}"));
        assertEquals(WAITING, interrupted.activity());
        assertEquals("interrupted", interrupted.detail());
        HookEvent failed = ClaudeHooks.event(json(
                "{\"hook_event_name\":\"PostToolUseFailure\",\"tool_name\":\"Bash\",\"error\":\"exit 1\\nmore\"}"));
        assertEquals(WORKING, failed.activity());
        assertEquals("exit 1 more", failed.detail());
    }

    @Test
    void oddBodiesNeverThrow() {
        for (String body : List.of("{}", "{\"hook_event_name\":42}", "{\"hook_event_name\":null}",
                "{\"hook_event_name\":\"Stop\",\"last_assistant_message\":{\"a\":1}}",
                "{\"hook_event_name\":\"PermissionRequest\",\"tool_input\":\"not an object\"}",
                "{\"hook_event_name\":\"PermissionRequest\",\"tool_name\":[1,2],\"tool_input\":{}}",
                "{\"hook_event_name\":\"Notification\",\"notification_type\":{}}",
                "{\"hook_event_name\":\"SomethingNew\",\"session_id\":\"s\"}")) {
            HookEvent e = ClaudeHooks.event(json(body));
            assertTrue(e.name() != null && e.message() != null && e.detail() != null, body);
        }
        HookEvent unknown = ClaudeHooks.event(json("{\"hook_event_name\":\"SomethingNew\",\"session_id\":\"s\"}"));
        assertNull(unknown.activity());
        assertFalse(unknown.changesActivity());
        assertEquals("s", unknown.agentSessionId());
        assertNull(ClaudeHooks.activity(null, json("{}")));
    }

    @Test
    void longTextsAreCutToOneLine() {
        String prompt = "line one\n" + "x".repeat(1000);
        HookEvent e = ClaudeHooks.event(json("{\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":"
                + new com.google.gson.Gson().toJson(prompt) + "}"));
        assertEquals(AgentActivity.WORKING, e.activity());
        assertFalse(e.detail().contains("\n"));
        assertTrue(e.detail().length() <= ClaudeStreamJsonParser.SUMMARY_MAX, () -> "" + e.detail().length());
    }
}
