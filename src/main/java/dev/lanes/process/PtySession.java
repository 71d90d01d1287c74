package dev.lanes.process;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import com.pty4j.unix.UnixPtyProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A program running in a pseudo-terminal (pty4j): an interactive shell, {@code claude}, or any TUI.
 * No JavaFX here; {@code dev.lanes.ui.terminal.TerminalView} shows one.
 *
 * <p>Typical use:
 * <pre>{@code
 * PtySession s = PtySession.start(PtySession.Spec.of(List.of("claude"), worktree)
 *         .withEnv(Map.of("ANTHROPIC_BASE_URL", url))
 *         .withLog(logs.resolve(id + ".log"))
 *         .withSize(120, 32));
 * s.onExit().thenAccept(code -> ...);    // on the session's reader thread
 * TerminalView view = new TerminalView(s); // on the FX thread; it resizes the pty and stops it when disposed
 * }</pre>
 *
 * <p>The output (the raw bytes, as the program wrote them) is read on one blocking reader thread,
 * appended byte for byte to the log file, and handed to the output listeners. Output that arrives
 * while no listener is attached is kept (up to {@value #BACKLOG_LIMIT} bytes, the oldest dropped)
 * and handed to the first listener that attaches, so a view attached after {@link #start} misses
 * nothing.
 */
public final class PtySession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PtySession.class);

    /** Bytes of output kept for the first listener while none is attached. */
    public static final int BACKLOG_LIMIT = 4 * 1024 * 1024;

    /** How long {@link #close()} waits for a polite end before killing. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);

    /**
     * What to start.
     *
     * @param argv    the program and its arguments; a bare program name is looked up on the session's {@code PATH}
     * @param folder  the working folder; must exist
     * @param env     added to the inherited environment (after {@code TERM=xterm-256color},
     *                {@code COLORTERM=truecolor} and {@code PWD}, so it may override them); a {@code null}
     *                value removes a variable
     * @param log     file the raw output is appended to (created with its folders), or {@code null} for none
     * @param columns initial width in characters
     * @param rows    initial height in lines
     */
    public record Spec(List<String> argv, Path folder, Map<String, String> env, Path log, int columns, int rows) {

        public Spec {
            argv = List.copyOf(argv);
            if (argv.isEmpty() || argv.get(0).isBlank()) {
                throw new IllegalArgumentException("no program to start");
            }
            Objects.requireNonNull(folder, "folder");
            env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new HashMap<>(env));
            if (columns < 1 || rows < 1) {
                throw new IllegalArgumentException("terminal size " + columns + "x" + rows);
            }
        }

        /** {@code argv} in {@code folder}, inherited environment, no log, 120×32. */
        public static Spec of(List<String> argv, Path folder) {
            return new Spec(argv, folder, Map.of(), null, 120, 32);
        }

        public Spec withEnv(Map<String, String> extra) {
            return new Spec(argv, folder, extra, log, columns, rows);
        }

        public Spec withLog(Path logFile) {
            return new Spec(argv, folder, env, logFile, columns, rows);
        }

        public Spec withSize(int cols, int lines) {
            return new Spec(argv, folder, env, log, cols, lines);
        }
    }

    private final PtyProcess process;
    private final String name;
    private final OutputStream input;
    private final Object outputLock = new Object();
    private final List<Consumer<byte[]>> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
    private int backlogBytes;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile OutputStream log;
    private volatile int columns;
    private volatile int rows;

    private PtySession(PtyProcess process, String name, OutputStream log, int columns, int rows) {
        this.process = process;
        this.name = name;
        this.input = process.getOutputStream();
        this.log = log;
        this.columns = columns;
        this.rows = rows;
    }

    /**
     * Starts the program in a new pty. Returns once it runs; its output is read on a thread of its own.
     *
     * @throws ProcessStartException with a sentence for the person when the folder or the
     *                                              program does not exist, or the pty cannot be opened
     */
    public static PtySession start(Spec spec) {
        Path folder = spec.folder().toAbsolutePath();
        if (!Files.isDirectory(folder)) {
            throw new ProcessStartException(ManagedProcess.folderMissing(folder));
        }
        Map<String, String> env = environment(System.getenv(), folder, spec.env());
        List<String> argv = new ArrayList<>(spec.argv());
        if (!isWindows()) {
            argv.set(0, resolveProgram(argv.get(0), folder, env.get("PATH")));
        }
        OutputStream log = openLog(spec.log());
        ensurePty4jTmpDir();
        PtyProcess p;
        try {
            p = new PtyProcessBuilder(argv.toArray(String[]::new))
                    .setDirectory(folder.toString())
                    .setEnvironment(env)
                    .setInitialColumns(spec.columns())
                    .setInitialRows(spec.rows())
                    .setRedirectErrorStream(true)
                    .setUseWinConPty(true)
                    .start();
        } catch (IOException | RuntimeException | LinkageError e) {
            closeQuietly(log);
            LOG.warn("Could not start {} in a terminal", argv, e);
            throw new ProcessStartException("Could not start " + spec.argv().get(0)
                    + " in a terminal: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        String program = Path.of(spec.argv().get(0)).getFileName().toString();
        PtySession session = new PtySession(p, program, log, spec.columns(), spec.rows());
        Thread reader = new Thread(() -> {
            ReaderPriority.lowerCurrentThread();
            session.pump();
        }, "pty-output-" + p.pid());
        reader.setDaemon(true);
        reader.start();
        LOG.info("Started {} (pid {}) in a {}x{} terminal in {}", spec.argv(), p.pid(), spec.columns(), spec.rows(), folder);
        return session;
    }

    /**
     * The inherited environment, then {@code TERM}, {@code COLORTERM} and {@code PWD} (the folder),
     * then the caller's (a null value removes).
     */
    static Map<String, String> environment(Map<String, String> inherited, Path folder, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(inherited);
        env.put("TERM", "xterm-256color");
        env.put("COLORTERM", "truecolor");
        env.put("PWD", folder.toString());
        ProcessSpec.changeEnvironment(env, extra);
        return env;
    }

    /**
     * The program's absolute path: a name with a slash is taken relative to the folder, a bare
     * name is looked up on {@code path}.
     */
    static String resolveProgram(String program, Path folder, String path) {
        if (program.contains("/")) {
            Path p = folder.resolve(program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
            throw new ProcessStartException(Files.exists(p)
                    ? "“" + program + "” cannot be run: permission denied (is it executable?)."
                    : ManagedProcess.notFound(program));
        }
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir).isAbsolute() ? Path.of(dir, program) : folder.resolve(dir).resolve(program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        throw new ProcessStartException(ManagedProcess.notFound(program));
    }

    private static OutputStream openLog(Path logFile) {
        if (logFile == null) {
            return null;
        }
        try {
            Path parent = logFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ProcessStartException("Could not write the terminal log " + logFile + ": "
                    + e.getMessage());
        }
    }

    /** pty4j unpacks its native library into {@code pty4j.tmpdir}, but only if that folder exists. */
    private static void ensurePty4jTmpDir() {
        String dir = System.getProperty("pty4j.tmpdir");
        if (dir != null && !dir.isBlank()) {
            try {
                Files.createDirectories(Path.of(dir));
            } catch (IOException | RuntimeException e) {
                LOG.debug("pty4j.tmpdir {} unusable ({}); pty4j falls back to a temp folder", dir, e.toString());
            }
        }
    }

    private void pump() {
        InputStream in = process.getInputStream();
        byte[] buf = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                byte[] chunk = java.util.Arrays.copyOf(buf, n);
                writeLog(chunk);
                deliver(chunk);
            }
        } catch (IOException e) {
            LOG.debug("Terminal output of {} ended: {}", process.pid(), e.toString());
        }
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit.completeExceptionally(e);
            return;
        } finally {
            closeQuietly(log);
            log = null;
        }
        LOG.info("Terminal program {} (pid {}) ended with {}", name, process.pid(), code);
        exit.complete(code);
    }

    private void writeLog(byte[] chunk) {
        OutputStream out = log;
        if (out == null) {
            return;
        }
        try {
            out.write(chunk);
            out.flush();
        } catch (IOException e) {
            LOG.warn("Terminal log of {} stopped: {}", name, e.toString());
            closeQuietly(out);
            log = null;
        }
    }

    private void deliver(byte[] chunk) {
        synchronized (outputLock) {
            if (listeners.isEmpty()) {
                backlog.addLast(chunk);
                backlogBytes += chunk.length;
                while (backlogBytes > BACKLOG_LIMIT && backlog.size() > 1) {
                    backlogBytes -= backlog.removeFirst().length;
                }
                return;
            }
            for (Consumer<byte[]> l : listeners) {
                try {
                    l.accept(chunk);
                } catch (RuntimeException e) {
                    LOG.warn("Terminal output listener failed", e);
                }
            }
        }
    }

    /**
     * Receives the raw output from now on, on the reader thread, one fresh array per chunk; keep it
     * quick. The first listener is first handed, on the caller's thread, whatever arrived while none
     * was attached.
     */
    public void addOutputListener(Consumer<byte[]> listener) {
        Objects.requireNonNull(listener);
        synchronized (outputLock) {
            if (listeners.isEmpty()) {
                for (byte[] chunk : backlog) {
                    listener.accept(chunk);
                }
                backlog.clear();
                backlogBytes = 0;
            }
            listeners.add(listener);
        }
    }

    public void removeOutputListener(Consumer<byte[]> listener) {
        synchronized (outputLock) {
            listeners.remove(listener);
        }
    }

    /**
     * Sends bytes to the program as if typed. May block while the program does not read its input:
     * call it off the FX thread.
     *
     * @throws IOException when the program has gone
     */
    public void write(byte[] bytes) throws IOException {
        synchronized (input) {
            input.write(bytes);
            input.flush();
        }
    }

    /** {@link #write(byte[])} of the text in UTF-8. */
    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Tells the program the terminal's new size (it gets SIGWINCH). Ignored once it has ended. */
    public void resize(int cols, int lines) {
        if (cols < 1 || lines < 1 || (cols == columns && lines == rows)) {
            return;
        }
        columns = cols;
        rows = lines;
        if (!process.isAlive()) {
            return;
        }
        try {
            process.setWinSize(new WinSize(cols, lines));
        } catch (RuntimeException e) {
            LOG.debug("Resize of {} to {}x{} failed: {}", name, cols, lines, e.toString());
        }
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    /** The program's name, for a title. */
    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Completes with the exit code once the program has ended and all its output has been read and
     * logged; on the reader thread.
     */
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    /**
     * Ends the program and everything it started, as closing a terminal window does: a hang-up
     * (SIGHUP; an interactive shell ignores SIGTERM) and SIGTERM to the whole tree, then SIGKILL to
     * whatever still lives after {@code grace}. Returns once the program has gone (or {@code grace}
     * plus a second has passed); does nothing if it has already ended.
     */
    public void stop(Duration grace) {
        Set<ProcessHandle> tree = new LinkedHashSet<>(descendants());
        if (process.isAlive()) {
            if (process instanceof UnixPtyProcess unix) {
                unix.hangup();
            }
            tree.forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    tree.addAll(descendants());
                    process.destroyForcibly();
                    process.waitFor(1, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        } else {
            tree.forEach(ProcessHandle::destroy);
        }
        // children that outlived their parent (re-parented, or deaf to SIGHUP/SIGTERM)
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    /** pty4j's process does not implement {@code toHandle()}: ask by pid. */
    private List<ProcessHandle> descendants() {
        return ProcessHandle.of(process.pid()).map(h -> h.descendants().toList()).orElse(List.of());
    }

    /** {@link #stop(Duration)} with {@link #DEFAULT_GRACE}. */
    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static void closeQuietly(OutputStream out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
