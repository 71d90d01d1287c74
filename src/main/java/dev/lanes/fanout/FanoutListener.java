package dev.lanes.fanout;

/** Progress of a run; called on the engine's writer thread, in order, once the change is in the store. Keep each call short. */
public interface FanoutListener {

    /** An item changed state (started, ended, requeued…). */
    default void itemChanged(FanoutItem item) {
    }

    /** The first items of start-small ended: the run waits for {@link FanoutEngine#continueRun()} or {@link FanoutEngine#abort()}. */
    default void paused(RunSummary soFar) {
    }

    /** The concurrency limit changed (rate limits, recovery). */
    default void concurrencyChanged(int limit, String reason) {
    }

    /** Nothing runs and nothing more will start. */
    default void ended(RunSummary summary) {
    }

    FanoutListener NONE = new FanoutListener() {
    };
}
