package dev.lanes.model;

import java.util.List;

/**
 * One thing an agent reported in its structured output (for Claude Code: one line of
 * {@code --output-format stream-json --verbose}; a line can hold several, e.g. text and a tool call).
 * Parsers never throw on bad input: a line they do not understand becomes {@link Unknown} or
 * {@link NotJson}.
 */
public sealed interface AgentEvent {

    /**
     * The run began ({@code system/init}).
     *
     * @param permissionMode as the agent reports it ("default", "acceptEdits", …), or empty
     */
    record Init(String sessionId, String model, String cwd, List<String> tools, String permissionMode)
            implements AgentEvent {
        public Init {
            tools = List.copyOf(tools);
        }
    }

    /** Prose from the assistant. */
    record AssistantText(String text) implements AgentEvent {
    }

    /**
     * The assistant asked for a tool.
     *
     * @param id        the tool_use id that its {@link ToolResult} will name
     * @param summary   one line for the person: the file path (Write, Edit, Read…), the command (Bash),
     *                  the pattern (Grep, Glob), else the first input field; empty when there is none
     * @param inputJson the tool's input as compact JSON
     */
    record ToolCall(String id, String tool, String summary, String inputJson) implements AgentEvent {
    }

    /**
     * What a tool gave back.
     *
     * @param text   the whole result text
     * @param folded the result folded to one line: its first non-blank line, with how many more follow
     */
    record ToolResult(String toolUseId, boolean isError, String text, String folded) implements AgentEvent {
    }

    /** The agent refused a tool the assistant asked for (Claude Code: {@code system/permission_denied}). */
    record PermissionDenied(String toolUseId, String tool, String message) implements AgentEvent {
    }

    /**
     * The agent will retry a failed API request ({@code system/api_retry}).
     *
     * @param errorStatus HTTP status of the failed request, 0 when none (a connection error)
     */
    record ApiRetry(int attempt, int maxRetries, long retryDelayMs, int errorStatus, String error)
            implements AgentEvent {
    }

    /**
     * The run ended ({@code result}). Success or failure is {@code isError}; {@code subtype} says
     * more ("success", "error_max_budget_usd", "error_max_turns", …) and is "success" on some failures.
     *
     * @param result         the final text (on failure the error message); empty when absent
     * @param errors         error messages the agent listed (e.g. "Reached maximum budget ($0.01)")
     * @param totalCostUsd   cost of the whole run in US dollars
     * @param apiErrorStatus HTTP status of the API error that ended the run, 0 when none
     */
    record Result(boolean isError, String subtype, String result, List<String> errors, double totalCostUsd,
                  int numTurns, long durationMs, String sessionId, int apiErrorStatus) implements AgentEvent {
        public Result {
            errors = List.copyOf(errors);
        }
    }

    /** Valid JSON of a type (or subtype) the parser does not render. */
    record Unknown(String type, String line) implements AgentEvent {
    }

    /** A line that is not a JSON object (garbage, a warning printed to stdout, a line cut short). */
    record NotJson(String line) implements AgentEvent {
    }
}
