package dev.lanes.process;

import java.time.Duration;

/**
 * How a process ended.
 *
 * @param code     exit code (128 + signal number for a signal, as a shell reports it)
 * @param duration from start to exit
 * @param stopped  true when it ended because {@link ManagedProcess#stop} was called
 */
public record ProcessExit(int code, Duration duration, boolean stopped) {
}
