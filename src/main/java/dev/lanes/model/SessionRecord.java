package dev.lanes.model;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A session as stored: one process (an agent, a shell, any command) in one worktree.
 * A background task is a session with {@code background} set: it lives in the Tasks panel
 * instead of a tab.
 *
 * @param id           store id (0 before it is stored)
 * @param repository   main checkout of the repository it belongs to
 * @param worktree     folder it runs in
 * @param name         what the person calls it
 * @param kind         console (pipes) or terminal (pty)
 * @param argv         the command, as an argv (a typed shell command is {@code [sh, -c, text]})
 * @param background   true for a background task
 * @param status       where it stands
 * @param exitCode     exit code once ended, else {@code null}
 * @param createdAt    when it was created
 * @param startedAt    when its process last started, or {@code null}
 * @param endedAt      when its process last ended, or {@code null}
 * @param logFile      the full output, byte for byte
 * @param pid          process id while running (kept after a crash to find survivors), or {@code null}
 * @param pidStartedAt start instant of that process as the OS reports it, to tell a reused pid apart
 * @param shownIn      the view that shows it instead of a tab (a reviewer, an investigation's question), or
 *                     {@code null} for an ordinary session; set when it is created, never from its name
 */
public record SessionRecord(long id, Path repository, Path worktree, String name, SessionKind kind,
                            List<String> argv, boolean background, SessionStatus status, Integer exitCode,
                            Instant createdAt, Instant startedAt, Instant endedAt, Path logFile,
                            Long pid, Instant pidStartedAt, ShownIn shownIn) {

    public SessionRecord {
        argv = List.copyOf(argv);
    }

    /** An ordinary session (shown in a tab of its own). */
    public SessionRecord(long id, Path repository, Path worktree, String name, SessionKind kind,
                         List<String> argv, boolean background, SessionStatus status, Integer exitCode,
                         Instant createdAt, Instant startedAt, Instant endedAt, Path logFile,
                         Long pid, Instant pidStartedAt) {
        this(id, repository, worktree, name, kind, argv, background, status, exitCode, createdAt, startedAt, endedAt,
                logFile, pid, pidStartedAt, null);
    }

    /** Whether a view of Lanes shows it, so that it gets no tab of its own unless asked for. */
    public boolean shownElsewhere() {
        return shownIn != null;
    }

    public SessionRecord withId(long newId) {
        return new SessionRecord(newId, repository, worktree, name, kind, argv, background, status, exitCode,
                createdAt, startedAt, endedAt, logFile, pid, pidStartedAt, shownIn);
    }

    public SessionRecord withName(String newName) {
        return new SessionRecord(id, repository, worktree, newName, kind, argv, background, status, exitCode,
                createdAt, startedAt, endedAt, logFile, pid, pidStartedAt, shownIn);
    }

    /** The same session shown in {@code view} instead of a tab (null: an ordinary session). */
    public SessionRecord withShownIn(ShownIn view) {
        return new SessionRecord(id, repository, worktree, name, kind, argv, background, status, exitCode,
                createdAt, startedAt, endedAt, logFile, pid, pidStartedAt, view);
    }

    public SessionRecord withBackground(boolean newBackground) {
        return new SessionRecord(id, repository, worktree, name, kind, argv, newBackground, status, exitCode,
                createdAt, startedAt, endedAt, logFile, pid, pidStartedAt, shownIn);
    }

    /** The same session with another command (an agent's follow-up runs another argv). */
    public SessionRecord withArgv(List<String> newArgv) {
        return new SessionRecord(id, repository, worktree, name, kind, newArgv, background, status, exitCode,
                createdAt, startedAt, endedAt, logFile, pid, pidStartedAt, shownIn);
    }

    public SessionRecord withLogFile(Path newLogFile) {
        return new SessionRecord(id, repository, worktree, name, kind, argv, background, status, exitCode,
                createdAt, startedAt, endedAt, newLogFile, pid, pidStartedAt, shownIn);
    }

    /** Process started: running, with its pid and the OS's start instant for it. */
    public SessionRecord started(Instant at, long newPid, Instant osStart) {
        return new SessionRecord(id, repository, worktree, name, kind, argv, background, SessionStatus.RUNNING, null,
                createdAt, at, null, logFile, newPid, osStart, shownIn);
    }

    /** Process ended (or could not start): status and exit code; the pid is kept for the record. */
    public SessionRecord ended(SessionStatus newStatus, Integer code, Instant at) {
        return new SessionRecord(id, repository, worktree, name, kind, argv, background, newStatus, code,
                createdAt, startedAt, at, logFile, pid, pidStartedAt, shownIn);
    }
}
