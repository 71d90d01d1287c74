package dev.lanes.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the {@code git} executable with an argv (never through a shell), in a folder, with a fixed
 * environment: C locale so messages parse the same everywhere, no terminal prompts, no editors.
 */
public final class GitCli {

    /** {@code git merge-tree --write-tree} arrived in 2.38. */
    public static final int[] MINIMUM_VERSION = {2, 38};

    private static final Pattern VERSION = Pattern.compile("git version (\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final AtomicInteger PUMP_IDS = new AtomicInteger();
    private static final Executor PUMPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "git-output-" + PUMP_IDS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final String executable;
    private final Map<String, String> environment;
    private final Duration timeout;
    /** How many git commands run now ({@link #close} waits for them), and whether more may start; guarded by this. */
    private int running;
    private boolean closed;

    public GitCli() {
        this("git", Map.of(), Duration.ofMinutes(10));
    }

    /**
     * @param executable  "git" to search PATH, or a path to a git executable
     * @param environment variables added to (or, with a null value, removed from) the inherited ones
     * @param timeout     how long one command may run before it is killed
     */
    public GitCli(String executable, Map<String, String> environment, Duration timeout) {
        this.executable = executable;
        this.environment = environment;
        this.timeout = timeout;
    }

    /** What a finished git command printed. */
    public record Result(int exitCode, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** stdout without its trailing newline. */
        public String line() {
            return out().strip();
        }

        /** stdout split on NUL bytes (for -z output), empty trailing fields dropped. */
        public List<String> nulFields() {
            List<String> fields = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < stdout.length; i++) {
                if (stdout[i] == 0) {
                    fields.add(new String(stdout, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (start < stdout.length) {
                fields.add(new String(stdout, start, stdout.length - start, StandardCharsets.UTF_8));
            }
            while (!fields.isEmpty() && fields.get(fields.size() - 1).isEmpty()) {
                fields.remove(fields.size() - 1);
            }
            return fields;
        }

        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs git and returns whatever happened; throws only when git could not be run at all. */
    public Result run(Path directory, List<String> args) {
        return run(directory, args, Map.of());
    }

    public Result run(Path directory, List<String> args, Map<String, String> extraEnv) {
        return run(directory, args, extraEnv, null);
    }

    /**
     * Runs git with {@code input} written to its standard input (then closed), for commands that read
     * their work from it ({@code merge-tree --stdin}, {@code cat-file --batch}). Output is read while
     * the input is written, so neither side can fill a pipe and wait for the other.
     */
    public Result run(Path directory, List<String> args, Map<String, String> extraEnv, byte[] input) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(executable);
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        Map<String, String> env = pb.environment();
        env.put("LC_ALL", "C");
        env.put("LANGUAGE", "C");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_EDITOR", "true");
        env.put("GIT_SEQUENCE_EDITOR", "true");
        env.put("GIT_MERGE_AUTOEDIT", "no");
        env.put("GIT_PAGER", "cat");
        dev.lanes.process.ProcessSpec.changeEnvironment(env, environment);
        dev.lanes.process.ProcessSpec.changeEnvironment(env, extraEnv);
        synchronized (this) {
            if (closed) {
                throw new GitException("Lanes is closing: git " + (args.isEmpty() ? "" : args.get(0)) + " was not started.");
            }
            running++;
        }
        try {
            return runStarted(pb, args, input);
        } finally {
            synchronized (this) {
                running--;
                notifyAll();
            }
        }
    }

    private Result runStarted(ProcessBuilder pb, List<String> args, byte[] input) {
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            java.io.File directory = pb.directory();
            if (directory != null && !directory.isDirectory()) {
                throw new GitException("The folder " + directory + " does not exist.", e.getMessage(), e);
            }
            throw new GitException("Git could not be started: is it installed and on PATH? Lanes needs git "
                    + MINIMUM_VERSION[0] + "." + MINIMUM_VERSION[1] + " or newer.", e.getMessage(), e);
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), PUMPS);
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), PUMPS);
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input);
            }
        } catch (IOException ignored) {
            // git stopped reading (it failed early): its exit code and stderr say why
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new GitException("git " + String.join(" ", args) + " did not finish within "
                        + timeout.toSeconds() + " seconds and was stopped.");
            }
            return new Result(process.exitValue(), out.get(), new String(err.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GitException("Interrupted while git was running.", null, e);
        } catch (ExecutionException e) {
            throw new GitException("Could not read git's output.", String.valueOf(e.getCause()), e);
        }
    }

    /**
     * Starts no more git processes and waits up to {@code wait} for those running to end (Lanes is closing).
     * One still running then is left to finish on its own rather than killed: it may be adding or removing a
     * worktree, and a half-done one would be worse than a late one.
     *
     * @return how many git commands were still running when the wait ended
     */
    public synchronized int close(Duration wait) {
        closed = true;
        long end = System.nanoTime() + wait.toNanos();
        try {
            while (running > 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return running;
    }

    /** Runs git and throws a {@link GitException} carrying its message when it fails. */
    public Result check(Path directory, List<String> args) {
        Result result = run(directory, args);
        if (!result.ok()) {
            throw new GitException(firstMessage(result.stderr(), "git " + args.get(0) + " failed."), result.stderr());
        }
        return result;
    }

    /** The version triple of the git executable, e.g. {2, 39, 5}. */
    public int[] version() {
        Result result = run(null, List.of("--version"));
        Matcher m = VERSION.matcher(result.out());
        if (!result.ok() || !m.find()) {
            throw new GitException("Could not tell which version of git is installed.", result.out() + result.stderr());
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
    }

    /** Throws a clear error when git is missing or older than {@link #MINIMUM_VERSION}. */
    public void requireSupportedVersion() {
        int[] v = version();
        if (v[0] < MINIMUM_VERSION[0] || (v[0] == MINIMUM_VERSION[0] && v[1] < MINIMUM_VERSION[1])) {
            throw new GitException("Git " + v[0] + "." + v[1] + "." + v[2] + " is too old: Lanes needs git "
                    + MINIMUM_VERSION[0] + "." + MINIMUM_VERSION[1] + " or newer (for merge-tree --write-tree).");
        }
    }

    /** git's own "fatal: …" or "error: …" line, without the prefix, as a sentence. */
    public static String firstMessage(String stderr, String fallback) {
        for (String line : stderr.split("\n")) {
            String l = line.strip();
            for (String prefix : new String[] {"fatal: ", "error: "}) {
                if (l.startsWith(prefix)) {
                    String msg = l.substring(prefix.length()).strip();
                    if (!msg.isEmpty()) {
                        return Character.toUpperCase(msg.charAt(0)) + msg.substring(1)
                                + (msg.endsWith(".") ? "" : ".");
                    }
                }
            }
        }
        String s = stderr.strip();
        return s.isEmpty() ? fallback : s.lines().findFirst().orElse(fallback);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
