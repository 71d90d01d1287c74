package dev.lanes.agent;

import dev.lanes.model.AgentEvent;
import dev.lanes.model.AgentOutcome;
import dev.lanes.model.AgentOutcome.Kind;

/**
 * How a Claude Code run ended, from its last result event and its exit. The result decides when
 * there is one, and by {@code is_error}, not {@code subtype} (an API error ends with subtype
 * "success" and is_error true). Without a result, exit 143 (SIGTERM) or a stop Lanes asked for is
 * "stopped"; anything else failed, with the last line of standard error as the reason.
 */
public final class ClaudeOutcomes {

    static final String BUDGET_SUBTYPE = "error_max_budget_usd";
    static final String LOGIN_HINT = "Run “claude” in a terminal and sign in with /login, or set ANTHROPIC_API_KEY.";
    static final String BUDGET_HINT = "Raise the budget and send a follow-up to continue the same session.";

    private ClaudeOutcomes() {
    }

    /**
     * @param result        the run's last result event, or null when it printed none
     * @param exitCode      the process's exit code (128 + signal for a signal)
     * @param stopRequested true when Lanes stopped the process
     * @param stderr        what it printed on standard error (its tail is enough)
     */
    public static AgentOutcome classify(AgentEvent.Result result, int exitCode, boolean stopRequested, String stderr) {
        return classify(result, exitCode, stopRequested, stderr, "Claude Code");
    }

    /** As {@link #classify(AgentEvent.Result, int, boolean, String)}, the messages naming {@code agent}. */
    public static AgentOutcome classify(AgentEvent.Result result, int exitCode, boolean stopRequested, String stderr,
                                        String agent) {
        if (result != null) {
            return fromResult(result, stderr);
        }
        if (stopRequested || exitCode == 143) {
            return new AgentOutcome(Kind.STOPPED, "Stopped.", "", 0);
        }
        String last = lastLine(stderr);
        if (exitCode == 0) {
            return new AgentOutcome(Kind.FAILED, agent + " ended without a result" + (last.isEmpty() ? "." : ": " + last),
                    "", 0);
        }
        return new AgentOutcome(Kind.FAILED, agent + " exited with code " + exitCode + (last.isEmpty() ? "." : ": " + last),
                "", 0);
    }

    static AgentOutcome fromResult(AgentEvent.Result r, String stderr) {
        double cost = r.totalCostUsd();
        if (!r.isError()) {
            return new AgentOutcome(Kind.SUCCEEDED, r.result(), "", cost);
        }
        String text = r.result().isBlank() ? String.join("; ", r.errors()) : r.result();
        if (BUDGET_SUBTYPE.equals(r.subtype())) {
            return new AgentOutcome(Kind.BUDGET_REACHED, "Budget reached" + (text.isBlank() ? "." : ": " + text),
                    BUDGET_HINT, cost);
        }
        if (text.startsWith("Not logged in") || text.contains("Please run /login")) {
            return new AgentOutcome(Kind.NOT_LOGGED_IN, text, LOGIN_HINT, cost);
        }
        if (text.isBlank()) {
            text = lastLine(stderr);
        }
        if (text.isBlank()) {
            text = "Claude Code reported an error (" + (r.subtype().isEmpty() ? "no details" : r.subtype()) + ").";
        }
        return new AgentOutcome(Kind.FAILED, text, "", cost);
    }

    static String lastLine(String text) {
        if (text == null) {
            return "";
        }
        String[] lines = text.strip().split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return "";
    }
}
