package dev.lanes.model;

import java.util.List;

/**
 * How Lanes runs one kind of agent: data, not code, so a person can edit it or add their own.
 *
 * <p>Arguments are <em>groups</em>: each group is a line of space-separated tokens, and a token
 * may hold placeholders such as {@code {prompt}} or {@code {model}}. A group whose placeholders
 * are not all set is left out whole (so {@code --model {model}} disappears when no model is
 * chosen). A value always becomes part of one argument, never split or given to a shell: a prompt
 * with quotes, newlines and {@code $(…)} reaches the agent as one literal argument.
 *
 * <p>Placeholders: {@code prompt}, {@code model}, {@code permissionMode}, {@code budget} (US
 * dollars), {@code maxTurns}, {@code sessionId} (the id Lanes gives a new conversation),
 * {@code resumeId} (the agent's id of the conversation to continue), {@code name}.
 *
 * @param id          stable key ("claude", "codex", …; custom profiles "custom-…")
 * @param name        what the person sees
 * @param executable  program name (looked up on PATH) or absolute path
 * @param mode        headless (pipes, structured output) or interactive (a terminal)
 * @param firstRun    argument groups of a new conversation
 * @param followUp    argument groups that continue one ({@code resumeId} set); empty when the agent
 *                    cannot continue a conversation from the command line
 * @param output      how its output is read
 * @param costFromResult whether its result events report cost
 * @param versionArgs arguments that print its version ("--version")
 * @param installHint one sentence telling how to install it
 * @param builtIn     shipped with Lanes (may be edited, not removed)
 */
public record AgentProfile(String id, String name, String executable, Mode mode, List<String> firstRun,
                           List<String> followUp, OutputFormat output, boolean costFromResult,
                           List<String> versionArgs, String installHint, boolean builtIn) {

    public AgentProfile {
        firstRun = List.copyOf(firstRun);
        followUp = List.copyOf(followUp);
        versionArgs = List.copyOf(versionArgs);
        if (id == null || id.isBlank() || name == null || name.isBlank() || executable == null || executable.isBlank()) {
            throw new IllegalArgumentException("an agent profile needs an id, a name and an executable");
        }
    }

    /** The same profile running another program (a copy installed elsewhere, a stand-in in tests). */
    public AgentProfile withExecutable(String program) {
        return new AgentProfile(id, name, program, mode, firstRun, followUp, output, costFromResult, versionArgs,
                installHint, builtIn);
    }

    /** How the agent's process is attached. */
    public enum Mode {
        /** Pipes; the prompt is an argument; output is read as it comes. */
        HEADLESS,
        /** A terminal tab; the person talks to the agent's own interface. */
        INTERACTIVE
    }

    /** How the agent's output is read. */
    public enum OutputFormat {
        /** Claude Code {@code --output-format stream-json --verbose}. */
        CLAUDE_STREAM_JSON,
        /** Codex {@code exec --json}: JSON lines. */
        CODEX_JSON,
        /** Gemini {@code -o stream-json}: JSON lines. */
        GEMINI_STREAM_JSON,
        /** Plain text, shown as a console shows it (Aider, any command). */
        TEXT,
        /** A terminal (interactive profiles). */
        TERMINAL
    }

    /** Whether a finished run can be continued with a follow-up prompt. */
    public boolean canFollowUp() {
        return !followUp.isEmpty();
    }
}
