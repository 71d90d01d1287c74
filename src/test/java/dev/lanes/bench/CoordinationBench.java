package dev.lanes.bench;

import dev.lanes.coordinate.CoordinationSnapshot;
import dev.lanes.coordinate.Coordinator;
import dev.lanes.coordinate.LaneReport;
import dev.lanes.git.GitService;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.AgentActivity;
import dev.lanes.model.AgentSession;
import dev.lanes.model.RepositorySnapshot;
import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import dev.lanes.settings.Settings;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.common.Themes;
import dev.lanes.ui.dashboard.DashboardView;
import dev.lanes.ui.dashboard.LaneRow;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue 6's measure: a full coordination refresh (changed files of every lane, overlaps, scopes, conflict
 * forecast) of a repository with 20 lanes of 50 changed files each, against the obvious alternative: a plain
 * {@code git status --porcelain} in each of the same worktrees, one after the other, from Java. Rounds alternate;
 * medians are reported. Not a test.
 *
 * <p>Each lane (a real worktree on its own branch, from a repository of {@code bench.files} files, 3,000 by
 * default, in folders of 100) has 28 files modified and committed in its own folder, 2 committed in a folder all
 * lanes share (so lanes overlap), 10 more modified and not committed, and 10 untracked files. After the lanes
 * branched, main changed the first line of 2 shared files, so half the lanes conflict with it.
 *
 * <p>Then the FX side: each refresh's result is turned into dashboard rows off the FX thread (as the window does)
 * and applied to a real {@link DashboardView} in a headless window ({@code bench.fx=false} skips it). Reported:
 * the FX thread's time per refresh applied (rows set, sessions joined, CSS and layout of the table forced in the
 * same go, so the cells' work is counted), its longest, and the pulses meanwhile. Goal: nothing above 5 ms.
 *
 * <p>{@code java -cp <test class path> dev.lanes.bench.CoordinationBench [lanes] [rounds]}
 */
public final class CoordinationBench {

