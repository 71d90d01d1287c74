package dev.lanes.agent;

import com.google.gson.JsonObject;
import dev.lanes.model.AgentActivity;

import java.util.List;
import java.util.Set;

import static dev.lanes.agent.ClaudeStreamJsonParser.bool;
import static dev.lanes.agent.ClaudeStreamJsonParser.obj;
import static dev.lanes.agent.ClaudeStreamJsonParser.oneLine;
import static dev.lanes.agent.ClaudeStreamJsonParser.str;
import static dev.lanes.agent.ClaudeStreamJsonParser.summary;

/**
 * What Claude Code's hooks say about an interactive session (the TUI in a terminal tab): the hook
 * names Lanes registers and the activity each one implies. Stateless; never throws on odd input
 * (a missing or mistyped field reads as empty). Seen from the real CLI 2.1.332: docs/claude-code.md,
 * "Hooks".
 *
 * <p>The mapping, and why:
 * <ul>
 *   <li>SessionStart → waiting: the TUI shows its prompt and waits for the first one (a prompt given
 *       on the command line is submitted right after, and UserPromptSubmit follows). Not for
 *       {@code source: "compact"}, which can come in the middle of a turn.</li>
 *   <li>UserPromptSubmit, PreToolUse, PostToolUse, PostToolUseFailure, PermissionDenied (the auto
 *       mode refused a tool; the turn goes on) → working.</li>
 *   <li>PermissionRequest → waiting (the TUI shows a permission dialog; a hook that answers
 *       nothing leaves the decision to the person). Notification → waiting when it asks for the
 *       person ({@code permission_prompt}, {@code idle_prompt}, elicitation dialogs…), else no change.</li>
 *   <li>Stop → waiting: the turn is over and the TUI waits for the next prompt.</li>
 *   <li>StopFailure → waiting, marked as an error: the turn ended on an API error ({@code error}:
 *       "server_error", "rate_limit", …; {@code last_assistant_message}: "API Error: 500 …"), but the
 *       session lives on and a new prompt works, so it is not "failed".</li>
 *   <li>SessionEnd → done, except for {@code reason} "clear" and "resume" (the TUI goes on with a
 *       new conversation; SessionStart follows).</li>
 * </ul>
 * An interrupt (Esc) sends no hook at all in 2.1.332: the status stays "working" until the next prompt.
 */
public final class ClaudeHooks {

    public static final String SESSION_START = "SessionStart";
    public static final String USER_PROMPT_SUBMIT = "UserPromptSubmit";
    public static final String PRE_TOOL_USE = "PreToolUse";
    public static final String POST_TOOL_USE = "PostToolUse";
    public static final String POST_TOOL_USE_FAILURE = "PostToolUseFailure";
    public static final String PERMISSION_REQUEST = "PermissionRequest";
    public static final String PERMISSION_DENIED = "PermissionDenied";
    public static final String NOTIFICATION = "Notification";
    public static final String STOP = "Stop";
    public static final String STOP_FAILURE = "StopFailure";
    public static final String SESSION_END = "SessionEnd";
    public static final String ELICITATION = "Elicitation";
    public static final String ELICITATION_RESULT = "ElicitationResult";

    /**
     * The hooks Lanes registers as HTTP hooks (the CLI POSTs the hook's JSON itself: no curl, no
     * shell). Every hook that changes the activity, and no more: each is a round trip the agent
     * waits for.
     */
    public static final List<String> HTTP_HOOKS = List.of(USER_PROMPT_SUBMIT, PRE_TOOL_USE, POST_TOOL_USE,
            POST_TOOL_USE_FAILURE, PERMISSION_REQUEST, NOTIFICATION, STOP, STOP_FAILURE, SESSION_END);

    /** The hooks that must be command hooks: 2.1.332 skips HTTP hooks on SessionStart (and Setup). */
    public static final List<String> COMMAND_HOOKS = List.of(SESSION_START);

    /** Notification types that mean the agent waits for the person. */
    static final Set<String> WAITING_NOTIFICATIONS = Set.of("permission_prompt", "idle_prompt", "elicitation_dialog",
            "elicitation_url_dialog", "agent_needs_input", "worker_permission_prompt");

    private ClaudeHooks() {
    }

    /** The event a hook's JSON body describes. */
    public static HookEvent event(JsonObject body) {
        String name = str(body, "hook_event_name");
        String session = str(body, "session_id");
        String tool = oneLine(str(body, "tool_name"));
        return switch (name) {
            case SESSION_START -> new HookEvent(name, activity(name, body), session, str(body, "source"), "", false);
            case USER_PROMPT_SUBMIT -> new HookEvent(name, AgentActivity.WORKING, session, "",
                    oneLine(str(body, "prompt")), false);
            case PRE_TOOL_USE, POST_TOOL_USE, PERMISSION_REQUEST, PERMISSION_DENIED ->
                    new HookEvent(name, activity(name, body), session, tool, toolSummary(body), false);
            case POST_TOOL_USE_FAILURE -> new HookEvent(name, activity(name, body), session, tool,
                    bool(body, "is_interrupt") ? "interrupted" : oneLine(str(body, "error")), false);
            case NOTIFICATION -> new HookEvent(name, activity(name, body), session, oneLine(str(body, "message")),
                    str(body, "notification_type"), false);
            case STOP -> new HookEvent(name, AgentActivity.WAITING, session, "",
                    oneLine(str(body, "last_assistant_message")), false);
            case STOP_FAILURE -> {
                String text = oneLine(str(body, "last_assistant_message"));
                String kind = str(body, "error");
                yield new HookEvent(name, AgentActivity.WAITING, session, text.isEmpty() ? kind : text, kind, true);
            }
            case SESSION_END -> new HookEvent(name, activity(name, body), session, str(body, "reason"), "", false);
            default -> new HookEvent(name, activity(name, body), session, "", "", false);
        };
    }

    /** What the session is doing after the hook {@code name} with this body; null when it does not say. */
    public static AgentActivity activity(String name, JsonObject body) {
        return switch (name == null ? "" : name) {
            case SESSION_START -> "compact".equals(str(body, "source")) ? null : AgentActivity.WAITING;
            case USER_PROMPT_SUBMIT, PRE_TOOL_USE, POST_TOOL_USE, PERMISSION_DENIED, ELICITATION_RESULT ->
                    AgentActivity.WORKING;
            // an interrupted tool ends the turn (seen in the schema; in 2.1.332 the hook is cancelled with the turn)
            case POST_TOOL_USE_FAILURE -> bool(body, "is_interrupt") ? AgentActivity.WAITING : AgentActivity.WORKING;
            case PERMISSION_REQUEST, ELICITATION, STOP, STOP_FAILURE -> AgentActivity.WAITING;
            case NOTIFICATION -> WAITING_NOTIFICATIONS.contains(str(body, "notification_type"))
                    ? AgentActivity.WAITING : null;
            case SESSION_END -> switch (str(body, "reason")) {
                case "clear", "resume" -> null;
                default -> AgentActivity.DONE;
            };
            default -> null;
        };
    }

    private static String toolSummary(JsonObject body) {
        return summary(str(body, "tool_name"), obj(body, "tool_input"));
    }
}
