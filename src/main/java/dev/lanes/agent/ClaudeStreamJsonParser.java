package dev.lanes.agent;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.lanes.model.AgentEvent;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns lines of Claude Code's {@code --output-format stream-json --verbose} output into
 * {@link AgentEvent}s. Stateless and thread-safe; never throws on bad input: a line that is not a
 * JSON object becomes {@link AgentEvent.NotJson}, one of a type it does not render
 * {@link AgentEvent.Unknown}. Field names and shapes: docs/claude-code.md.
 */
public final class ClaudeStreamJsonParser {

    /** Longest tool-call summary and folded result, in characters. */
    static final int SUMMARY_MAX = 160;
    /** How much of a line that is not JSON an event keeps. */
    static final int NOT_JSON_KEEP = 4_096;

    private static final TypeAdapter<JsonElement> ELEMENTS = new Gson().getAdapter(JsonElement.class);

    /** Which input field names a tool's call, by tool; other tools show their first field. */
    private static final Map<String, String> SUMMARY_FIELD = Map.ofEntries(
            Map.entry("Write", "file_path"), Map.entry("Edit", "file_path"), Map.entry("MultiEdit", "file_path"),
            Map.entry("Read", "file_path"), Map.entry("NotebookEdit", "notebook_path"),
            Map.entry("Bash", "command"), Map.entry("Grep", "pattern"), Map.entry("Glob", "pattern"),
            Map.entry("WebFetch", "url"), Map.entry("WebSearch", "query"),
            Map.entry("Task", "description"), Map.entry("Agent", "description"));

    /** The events of one line (without its line break); empty for a blank line. */
    public List<AgentEvent> parse(String line) {
        if (line == null) {
            return List.of();
        }
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (text.isBlank()) {
            return List.of();
        }
        JsonObject o = parseObject(text);
        if (o == null) {
            return List.of(notJson(text));
        }
        try {
            return events(o, text);
        } catch (RuntimeException e) {
            // a shape no field accessor below expected: keep the line rather than lose the stream
            return List.of(new AgentEvent.Unknown(str(o, "type"), text));
        }
    }

    static AgentEvent.NotJson notJson(String text) {
        if (text.length() <= NOT_JSON_KEEP) {
            return new AgentEvent.NotJson(text);
        }
        return new AgentEvent.NotJson(text.substring(0, NOT_JSON_KEEP) + "… (" + (text.length() - NOT_JSON_KEEP)
                + " more characters)");
    }

    /** A strict parse of exactly one JSON object; null for anything else. */
    static JsonObject parseObject(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i == text.length() || text.charAt(i) != '{') {
            return null;
        }
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            JsonElement e = ELEMENTS.read(r);
            if (r.peek() != JsonToken.END_DOCUMENT || !e.isJsonObject()) {
                return null;
            }
            return e.getAsJsonObject();
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    private List<AgentEvent> events(JsonObject o, String line) {
        String type = str(o, "type");
        switch (type) {
            case "system":
                return List.of(system(o, line));
            case "assistant":
                return assistant(o, line);
            case "user":
                return user(o, line);
            case "result":
                return List.of(result(o));
            default:
                return List.of(new AgentEvent.Unknown(type, line));
        }
    }

    private AgentEvent system(JsonObject o, String line) {
        String subtype = str(o, "subtype");
        switch (subtype) {
            case "init":
                return new AgentEvent.Init(str(o, "session_id"), str(o, "model"), str(o, "cwd"), strings(o.get("tools")),
                        str(o, "permissionMode"));
            case "permission_denied":
                return new AgentEvent.PermissionDenied(str(o, "tool_use_id"), str(o, "tool_name"), str(o, "message"));
            case "api_retry":
                return new AgentEvent.ApiRetry((int) num(o, "attempt"), (int) num(o, "max_retries"),
                        (long) num(o, "retry_delay_ms"), (int) num(o, "error_status"), str(o, "error"));
            default:
                return new AgentEvent.Unknown("system/" + subtype, line);
        }
    }

    private List<AgentEvent> assistant(JsonObject o, String line) {
        JsonArray content = array(obj(o, "message"), "content");
        if (content == null) {
            return List.of(new AgentEvent.Unknown("assistant", line));
        }
        List<AgentEvent> out = new ArrayList<>(content.size());
        for (JsonElement e : content) {
            if (!e.isJsonObject()) {
                continue;
            }
            JsonObject block = e.getAsJsonObject();
            String blockType = str(block, "type");
            switch (blockType) {
                case "text" -> {
                    String text = str(block, "text");
                    if (!text.isEmpty()) {
                        out.add(new AgentEvent.AssistantText(text));
                    }
                }
                case "tool_use" -> {
                    String tool = str(block, "name");
                    JsonObject input = obj(block, "input");
                    out.add(new AgentEvent.ToolCall(str(block, "id"), tool, summary(tool, input),
                            input == null ? "{}" : input.toString()));
                }
                case "thinking", "redacted_thinking" -> {
                    // the model's reasoning: not shown
                }
                default -> out.add(new AgentEvent.Unknown("assistant/" + blockType, line));
            }
        }
        return out;
    }

