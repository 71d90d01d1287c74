package dev.lanes.fanout;

import java.time.Instant;

/**
 * One item of a run as it stands (an immutable snapshot).
 *
 * @param index      1-based position in the list
 * @param path       the file, relative to the run's folder
 * @param state      where it stands
 * @param attempts   how many times it was started
 * @param costUsd    what its agent runs cost so far (0 for a plain command)
 * @param exitCode   the last exit code of the item's program, or null
 * @param verifyExit the last exit code of the verification, or null when none ran
 * @param message    one line: why it failed, was skipped…; empty when there is nothing to say
 * @param logFile    the last attempt's log (program and verification output), or null
 * @param place      the worktree and branch it runs in (placements per item and per batch), once made; null
 *                   while none is made and always in a run with one folder
 * @param process    the process that runs for it now (its program or its verification), or null: only while
 *                   it is {@link ItemState#RUNNING}
 */
public record FanoutItem(int index, String path, ItemState state, int attempts, double costUsd, Integer exitCode,
                         Integer verifyExit, String message, String logFile, Instant startedAt, Instant endedAt,
                         ItemPlace place, ItemProcess process) {

    public FanoutItem {
        message = message == null ? "" : message;
    }

    /** An item with no process running for it. */
    public FanoutItem(int index, String path, ItemState state, int attempts, double costUsd, Integer exitCode,
                      Integer verifyExit, String message, String logFile, Instant startedAt, Instant endedAt,
                      ItemPlace place) {
        this(index, path, state, attempts, costUsd, exitCode, verifyExit, message, logFile, startedAt, endedAt, place, null);
    }

    /** An item of a run in one folder (no place of its own). */
    public FanoutItem(int index, String path, ItemState state, int attempts, double costUsd, Integer exitCode,
                      Integer verifyExit, String message, String logFile, Instant startedAt, Instant endedAt) {
        this(index, path, state, attempts, costUsd, exitCode, verifyExit, message, logFile, startedAt, endedAt, null);
    }

    public static FanoutItem queued(int index, String path) {
        return new FanoutItem(index, path, ItemState.QUEUED, 0, 0, null, null, "", null, null, null, null, null);
    }

    public FanoutItem withPlace(ItemPlace place) {
        return new FanoutItem(index, path, state, attempts, costUsd, exitCode, verifyExit, message, logFile, startedAt,
                endedAt, place, process);
    }

    public FanoutItem withProcess(ItemProcess process) {
        return new FanoutItem(index, path, state, attempts, costUsd, exitCode, verifyExit, message, logFile, startedAt,
                endedAt, place, process);
    }
}
