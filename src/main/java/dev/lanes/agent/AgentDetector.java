package dev.lanes.agent;

import dev.lanes.model.AgentDetection;
import dev.lanes.model.AgentProfile;
import dev.lanes.process.ProcessTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Finds an agent's program and asks it for its version, the way a shell would find it: a bare
 * name is looked up on PATH (on Windows with each PATHEXT extension), a name with a separator is a
 * path (relative ones against the detector's folder). A file that is there but not executable is
 * reported as such, not silently passed over.
 *
 * <p>The version check runs the program with its version arguments (never through a shell), its
 * stdin closed, in a scratch folder that is also its TMPDIR/TMP/TEMP and is deleted afterwards (so
 * it leaves nothing behind), with {@code NO_COLOR=1} and {@code TERM=dumb}. A program that has not
 * ended after the timeout (5 s) is stopped with its whole process tree. Output is read through a
 * pipe, at most 64 KB kept.
 *
 * <p>Blocks for up to the timeout: call it off the FX thread. Stateless; any thread may call it.
 */
public final class AgentDetector {

    private static final Logger LOG = LoggerFactory.getLogger(AgentDetector.class);

    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int KEEP_BYTES = 64 * 1024;
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)?|\u001B.");
    private static final int MAX_LINE = 120;

    private final String path;
    private final List<String> pathExt;
    private final boolean windows;
    private final Path folder;
    private final Duration timeout;

    /** Looks on this process's PATH (and PATHEXT on Windows); relative paths from the current folder. */
    public AgentDetector() {
        this(System.getenv("PATH"), System.getenv("PATHEXT"),
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"),
                Path.of("").toAbsolutePath(), TIMEOUT);
    }

    /**
     * @param path    the PATH to search (also given to the program, so a script's interpreter is found the same way)
     * @param pathExt Windows' PATHEXT (null: {@code .COM;.EXE;.BAT;.CMD}); ignored elsewhere
     * @param windows whether to search as Windows does (';' separates PATH, PATHEXT applies, no execute bit)
     * @param folder  what a relative executable path is relative to
     * @param timeout how long the version check may take
     */
    public AgentDetector(String path, String pathExt, boolean windows, Path folder, Duration timeout) {
        this.path = path == null ? "" : path;
        this.windows = windows;
        String ext = pathExt == null || pathExt.isBlank() ? ".COM;.EXE;.BAT;.CMD" : pathExt;
        this.pathExt = windows ? List.of(ext.split(";")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList()
                : List.of();
        this.folder = folder.toAbsolutePath();
        this.timeout = timeout;
    }

    /** A detector for this platform that searches {@code path} instead of this process's PATH (tests, custom setups). */
    public static AgentDetector onPath(String path) {
        AgentDetector d = new AgentDetector();
        return new AgentDetector(path, System.getenv("PATHEXT"), d.windows, d.folder, TIMEOUT);
    }

    // ---------------------------------------------------------------- finding

    /** Where the program would be found (an executable file), if anywhere. */
    public Optional<Path> resolve(String executable) {
        return Optional.ofNullable(lookup(executable).runnable);
    }

    /** A runnable file, or else the first candidate that exists but cannot be run (to say so). */
    private record Lookup(Path runnable, Path notRunnable) {
    }

    private Lookup lookup(String executable) {
        String exe = executable == null ? "" : executable.strip();
        if (exe.isEmpty()) {
            return new Lookup(null, null);
        }
        Path notRunnable = null;
        if (isPath(exe)) {
            Path p;
            try {
                p = folder.resolve(exe).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                return new Lookup(null, null);
            }
            for (Path c : candidates(p)) {
                if (runnable(c)) {
                    return new Lookup(c, null);
                }
                if (notRunnable == null && Files.exists(c)) {
                    notRunnable = c;
                }
            }
            return new Lookup(null, notRunnable);
        }
        for (String dir : path.split(windows ? ";" : ":")) {
            String d = dir.strip();
            if (windows && d.length() >= 2 && d.startsWith("\"") && d.endsWith("\"")) {
                d = d.substring(1, d.length() - 1);
            }
            if (d.isEmpty()) {
                continue; // an empty entry would mean "the current folder": never search it
            }
            Path base;
            try {
                base = Path.of(d);
            } catch (java.nio.file.InvalidPathException e) {
                continue;
            }
            if (!base.isAbsolute()) {
                continue;
            }
            for (Path c : candidates(base.resolve(exe))) {
                if (runnable(c)) {
                    return new Lookup(c, null);
                }
                if (notRunnable == null && Files.exists(c)) {
                    notRunnable = c;
                }
            }
        }
        return new Lookup(null, notRunnable);
    }

    private boolean isPath(String exe) {
        return exe.contains("/") || (windows && (exe.contains("\\") || exe.contains(":")));
    }

    /** The file itself, and on Windows the file with each PATHEXT extension when it has none of them. */
    private List<Path> candidates(Path p) {
        List<Path> out = new ArrayList<>();
        if (!windows) {
            out.add(p);
            return out;
        }
        String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean hasExt = pathExt.stream().anyMatch(e -> name.endsWith(e.toLowerCase(Locale.ROOT)));
        if (hasExt) {
            out.add(p);
        }
        for (String e : pathExt) {
            out.add(p.resolveSibling(p.getFileName() + e));
            if (!e.equals(e.toLowerCase(Locale.ROOT))) {
                out.add(p.resolveSibling(p.getFileName() + e.toLowerCase(Locale.ROOT)));
            }
        }
        return out;
    }

    private boolean runnable(Path p) {
        return Files.isRegularFile(p) && (windows || Files.isExecutable(p));
    }

    // ---------------------------------------------------------------- detecting

    public AgentDetection detect(AgentProfile profile) {
        return detect(profile.name(), profile.executable(), profile.versionArgs(), profile.installHint());
    }

    /**
     * Finds {@code executable} and runs it with {@code versionArgs}.
     *
     * @param name        what the person calls it ("Claude Code"), for the messages
     * @param installHint how to install it, said when it is missing (may be empty)
     */
    public AgentDetection detect(String name, String executable, List<String> versionArgs, String installHint) {
        String exe = executable == null ? "" : executable.strip();
        String hint = installHint == null || installHint.isBlank() ? "" : " " + installHint.strip();
        if (exe.isEmpty()) {
            return new AgentDetection(false, null, "", name + " has no executable set." + hint);
        }
        Lookup found = lookup(exe);
        if (found.runnable == null) {
            if (found.notRunnable != null) {
                String why = Files.isDirectory(found.notRunnable) ? "is a folder, not a program"
                        : "is not executable" + (windows ? "" : " (chmod +x " + found.notRunnable + ")");
                return new AgentDetection(false, null, "", name + " cannot run: " + found.notRunnable + " " + why + ".");
            }
            String where = isPath(exe) ? "“" + exe + "” does not exist" : "“" + exe + "” was not found on PATH";
            return new AgentDetection(false, null, "", name + " is not installed here: " + where + "." + hint);
        }
        return version(name, found.runnable, versionArgs == null ? List.of() : versionArgs);
    }

    private AgentDetection version(String name, Path exe, List<String> versionArgs) {
        String shown = String.join(" ", prepend(exe.getFileName().toString(), versionArgs));
        if (versionArgs.isEmpty()) {
            return new AgentDetection(true, exe, "", "Found " + exe + " (no version arguments set, so its version was not asked).");
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory("lanes-version-");
        } catch (IOException e) {
            return new AgentDetection(true, exe, "", "Found " + exe + ", but Lanes could not make a scratch folder to ask its version: " + e.getMessage() + ".");
        }
        Process process = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(prepend(exe.toString(), versionArgs));
            pb.directory(scratch.toFile());
            pb.redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("PATH", path); // Windows' environment map ignores case: this replaces "Path" there
            env.put("TMPDIR", scratch.toString());
            env.put("TMP", scratch.toString());
            env.put("TEMP", scratch.toString());
            env.put("NO_COLOR", "1");
            env.put("TERM", "dumb");
            long start = System.nanoTime();
            try {
                process = pb.start();
            } catch (IOException e) {
                return new AgentDetection(true, exe, "", "Found " + exe + ", but it could not be run: " + reason(e) + ".");
            }
            process.getOutputStream().close(); // stdin: end of file at once
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = drain(process.getInputStream(), out);
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                ProcessTree.kill(process.toHandle(), Duration.ofMillis(500));
                reader.join(1000);
                return new AgentDetection(true, exe, "", "Found " + exe + ", but “" + shown + "” did not answer within "
                        + timeout.toSeconds() + " s and was stopped; its version is unknown.");
            }
            // the program has ended; a child it left behind may still hold the pipe open
            reader.join(1000);
            int code = process.exitValue();
            String text;
            synchronized (out) {
                text = out.toString(StandardCharsets.UTF_8);
            }
            LOG.debug("{} answered in {} ms with exit code {}", shown, (System.nanoTime() - start) / 1_000_000, code);
            List<String> lines = clean(text);
            Optional<String> version = lines.stream().filter(l -> VERSION.matcher(l).find()).findFirst();
            if (version.isPresent()) {
                return new AgentDetection(true, exe, version.get(), "Found " + exe + ": " + version.get() + ".");
            }
            String first = lines.isEmpty() ? "" : lines.get(0);
            String said = first.isEmpty() ? "printed nothing" : "printed “" + first + "”, which holds no version number";
            String exit = code == 0 ? "" : " and exited with code " + code;
            return new AgentDetection(true, exe, "", "Found " + exe + ", but “" + shown + "” " + said + exit + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AgentDetection(true, exe, "", "Found " + exe + "; the version check was cancelled.");
        } catch (IOException e) {
            return new AgentDetection(true, exe, "", "Found " + exe + ", but its version could not be read: " + reason(e) + ".");
        } finally {
            if (process != null && process.isAlive()) {
                ProcessTree.kill(process.toHandle(), Duration.ofMillis(200));
            }
            deleteQuietly(scratch);
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> argv = new ArrayList<>(rest.size() + 1);
        argv.add(first);
        argv.addAll(rest);
        return argv;
    }

    /** Reads the whole stream (so the program never blocks on a full pipe), keeping the first 64 KB. */
    private static Thread drain(InputStream in, ByteArrayOutputStream out) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (out) {
                        int keep = Math.min(n, KEEP_BYTES - out.size());
                        if (keep > 0) {
                            out.write(buf, 0, keep);
                        }
                    }
                }
            } catch (IOException e) {
                // the process was stopped, or its pipe closed: what was read is what there is
            }
        }, "lanes-version-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Lines without colour codes or control characters, stripped, blank ones left out, each at most 120 characters. */
    static List<String> clean(String text) {
        List<String> out = new ArrayList<>();
        for (String raw : ANSI.matcher(text).replaceAll("").split("\\R")) {
            StringBuilder sb = new StringBuilder();
            raw.codePoints().filter(c -> !Character.isISOControl(c) && c != 0xFFFD && Character.isDefined(c))
                    .forEach(sb::appendCodePoint);
            String line = sb.toString().strip();
            if (line.length() > MAX_LINE) {
                line = line.substring(0, MAX_LINE - 1) + "…";
            }
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }

    private static String reason(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // "Cannot run program "/x/y": error=13, Permission denied" → "error=13, Permission denied"
        int colon = m.lastIndexOf(": ");
        return colon > 0 && m.startsWith("Cannot run program") ? m.substring(colon + 2) : m;
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.debug("Could not delete the scratch folder {}: {}", dir, e.getMessage());
        }
    }
}
