package dev.lanes.bench;

import dev.lanes.agent.AgentSessions;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.SessionRecord;
import dev.lanes.session.SessionManager;
import dev.lanes.settings.Settings;
import dev.lanes.store.Store;
import dev.lanes.ui.agent.AgentBenchAccess;
import dev.lanes.ui.agent.AgentView;
import dev.lanes.ui.common.Themes;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Benchmarks of issue 4, in a JVM of their own, headless (Monocle):
 * <ul>
 *   <li>stream-json parse and render: Claude Code output recorded from the real CLI (the test
 *       fixtures, repeated to about 50 MB) fed from a reader thread into an {@link AgentView} in a
 *       shown stage until its last result is on the list, against {@code jq -c . FILE >/dev/null};</li>
 *   <li>start to first event: from asking Lanes to start an agent (store, session, process) to
 *       the first event of the real CLI (its init) reaching Lanes, minus the same CLI's own time
 *       from spawn to its first line when run bare — needs the CLI the build installs
 *       ({@code .build/claude-code}) and the test server; skipped without them.</li>
 * </ul>
 * Prints Markdown rows. Not a test: nothing asserts a time.
 */
public final class AgentBench {

    private static final String FIXTURES = "/dev/lanes/agent/claude/";
    private static final String[] FILES = {"write-tool.jsonl", "bash-read-edit.jsonl", "permission-denied.jsonl",
            "overloaded-retry.jsonl", "resume.jsonl"};
    private final List<String> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path work = Files.createTempDirectory("lanes-agent-bench");
        BenchFx.startHeadless();
        try {
            AgentBench b = new AgentBench();
            b.parseAndRender(work, megabytes);
            b.startToFirstEvent(work);
            System.out.println();
            System.out.println("| measure | Lanes | alternative | ratio | goal |");
            System.out.println("|---|---|---|---|---|");
            b.rows.forEach(System.out::println);
        } finally {
            Platform.exit();
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private void parseAndRender(Path work, int megabytes) throws Exception {
        StringBuilder one = new StringBuilder();
        for (String f : FILES) {
            try (InputStream in = AgentBench.class.getResourceAsStream(FIXTURES + f)) {
                one.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        Path file = work.resolve("recorded.jsonl");
        long bytes = 0;
        int copies = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            while (bytes < megabytes * 1_000_000L) {
                w.write(one.toString());
                bytes += one.toString().getBytes(StandardCharsets.UTF_8).length;
                copies++;
            }
            // the last line: a result no fixture has, to know when the view got everything
            w.write("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"end\",\"total_cost_usd\":1,"
                    + "\"num_turns\":1,\"duration_ms\":424242,\"session_id\":\"bench\"}\n");
        }
        long lines = Files.lines(file).count();
        String text = Files.readString(file);
        System.out.printf(Locale.ROOT, "Agent bench: %.1f MB of recorded stream-json (%,d lines, %d copies of %d runs), %d cores%n",
                bytes / 1e6, lines, copies, FILES.length, Runtime.getRuntime().availableProcessors());

        List<Long> jq = new ArrayList<>();
        List<Long> lanes = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("jq", "-c", ".", file.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("jq failed");
            }
            long jqNanos = System.nanoTime() - t0;
            long lanesNanos = renderOnce(text);
            if (round > 0) { // the first round warms up both
                jq.add(jqNanos);
                lanes.add(lanesNanos);
            }
        }
        double l = BenchFx.median(lanes) / 1e6;
        double j = BenchFx.median(jq) / 1e6;
        rows.add(String.format(Locale.ROOT, "| stream-json parse + render into the agent view (%.0f MB, %,d lines) | %.0f ms = %.0f MB/s | `jq -c . FILE >/dev/null` %.0f ms = %.0f MB/s | %.1f× jq's speed | ≥ 1× |",
                bytes / 1e6, lines, l, bytes / 1e6 / (l / 1e3), j, bytes / 1e6 / (j / 1e3), j / l));
    }

    /** Feeds the text from a reader thread in 64 KB chunks; ns until the last result is on the view's list. */
    private static long renderOnce(String text) throws Exception {
        AgentView view = BenchFx.onFx(() -> {
            AgentView v = new AgentView();
            Scene scene = new Scene(new StackPane(v), 1000, 700);
            Themes.apply(scene, Settings.Theme.LIGHT);
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.show();
            return v;
        });
        long t0 = System.nanoTime();
        Thread reader = new Thread(() -> {
            for (int i = 0; i < text.length(); i += 65_536) {
                view.append(text.substring(i, Math.min(text.length(), i + 65_536)));
            }
        }, "bench-reader");
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!BenchFx.onFx(() -> AgentBenchAccess.endsWithResultOf(view, 424242))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the view never showed the last result");
            }
            Thread.sleep(2);
        }
        long nanos = System.nanoTime() - t0;
        BenchFx.onFx(() -> {
            view.getScene().getWindow().hide();
            return null;
        });
        return nanos;
    }

    private void startToFirstEvent(Path work) throws Exception {
        Path cli = Path.of(".build/claude-code/node_modules/.bin/claude").toAbsolutePath();
        if (!Files.isExecutable(cli)) {
            rows.add("| start to first event | skipped: no Claude Code CLI in .build/claude-code (`mvn generate-test-resources` installs it) | | | |");
            return;
        }
        try (var server = dev.lanes.e2e.ScriptedModelServer.start()) {
            server.whenEmpty(dev.lanes.e2e.ScriptedModelServer.Reply.text("hi"));
            Path home = Files.createDirectories(work.resolve("home"));
            Files.createDirectories(home.resolve("tmp"));
            Map<String, String> env = dev.lanes.e2e.ClaudeCli.environment(home, server.baseUrl());
            Path repo = Files.createDirectories(work.resolve("repo"));
            new ProcessBuilder("git", "init", "-q", repo.toString()).start().waitFor();
            List<Long> bare = new ArrayList<>();
            List<Long> viaLanes = new ArrayList<>();
            try (Store store = Store.open(work.resolve("lanes"))) {
                SessionManager sessions = new SessionManager(store, work.resolve("lanes/logs"));
                AgentProfile p = BuiltInProfiles.get(BuiltInProfiles.CLAUDE);
                AgentProfile claude = p.withExecutable(cli.toString());
                AgentSessions agents = new AgentSessions(sessions, store, env);
                for (int round = 0; round < 6; round++) {
                    bare.add(bareFirstLine(cli, repo, env));
                    CountDownLatch first = new CountDownLatch(1);
                    long t0 = System.nanoTime();
                    AgentSessions.Listener l = (a, s) -> {
                        if (a.activity() == dev.lanes.model.AgentActivity.WORKING) {
                            first.countDown(); // the init event was parsed
                        }
                    };
                    agents.addListener(l);
                    SessionRecord s = agents.start(new AgentSessions.Request(repo, repo, "bench " + round, claude,
                            "say hi", "", "acceptEdits", null, null));
                    if (!first.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("no first event");
                    }
                    long nanos = System.nanoTime() - t0;
                    agents.removeListener(l);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (sessions.isRunning(s.id()) && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    if (round > 0) {
                        viaLanes.add(nanos);
                    } else {
                        bare.remove(0);
                    }
                }
                agents.close();
                sessions.close();
            }
            double b = BenchFx.median(bare) / 1e6;
            double v = BenchFx.median(viaLanes) / 1e6;
            rows.add(String.format(Locale.ROOT, "| start an agent to its first event in Lanes (real CLI, local server; median of 5) | %.0f ms | the CLI alone, spawn to first line: %.0f ms | Lanes adds %.0f ms | |",
                    v, b, v - b));
        }
    }

    /** ns from spawning the CLI to its first line on stdout. */
    private static long bareFirstLine(Path cli, Path repo, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cli.toString(), "-p", "say hi", "--output-format", "stream-json", "--verbose",
                "--permission-mode", "acceptEdits").directory(repo.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        int c;
        InputStream in = p.getInputStream();
        while ((c = in.read()) != -1 && c != '\n') {
            // up to the first line
        }
        long nanos = System.nanoTime() - t0;
        in.transferTo(java.io.OutputStream.nullOutputStream());
        p.waitFor();
        return nanos;
    }


}
