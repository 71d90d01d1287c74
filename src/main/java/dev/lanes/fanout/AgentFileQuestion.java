package dev.lanes.fanout;

import dev.lanes.agent.ClaudeOutcomes;
import dev.lanes.agent.CommandTemplate;
import dev.lanes.agent.StreamJsonOutput;
import dev.lanes.model.AgentOutcome;
import dev.lanes.model.AgentProfile;
import dev.lanes.process.ManagedProcess;
import dev.lanes.process.ProcessExit;
import dev.lanes.process.ProcessSpec;
import dev.lanes.process.ProcessStartException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks an agent which files a fan-out should take ("list all Python files that use the old logging
 * API"), read-only, and hands back its answer for {@link FanoutList#addFromAgentAnswer}.
 *
 * <p>Read-only means two locks on Claude Code (2.1.332, see docs/claude-code.md): {@code --tools
 * Read,Grep,Glob} leaves the agent no other tool (a Write or Bash call fails with "No such tool
 * available"), and {@code --permission-mode plan} refuses edits should a tool that writes ever be
 * there. The run is headless ({@code -p}, stream-json) in the root folder, with the profile's other
 * argument groups (model, budget); it is not one of the window's sessions — a throwaway question —
 * but its output goes to a log file when a log folder is given.
 *
 * <p>{@link #ask} returns at once; the answer arrives on a background thread. Cancelling the
 * future stops the agent (its whole process tree). Thread-safe.
 */
public final class AgentFileQuestion implements AutoCloseable {

    /** The only tools the agent gets. (2.1.332 has no LS tool: Glob lists folders.) */
    public static final List<String> READ_ONLY_TOOLS = List.of("Read", "Grep", "Glob");
    /** Claude Code's permission mode that refuses every edit. */
    public static final String READ_ONLY_MODE = "plan";
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    /**
     * The agent's answer.
     *
     * @param ok             the agent reported success
     * @param text           its final text (the list), empty when it failed
     * @param costUsd        what the run cost (its result's {@code total_cost_usd}), 0 without a result
     * @param problem        one or two sentences for the person when not ok, else empty
     * @param conversationId the agent's session id, empty when it gave none
     */
    public record Answer(boolean ok, String text, double costUsd, String problem, String conversationId) {
    }

    private final Map<String, String> environment;
    private final Path logFolder;
    private final ExecutorService starter;
    private final Set<ManagedProcess> running = ConcurrentHashMap.newKeySet();

    /**
     * @param environment added to the agent's environment (tests point it at a local server and a temp HOME)
     * @param logFolder   where each question's output is logged ({@code question-<id>.log}), or null for none
     */
    public AgentFileQuestion(Map<String, String> environment, Path logFolder) {
        this.environment = new HashMap<>(environment);
        this.logFolder = logFolder;
        AtomicInteger n = new AtomicInteger();
        this.starter = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lanes-file-question-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the agent on {@code question} in {@code root}, read-only.
     *
     * @param budgetUsd the most the run may spend ({@code --max-budget-usd}), or null
     * @throws IllegalArgumentException (at once, with a sentence) for an empty question or a profile
     *                                  that is not headless Claude Code
     */
    public CompletableFuture<Answer> ask(AgentProfile profile, Path root, String question, String model, Double budgetUsd) {
        List<String> argv = argv(profile, root, question, model, budgetUsd, UUID.randomUUID().toString());
        Path log = logFolder == null ? null : logFolder.resolve("question-" + UUID.randomUUID() + ".log");
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        starter.execute(() -> run(profile, root, argv, log, answer));
        return answer;
    }

    /** The argv of a read-only question (package-private for tests). */
    static List<String> argv(AgentProfile profile, Path root, String question, String model, Double budgetUsd, String sessionId) {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("Write a question, such as “list all Python files that use the old logging API”.");
        }
        if (profile.mode() != AgentProfile.Mode.HEADLESS || profile.output() != AgentProfile.OutputFormat.CLAUDE_STREAM_JSON) {
            throw new IllegalArgumentException(profile.name() + " cannot be asked for files yet: Lanes keeps only Claude Code"
                    + " (headless) read-only. Choose the Claude Code profile.");
        }
        if (budgetUsd != null && !(budgetUsd > 0)) {
            throw new IllegalArgumentException("A budget must be more than $0 (or none).");
        }
        Map<String, String> v = new HashMap<>();
        v.put("prompt", prompt(root, question));
        v.put("model", model == null ? "" : model.strip());
        v.put("permissionMode", READ_ONLY_MODE);
        v.put("budget", budgetUsd == null ? "" : String.format(Locale.ROOT, "%.2f", budgetUsd));
        v.put("sessionId", sessionId);
        v.put("name", "lanes: which files?");
        List<String> expanded = CommandTemplate.expand(profile.executable(), profile.firstRun(), v);
        if (!expanded.contains("--permission-mode")) {
            throw new IllegalArgumentException("The profile " + profile.name() + " does not pass a permission mode"
                    + " (--permission-mode {permissionMode}), so Lanes cannot keep its answer read-only.");
        }
        List<String> out = new ArrayList<>(expanded.size() + 2);
        out.add(expanded.get(0));
        out.add("--tools");
        out.add(String.join(",", READ_ONLY_TOOLS));
        out.addAll(expanded.subList(1, expanded.size()));
        return out;
    }

    /** What the agent is asked: the question, and to answer with paths, one a line, changing nothing. */
    static String prompt(Path root, String question) {
        return "Find files in " + root + " for a batch job. Question: " + question.strip() + "\n\n"
                + "Look with Read, Grep and Glob only, and change nothing. Answer with the matching files only: "
                + "one path a line, relative to " + root + ", nothing else on the line. If no file matches, say so.";
    }

    private void run(AgentProfile profile, Path root, List<String> argv, Path log, CompletableFuture<Answer> answer) {
        if (answer.isDone()) {
            return; // cancelled before it started
        }
        StreamJsonOutput json = new StreamJsonOutput(e -> { });
        ManagedProcess p;
        try {
            p = ManagedProcess.start(new ProcessSpec(argv, root, environment, log), json);
        } catch (ProcessStartException e) {
            String m = e.getMessage();
            if (m != null && (m.contains("not found") || m.contains("No such file"))) {
                m = profile.name() + " is not installed here: “" + profile.executable() + "” was not found. " + profile.installHint();
            }
            answer.complete(new Answer(false, "", 0, m, ""));
            return;
        }
        running.add(p);
        p.closeInput();
        answer.whenComplete((a, err) -> {
            if (answer.isCancelled() && p.isAlive()) {
                starter.execute(() -> p.stop(STOP_GRACE));
            }
        });
        p.onExit().whenComplete((exit, err) -> {
            running.remove(p);
            json.finish();
            answer.complete(answer(json, exit, err, profile));
        });
    }

    private static Answer answer(StreamJsonOutput json, ProcessExit exit, Throwable err, AgentProfile profile) {
        if (err != null) {
            return new Answer(false, "", 0, profile.name() + " could not be followed: " + err.getMessage(), json.sessionId());
        }
        AgentOutcome o = ClaudeOutcomes.classify(json.result(), exit.code(), exit.stopped(), json.stderrTail(), profile.name());
        if (o.succeeded()) {
            return new Answer(true, o.message(), o.costUsd(), "", json.sessionId());
        }
        String problem = o.message() + (o.hint().isEmpty() ? "" : " " + o.hint());
        return new Answer(false, "", o.costUsd(), problem, json.sessionId());
    }

    /** Stops every agent still answering. */
    @Override
    public void close() {
        for (ManagedProcess p : running) {
            p.stop(STOP_GRACE);
        }
        running.clear();
        starter.shutdown();
    }
}
