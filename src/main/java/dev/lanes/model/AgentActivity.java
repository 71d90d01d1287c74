package dev.lanes.model;

/**
 * What an agent session is doing, as the person needs to know it at a glance. Read from the
 * agent's own structured events and hooks, never from its screen.
 */
public enum AgentActivity {
    /** Started; no event from the agent yet. */
    STARTING("starting", "◌"),
    /** The agent works (a turn is in progress). */
    WORKING("working", "●"),
    /** The agent waits for the person: its turn ended, or it asks for a permission. */
    WAITING("waiting for you", "◆"),
    /** Finished well (a headless run's result, or the session ended). */
    DONE("done", "✓"),
    /** Finished badly: an error result, a crash, a budget reached, not logged in. */
    FAILED("failed", "✗");

    private final String label;
    private final String glyph;

    AgentActivity(String label, String glyph) {
        this.label = label;
        this.glyph = glyph;
    }

    public String label() {
        return label;
    }

    /** One character for tab titles and the tree. */
    public String glyph() {
        return glyph;
    }
}
