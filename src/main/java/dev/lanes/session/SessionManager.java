package dev.lanes.session;

import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import dev.lanes.process.ManagedProcess;
import dev.lanes.process.PtySession;
import dev.lanes.process.ProcessSpec;
import dev.lanes.process.ProcessStartException;
import dev.lanes.process.ProcessTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sessions: a command (an agent, a shell, a build) running in a worktree, its output kept byte for
 * byte in a log, its state in the store so it survives a restart of Lanes — and, after a crash,
 * the processes it left behind can be found and ended.
 *
 * <p>Every method may block (processes, disk, store): call it off the FX thread. Listeners are
 * told on whatever thread the change happened (a caller's, a process reader's); the UI batches.
 */
public final class SessionManager implements AutoCloseable {

    /** How long a stopped process gets to end on SIGTERM before SIGKILL. */
    public static final Duration GRACE = Duration.ofSeconds(3);
    /** How much of an earlier log a newly attached view is shown. */
    public static final int HISTORY_BYTES = 4 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

    private final SessionStore store;
    private final Path logDir;
    private final Clock clock;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    /** Views attached to each session, across its runs. */
    private final Map<Long, List<Output>> views = new ConcurrentHashMap<>();
    /** Orders a view attaching to a session that does not run against that session starting. */
    private final Object attachLock = new Object();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Told about every change of any session. */
    public interface Listener {
        void changed(SessionRecord session);

        default void removed(long id) {
        }
    }

    /** Text a session prints, as it comes. */
    public interface Output {
        void output(String text, boolean stderr);
    }

    /**
     * A view attached to a session's output.
     *
     * @param history what the log held when the view attached (its last {@link #HISTORY_BYTES})
     * @param detach  stops live output to the view
     */
    public record Attachment(String history, Runnable detach) {
    }

    /**
     * What was left from the last run.
     *
     * @param interrupted sessions that were running when Lanes ended without stopping them
     * @param survivors   those of them whose process is still alive
     */
    public record Recovery(List<SessionRecord> interrupted, List<SessionRecord> survivors) {
    }

    /** A running piped process, or a running terminal (pty): what the manager needs of either. */
    private static final class Running {
        volatile ManagedProcess process;
        volatile PtySession terminal;
        volatile boolean stopRequested;
        final List<Output> outputs = new CopyOnWriteArrayList<>();
        /** The views attached to the session: they outlive one run (a restart, an agent's follow-up). */
        List<Output> views = List.of();
        volatile String lastLine = "";

        void stop() {
            stopRequested = true;
            if (process != null) {
                process.stop(GRACE);
            } else if (terminal != null) {
                terminal.stop(GRACE);
            }
        }

        java.util.concurrent.CompletableFuture<?> onExit() {
            return process != null ? process.onExit() : terminal.onExit();
        }

        void write(String text) throws IOException {
            if (process != null) {
                process.write(text);
            } else {
                terminal.write(text);
            }
        }

        void output(String text, boolean stderr) {
            String line = lastLine(text);
            if (!line.isEmpty()) {
                lastLine = line;
            }
            for (Output o : outputs) {
                o.output(text, stderr);
            }
            for (Output o : views) {
                o.output(text, stderr);
            }
        }
    }

