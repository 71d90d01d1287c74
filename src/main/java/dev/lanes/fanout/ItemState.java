package dev.lanes.fanout;

/** Where one item of a fan-out run stands. */
public enum ItemState {
    QUEUED, RUNNING, PASSED, FAILED, VERIFY_FAILED, SKIPPED, CANCELLED, INTERRUPTED;

    /** Ran to an end (pass or fail): never rerun unless the person retries it. */
    public boolean finished() {
        return this == PASSED || this == FAILED || this == VERIFY_FAILED;
    }

    /** What {@link FanoutEngine#retryFailed()} queues again. */
    public boolean retryable() {
        return this == FAILED || this == VERIFY_FAILED || this == INTERRUPTED || this == CANCELLED;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