    private List<AgentEvent> user(JsonObject o, String line) {
        JsonArray content = array(obj(o, "message"), "content");
        if (content == null) {
            // a prompt echoed back as a plain string: nothing new to show
            return List.of();
        }
        List<AgentEvent> out = new ArrayList<>(content.size());
        for (JsonElement e : content) {
            if (!e.isJsonObject()) {
                continue;
            }
            JsonObject block = e.getAsJsonObject();
            if ("tool_result".equals(str(block, "type"))) {
                String text = resultText(block.get("content"));
                out.add(new AgentEvent.ToolResult(str(block, "tool_use_id"), bool(block, "is_error"), text, fold(text)));
            }
        }
        return out;
    }

    private AgentEvent.Result result(JsonObject o) {
        JsonElement errors = o.get("errors");
        List<String> errorList = new ArrayList<>();
        if (errors != null && errors.isJsonArray()) {
            for (JsonElement e : errors.getAsJsonArray()) {
                errorList.add(e.isJsonPrimitive() ? e.getAsString() : e.toString());
            }
        }
        return new AgentEvent.Result(bool(o, "is_error"), str(o, "subtype"), str(o, "result"), errorList,
                num(o, "total_cost_usd"), (int) num(o, "num_turns"), (long) num(o, "duration_ms"), str(o, "session_id"),
                (int) num(o, "api_error_status"));
    }

    /** One line naming what a tool call does. */
    static String summary(String tool, JsonObject input) {
        if (input == null || input.size() == 0) {
            return "";
        }
        String field = SUMMARY_FIELD.get(tool);
        JsonElement value = field == null ? null : input.get(field);
        if (value == null || value.isJsonNull()) {
            value = input.entrySet().iterator().next().getValue();
        }
        String text = value.isJsonPrimitive() ? value.getAsString() : value.toString();
        return oneLine(text);
    }

    /** Whitespace runs (line breaks too) collapsed to one space, cut to {@link #SUMMARY_MAX}. */
    static String oneLine(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), SUMMARY_MAX + 1));
        boolean space = false;
        for (int i = 0; i < text.length() && b.length() < SUMMARY_MAX + 1; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = b.length() > 0;
            } else {
                if (space) {
                    b.append(' ');
                    space = false;
                }
                b.append(c);
            }
        }
        if (b.length() > SUMMARY_MAX) {
            b.setLength(SUMMARY_MAX - 1);
            b.append('…');
        }
        return b.toString();
    }

    /** A tool result folded to its first non-blank line, with how many more lines follow. */
    static String fold(String text) {
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        int first = 0;
        while (first < end && Character.isWhitespace(text.charAt(first))) {
            first++;
        }
        if (first >= end) {
            return "(no output)";
        }
        int lineStart = text.lastIndexOf('\n', first) + 1;
        int lineEnd = text.indexOf('\n', first);
        if (lineEnd < 0 || lineEnd > end) {
            lineEnd = end;
        }
        int more = 0;
        for (int i = lineEnd; i < end; i++) {
            if (text.charAt(i) == '\n') {
                more++;
            }
        }
        String head = oneLine(text.substring(lineStart, lineEnd));
        return more == 0 ? head : head + " (+" + more + (more == 1 ? " line)" : " lines)");
    }

    /** A tool_result's content: a string, or blocks of which the text ones are joined. */
    private static String resultText(JsonElement content) {
        if (content == null || content.isJsonNull()) {
            return "";
        }
        if (content.isJsonPrimitive()) {
            return content.getAsString();
        }
        if (content.isJsonArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonElement e : content.getAsJsonArray()) {
                if (e.isJsonObject()) {
                    JsonObject block = e.getAsJsonObject();
                    String t = str(block, "type");
                    if ("text".equals(t)) {
                        if (b.length() > 0) {
                            b.append('\n');
                        }
                        b.append(str(block, "text"));
                    } else if (!t.isEmpty()) {
                        if (b.length() > 0) {
                            b.append('\n');
                        }
                        b.append('[').append(t).append(']');
                    }
                } else if (e.isJsonPrimitive()) {
                    b.append(e.getAsString());
                }
            }
            return b.toString();
        }
        return content.toString();
    }

    // lenient field access: a missing or mistyped field reads as empty, never throws

    static String str(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        if (e == null || e.isJsonNull()) {
            return "";
        }
        return e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    static double num(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        if (e instanceof JsonPrimitive p && p.isNumber()) {
            double d = p.getAsDouble();
            return Double.isFinite(d) ? d : 0;
        }
        if (e instanceof JsonPrimitive p && p.isString()) {
            try {
                return Double.parseDouble(p.getAsString());
            } catch (NumberFormatException ignored) {
                return 0;
            }
        }
        return 0;
    }

    static boolean bool(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e instanceof JsonPrimitive p && (p.isBoolean() ? p.getAsBoolean() : "true".equals(p.getAsString()));
    }

    static JsonObject obj(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    static JsonArray array(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e != null && e.isJsonArray() ? e.getAsJsonArray() : null;
    }

    static List<String> strings(JsonElement e) {
        if (e == null || !e.isJsonArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            if (x.isJsonPrimitive()) {
                out.add(x.getAsString());
            }
        }
        return out;
    }
}
