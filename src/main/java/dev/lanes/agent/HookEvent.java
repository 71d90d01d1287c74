package dev.lanes.agent;

import dev.lanes.model.AgentActivity;

import java.util.Objects;

/**
 * One hook call of an interactive Claude Code session, as {@link HookServer} received it and
 * {@link ClaudeHooks#event} read it. What each hook sends and why it maps as it does:
 * docs/claude-code.md, "Hooks".
 *
 * @param name           the hook's {@code hook_event_name} ("Stop", "PermissionRequest", …); empty when absent
 * @param activity       what the session is doing now, or {@code null} when this hook does not change it
 *                       (e.g. a Notification that does not ask for the person, SessionEnd of a {@code /clear})
 * @param agentSessionId the agent's own {@code session_id} (what {@code --resume} takes); empty when absent
 * @param message        one line for the person, empty when there is nothing to say: the tool's name
 *                       (PermissionRequest, PreToolUse, PostToolUse…), the notification's text
 *                       (Notification), the error (StopFailure), the reason (SessionEnd), the source
 *                       (SessionStart)
 * @param detail         one more line, empty when none: what the tool would do (the command, the file
 *                       path…) for PermissionRequest and the tool hooks, the error kind for StopFailure
 *                       ("server_error", "rate_limit", …)
 * @param error          true when the hook reports a failure: StopFailure (the turn ended on an API
 *                       error; the session still waits for the person), an interrupted or failed tool
 */
public record HookEvent(String name, AgentActivity activity, String agentSessionId, String message, String detail,
                        boolean error) {

    public HookEvent {
        name = Objects.requireNonNullElse(name, "");
        agentSessionId = Objects.requireNonNullElse(agentSessionId, "");
        message = Objects.requireNonNullElse(message, "");
        detail = Objects.requireNonNullElse(detail, "");
    }

    /** True when this hook says what the session is doing now ({@link #activity()} is not null). */
    public boolean changesActivity() {
        return activity != null;
    }
}