    private final dev.lanes.lane.LanePorts ports;
    private final dev.lanes.lane.LaneResources resources = new dev.lanes.lane.LaneResources();
    /** Starts sessions whose resources came free (the thread that freed them is a process's exit). */
    private final java.util.concurrent.ExecutorService resourceStarts = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lanes-resource-start");
        t.setDaemon(true);
        return t;
    });

    public SessionManager(SessionStore store, Path logDir) {
        this(store, logDir, Clock.systemUTC());
    }

    SessionManager(SessionStore store, Path logDir, Clock clock) {
        this.store = store;
        this.ports = new dev.lanes.lane.LanePorts(store);
        this.logDir = logDir;
        this.clock = clock;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- creating and running

    /** Stores a new ordinary session (not started yet). */
    public SessionRecord create(Path repository, Path worktree, String name, SessionKind kind, List<String> argv,
                                boolean background) {
        return create(repository, worktree, name, kind, argv, background, null);
    }

    /**
     * Stores a new session (not started yet).
     *
     * @param shownIn the view that shows it instead of a tab of its own, or null for an ordinary session
     */
    public SessionRecord create(Path repository, Path worktree, String name, SessionKind kind, List<String> argv,
                                boolean background, dev.lanes.model.ShownIn shownIn) {
        SessionRecord draft = new SessionRecord(0, repository, worktree, name, kind, argv, background,
                SessionStatus.STARTING, null, clock.instant(), null, null, null, null, null, shownIn);
        SessionRecord stored = store.insert(draft);
        SessionRecord withLog = stored.withLogFile(logDir.resolve(stored.id() + ".log"));
        store.update(withLog);
        fire(withLog);
        return withLog;
    }

    /**
     * Starts the session's process. When it cannot start, the session is marked failed, the reason
     * goes into its log, and a {@link ProcessStartException} tells the caller.
     */
    public SessionRecord start(long id) {
        return start(id, Launch.DEFAULT);
    }

    /**
     * How to start a session's process beyond its argv.
     *
     * @param environment added to the inherited environment (a null value removes a variable)
     * @param first       told of the output from the very first byte (before any view attaches), or null
     * @param closeInput  close the process's standard input at once (an agent given its prompt as
     *                    an argument, which would otherwise wait for input)
     */
    public record Launch(Map<String, String> environment, Output first, boolean closeInput) {
        public static final Launch DEFAULT = new Launch(Map.of(), null, false);

        public Launch {
            environment = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(environment));
        }
    }

    /**
     * Starts the session's process as {@link #start(long)} does, with {@code launch}. A session
     * that needs named resources ({@link #holdResources}) first waits for them: it then stays
     * {@link SessionStatus#STARTING} (its log says what it waits for, and who holds it) and starts
     * once it holds them all; they go back when it ends.
     */
    public SessionRecord start(long id, Launch launch) {
        List<String> needs = store.sessionResources(id);
        if (!needs.isEmpty() && !running.containsKey(id) && !resources.holdsAll(id, needs)) {
            SessionRecord session = require(id);
            java.util.concurrent.CompletableFuture<Void> held = resources.acquire(
                    new dev.lanes.lane.LaneResources.Holder(id, session.worktree(), session.name()), needs);
            if (!held.isDone()) {
                waiting(id).ifPresent(text -> tell(session, text + "\n"));
                held.thenRunAsync(() -> startHeld(id, launch), resourceStarts);
                return session;
            }
        }
        try {
            synchronized (attachLock) { // a view attaching now sees the whole run, or the log before it
                return startLocked(id, launch);
            }
        } catch (RuntimeException e) {
            resources.release(id);
            throw e;
        }
    }

    /** Starts a session that now holds its resources (it may have been closed meanwhile). */
    private void startHeld(long id, Launch launch) {
        if (store.session(id).filter(s -> s.status() == SessionStatus.STARTING).isEmpty()) {
            resources.release(id);
            return;
        }
        try {
            start(id, launch);
        } catch (RuntimeException e) {
            LOG.warn("Session {} could not start once its resources were free: {}", id, e.getMessage());
        }
    }

    /**
     * Sets the named resources the session holds while it runs (see {@link dev.lanes.lane.LaneResources}),
     * before it starts. Returns them as kept (trimmed, no repeats, in name order).
     *
     * @throws IllegalArgumentException with a sentence for the person, for a bad name
     */
    public List<String> holdResources(long id, java.util.Collection<String> names) {
        List<String> kept = dev.lanes.lane.LaneResources.normalize(names);
        store.saveSessionResources(id, kept);
        return kept;
    }

    /** The named resources the session holds while it runs. */
    public List<String> resourcesOf(long id) {
        return store.sessionResources(id);
    }

    /** Who holds and who waits for the named resources, across lanes. */
    public dev.lanes.lane.LaneResources resources() {
        return resources;
    }

    /** The lanes' blocks of ports ({@code LANES_PORT}). */
    public dev.lanes.lane.LanePorts ports() {
        return ports;
    }

    /** Writes a line to the session's log and to its views (not to its process). */
    private void tell(SessionRecord session, String text) {
        synchronized (attachLock) {
            appendToLog(session, text);
            for (Output o : views.getOrDefault(session.id(), List.of())) {
                o.output(text, false);
            }
        }
    }

    private SessionRecord startLocked(long id, Launch launch) {
        SessionRecord session = require(id);
        if (running.containsKey(id)) {
            return session;
        }
        Running r = new Running();
        r.views = views.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
        if (launch.first() != null) {
            r.outputs.add(launch.first());
        }
        Map<String, String> env = new java.util.HashMap<>(launch.environment());
        env.put("LANES_SESSION", Long.toString(id));
        laneEnvironment(session, env);
        long pid;
        Instant osStart;
        try {
            if (session.kind() == SessionKind.TERMINAL) {
                // the terminal view reads the pty itself; the manager only runs and records it
                PtySession pty = PtySession.start(PtySession.Spec.of(session.argv(), session.worktree())
                        .withEnv(env).withLog(session.logFile()).withSize(120, 32));
                r.terminal = pty;
                pid = pty.pid();
                osStart = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).orElse(clock.instant());
            } else {
                ManagedProcess process = ManagedProcess.start(new ProcessSpec(session.argv(), session.worktree(),
                        env, session.logFile()), r::output);
                r.process = process;
                if (launch.closeInput()) {
                    process.closeInput();
                }
                pid = process.pid();
                osStart = process.osStartedAt();
            }
        } catch (ProcessStartException e) {
            appendToLog(session, "\n" + e.getMessage() + "\n");
            SessionRecord failed = session.ended(SessionStatus.FAILED, null, clock.instant());
            store.update(failed);
            fire(failed);
            throw e;
        }
        running.put(id, r);
        SessionRecord started = session.started(clock.instant(), pid, osStart);
        store.update(started);
        fire(started);
        if (r.process != null) {
            r.process.onExit().thenAccept(exit -> ended(id, exit.code(), exit.stopped() || r.stopRequested));
        } else {
            r.terminal.onExit().thenAccept(code -> ended(id, code, r.stopRequested));
        }
        return started;
    }

    /**
     * What a lane's processes are told of it: {@code LANES_LANE} (the worktree's folder name),
     * {@code LANES_WORKTREE}, and {@code LANES_PORT}, the first of {@code LANES_PORT_COUNT} ports
     * of its own (a dev server listens on {@code $LANES_PORT} and never collides with another lane's).
     */
    private void laneEnvironment(SessionRecord session, Map<String, String> env) {
        Path worktree = session.worktree().toAbsolutePath().normalize();
        env.putIfAbsent("LANES_LANE", worktree.getFileName() == null ? worktree.toString() : worktree.getFileName().toString());
        env.putIfAbsent("LANES_WORKTREE", worktree.toString());
        try {
            env.putIfAbsent("LANES_PORT", Integer.toString(ports.blockFor(worktree)));
            env.putIfAbsent("LANES_PORT_COUNT", Integer.toString(dev.lanes.lane.LanePorts.BLOCK));
        } catch (RuntimeException e) {
            LOG.warn("No block of ports for {}: {}", worktree, e.getMessage());
        }
    }

    private void ended(long id, int code, boolean stopped) {
        running.remove(id);
        resources.release(id);
        Optional<SessionRecord> current = store.session(id);
        if (current.isEmpty()) {
            return; // closed meanwhile
        }
        SessionStatus status = stopped ? SessionStatus.STOPPED : code == 0 ? SessionStatus.EXITED : SessionStatus.FAILED;
        SessionRecord done = current.get().ended(status, code, clock.instant());
        store.update(done);
        fire(done);
    }

    /** Stops the session's process tree; returns once it has ended (at most about {@link #GRACE}). */
    public void stop(long id) {
        Running r = running.get(id);
        if (r == null) {
            if (resources.release(id)) { // it was waiting for a resource: it never started
                store.session(id).filter(s -> s.status() == SessionStatus.STARTING).ifPresent(s -> {
                    SessionRecord stopped = s.ended(SessionStatus.STOPPED, null, clock.instant());
                    store.update(stopped);
                    fire(stopped);
                });
            }
            return;
        }
        r.stop();
        try {
            r.onExit().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("Session {} ended oddly", id, e.getCause());
        }
    }

    /**
     * Runs another command in the same session (an agent's follow-up): the session's argv becomes
     * {@code argv}, its log goes on after {@code separator} (written to the log first, may be
     * empty). Fails if the session runs.
     */
    public SessionRecord relaunch(long id, List<String> argv, String separator, Launch launch) {
        if (running.containsKey(id)) {
            throw new ProcessStartException("The session is still running; stop it or wait for it to finish.");
        }
        SessionRecord session = require(id).withArgv(argv);
        store.update(session);
        synchronized (attachLock) {
            if (!separator.isEmpty()) {
                tell(session, separator);
            }
            return start(id, launch);
        }
    }

    /** Writes text to a session's log (not to its views), e.g. the prompt that starts an agent's run. */
    public void note(long id, String text) {
        appendToLog(require(id), text);
    }

    /** Stops the session if it runs, then starts it again; its log goes on. */
    public SessionRecord restart(long id) {
        stop(id);
        SessionRecord session = require(id);
        synchronized (attachLock) {
            tell(session, "\n── restarted " + clock.instant() + " ──\n");
            return start(id);
        }
    }

    /** Sends text to the session's standard input. */
    public void send(long id, String text) {
        Running r = running.get(id);
        if (r == null) {
            throw new ProcessStartException("The session is not running; restart it to send it input.");
        }
        try {
            r.write(text);
        } catch (IOException e) {
            throw new ProcessStartException("The session no longer reads its input (" + e.getMessage() + ").");
        }
    }

    public SessionRecord rename(long id, String name) {
        SessionRecord renamed = require(id).withName(name);
        store.update(renamed);
        fire(renamed);
        return renamed;
    }

    /** Moves a session between a tab (false) and the Tasks panel (true); it keeps running. */
    public SessionRecord setBackground(long id, boolean background) {
        SessionRecord moved = require(id).withBackground(background);
        store.update(moved);
        fire(moved);
        return moved;
    }

    /** Stops the session if it runs, and forgets it: its record and its log go. */
    public void close(long id) {
        stop(id);
        views.remove(id);
        Optional<SessionRecord> session = store.session(id);
        store.delete(id);
        session.map(SessionRecord::logFile).ifPresent(log -> {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                LOG.warn("Could not delete the log {}", log, e);
            }
        });
        for (Listener l : listeners) {
            l.removed(id);
        }
    }

    public List<SessionRecord> sessions(Path repository) {
        return store.sessions(repository);
    }

    public Optional<SessionRecord> session(long id) {
        return store.session(id);
    }

    /**
     * The last line a session printed, without colours: from memory while it runs, else from the
     * end of its log (reads the disk).
     */
    public String lastLine(long id) {
        Running r = running.get(id);
        if (r != null) {
            return r.lastLine;
        }
        return store.session(id).map(s -> lastLine(readLast(s.logFile(), 8192))).orElse("");
    }

    /**
     * Without the disk: the last line of a running session, what a session waiting for a resource
     * waits for, else "". For a once-a-second poll.
     */
    public String lastLineIfRunning(long id) {
        Running r = running.get(id);
        return r != null ? r.lastLine : waiting(id).orElse("");
    }

    /** What the session waits for, as a sentence, if it waits for a resource. */
    public Optional<String> waiting(long id) {
        return resources.waitingFor(id).map(w -> "Waiting for the resource “" + w.name() + "”"
                + (w.holder() == null ? "" : ", held by “" + w.holder().label() + "” in " + w.holder().worktree().getFileName())
                + "…");
    }

    private static final java.util.regex.Pattern ESCAPES =
            java.util.regex.Pattern.compile("\u001B(?:\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?|[@-Z\\\\-_])");

    /** The last non-blank line of {@code text}, escape sequences and a trailing progress \r removed. */
    static String lastLine(String text) {
        int end = text.length();
        while (end > 0) {
            int start = text.lastIndexOf('\n', end - 1) + 1;
            String line = text.substring(start, end);
            int cr = line.lastIndexOf('\r', line.length() - 2);
            if (cr >= 0) {
                line = line.substring(cr + 1);
            }
            line = ESCAPES.matcher(line).replaceAll("").replace("\r", "").strip();
            if (!line.isEmpty()) {
                return line.length() > 300 ? line.substring(0, 300) + "…" : line;
            }
            end = start - 1;
        }
        return "";
    }

    /** The pty of a running terminal session, for its terminal view. */
    public Optional<PtySession> terminal(long id) {
        return Optional.ofNullable(running.get(id)).map(r -> r.terminal);
    }

    /** How many sessions run now, in every repository. */
    public int runningCount() {
        return running.size();
    }

    public boolean isRunning(long id) {
        return running.containsKey(id);
    }

    /**
     * Attaches a view: it gets the log so far as history, then every later output, with nothing
     * lost or repeated in between.
     */
    public Attachment attach(long id, Output output) {
        SessionRecord session = require(id);
        List<Output> list = views.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
        Runnable detach = () -> list.remove(output);
        synchronized (attachLock) {
            Running r = running.get(id);
            if (r == null || r.process == null) {
                // not running (or a terminal, whose view reads the pty): the log as it is; a later
                // run (a restart, a follow-up) reaches the view live
                list.add(output);
                return new Attachment(readTail(session.logFile(), Long.MAX_VALUE), detach);
            }
            String history = r.process.withOutputPaused(() -> {
                list.add(output);
                // the whole file as it is now: the process's bytes and what Lanes wrote into the log
                // (a restart's separator, an agent's prompt); nothing is written while output is paused
                return readTail(session.logFile(), Long.MAX_VALUE);
            });
            return new Attachment(history, detach);
        }
    }

    // ---------------------------------------------------------------- after a crash, and at exit

    /**
     * Marks sessions that were running when Lanes last ended as interrupted and finds the processes
     * of theirs that are still alive (same pid and same OS start time).
     */
    public Recovery recover() {
        List<SessionRecord> interrupted = store.markLiveAsInterrupted(clock.instant());
        List<SessionRecord> survivors = new ArrayList<>();
        for (SessionRecord s : interrupted) {
            if (s.pid() != null && ProcessTree.find(s.pid(), s.pidStartedAt()).isPresent()) {
                survivors.add(s);
            }
            fire(s);
        }
        return new Recovery(interrupted, survivors);
    }

    /** Ends the process trees of sessions found by {@link #recover()}. */
    public void endSurvivors(List<SessionRecord> survivors) {
        for (SessionRecord s : survivors) {
            ProcessTree.find(s.pid(), s.pidStartedAt()).ifPresent(h -> ProcessTree.kill(h, GRACE));
        }
    }

    /** Stops every running session (on exit), all at once. */
    public void stopAll() {
        List<Thread> stoppers = new ArrayList<>();
        for (Long id : List.copyOf(running.keySet())) {
            Thread t = new Thread(() -> stop(id), "stop-session-" + id);
            t.setDaemon(true);
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join(GRACE.toMillis() + 3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        resourceStarts.shutdownNow();
    }

    // ---------------------------------------------------------------- helpers

    private SessionRecord require(long id) {
        return store.session(id).orElseThrow(() -> new IllegalArgumentException("no session " + id));
    }

    private void fire(SessionRecord session) {
        for (Listener l : listeners) {
            try {
                l.changed(session);
            } catch (RuntimeException e) {
                LOG.error("Session listener failed", e);
            }
        }
    }

    private static void appendToLog(SessionRecord session, String text) {
        if (session.logFile() == null) {
            return;
        }
        try {
            Files.createDirectories(session.logFile().getParent());
            Files.writeString(session.logFile(), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("Could not write to {}", session.logFile(), e);
        }
    }

    private static String readLast(Path log, int bytes) {
        if (log == null || !Files.exists(log)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - bytes);
            byte[] b = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last {@link #HISTORY_BYTES} of the first {@code limit} bytes of a log, decoded. */
    static String readTail(Path log, long limit) {
        return dev.lanes.process.LogTail.read(log, limit, HISTORY_BYTES);
    }
}
