package dev.lanes.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A process whose output nobody reads as it comes: standard output and error go straight to the
 * log file (appended; the kernel writes them, no reader threads), or are discarded when there is
 * no log; standard input is empty. For the many short commands of a fan-out, where two reader
 * threads per process would cost more than the process. Stopping ends the whole tree, as
 * {@link ManagedProcess#stop} does.
 */
public final class DirectProcess {

    private static final File NULL = new File(System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT)
            .contains("win") ? "NUL" : "/dev/null");

    private final Process process;
    private final Instant startedAt = Instant.now();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CompletableFuture<ProcessExit> exit;

    private DirectProcess(Process process) {
        this.process = process;
        this.exit = process.onExit().thenApply(p -> new ProcessExit(p.exitValue(), Duration.between(startedAt, Instant.now()),
                stopRequested.get()));
    }

    /** Starts {@code spec}; throws {@link ProcessStartException} with a sentence for the person, as {@link ManagedProcess#start} does. */
    public static DirectProcess start(ProcessSpec spec) {
        if (!Files.isDirectory(spec.folder())) {
            throw new ProcessStartException(ManagedProcess.folderMissing(spec.folder()));
        }
        ProcessBuilder pb = new ProcessBuilder(spec.argv()).directory(spec.folder().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NULL));
        Path log = spec.logFile();
        if (log == null) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            try {
                Files.createDirectories(log.getParent());
            } catch (IOException e) {
                throw new ProcessStartException("Could not write the log " + log + ": " + e.getMessage());
            }
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        Map<String, String> env = pb.environment();
        spec.environment().forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        try {
            return new DirectProcess(pb.start());
        } catch (IOException e) {
            throw new ProcessStartException(ManagedProcess.startFailure(spec.argv(), e));
        }
    }

    public long pid() {
        return process.pid();
    }

    public CompletableFuture<ProcessExit> onExit() {
        return exit;
    }

    /** SIGTERM to the process and its descendants, SIGKILL after {@code grace}; blocks up to about {@code grace}. */
    public void stop(Duration grace) {
        stopRequested.set(true);
        ProcessTree.kill(process.toHandle(), grace);
    }
}
