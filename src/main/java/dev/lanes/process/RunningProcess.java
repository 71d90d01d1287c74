package dev.lanes.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A started process whose output (stdout and stderr merged) is decoded as UTF-8 and handed, chunk by
 * chunk, to a consumer on a reader thread. Invalid bytes become U+FFFD; nothing blocks the caller.
 */
public final class RunningProcess {

    private static final Logger LOG = LoggerFactory.getLogger(RunningProcess.class);

    private final Process process;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private RunningProcess(Process process) {
        this.process = process;
    }

    /**
     * Starts {@code argv} in {@code folder}.
     *
     * @throws ProcessStartException with a sentence for the person when it cannot be started
     */
    public static RunningProcess start(List<String> argv, Path folder, Map<String, String> env, Consumer<String> output) {
        if (!Files.isDirectory(folder)) {
            throw new ProcessStartException("The folder " + folder + " does not exist.");
        }
        ProcessBuilder pb = new ProcessBuilder(argv).directory(folder.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ProcessStartException("Could not start " + argv.get(0) + ": "
                    + (e.getMessage() != null && e.getMessage().contains("error=2") ? "no such program." : e.getMessage()));
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // no input for now
        }
        RunningProcess rp = new RunningProcess(p);
        Thread reader = new Thread(() -> rp.pump(p.getInputStream(), output), "process-output-" + p.pid());
        reader.setDaemon(true);
        reader.start();
        return rp;
    }

    private void pump(InputStream in, Consumer<String> output) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        byte[] buf = new byte[16 * 1024];
        ByteBuffer bytes = ByteBuffer.allocate(buf.length + 8);
        CharBuffer chars = CharBuffer.allocate(buf.length + 8);
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                bytes.put(buf, 0, n).flip();
                decoder.decode(bytes, chars, false);
                bytes.compact();
                chars.flip();
                if (chars.hasRemaining()) {
                    output.accept(chars.toString());
                }
                chars.clear();
            }
            bytes.flip();
            decoder.decode(bytes, chars, true);
            decoder.flush(chars);
            chars.flip();
            if (chars.hasRemaining()) {
                output.accept(chars.toString());
            }
        } catch (IOException e) {
            LOG.debug("Output of {} ended: {}", process.pid(), e.toString());
        }
        try {
            exit.complete(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit.completeExceptionally(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Completes with the exit code once the process has ended and its output has been read. */
    public CompletableFuture<Integer> onExit() {
        return exit;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the process and everything it started: politely first, by force after {@code grace}. */
    public void stop(Duration grace) {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** A process that could not be started; the message is for the person. */
    public static final class ProcessStartException extends RuntimeException {
        public ProcessStartException(String message) {
            super(message);
        }
    }
}
