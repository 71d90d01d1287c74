package dev.lanes.e2e;

import dev.lanes.agent.ClaudeOutcomes;
import dev.lanes.agent.StreamJsonOutput;
import dev.lanes.model.AgentEvent;
import dev.lanes.model.AgentOutcome;
import dev.lanes.process.ManagedProcess;
import dev.lanes.process.ProcessExit;
import dev.lanes.process.ProcessSpec;
import dev.lanes.process.ProcessTree;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Runs the real Claude Code CLI (installed by the build, found through the system property
 * {@code lanes.test.claude}) against a {@link ScriptedModelServer}, with a temp HOME and nothing of
 * the person's: every ANTHROPIC_* and CLAUDE* variable of the test's environment is removed, and
 * TMPDIR is inside the temp HOME.
 * Standard input is closed at once (with an open pipe, {@code claude -p} waits 3 s for input).
 */
public final class ClaudeCli {

    private final Path executable;
    private final Path home;
    private final ScriptedModelServer server;
    private final List<Run> runs = new CopyOnWriteArrayList<>();

    ClaudeCli(Path home, ScriptedModelServer server) {
        this.executable = executable();
        this.home = home;
        this.server = server;
        try {
            Files.createDirectories(home.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The installed CLI; skips the test when the build was told not to install it. */
    /** The shipped headless Claude Code profile, running the CLI installed for the tests. */
    static dev.lanes.model.AgentProfile profile() {
        return dev.lanes.agent.BuiltInProfiles.get(dev.lanes.agent.BuiltInProfiles.CLAUDE).withExecutable(executable().toString());
    }

    static Path executable() {
        Assumptions.assumeFalse(Boolean.getBoolean("lanes.test.claude.skip"), "Claude Code install skipped (-Dlanes.claude.skip)");
        String p = System.getProperty("lanes.test.claude", "");
        Assumptions.assumeFalse(p.isEmpty(), "lanes.test.claude not set: run through Maven (mvn verify installs Claude Code)");
        Path exe = Path.of(p);
        if (!Files.isExecutable(exe)) {
            throw new AssertionError("Claude Code is not installed at " + exe
                    + ": mvn generate-test-resources installs it (src/test/scripts/install-claude-code.sh)");
        }
        return exe;
    }

    /** The environment of a run: a temp HOME, the scripted server, an API key, no retries, no side traffic. */
    Map<String, String> environment() {
        return environment(home, server.baseUrl());
    }

    /** The environment of an offline run with HOME {@code home} against the server at {@code baseUrl}. */
    public static Map<String, String> environment(Path home, String baseUrl) {
        Map<String, String> env = new HashMap<>();
        System.getenv().keySet().stream().filter(k -> k.startsWith("ANTHROPIC_") || k.startsWith("CLAUDE"))
                .forEach(k -> env.put(k, null));
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        // the CLI keeps sockets (cc-socks/) and probe folders (claude-<uid>/) in TMPDIR and leaves some behind
        env.put("TMPDIR", home.resolve("tmp").toString());
        env.put("ANTHROPIC_BASE_URL", baseUrl);
        env.put("ANTHROPIC_API_KEY", "sk-ant-lanes-test-0123456789abcdefghij");
        // no telemetry, no update check, no connectivity probe: only Messages API requests reach the server
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        // an API error ends the run at once (the default is 10 retries over about 3 minutes)
        env.put("CLAUDE_CODE_MAX_RETRIES", "0");
        return env;
    }

    /**
     * Prepares {@code home/.claude.json} so the interactive TUI skips its first-run questions
     * (onboarding, trusting {@code folders}, approving the API key; DESIGN.md).
     */
    public static void prepareInteractiveHome(Path home, String apiKey, Path... folders) throws IOException {
        com.google.gson.JsonObject trusted = new com.google.gson.JsonObject();
        trusted.addProperty("hasTrustDialogAccepted", true);
        com.google.gson.JsonObject projects = new com.google.gson.JsonObject();
        for (Path f : folders) {
            projects.add(f.toString(), trusted);
            projects.add(f.toRealPath().toString(), trusted);
        }
        com.google.gson.JsonArray approved = new com.google.gson.JsonArray();
        approved.add(apiKey.substring(apiKey.length() - 20));
        com.google.gson.JsonObject keys = new com.google.gson.JsonObject();
        keys.add("approved", approved);
        keys.add("rejected", new com.google.gson.JsonArray());
        com.google.gson.JsonObject root = new com.google.gson.JsonObject();
        root.addProperty("hasCompletedOnboarding", true);
        root.add("projects", projects);
        root.add("customApiKeyResponses", keys);
        Files.createDirectories(home);
        Files.writeString(home.resolve(".claude.json"), root.toString(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Claude Code processes started since {@code since} and still alive (tests end with none). */
    static List<ProcessHandle> leftRunningSince(java.time.Instant since) throws IOException {
        Path real = executable().toRealPath();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.equals(real.toString())).orElse(false))
                .filter(p -> p.info().startInstant().map(s -> s.isAfter(since)).orElse(false))
                .toList();
    }

    /** Starts {@code claude <args>} in {@code cwd}; {@code env} is applied over {@link #environment()}. */
    Run start(Path cwd, List<String> args, Map<String, String> env) {
        List<String> argv = new ArrayList<>();
        argv.add(executable.toString());
        argv.addAll(args);
        Map<String, String> environment = environment();
        environment.putAll(env);
        Run run = new Run(argv);
        Path log = home.resolve("runs").resolve("run-" + (runs.size() + 1) + ".log");
        run.process = ManagedProcess.start(new ProcessSpec(argv, cwd, environment, log), run.output);
        run.process.closeInput();
        runs.add(run);
        return run;
    }

    Run start(Path cwd, List<String> args) {
        return start(cwd, args, Map.of());
    }

    /** {@code -p <prompt> --output-format stream-json --verbose} followed by {@code more}. */
    static List<String> headless(String prompt, String... more) {
        List<String> a = new ArrayList<>(List.of("-p", prompt, "--output-format", "stream-json", "--verbose"));
        a.addAll(List.of(more));
        return a;
    }

    /** Stops every run still alive (tree and all); for teardown. */
    void stopAll() {
        for (Run r : runs) {
            if (r.process != null && r.process.isAlive()) {
                r.process.stop(Duration.ofSeconds(2));
            }
            if (r.process != null) {
                ProcessHandle.of(r.process.pid()).ifPresent(h -> ProcessTree.kill(h, Duration.ofSeconds(1)));
            }
        }
    }

    /** One started CLI: its events as parsed live, its raw standard output, its exit. */
    static final class Run {
        final List<String> argv;
        final List<AgentEvent> events = new CopyOnWriteArrayList<>();
        final StringBuffer stdout = new StringBuffer();
        private final Object changed = new Object();
        final StreamJsonOutput parsed = new StreamJsonOutput(e -> {
            events.add(e);
            synchronized (changed) {
                changed.notifyAll();
            }
        });
        final dev.lanes.process.ProcessOutput output = (text, stderr) -> {
            if (!stderr) {
                stdout.append(text);
            }
            parsed.output(text, stderr);
        };
        ManagedProcess process;
        private ProcessExit exit;

        Run(List<String> argv) {
            this.argv = List.copyOf(argv);
        }

        /** Waits for the exit (and the last line); fails after {@code timeout}. */
        ProcessExit awaitExit(Duration timeout) throws InterruptedException {
            if (exit == null) {
                exit = process.waitFor(timeout);
                parsed.finish();
            }
            return exit;
        }

        /** Blocks until an event matching {@code p} was parsed; fails after {@code timeout}. */
        AgentEvent awaitEvent(Predicate<AgentEvent> p, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (changed) {
                while (true) {
                    for (AgentEvent e : events) {
                        if (p.test(e)) {
                            return e;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no matching event within " + timeout + "; got " + events);
                    }
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(changed, left);
                }
            }
        }

        AgentOutcome outcome() {
            return ClaudeOutcomes.classify(parsed.result(), exit.code(), exit.stopped(), parsed.stderrTail());
        }

        <T extends AgentEvent> List<T> events(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends AgentEvent> T only(Class<T> type) {
            List<T> all = events(type);
            if (all.size() != 1) {
                throw new AssertionError("expected one " + type.getSimpleName() + ", got " + all + "\n" + describe());
            }
            return all.get(0);
        }

        /** Exit, stderr and stdout, for failure messages. */
        String describe() {
            return "argv " + argv + "\nexit " + exit + "\nstderr: " + parsed.stderrTail() + "\nstdout:\n" + stdout;
        }
    }
}
