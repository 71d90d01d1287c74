package dev.lanes.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real git repository in a temp folder, driven with the git command line as a person would. */
public final class TestRepo {

    static {
        // JGit measures a file system's timestamp resolution the first time it reads a repository there, by
        // writing probe files beside what it reads (a repository's .git/refs/heads), in the background. With a
        // fresh test home (a clean clone: no measurement saved in its jgit config) that went on after a test had
        // closed Lanes, while JUnit deleted the test's folder ("could not delete .git/refs/heads"). Measured
        // here once, in the temp folder, before any test repository exists: every later read finds it cached.
        org.eclipse.jgit.util.FS.FileStoreAttributes.setBackground(false);
        org.eclipse.jgit.util.FS.FileStoreAttributes.get(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
    }

    private final Path root;

    private TestRepo(Path root) {
        this.root = root;
    }

    /** {@code git init -b main} in {@code parent/name} with one commit holding README.md. */
    public static TestRepo create(Path parent, String name) {
        Path root = parent.resolve(name);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestRepo repo = new TestRepo(root);
        repo.git("init", "-q", "-b", "main");
        repo.git("config", "user.name", "Lanes Test");
        repo.git("config", "user.email", "test@lanes.invalid");
        repo.git("config", "commit.gpgsign", "false");
        repo.write("README.md", "# test\n");
        repo.commitAll("initial");
        return repo;
    }

    public Path root() {
        return root;
    }

    public TestRepo write(String relative, String content) {
        return write(root, relative, content);
    }

    public TestRepo write(Path dir, String relative, String content) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String commitAll(String message) {
        return commitAll(root, message);
    }

    public String commitAll(Path dir, String message) {
        gitIn(dir, "add", "-A");
        gitIn(dir, "commit", "-q", "--allow-empty", "-m", message);
        return gitIn(dir, "rev-parse", "HEAD").strip();
    }

    public String git(String... args) {
        return gitIn(root, args);
    }

    /** Runs git in {@code dir}; fails the test when git fails. Returns stdout. */
    public static String gitIn(Path dir, String... args) {
        Result r = run(dir, args);
        if (r.exit != 0) {
            throw new AssertionError("git " + String.join(" ", args) + " failed (" + r.exit + "): " + r.err + r.out);
        }
        return r.out;
    }

    public record Result(int exit, String out, String err) {
    }

    public static Result run(Path dir, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("git");
        argv.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
            Path errFile = Files.createTempFile("git-err", ".txt");
            pb.redirectError(errFile.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("git " + argv + " hung");
            }
            String err = Files.readString(errFile);
            Files.deleteIfExists(errFile);
            return new Result(p.exitValue(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
