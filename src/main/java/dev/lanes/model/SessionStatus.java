package dev.lanes.model;

/** Where a session's process stands. */
public enum SessionStatus {
    /** Created, process not started yet. */
    STARTING("starting", "◌"),
    /** Process alive. */
    RUNNING("running", "●"),
    /** Process ended with exit code 0. */
    EXITED("exited", "✓"),
    /** Process ended with a non-zero exit code, or could not be started. */
    FAILED("failed", "✗"),
    /** Stopped by the person (its tree was killed). */
    STOPPED("stopped", "■"),
    /** Was running when Lanes ended without stopping it (a crash, a kill). */
    INTERRUPTED("interrupted", "!");

    private final String label;
    private final String glyph;

    SessionStatus(String label, String glyph) {
        this.label = label;
        this.glyph = glyph;
    }

    public String label() {
        return label;
    }

    /** A one-character mark for tab titles and the tree. */
    public String glyph() {
        return glyph;
    }

    /** True while a process may be running. */
    public boolean isLive() {
        return this == STARTING || this == RUNNING;
    }
}
