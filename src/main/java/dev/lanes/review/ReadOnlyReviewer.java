package dev.lanes.review;

import dev.lanes.model.AgentProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A reviewer's agent profile made read-only. For Claude Code 2.1.332 (docs/claude-code.md) that is
 * two locks, on every run (first and follow-up: a resumed conversation does not keep its tools):
 * {@code --tools=Read,Grep,Glob} leaves it no other tool (a Write, Edit or Bash call fails with "No
 * such tool available"), and {@code --permission-mode plan} refuses edits should a tool that writes
 * ever be there. Groups of the profile that would widen either (its own tool lists, skipping
 * permissions) are left out.
 */
public final class ReadOnlyReviewer {

    /** The only tools a reviewer gets. (2.1.332 has no LS tool: Glob lists folders.) */
    public static final List<String> TOOLS = List.of("Read", "Grep", "Glob");
    /** Claude Code's permission mode that refuses every edit. */
    public static final String PERMISSION_MODE = "plan";
    /** One argument, so no argument after it can be taken for another tool name. */
    static final String TOOLS_ARGUMENT = "--tools=" + String.join(",", TOOLS);

    private static final List<String> WIDENING = List.of("--tools", "--allowedtools", "--allowed-tools",
            "--dangerously-skip-permissions", "--allow-dangerously-skip-permissions", "--permission-prompt-tool");

    private ReadOnlyReviewer() {
    }

    /**
     * The profile a reviewer runs with (same id, so its session still names the person's profile).
     *
     * @throws IllegalArgumentException with a sentence when Lanes cannot keep this profile read-only
     */
    public static AgentProfile of(AgentProfile p) {
        if (p.mode() != AgentProfile.Mode.HEADLESS || p.output() != AgentProfile.OutputFormat.CLAUDE_STREAM_JSON) {
            throw new IllegalArgumentException(p.name() + " cannot review yet: Lanes keeps only Claude Code (headless) "
                    + "read-only. Choose a Claude Code profile for the reviewer (any model).");
        }
        if (!passesPermissionMode(p.firstRun()) || !passesPermissionMode(p.followUp())) {
            throw new IllegalArgumentException("The profile " + p.name() + " does not pass a permission mode on every run"
                    + " (--permission-mode {permissionMode}), so Lanes cannot keep a reviewer read-only with it.");
        }
        return new AgentProfile(p.id(), p.name() + " (read-only)", p.executable(), p.mode(), locked(p.firstRun()),
                locked(p.followUp()), p.output(), p.costFromResult(), p.versionArgs(), p.installHint(), p.builtIn());
    }

    private static boolean passesPermissionMode(List<String> groups) {
        return groups.stream().anyMatch(g -> g.contains("--permission-mode") && g.contains("{permissionMode}"));
    }

    private static List<String> locked(List<String> groups) {
        List<String> out = new ArrayList<>();
        out.add(TOOLS_ARGUMENT);
        for (String g : groups) {
            String lower = g.toLowerCase(Locale.ROOT);
            boolean widens = WIDENING.stream().anyMatch(w -> lower.matches("(?s).*(^|\\s)" + java.util.regex.Pattern.quote(w) + "(=|\\s|$).*"));
            boolean literalMode = lower.contains("--permission-mode") && !g.contains("{permissionMode}");
            if (!widens && !literalMode) {
                out.add(g);
            }
        }
        return out;
    }
}
