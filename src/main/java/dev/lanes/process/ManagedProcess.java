package dev.lanes.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
        ProcessSpec.changeEnvironment(env, spec.environment());
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

    /**
     * Reads, logs and decodes one stream. Decoding is {@code new String(bytes, UTF_8)} over the
     * complete UTF-8 sequences of what was read (an incomplete one at the end waits for the next
     * read, at the start of the buffer): one pass and one allocation per chunk, where a
     * {@code CharsetDecoder} into a {@code CharBuffer} then {@code toString} took three passes
     * (inflate to UTF-16, copy, compress back to Latin-1). Malformed bytes become U+FFFD as before.
     */
    private void pump(InputStream in, boolean stderr) {
        byte[] buf = new byte[BUFFER];
        int carried = 0;
        try (in) {
            int n;
            while ((n = in.read(buf, carried, BUFFER - carried)) > 0) {
                synchronized (logLock) {
                    writeLog(buf, carried, n);
                    int total = carried + n;
                    int complete = completeUtf8(buf, total);
                    deliver(buf, complete, stderr);
                    carried = total - complete;
                    System.arraycopy(buf, complete, buf, 0, carried);
                }
            }
            synchronized (logLock) {
                deliver(buf, carried, stderr); // a sequence cut short by the end: replaced
            }
        } catch (IOException e) {
            LOG.debug("Output of {} ended: {}", process.pid(), e.toString());
        }
    }

    /**
     * How many of the first {@code length} bytes end on a UTF-8 sequence boundary: all of them,
     * unless the last one to three bytes start a multi-byte sequence that is not complete yet.
     */
    static int completeUtf8(byte[] buf, int length) {
        for (int k = 1; k <= 3 && length - k >= 0; k++) {
            int b = buf[length - k] & 0xff;
            if (b < 0x80) {
                return length; // ASCII: whatever follows it is complete or malformed
            }
            if (b >= 0xc0) { // a lead byte: how long its sequence is
                int need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
                return k < need && b < 0xf8 ? length - k : length;
            }
            // a continuation byte: look further back
        }
        return length;
    }

    private void deliver(byte[] buf, int length, boolean stderr) {
        if (length > 0) {
            try {
                output.output(new String(buf, 0, length, StandardCharsets.UTF_8), stderr);
            } catch (RuntimeException e) {
                LOG.error("Output listener of process {} failed", process.pid(), e);
            }
        }
    }

    private void writeLog(byte[] buf, int offset, int n) {
        if (log == null) {
            return;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(buf, offset, n);
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