    private static final int FILES = Integer.getInteger("bench.files", 3000);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 2);
    private static final int PARALLELISM = Integer.getInteger("bench.parallelism", Coordinator.defaultParallelism());

    public static void main(String[] args) throws Exception {
        int laneCount = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path work = Files.createTempDirectory("lanes-coord-bench");
        try {
            long s0 = System.nanoTime();
            TestRepo repo = makeRepo(work, laneCount);
            List<Path> folders = new ArrayList<>();
            folders.add(repo.root());
            for (int i = 0; i < laneCount; i++) {
                folders.add(work.resolve("lanes").resolve("lane-" + i));
            }
            System.out.printf(Locale.ROOT, "Coordination bench: %d lanes × 50 changed files, %d files in the repository, "
                            + "%d rounds (+%d warm-up), parallelism %d, %d cores, %s; set up in %.1f s; load average %s%n",
                    laneCount, FILES, rounds, WARMUP, PARALLELISM, Runtime.getRuntime().availableProcessors(),
                    TestRepo.gitIn(work, "--version").strip(), (System.nanoTime() - s0) / 1e9, loadAverage());
            // first contact: git writes refreshed stat data into each index once; do it for both sides
            long fc = time(() -> folders.forEach(CoordinationBench::plainStatus));
            System.out.printf(Locale.ROOT, "first git status loop (writes the indexes' stat data): %.1f ms%n", fc / 1e6);
            Map<Path, List<String>> scopes = Map.of(folders.get(1), List.of("d0/**"));
            try (GitService git = new GitService(); Coordinator warm = new Coordinator(git, PARALLELISM)) {
                RepositoryInfo info = git.open(repo.root());
                List<Long> plain = new ArrayList<>();
                List<Long> cold = new ArrayList<>();
                List<Long> cached = new ArrayList<>();
                List<Long> forecast = new ArrayList<>();
                for (int r = 0; r < WARMUP + rounds; r++) {
                    long p = time(() -> folders.forEach(CoordinationBench::plainStatus));
                    long[] f = {0};
                    long c = time(() -> {
                        try (Coordinator fresh = new Coordinator(git, PARALLELISM)) {
                            CoordinationSnapshot s = fresh.refresh(info, "main", scopes);
                            check(s, laneCount);
                            f[0] = s.forecastTook().toNanos();
                        }
                    });
                    long w = time(() -> check(warm.refresh(info, "main", scopes), laneCount));
                    System.out.printf(Locale.ROOT, "round %d%s: git status loop %.1f ms, refresh (new coordinator) %.1f ms "
                                    + "(of which merge-tree %.1f ms), refresh (cached forecasts) %.1f ms%n", r,
                            r < WARMUP ? " (warm-up)" : "", p / 1e6, c / 1e6, f[0] / 1e6, w / 1e6);
                    if (r >= WARMUP) {
                        plain.add(p);
                        cold.add(c);
                        cached.add(w);
                        forecast.add(f[0]);
                    }
                }
                double mp = median(plain);
                System.out.println();
                System.out.println("Load average after: " + loadAverage());
                System.out.println("| measure | median | ratio to the git status loop | goal |");
                System.out.println("|---|---|---|---|");
                System.out.printf(Locale.ROOT, "| `git status --porcelain` in each of the %d worktrees, one after the other | %.1f ms | 1.00× | |%n",
                        folders.size(), mp / 1e6);
                System.out.printf(Locale.ROOT, "| full refresh, new `Coordinator` (nothing cached) | %.1f ms | %.2f× | ≤ 1.5× %s |%n",
                        median(cold) / 1e6, median(cold) / mp, median(cold) <= 1.5 * mp ? "✓" : "✗");
                System.out.printf(Locale.ROOT, "| … of which the forecast (`merge-tree --stdin`, all lanes, beside the reads) | %.1f ms | | |%n",
                        median(forecast) / 1e6);
                System.out.printf(Locale.ROOT, "| refresh again, nothing committed (forecasts and bases cached) | %.1f ms | %.2f× | |%n",
                        median(cached) / 1e6, median(cached) / mp);
                if (!"false".equals(System.getProperty("bench.fx"))) {
                    dashboard(git, info, warm, scopes, laneCount, rounds);
                }
            }
        } finally {
            long d0 = System.nanoTime();
            deleteTree(work);
            System.out.printf(Locale.ROOT, "cleaned up in %.1f s%n", (System.nanoTime() - d0) / 1e9);
        }
    }

    /**
     * Applies refreshes to a real dashboard table in a headless window: rows built off the FX thread, then on the FX
     * thread what the window does with a result (sessions joined, rows set) plus the table's CSS and layout.
     */
    private static void dashboard(GitService git, RepositoryInfo info, Coordinator coordinator, Map<Path, List<String>> scopes,
                                  int laneCount, int rounds) throws Exception {
        BenchFx.startHeadless();
        try {
            RepositorySnapshot listing = git.snapshot(info);
            // one session per lane, an agent with a cost: the sessions' part of each row is joined on the FX thread
            Map<Path, List<SessionRecord>> sessions = new HashMap<>();
            Map<Long, AgentSession> agents = new HashMap<>();
            long id = 0;
            for (var v : listing.worktrees()) {
                id++;
                Instant start = Instant.now().minusSeconds(60 * id);
                sessions.put(v.worktree().path(), List.of(new SessionRecord(id, info.root(), v.worktree().path(), "agent " + id,
                        SessionKind.COMMAND, List.of("claude"), false, SessionStatus.RUNNING, null, start, start, null,
                        Path.of("log"), 1L, start)));
                agents.put(id, new AgentSession(id, "claude", "", AgentActivity.WORKING, 0.1 * id, null, "", "", ""));
            }
            DashboardView view = BenchFx.onFx(() -> {
                DashboardView v = new DashboardView(new DashboardView.Actions() {
                    @Override public void open(LaneRow lane) { }
                    @Override public void stop(LaneRow lane) { }
                    @Override public void review(LaneRow lane) { }
                    @Override public void merge(LaneRow lane) { }
                    @Override public void showDiff(LaneRow lane) { }
                    @Override public void setScope(LaneRow lane) { }
                    @Override public void refresh() { }
                }, false);
                Stage stage = new Stage();
                Scene scene = new Scene(v, 1280, 800);
                Themes.apply(scene, Settings.Theme.LIGHT);
                stage.setScene(scene);
                stage.show();
                return v;
            });
            BenchFx.PulseRecorder pulses = new BenchFx.PulseRecorder();
            BenchFx.onFx(() -> {
                pulses.start();
                // the FX thread's work for a check is setting the rows plus the next pulse's CSS and layout passes
                view.getScene().addPreLayoutPulseListener(() -> preLayout[0] = System.nanoTime());
                view.getScene().addPostLayoutPulseListener(() -> {
                    java.util.concurrent.CountDownLatch waiting = nextLayout[0];
                    if (waiting != null) {
                        layoutNanos[0] = System.nanoTime() - preLayout[0];
                        nextLayout[0] = null;
                        waiting.countDown();
                    }
                });
                return null;
            });
            List<Long> apply = new ArrayList<>();
            List<Long> build = new ArrayList<>();
            for (int r = 0; r < WARMUP + rounds; r++) {
                CoordinationSnapshot s = coordinator.refresh(info, "main", scopes);
                long b0 = System.nanoTime();
                List<LaneRow> rows = LaneRow.facts(listing, s);
                long b = System.nanoTime() - b0;
                int round = r;
                java.util.concurrent.CountDownLatch laidOut = new java.util.concurrent.CountDownLatch(1);
                long set = BenchFx.onFx(() -> {
                    long t0 = System.nanoTime();
                    // what DashboardUi does with a result, in one go; the sessions move on between checks (agents
                    // working, then waiting, costs growing), so every row changes, as while agents run
                    List<LaneRow> shown = rows.stream().map(x -> x.withSessions(LaneRow.Sessions.of(
                            sessions.getOrDefault(x.path(), List.of()), sid -> moved(agents.get(sid), round)))).toList();
                    view.setRows(shown, s.takenAt());
                    long took = System.nanoTime() - t0;
                    nextLayout[0] = laidOut;
                    return took;
                });
                if (!laidOut.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no pulse after the rows were set");
                }
                long a = set + layoutNanos[0];
                if (Boolean.getBoolean("bench.parts")) {
                    System.out.printf(Locale.ROOT, "  set %.2f ms, the next pulse's CSS and layout %.2f ms%n", set / 1e6, layoutNanos[0] / 1e6);
                }
                if (view.rows().size() != laneCount + 1 || view.rows().get(1).files() != 50) {
                    throw new IllegalStateException("the dashboard shows " + view.rows().size() + " rows");
                }
                System.out.printf(Locale.ROOT, "dashboard round %d%s: rows built off the FX thread in %.2f ms, applied on the FX thread in %.2f ms%n",
                        r, r < WARMUP ? " (warm-up)" : "", b / 1e6, a / 1e6);
                if (r >= WARMUP) {
                    apply.add(a);
                    build.add(b);
                }
            }
            BenchFx.onFx(() -> {
                pulses.stop();
                return null;
            });
            long longest = apply.stream().mapToLong(Long::longValue).max().orElse(0);
            System.out.println();
            System.out.printf(Locale.ROOT, "Dashboard of %d lanes × 50 files, %d refreshes applied%n", laneCount + 1, apply.size());
            System.out.println("| measure | median | longest | goal |");
            System.out.println("|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| rows built from a refresh (off the FX thread) | %.2f ms | %.2f ms | |%n",
                    median(build) / 1e6, build.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6);
            System.out.printf(Locale.ROOT, "| FX thread per refresh applied (sessions joined and rows set, then the next pulse's CSS and layout passes) | %.2f ms | %.2f ms | ≤ 5 ms %s |%n",
                    median(apply) / 1e6, longest / 1e6, longest <= 5_000_000 ? "✓" : "✗");
            long[] sortedApply = apply.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "FX thread per refresh applied: p90 %.2f ms, p99 %.2f ms, over 5 ms in %d of %d%n",
                    sortedApply[(int) Math.min(sortedApply.length - 1, Math.round(0.90 * (sortedApply.length - 1)))] / 1e6,
                    sortedApply[(int) Math.min(sortedApply.length - 1, Math.round(0.99 * (sortedApply.length - 1)))] / 1e6,
                    apply.stream().filter(x -> x > 5_000_000).count(), apply.size());
            System.out.println("Pulses meanwhile: " + pulses.line());
        } finally {
            Platform.exit();
        }
    }

    private static final long[] preLayout = new long[1];
    private static final long[] layoutNanos = new long[1];
    private static final java.util.concurrent.CountDownLatch[] nextLayout = new java.util.concurrent.CountDownLatch[1];

    /** An agent as it is at check {@code round}: working and waiting by turns, its cost growing. */
    private static AgentSession moved(AgentSession a, int round) {
        return a == null ? null : new AgentSession(a.sessionId(), a.profileId(), a.conversationId(),
                round % 2 == 0 ? AgentActivity.WORKING : AgentActivity.WAITING, a.costUsd() + 0.01 * round, a.budgetUsd(),
                a.model(), a.permissionMode(), a.outcome());
    }

    public static TestRepo makeRepo(Path work, int lanes) {
        TestRepo repo = TestRepo.create(work, "repo");
        for (int i = 0; i < FILES; i++) {
            repo.write("d" + (i / 100) + "/f" + i + ".txt", ("line of file " + i + "\n").repeat(20));
        }
        repo.commitAll("files");
        int folders = FILES / 100;
        int shared = folders - 1;
        for (int i = 0; i < lanes; i++) {
            Path lane = work.resolve("lanes").resolve("lane-" + i);
            TestRepo.gitIn(repo.root(), "worktree", "add", "-q", "-b", "lane-" + i, lane.toString(), "main");
            int own = i % shared;
            for (int k = 0; k < 28; k++) {
                edit(repo, lane, own * 100 + k, "lane " + i);
            }
            edit(repo, lane, shared * 100 + i % 4, "lane " + i);
            edit(repo, lane, shared * 100 + 10 + i % 7, "lane " + i);
            repo.commitAll(lane, "lane " + i + " work");
            for (int k = 30; k < 40; k++) {
                edit(repo, lane, own * 100 + k, "lane " + i + " (uncommitted)");
            }
            for (int k = 0; k < 10; k++) {
                repo.write(lane, "new-" + i + "/n" + k + ".txt", "untracked " + k + "\n".repeat(k + 1));
            }
        }
        edit(repo, repo.root(), shared * 100, "main");
        edit(repo, repo.root(), shared * 100 + 1, "main");
        repo.commitAll("main moves on");
        return repo;
    }

    /** Replaces the first line of file number {@code n}. */
    private static void edit(TestRepo repo, Path dir, int n, String text) {
        repo.write(dir, "d" + (n / 100) + "/f" + n + ".txt", text + "\n" + ("line of file " + n + "\n").repeat(19));
    }

    private static void check(CoordinationSnapshot s, int lanes) {
        if (s.lanes().size() != lanes + 1) {
            throw new IllegalStateException("expected " + (lanes + 1) + " worktrees, got " + s.lanes().size());
        }
        for (LaneReport l : s.lanes().subList(1, s.lanes().size())) {
            if (!l.ok() || l.changedFiles().size() != 50) {
                throw new IllegalStateException(l.path() + ": " + l.changedFiles().size() + " files, " + l.problems());
            }
        }
        int expected = (lanes + 3) / 4 + (lanes + 2) / 4;
        if (s.conflicting().size() != expected || s.overlaps().isEmpty() || s.lanes().get(1).outOfScope().size() != 12) {
            throw new IllegalStateException("unexpected snapshot: " + s.conflicting().size() + " conflicting, "
                    + s.overlaps().size() + " overlaps, " + s.lanes().get(1).outOfScope().size() + " out of scope");
        }
    }

    /** The baseline: what a person's script would do. Output read to the end, errors discarded. */
    public static void plainStatus(Path folder) {
        try {
            Process p = new ProcessBuilder("git", "status", "--porcelain").directory(folder.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("git status failed in " + folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }

    private static double median(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    public static void deleteTree(Path p) {
        try (Stream<Path> walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
