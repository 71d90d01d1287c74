package dev.lanes.fanout;

import java.util.List;
import java.util.Optional;

/** Where fan-out runs and their items are kept, so a run survives a restart or a crash (the SQLite store). */
public interface FanoutStore {

    /** Records a new run with all its items queued; returns its id. */
    long createRun(FanoutSpec spec);

    /** The spec of run {@code id}. */
    Optional<FanoutSpec> fanoutRun(long id);

    /** Run {@code id}'s items in list order. */
    List<FanoutItem> fanoutItems(long runId);

    /** Writes one item's row. */
    void saveFanoutItem(long runId, FanoutItem item);

    /** Writes several items' rows, in one transaction where the store can. */
    default void saveFanoutItems(long runId, List<FanoutItem> items) {
        for (FanoutItem i : items) {
            saveFanoutItem(runId, i);
        }
    }

    /** Records the run's status ("running", "paused", "done", "cancelled"…). */
    void setFanoutStatus(long runId, String status);

    /** The runs recorded for {@code folder}, newest first (at most {@code limit}). */
    default List<FanoutRunInfo> fanoutRuns(String folder, int limit) {
        return List.of();
    }

    /** A store that keeps nothing (runs that need no record, benchmarks). */
    FanoutStore NONE = new FanoutStore() {
        @Override
        public long createRun(FanoutSpec spec) {
            return 0;
        }

        @Override
        public Optional<FanoutSpec> fanoutRun(long id) {
            return Optional.empty();
        }

        @Override
        public List<FanoutItem> fanoutItems(long runId) {
            return List.of();
        }

        @Override
        public void saveFanoutItem(long runId, FanoutItem item) {
        }

        @Override
        public void setFanoutStatus(long runId, String status) {
        }
    };
}
