package dev.lanes.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A process whose output nobody reads as it comes: standard output and error go straight to the
 * log file (appended; the kernel writes them, no reader threads), or are discarded when there is
 * no log; standard input is empty. For the many short commands of a fan-out, where two reader
 * threads per process would cost more than the process. Stopping ends the whole tree, as
 * {@link ManagedProcess#stop} does.
 *
 * <p>Its end is waited for by the caller ({@link #waitFor}), on a thread it already has:
 * {@link Process#onExit()} hands each exit to a thread of the common pool, which on a machine with
 * one or two cores is a new thread per process. Starting does no file system work of its own beyond
 * what {@link ProcessBuilder} does (the log's folder is made only when opening the log failed).
 */
public final class DirectProcess {

    private static final File NULL = new File(System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT)
            .contains("win") ? "NUL" : "/dev/null");

    private final Process process;
    private final Instant startedAt = Instant.now();
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    private DirectProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code spec}; throws {@link ProcessStartException} with a sentence for the person, as {@link ManagedProcess#start} does. */
    public static DirectProcess start(ProcessSpec spec) {
        ProcessBuilder pb = new ProcessBuilder(spec.argv()).directory(spec.folder().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NULL));
        Path log = spec.logFile();
        if (log == null) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        if (!spec.environment().isEmpty()) { // untouched, the child gets the JVM's environment as it is (no copy)
            Map<String, String> env = pb.environment();
            ProcessSpec.changeEnvironment(env, spec.environment());
        }
        try {
            return new DirectProcess(pb.start());
        } catch (IOException e) {
            // the checks cost a few system calls, so they are made only once something failed
            if (!Files.isDirectory(spec.folder())) {
                throw new ProcessStartException(ManagedProcess.folderMissing(spec.folder()));
            }
            // the log could not be opened (FileOutputStream's exception; a failed exec is another one): most
            // likely its folder is not there yet (another thread may be making it right now)
            if (log != null && log.getParent() != null && e.getCause() instanceof java.io.FileNotFoundException) {
                try {
                    Files.createDirectories(log.getParent());
                } catch (IOException again) {
                    throw new ProcessStartException("Could not write the log " + log + ": " + again.getMessage());
                }
                try {
                    return new DirectProcess(pb.start());
                } catch (IOException again) {
                    throw new ProcessStartException(ManagedProcess.startFailure(spec.argv(), again));
                }
            }
            throw new ProcessStartException(ManagedProcess.startFailure(spec.argv(), e));
        }
    }

    public long pid() {
        return process.pid();
    }

    /** When it was started (the clock as {@link ProcessBuilder#start} returned). */
    public Instant startedAt() {
        return startedAt;
    }

    /** Blocks until the process has ended, and says how. */
    public ProcessExit waitFor() throws InterruptedException {
        int code = process.waitFor();
        return new ProcessExit(code, Duration.between(startedAt, Instant.now()), stopRequested.get());
    }

    /** SIGTERM to the process and its descendants, SIGKILL after {@code grace}; blocks up to about {@code grace}. */
    public void stop(Duration grace) {
        stopRequested.set(true);
        ProcessTree.kill(process.toHandle(), grace);
    }
}
