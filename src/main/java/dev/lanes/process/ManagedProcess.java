package dev.lanes.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A started process with piped stdin, stdout and stderr. Two reader threads take its output as
 * it comes: every byte goes to the log file unchanged (appended, written straight through so a
 * crash of Lanes loses nothing already read), then decoded as UTF-8 to a {@link ProcessOutput}.
 * Stopping ends the whole tree: every descendant and the process get SIGTERM, and whatever is
 * still alive after the grace period gets SIGKILL.
 *
 * <p>The exit future completes when the process has ended and its output has been read — or at
 * most two seconds after the end, when a descendant that outlived it still holds the pipes
 * (its output keeps arriving).
 */
public final class ManagedProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);
    private static final int BUFFER = 64 * 1024;
    private static final long DRAIN_AFTER_EXIT_MS = 2_000;

    private final Process process;
    private final Instant startedAt;
    private final Instant osStartedAt;
    private final FileChannel log;
    private final Object logLock = new Object();
    private final ProcessOutput output;
    private final OutputStream stdin;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();
    private final Thread outReader;
    private final Thread errReader;
    private volatile long bytesLogged;

    private ManagedProcess(Process process, FileChannel log, ProcessOutput output) {
        this.process = process;
        this.startedAt = Instant.now();
        this.osStartedAt = process.toHandle().info().startInstant().orElse(startedAt);
        this.log = log;
        this.output = output;
        this.stdin = process.getOutputStream();
        this.outReader = reader(process.getInputStream(), false);
        this.errReader = reader(process.getErrorStream(), true);
    }

    /**
     * Starts {@code spec}. Throws {@link ProcessStartException} with a sentence for the person when
     * the folder is missing, the program does not exist or cannot be run, or the log cannot be written.
     */
    public static ManagedProcess start(ProcessSpec spec, ProcessOutput output) {
        Path folder = spec.folder();
        if (!Files.isDirectory(folder)) {
            throw new ProcessStartException(folderMissing(folder));
        }
        FileChannel log = null;
        if (spec.logFile() != null) {
            try {
                Files.createDirectories(spec.logFile().getParent());
                log = FileChannel.open(spec.logFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new ProcessStartException("Could not write the log " + spec.logFile() + ": " + e.getMessage());
            }
        }
        ProcessBuilder pb = new ProcessBuilder(spec.argv()).directory(folder.toFile());
        Map<String, String> env = pb.environment();
        spec.environment().forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            closeQuietly(log);
            throw new ProcessStartException(startFailure(spec.argv(), e));
        }
        ManagedProcess mp = new ManagedProcess(p, log, output);
        mp.outReader.start();
        mp.errReader.start();
        p.onExit().thenRunAsync(mp::finish);
        return mp;
    }

    static String notFound(String program) {
        return "“" + program + "” was not found. Check the command, or install the program and make sure it is on PATH.";
    }

    static String folderMissing(Path folder) {
        return "The folder " + folder + " does not exist (was the worktree removed?).";
    }

    static String startFailure(List<String> argv, IOException e) {
        String m = String.valueOf(e.getMessage());
        String program = argv.get(0);
        if (m.contains("error=2,")) {
            return notFound(program);
        }
        if (m.contains("error=13,")) {
            return "“" + program + "” cannot be run: permission denied (is it executable?).";
        }
        return "Could not start “" + program + "”: " + m;
    }

    private Thread reader(InputStream in, boolean stderr) {
        Thread t = new Thread(() -> {
            ReaderPriority.lowerCurrentThread();
            pump(in, stderr);
        }, "process-" + process.pid() + (stderr ? "-err" : "-out"));
        t.setDaemon(true);
        return t;
    }

    private void pump(InputStream in, boolean stderr) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        byte[] buf = new byte[BUFFER];
        ByteBuffer bytes = ByteBuffer.allocate(BUFFER + 8);
        CharBuffer chars = CharBuffer.allocate(BUFFER + 8);
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (logLock) {
                    writeLog(buf, n);
                    bytes.put(buf, 0, n).flip();
                    decoder.decode(bytes, chars, false);
                    bytes.compact();
                    deliver(chars, stderr);
                }
            }
            synchronized (logLock) {
                bytes.flip();
                decoder.decode(bytes, chars, true);
                decoder.flush(chars);
                deliver(chars, stderr);
            }
        } catch (IOException e) {
            LOG.debug("Output of {} ended: {}", process.pid(), e.toString());
        }
    }

    private void deliver(CharBuffer chars, boolean stderr) {
        chars.flip();
        if (chars.hasRemaining()) {
            try {
                output.output(chars.toString(), stderr);
            } catch (RuntimeException e) {
                LOG.error("Output listener of process {} failed", process.pid(), e);
            }
        }
        chars.clear();
    }

    private void writeLog(byte[] buf, int n) {
        if (log == null) {
            return;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
            while (b.hasRemaining()) {
                log.write(b);
            }
            bytesLogged += n;
        } catch (IOException e) {
            LOG.warn("Could not write the log of process {}: {}", process.pid(), e.toString());
        }
    }

    private void finish() {
        try {
            long until = System.currentTimeMillis() + DRAIN_AFTER_EXIT_MS;
            for (Thread t : List.of(outReader, errReader)) {
                long left = until - System.currentTimeMillis();
                if (left > 0) {
                    t.join(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!outReader.isAlive() && !errReader.isAlive()) {
            closeQuietly(log);
        }
        exit.complete(new ProcessExit(process.exitValue(), Duration.between(startedAt, Instant.now()), stopRequested.get()));
    }

    /**
     * Runs {@code action} while no output is being logged or delivered: what it reads of the log
     * (its size, say) and what the listener receives afterwards line up without gap or overlap.
     */
    public <T> T withOutputPaused(java.util.function.Supplier<T> action) {
        synchronized (logLock) {
            return action.get();
        }
    }

    /** Bytes written to the log so far. */
    public long bytesLogged() {
        return bytesLogged;
    }

    /** Sends text to the process's standard input (UTF-8). */
    public void write(String text) throws IOException {
        synchronized (stdin) {
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }
    }

    /** Closes standard input (end of file for the process). */
    public void closeInput() {
        try {
            stdin.close();
        } catch (IOException e) {
            LOG.debug("closing stdin of {}: {}", process.pid(), e.toString());
        }
    }

    public long pid() {
        return process.pid();
    }

    /** When the OS says the process started: with the pid, it identifies the process after a crash. */
    public Instant osStartedAt() {
        return osStartedAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public CompletableFuture<ProcessExit> onExit() {
        return exit;
    }

    /**
     * Ends the process and all its descendants: SIGTERM now, SIGKILL to whatever is still alive
     * after {@code grace}. Blocks up to about {@code grace}; call it off the FX thread.
     */
    public void stop(Duration grace) {
        stopRequested.set(true);
        ProcessTree.kill(process.toHandle(), grace);
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing left to save
            }
        }
    }

    /** Waits for the exit; for tests and shutdown. */
    public ProcessExit waitFor(Duration timeout) throws InterruptedException {
        try {
            return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("process " + pid() + " did not end within " + timeout, e);
        }
    }
}
