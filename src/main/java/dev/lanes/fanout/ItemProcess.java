package dev.lanes.fanout;

import java.time.Instant;

/**
 * What runs for an item right now (its program or its verification), kept in the item's row so that a
 * resume after a crash can stop it if it outlived Lanes.
 *
 * @param pid       the process id
 * @param startedAt when it started, to tell it from an unrelated process that reuses the pid later
 */
public record ItemProcess(long pid, Instant startedAt) {
}
