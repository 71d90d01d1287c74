package dev.lanes.model;

/** How a session's process is attached. */
public enum SessionKind {
    /** Pipes: output in a console, input from an input line. */
    COMMAND,
    /** A pseudo-terminal: an interactive program (a shell, an interactive agent, any TUI). */
    TERMINAL
}
