package dev.lanes.bench;

import dev.lanes.git.GitService;
import dev.lanes.model.CreateWorktreeRequest;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.RepositorySnapshot;
import dev.lanes.testutil.TestRepo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Benchmarks of issue 2, each against the obvious alternative in the same run, on a repository
 * generated in a temp folder. Run with {@code mvn -B -Pbench verify} (see the README); it prints a
 * table in Markdown. Not a test: nothing here asserts a time.
 *
 * <ul>
 *   <li>worktree create (GitService) vs {@code git worktree add -b};</li>
 *   <li>listing 20 worktrees with status (GitService.snapshot) vs a loop of {@code git status --porcelain};</li>
 *   <li>cold start of {@code java -jar target/lanes.jar REPO} to a window showing the repository
 *       (needs Xvfb), against {@code java -version} as the floor of any JVM start.</li>
 * </ul>
 */
public final class Benchmarks {

    private static final int FILES = Integer.getInteger("bench.files", 3000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 15);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 3);
    private static final int LIST_WORKTREES = 20;
    private static final int STARTS = Integer.getInteger("bench.starts", 7);

    private final List<String> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("lanes-bench");
        try {
            new Benchmarks().run(work, args.length > 0 ? Path.of(args[0]) : Path.of("target/lanes.jar"));
        } finally {
            deleteTree(work);
        }
    }

    /** {@code -Dbench.only=create|list|start} runs one measure. */
    private void run(Path work, Path jar) throws Exception {
        System.out.printf(Locale.ROOT, "Lanes benchmarks: %d files per repository, %d rounds (+%d warm-up), %d cores, %s%n",
                FILES, ROUNDS, WARMUP, Runtime.getRuntime().availableProcessors(), gitVersion());
        TestRepo repo = makeRepo(work, "bench-repo");
        try (GitService git = new GitService()) {
            RepositoryInfo info = git.open(repo.root());
            String only = System.getProperty("bench.only", "");
            if (only.isEmpty() || only.equals("create")) {
                benchCreate(git, info, repo, work);
            }
            if (only.isEmpty() || only.equals("list")) {
                benchList(git, info, repo, work);
            }
            if (!only.isEmpty() && !only.equals("start")) {
                jar = Path.of("/nonexistent");
            }
        }
        benchColdStart(jar, repo.root(), work);
        System.out.println();
        System.out.println("| measure | Lanes (median) | alternative (median) | ratio | goal |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    // ------------------------------------------------------------------ create

    private void benchCreate(GitService git, RepositoryInfo info, TestRepo repo, Path work) {
        Path lanesDir = work.resolve("created-lanes");
        Path gitDir = work.resolve("created-git");
        List<Long> lanes = new ArrayList<>();
        List<Long> plain = new ArrayList<>();
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            int n = i;
            // alternate who goes first, so caches favour neither
            Supplier<Long> ours = () -> time(() -> git.createWorktree(info, new CreateWorktreeRequest("lane-" + n, true, "main",
                    lanesDir.resolve("lane-" + n), List.of(), "")));
            Supplier<Long> theirs = () -> time(() -> TestRepo.gitIn(repo.root(), "worktree", "add", "-q", "-b", "plain-" + n,
                    gitDir.resolve("plain-" + n).toString(), "main"));
            long a;
            long b;
            if (i % 2 == 0) {
                a = ours.get();
                b = theirs.get();
            } else {
                b = theirs.get();
                a = ours.get();
            }
            if (i >= WARMUP) {
                lanes.add(a);
                plain.add(b);
            }
        }
        row("worktree create (" + FILES + " files)", lanes, plain, "≤ 1.1×");
        TestRepo.gitIn(repo.root(), "worktree", "list");
        for (Path p : List.of(lanesDir, gitDir)) {
            deleteTree(p);
        }
        TestRepo.gitIn(repo.root(), "worktree", "prune");
    }

    // ------------------------------------------------------------------ list with status

    private void benchList(GitService git, RepositoryInfo info, TestRepo repo, Path work) {
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < LIST_WORKTREES - 1; i++) {
            Path f = work.resolve("lanes").resolve("wt-" + i);
            TestRepo.gitIn(repo.root(), "worktree", "add", "-q", "-b", "wt-" + i, f.toString(), "main");
            if (i % 3 == 0) {
                repo.write(f, "d1/f150.txt", "modified in lane " + i + "\n");
                repo.write(f, "new-" + i + ".txt", "untracked\n");
            }
            if (i % 4 == 0) {
                repo.write(f, "committed-" + i + ".txt", "x").commitAll(f, "lane commit " + i);
            }
            folders.add(f);
        }
        folders.add(0, repo.root());
        // first contact: git writes refreshed stat data into each index once; do it for both sides
        folders.forEach(f -> TestRepo.gitIn(f, "status", "--porcelain"));
        List<Long> lanes = new ArrayList<>();
        List<Long> plain = new ArrayList<>();
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            long a = time(() -> {
                RepositorySnapshot s = git.snapshot(info);
                if (s.worktrees().size() != LIST_WORKTREES) {
                    throw new IllegalStateException("expected " + LIST_WORKTREES + " worktrees, got " + s.worktrees().size());
                }
            });
            long b = time(() -> folders.forEach(f -> TestRepo.gitIn(f, "status", "--porcelain")));
            if (i >= WARMUP) {
                lanes.add(a);
                plain.add(b);
            }
        }
        row("list " + LIST_WORKTREES + " worktrees with status", lanes, plain, "≤ 1.0×");
    }

    // ------------------------------------------------------------------ cold start

    private void benchColdStart(Path jar, Path heavyRepo, Path work) throws Exception {
        String goal = "≤ 1.2 s";
        if (!Files.isRegularFile(jar)) {
            rows.add("| cold start | skipped: " + jar + " not built (mvn -DskipTests package) | | | " + goal + " |");
            return;
        }
        Path xvfb = Stream.of("/usr/bin/Xvfb", "/usr/local/bin/Xvfb").map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        if (xvfb == null) {
            rows.add("| cold start | skipped: Xvfb not installed (apt-get install xvfb) | | | " + goal + " |");
            return;
        }
        TestRepo typical = makeRepo(work, "start-repo");
        for (String lane : List.of("feature-a", "feature-b", "fix-c")) {
            TestRepo.gitIn(typical.root(), "worktree", "add", "-q", "-b", lane, work.resolve("start-lanes").resolve(lane).toString(), "main");
        }
        int display = 90 + (int) (ProcessHandle.current().pid() % 50);
        Process x = new ProcessBuilder(xvfb.toString(), ":" + display, "-screen", "0", "1440x900x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Path socket = Path.of("/tmp/.X11-unix/X" + display);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(socket) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path home = Files.createDirectories(work.resolve("start-home"));
            Path archive = work.resolve("lanes.jsa");
            List<String> plain = List.of(java, "-Dlanes.startupProbe=true", "-jar", jar.toString());
            List<String> cds = List.of(java, "-XX:SharedArchiveFile=" + archive, "-Dlanes.startupProbe=true", "-jar", jar.toString());
            // the installer makes this class-data archive the same way, from one training start
            startOnce(List.of(java, "-XX:ArchiveClassesAtExit=" + archive, "-Dlanes.startupProbe=true", "-jar", jar.toString()),
                    typical.root(), display, home);
            startOnce(plain, typical.root(), display, home); // page cache warm, as for a person's second start
            List<Long> plainTree = new ArrayList<>();
            List<Long> plainStatus = new ArrayList<>();
            List<Long> cdsTree = new ArrayList<>();
            List<Long> cdsStatus = new ArrayList<>();
            List<Long> heavyStatus = new ArrayList<>();
            List<Long> floor = new ArrayList<>();
            for (int i = 0; i < STARTS; i++) {
                long[] a = startOnce(plain, typical.root(), display, home);
                plainTree.add(a[0]);
                plainStatus.add(a[1]);
                long[] b = startOnce(cds, typical.root(), display, home);
                cdsTree.add(b[0]);
                cdsStatus.add(b[1]);
                heavyStatus.add(startOnce(cds, heavyRepo, display, home)[1]);
                floor.add(time(() -> run(List.of(java, "-version"))));
            }
            String alt = " (alternative: `java -version`)";
            row("cold start, `java -jar`, worktrees shown (4 worktrees)", plainTree, floor, goal + alt);
            row("cold start, `java -jar`, statuses shown", plainStatus, floor, goal + alt);
            row("cold start with the installer's class-data archive, worktrees shown", cdsTree, floor, goal + alt);
            row("cold start with the archive, statuses shown", cdsStatus, floor, goal + alt);
            row("cold start with the archive, statuses of " + LIST_WORKTREES + " worktrees shown", heavyStatus, floor, "(heavy case)");
        } finally {
            x.destroy();
            x.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Wall time from spawning the JVM to {@code LANES_READY} and to {@code LANES_STATUS}, in ns. */
    private static long[] startOnce(List<String> argv, Path repo, int display, Path home) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(argv);
        full.add(repo.toString());
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        pb.environment().put("DISPLAY", ":" + display);
        pb.environment().put("LANES_HOME", home.toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        long ready = -1;
        long status = -1;
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("LANES_READY")) {
                    ready = System.nanoTime() - t0;
                } else if (line.startsWith("LANES_STATUS")) {
                    status = System.nanoTime() - t0;
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (ready < 0 || status < 0) {
            throw new IllegalStateException("Lanes did not report ready (exit " + p.exitValue() + "):\n" + output);
        }
        return new long[] {ready, status};
    }

    // ------------------------------------------------------------------ helpers

    private static TestRepo makeRepo(Path parent, String name) {
        TestRepo repo = TestRepo.create(parent, name);
        for (int i = 0; i < FILES; i++) {
            repo.write("d" + (i / 100) + "/f" + i + ".txt", ("line of file " + i + "\n").repeat(20));
        }
        repo.commitAll("files");
        return repo;
    }

    private void row(String what, List<Long> lanes, List<Long> alt, String goal) {
        double a = median(lanes);
        double b = median(alt);
        rows.add(String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.2f× | %s |", what, a / 1e6, b / 1e6, a / b, goal));
        System.out.printf(Locale.ROOT, "%s: Lanes %s, alternative %s%n", what, ms(lanes), ms(alt));
    }

    private static String ms(List<Long> nanos) {
        return Arrays.toString(nanos.stream().mapToLong(n -> Math.round(n / 1e6)).toArray()) + " ms";
    }

    private static double median(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    private static long time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }

    private static void run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String gitVersion() {
        return TestRepo.gitIn(Path.of("."), "--version").strip();
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
