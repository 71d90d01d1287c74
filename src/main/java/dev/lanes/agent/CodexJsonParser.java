package dev.lanes.agent;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.lanes.model.AgentEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code codex exec --json} (JSON lines, each with a {@code type}) into the events
 * Lanes shows and reads status from, as for Claude Code:
 * <ul>
 *   <li>{@code thread.started} → init, its {@code thread_id} being what {@code codex exec resume}
 *       takes for a follow-up;</li>
 *   <li>{@code item.completed} of an {@code agent_message} → prose; {@code command_execution} →
 *       a Bash tool call (at {@code item.started}) and its result (exit code, output);
 *       {@code file_change} → an Edit tool call with the paths, and its result;</li>
 *   <li>{@code turn.completed} → a successful result (Codex reports tokens, not dollars: cost 0);
 *       {@code turn.failed} and {@code error} → a failed result with the message.</li>
 * </ul>
 * Other types and item kinds (reasoning, todo lists…) become {@link AgentEvent.Unknown}; a line
 * that is not JSON, {@link AgentEvent.NotJson}. Never throws.
 */
public final class CodexJsonParser {

    private String threadId = "";

    /** The events of one line. */
    public List<AgentEvent> parse(String line) {
        if (line.isBlank()) {
            return List.of();
        }
        JsonObject o = ClaudeStreamJsonParser.parseObject(line);
        if (o == null) {
            return List.of(ClaudeStreamJsonParser.notJson(line));
        }
        try {
            return events(o, line);
        } catch (RuntimeException e) {
            return List.of(new AgentEvent.Unknown(str(o, "type"), line));
        }
    }

    private List<AgentEvent> events(JsonObject o, String line) {
        String type = str(o, "type");
        switch (type) {
            case "thread.started" -> {
                threadId = str(o, "thread_id");
                return List.of(new AgentEvent.Init(threadId, "", "", List.of(), ""));
            }
            case "item.started", "item.completed" -> {
                JsonObject item = o.has("item") && o.get("item").isJsonObject() ? o.getAsJsonObject("item") : new JsonObject();
                return item(item, type.equals("item.completed"), line);
            }
            case "turn.completed" -> {
                return List.of(new AgentEvent.Result(false, "success", "", List.of(), 0, 1, 0, threadId, 0));
            }
            case "turn.failed", "error" -> {
                String message = o.has("error") && o.get("error").isJsonObject()
                        ? str(o.getAsJsonObject("error"), "message") : str(o, "message");
                return List.of(new AgentEvent.Result(true, type, message.isEmpty() ? "Codex reported an error." : message,
                        List.of(), 0, 1, 0, threadId, 0));
            }
            default -> {
                return List.of(new AgentEvent.Unknown(type, line));
            }
        }
    }

    private static List<AgentEvent> item(JsonObject item, boolean completed, String line) {
        String id = str(item, "id");
        String kind = str(item, "type");
        switch (kind) {
            case "agent_message" -> {
                return completed ? List.of(new AgentEvent.AssistantText(str(item, "text"))) : List.of();
            }
            case "command_execution" -> {
                String command = str(item, "command");
                if (!completed) {
                    return List.of(new AgentEvent.ToolCall(id, "Bash", oneLine(command), item.toString()));
                }
                String output = str(item, "aggregated_output");
                JsonElement code = item.get("exit_code");
                boolean failed = "failed".equals(str(item, "status"))
                        || (code != null && code.isJsonPrimitive() && code.getAsInt() != 0);
                String text = output.isEmpty() && code != null && code.isJsonPrimitive() ? "exit " + code.getAsInt() : output;
                return List.of(new AgentEvent.ToolResult(id, failed, text, ClaudeStreamJsonParser.fold(text)));
            }
            case "file_change" -> {
                if (!completed) {
                    return List.of();
                }
                List<String> paths = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                if (item.has("changes") && item.get("changes").isJsonArray()) {
                    JsonArray changes = item.getAsJsonArray("changes");
                    for (JsonElement c : changes) {
                        if (c.isJsonObject()) {
                            String path = str(c.getAsJsonObject(), "path");
                            paths.add(path);
                            text.append(str(c.getAsJsonObject(), "kind")).append(' ').append(path).append('\n');
                        }
                    }
                }
                boolean failed = "failed".equals(str(item, "status"));
                String summary = String.join(", ", paths);
                return List.of(new AgentEvent.ToolCall(id, "Edit", summary, item.toString()),
                        new AgentEvent.ToolResult(id, failed, text.toString().strip(),
                                ClaudeStreamJsonParser.fold(text.toString().strip())));
            }
            default -> {
                return List.of(new AgentEvent.Unknown("item/" + kind, line));
            }
        }
    }

    private static String oneLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl) + " …";
    }

    private static String str(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }
}
