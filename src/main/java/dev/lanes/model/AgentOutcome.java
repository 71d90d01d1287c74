package dev.lanes.model;

/**
 * How an agent run ended, for the person.
 *
 * @param kind    what happened
 * @param message one sentence (the agent's own error text when it gave one)
 * @param hint    what to do about it, or empty
 * @param costUsd the run's cost from its result, 0 when there was no result
 */
public record AgentOutcome(Kind kind, String message, String hint, double costUsd) {

    public enum Kind {
        /** The agent reported success. */
        SUCCEEDED("done"),
        /** The agent reported an error, or ended without a result. */
        FAILED("failed"),
        /** The run hit its budget ({@code --max-budget-usd}). */
        BUDGET_REACHED("budget reached"),
        /** The agent has no credentials. */
        NOT_LOGGED_IN("not logged in"),
        /** Stopped from outside (SIGTERM, exit 143) before it reported a result. */
        STOPPED("stopped");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean succeeded() {
        return kind == Kind.SUCCEEDED;
    }
}
