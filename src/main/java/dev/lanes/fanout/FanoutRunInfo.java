package dev.lanes.fanout;

import java.time.Instant;
import java.util.Map;

/**
 * One recorded fan-out run, as a list of runs shows it.
 *
 * @param status  as the engine last recorded it: "new", "running", "paused", "done", "cancelled"…; a
 *                run whose status says it was running when Lanes ended can be resumed
 * @param counts  items by state
 * @param spentUsd what the items cost so far
 */
public record FanoutRunInfo(long id, String folder, String status, Instant createdAt, Instant updatedAt, int total,
                            Map<ItemState, Integer> counts, double spentUsd) {

    public FanoutRunInfo {
        counts = Map.copyOf(counts);
    }

    public int count(ItemState s) {
        return counts.getOrDefault(s, 0);
    }

    /** Items that would run on a resume: queued, or interrupted (and running ones, which a resume marks interrupted). */
    public int unfinished() {
        return count(ItemState.QUEUED) + count(ItemState.RUNNING) + count(ItemState.INTERRUPTED);
    }
}
