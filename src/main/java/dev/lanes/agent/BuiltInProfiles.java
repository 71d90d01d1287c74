package dev.lanes.agent;

import dev.lanes.model.AgentProfile;
import dev.lanes.model.AgentProfile.Mode;
import dev.lanes.model.AgentProfile.OutputFormat;

import java.util.List;

/** The profiles Lanes ships: Claude Code (headless and interactive), Codex, Gemini, Aider, a custom command. */
public final class BuiltInProfiles {

    public static final String CLAUDE = "claude";
    public static final String CLAUDE_INTERACTIVE = "claude-interactive";
    public static final String CODEX = "codex";
    public static final String GEMINI = "gemini";
    public static final String AIDER = "aider";
    public static final String CUSTOM = "custom";

    private static final String CLAUDE_HINT = "Install Claude Code: npm install -g @anthropic-ai/claude-code (then run “claude” once to log in).";

    private BuiltInProfiles() {
    }

    public static List<AgentProfile> all() {
        return List.of(
                new AgentProfile(CLAUDE, "Claude Code", "claude", Mode.HEADLESS,
                        List.of("-p {prompt}", "--output-format stream-json --verbose", "--session-id {sessionId}",
                                "--permission-mode {permissionMode}", "--allowedTools {allowedTools}", "-n {name}",
                                "--model {model}", "--max-budget-usd {budget}", "--max-turns {maxTurns}"),
                        List.of("-p {prompt}", "--output-format stream-json --verbose", "--resume {resumeId}",
                                "--permission-mode {permissionMode}", "--allowedTools {allowedTools}", "--model {model}",
                                "--max-budget-usd {budget}", "--max-turns {maxTurns}"),
                        OutputFormat.CLAUDE_STREAM_JSON, true, List.of("--version"), CLAUDE_HINT, true),
                new AgentProfile(CLAUDE_INTERACTIVE, "Claude Code (terminal)", "claude", Mode.INTERACTIVE,
                        List.of("--session-id {sessionId}", "--permission-mode {permissionMode}", "-n {name}",
                                "--model {model}", "{prompt}"),
                        List.of("--resume {resumeId}", "--permission-mode {permissionMode}", "--model {model}"),
                        OutputFormat.TERMINAL, false, List.of("--version"), CLAUDE_HINT, true),
                new AgentProfile(CODEX, "Codex", "codex", Mode.HEADLESS,
                        List.of("exec --json", "--model {model}", "{prompt}"),
                        List.of("exec resume {resumeId} --json", "{prompt}"),
                        OutputFormat.CODEX_JSON, false, List.of("--version"),
                        "Install Codex: npm install -g @openai/codex.", true),
                new AgentProfile(GEMINI, "Gemini CLI", "gemini", Mode.HEADLESS,
                        List.of("-p {prompt}", "-o stream-json", "--model {model}"),
                        List.of(),
                        OutputFormat.GEMINI_STREAM_JSON, false, List.of("--version"),
                        "Install Gemini CLI: npm install -g @google/gemini-cli.", true),
                new AgentProfile(AIDER, "Aider", "aider", Mode.HEADLESS,
                        List.of("--message {prompt}", "--yes-always", "--no-pretty", "--model {model}"),
                        List.of(),
                        OutputFormat.TEXT, false, List.of("--version"),
                        "Install Aider: python -m pip install aider-install && aider-install.", true),
                // no version arguments: "sh --version" fails with dash (Debian's sh), and a shell's version says nothing about the agent
                new AgentProfile(CUSTOM, "Custom command", "sh", Mode.HEADLESS,
                        List.of("-c {prompt}"), List.of(),
                        OutputFormat.TEXT, false, List.of(),
                        "Set the executable of this profile in Preferences → Agents.", true));
    }

    public static AgentProfile get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no built-in agent profile " + id));
    }

    /** The shipped profile with this id, if Lanes ships one. */
    public static java.util.Optional<AgentProfile> find(String id) {
        return all().stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
