package dev.lanes.agent;

import com.google.gson.JsonObject;
import dev.lanes.model.AgentActivity;
import dev.lanes.model.AgentEvent;
import dev.lanes.model.AgentOutcome;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.AgentSession;
import dev.lanes.model.SessionKind;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import dev.lanes.process.ProcessStartException;
import dev.lanes.session.SessionManager;
import dev.lanes.session.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sessions that run an agent: starts them from a profile and a prompt, continues them with
 * follow-ups, and keeps what the person needs at a glance — activity, cost, how the last run
 * ended — from the agent's own structured events (never from its screen).
 *
 * <p>A headless Claude Code run is read as stream-json: its init event makes it "working", its
 * result decides "done" or "failed" (by {@code is_error}), its {@code total_cost_usd} is the
 * session's cost (Claude Code reports the whole conversation's cost after a resume, so it is not
 * added up). Agents whose output Lanes does not parse (plain text) are working while their
 * process runs, then done or failed by exit code.
 *
 * <p>The prompts go into the session's log as Lanes lines ({@code {"type":"lanes",…}}), so a
 * transcript rebuilt from the log after a restart shows them.
 *
 * <p>Every method may block (store, processes): call it off the FX thread. Listeners are told on
 * the thread where the change happened.
 */
public final class AgentSessions implements SessionManager.Listener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSessions.class);
    /** The type of the lines Lanes writes into an agent's log. */
    public static final String LANES_LINE_TYPE = "lanes";

    private final SessionManager sessions;
    private final SessionStore store;
    private final Map<String, String> environment;
    private final Map<Long, AgentSession> agents = new ConcurrentHashMap<>();
    private final Map<Long, Run> runs = new ConcurrentHashMap<>();
    /** Each session's latest run, kept after it ended (for {@link #whenRunEnds}). */
    private final Map<Long, Run> latestRuns = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Where interactive Claude Code sessions' hook settings go; null: no hooks. */
    private final Path hookFolder;
    private HookServer hookServer;
    private final Map<Long, ClaudeHookSettings.Prepared> hookFiles = new ConcurrentHashMap<>();

    /** Told when an agent session's activity, cost or outcome changes. */
    public interface Listener {
        void changed(AgentSession agent, SessionRecord session);
    }

    /**
     * How one run of an agent ended.
     *
     * @param agent  the agent session as the run left it (activity, cost, outcome); null when the
     *               session was removed while it ran
     * @param result the run's result event, or null when it gave none (it could not start, was
     *               stopped, or its output is not parsed)
     */
    public record RunEnd(AgentSession agent, AgentEvent.Result result) {
        /** The run's final text (Claude Code: the result's {@code result}), empty when there is none. */
        public String text() {
            return result == null || result.isError() ? "" : result.result();
        }

        /** Whether the agent reported success (a result that is not an error). */
        public boolean succeeded() {
            return result != null && !result.isError();
        }

        /** Why the run did not succeed, one sentence for the person; empty when it did. */
        public String problem() {
            if (succeeded()) {
                return "";
            }
            String outcome = agent == null ? "" : agent.outcome();
            return outcome == null || outcome.isBlank() ? "The agent ended without an answer." : outcome;
        }
    }

    /**
     * What to start.
     *
     * @param budgetUsd most one run may spend, or null
     * @param maxTurns  most turns of one run, or null
     * @param shownIn   the view that shows the session instead of a tab of its own (a reviewer, an
     *                  investigation's question), or null for an ordinary session
     */
    public record Request(Path repository, Path worktree, String name, AgentProfile profile, String prompt,
                          String model, String permissionMode, Double budgetUsd, Integer maxTurns,
                          dev.lanes.model.ShownIn shownIn) {

        /** An ordinary session's request (a tab of its own). */
        public Request(Path repository, Path worktree, String name, AgentProfile profile, String prompt,
                       String model, String permissionMode, Double budgetUsd, Integer maxTurns) {
            this(repository, worktree, name, profile, prompt, model, permissionMode, budgetUsd, maxTurns, null);
        }

        public Request {
            model = model == null ? "" : model.strip();
            permissionMode = permissionMode == null ? "" : permissionMode.strip();
            if (budgetUsd != null && !(budgetUsd > 0)) {
                throw new IllegalArgumentException("A budget must be more than $0 (or none).");
            }
            if (maxTurns != null && maxTurns < 1) {
                throw new IllegalArgumentException("A turn limit must be at least 1 (or none).");
            }
        }
    }

    /** One run of an agent's process: its parsed output, for the outcome. */
    private final class Run {
        final long id;
        final AgentProfile profile;
        final StreamJsonOutput json;
        final java.util.concurrent.CompletableFuture<RunEnd> ended = new java.util.concurrent.CompletableFuture<>();
        volatile boolean permissionDenied;

        Run(long id, AgentProfile profile) {
            this.id = id;
            this.profile = profile;
            this.json = switch (profile.output()) {
                case CLAUDE_STREAM_JSON -> new StreamJsonOutput(this::event);
                case CODEX_JSON -> new StreamJsonOutput(this::event, new CodexJsonParser()::parse);
                default -> null;
            };
        }

        void output(String text, boolean stderr) {
            if (json != null) {
                json.output(text, stderr);
            } else if (!stderr) {
                moveTo(id, AgentActivity.WORKING);
            }
        }

        void event(AgentEvent e) {
            if (e instanceof AgentEvent.Init init) {
                update(id, a -> a.withConversationId(init.sessionId().isEmpty() ? a.conversationId() : init.sessionId())
                        .withActivity(AgentActivity.WORKING));
            } else if (e instanceof AgentEvent.PermissionDenied) {
                permissionDenied = true;
            } else if (e instanceof AgentEvent.AssistantText || e instanceof AgentEvent.ToolCall) {
                moveTo(id, AgentActivity.WORKING);
            }
        }
    }

    /**
     * @param environment added to every agent process's environment (tests point agents at a local
     *                    server and a temp HOME with it)
     */
    public AgentSessions(SessionManager sessions, SessionStore store, Map<String, String> environment) {
        this(sessions, store, environment, null);
    }

    /**
     * @param hookFolder a private folder for the hook settings of interactive Claude Code sessions
     *                   (their status then comes from hooks reporting to a server on 127.0.0.1,
     *                   started at the first such session); null for no hooks
     */
    public AgentSessions(SessionManager sessions, SessionStore store, Map<String, String> environment, Path hookFolder) {
        this.sessions = sessions;
        this.store = store;
        this.environment = new HashMap<>(environment);
        this.hookFolder = hookFolder;
        sessions.addListener(this);
    }

    /** What is added to every agent process's environment (fan-out runs add the same). */
    public Map<String, String> environment() {
        return java.util.Collections.unmodifiableMap(environment);
    }

    /** The hook server, started on first need. */
    private synchronized HookServer hooks() {
        if (hookServer == null) {
            hookServer = HookServer.start();
            hookServer.addListener(this::hookEvent);
        }
        return hookServer;
    }

    /** An interactive session's hook: its activity, what it waits for, its conversation id. */
    private void hookEvent(long sessionId, HookEvent e) {
        if (!sessions.isRunning(sessionId)) {
            return; // late: the process has ended, and its end decided the activity
        }
        if (!e.agentSessionId().isEmpty()) {
            AgentSession a = agents.get(sessionId);
            if (a != null && !e.agentSessionId().equals(a.conversationId())) {
                update(sessionId, x -> x.withConversationId(e.agentSessionId()));
            }
        }
        if (!e.changesActivity()) {
            return;
        }
        String note = switch (e.name()) {
            case ClaudeHooks.PERMISSION_REQUEST -> "Asks to use " + e.message() + (e.detail().isEmpty() ? "" : ": " + e.detail());
            case ClaudeHooks.NOTIFICATION -> e.message();
            case ClaudeHooks.STOP_FAILURE -> "The turn ended on an error: " + e.message();
            case ClaudeHooks.SESSION_END -> "Ended" + (e.message().isEmpty() ? "." : " (" + e.message() + ").");
            default -> "";
        };
        report(sessionId, e.activity(), note);
    }

    /** Whether a profile runs Claude Code's own interface (its status then comes from hooks). */
    static boolean usesClaudeHooks(AgentProfile p) {
        String exe = Path.of(p.executable()).getFileName().toString();
        return p.mode() == AgentProfile.Mode.INTERACTIVE && (p.id().startsWith(BuiltInProfiles.CLAUDE) || exe.startsWith("claude"));
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    /**
     * Reads a repository's agent sessions from the store (at start). One that was starting or
     * working when Lanes ended is marked failed ("interrupted").
     */
    public List<AgentSession> load(Path repository) {
        List<AgentSession> loaded = store.agentSessions(repository);
        for (AgentSession a : loaded) {
            AgentSession current = a;
            if ((a.activity() == AgentActivity.STARTING || a.activity() == AgentActivity.WORKING)
                    && !sessions.isRunning(a.sessionId())) {
                current = a.withActivity(AgentActivity.FAILED).withOutcome("Interrupted: Lanes ended while it ran.");
                store.saveAgent(current);
            }
            agents.put(current.sessionId(), current);
        }
        return loaded.stream().map(a -> agents.get(a.sessionId())).toList();
    }

    public Optional<AgentSession> agent(long sessionId) {
        return Optional.ofNullable(agents.get(sessionId));
    }

    /** What a repository's agent sessions have cost, in US dollars. */
    public double cost(Path repository) {
        double sum = 0;
        for (AgentSession a : agents.values()) {
            Optional<SessionRecord> s = sessions.session(a.sessionId());
            if (s.isPresent() && s.get().repository().equals(repository)) {
                sum += a.costUsd();
            }
        }
        return sum;
    }

    /**
     * Creates the session and starts its first run. The session is stored even when the agent
     * cannot start (it then shows as failed, with the reason); a {@link ProcessStartException}
     * tells the caller.
     */
    public SessionRecord start(Request request) {
        AgentProfile profile = request.profile();
        if (request.prompt() == null || request.prompt().isBlank()) {
            if (profile.mode() == AgentProfile.Mode.HEADLESS) {
                throw new IllegalArgumentException("Write a prompt for the agent.");
            }
        }
        String conversation = profile.output() == AgentProfile.OutputFormat.CLAUDE_STREAM_JSON
                || profile.output() == AgentProfile.OutputFormat.TERMINAL ? UUID.randomUUID().toString() : "";
        Map<String, String> values = values(request, conversation, "");
        List<String> argv = CommandTemplate.expand(profile.executable(), profile.firstRun(), values);
        SessionKind kind = profile.mode() == AgentProfile.Mode.INTERACTIVE ? SessionKind.TERMINAL : SessionKind.COMMAND;
        SessionRecord session = sessions.create(request.repository(), request.worktree(), request.name(), kind, argv, false,
                request.shownIn());
        AgentSession agent = new AgentSession(session.id(), profile.id(), conversation, AgentActivity.STARTING, 0,
                request.budgetUsd(), request.model(), request.permissionMode(), "");
        agents.put(session.id(), agent);
        store.saveAgent(agent);
        if (kind == SessionKind.COMMAND && request.prompt() != null && !request.prompt().isBlank()) {
            sessions.note(session.id(), lanesLine("prompt", request.prompt()));
        }
        fire(agent, session);
        if (hookFolder != null && usesClaudeHooks(profile)) {
            Map<String, String> env = new HashMap<>(environment);
            return launchWith(session.id(), profile, withHooks(session.id(), argv, env), "", env);
        }
        return launch(session.id(), profile, argv, null);
    }

    /**
     * Registers the session with the hook server and writes its settings: returns {@code argv}
     * with {@code --settings <file>} after the executable, and adds what the hooks need to
     * {@code env}. When that fails the agent still runs, without hooks (its status then does not
     * follow it), and {@code argv} comes back as it was.
     */
    private List<String> withHooks(long sessionId, List<String> argv, Map<String, String> env) {
        try {
            forgetHooks(sessionId);
            ClaudeHookSettings.Prepared prepared = ClaudeHookSettings.write(hooks().register(sessionId), hookFolder,
                    System.getenv());
            hookFiles.put(sessionId, prepared);
            List<String> out = new java.util.ArrayList<>();
            out.add(argv.get(0));
            out.addAll(prepared.arguments());
            out.addAll(argv.subList(1, argv.size()));
            env.putAll(prepared.environment());
            return out;
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("No hooks for session {}: its status will not follow the agent", sessionId, e);
            return argv;
        }
    }

    /**
     * Continues a finished run's conversation with another prompt ({@code --resume} for Claude
     * Code), in the same session, its log and transcript going on.
     */
    public SessionRecord followUp(long sessionId, AgentProfile profile, String prompt) {
        AgentSession agent = agents.get(sessionId);
        if (agent == null) {
            throw new IllegalArgumentException("Session " + sessionId + " is not an agent session.");
        }
        if (!profile.canFollowUp()) {
            throw new IllegalArgumentException(profile.name() + " cannot continue a conversation from the command line.");
        }
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("Write a follow-up for the agent.");
        }
        if (agent.conversationId().isEmpty()) {
            throw new IllegalArgumentException("This session has no conversation to continue yet (its first run gave no id).");
        }
        if (sessions.isRunning(sessionId)) {
            throw new ProcessStartException("The agent is still working; wait for it or stop it first.");
        }
        Request request = new Request(null, null, null, profile, prompt, agent.model(), agent.permissionMode(),
                agent.budgetUsd(), null);
        List<String> argv = CommandTemplate.expand(profile.executable(), profile.followUp(),
                values(request, "", agent.conversationId()));
        return launch(sessionId, profile, argv, lanesLine("prompt", prompt));
    }

    /**
     * Starts an interactive agent's ended session again, continuing its conversation (its
     * profile's follow-up arguments: {@code claude --resume <id>}), with fresh hooks.
     */
    public SessionRecord resumeInteractive(long sessionId, AgentProfile profile) {
        AgentSession agent = agents.get(sessionId);
        if (agent == null || profile.mode() != AgentProfile.Mode.INTERACTIVE) {
            throw new IllegalArgumentException("Only an interactive agent's session can be resumed in its terminal.");
        }
        if (sessions.isRunning(sessionId)) {
            throw new ProcessStartException("It is still running.");
        }
        boolean canResume = profile.canFollowUp() && !agent.conversationId().isEmpty();
        Request request = new Request(null, null, null, profile, "", agent.model(), agent.permissionMode(), null, null);
        List<String> argv = canResume
                ? CommandTemplate.expand(profile.executable(), profile.followUp(), values(request, "", agent.conversationId()))
                : CommandTemplate.expand(profile.executable(), profile.firstRun(), values(request, "", ""));
        Map<String, String> env = new HashMap<>(environment);
        if (hookFolder != null && usesClaudeHooks(profile)) {
            argv = withHooks(sessionId, argv, env);
        }
        return launchWith(sessionId, profile, argv, canResume ? "\r\n── resumed ──\r\n" : "\r\n── started again ──\r\n", env);
    }

    private SessionRecord launch(long id, AgentProfile profile, List<String> argv, String separator) {
        return launchWith(id, profile, argv, separator, environment);
    }

    /** Starts a run; {@code separator} null: the session's own argv, else this argv after it in the log. */
    private SessionRecord launchWith(long id, AgentProfile profile, List<String> argv, String separator,
                                     Map<String, String> env) {
        Run run = new Run(id, profile);
        runs.put(id, run);
        Run before = latestRuns.put(id, run);
        if (before != null && !before.ended.isDone()) {
            before.ended.complete(new RunEnd(agents.get(id), before.json == null ? null : before.json.result()));
        }
        update(id, a -> a.withActivity(AgentActivity.STARTING).withOutcome(""));
        SessionManager.Launch launch = new SessionManager.Launch(env, run::output,
                profile.mode() == AgentProfile.Mode.HEADLESS);
        try {
            return separator == null ? sessions.start(id, launch) : sessions.relaunch(id, argv, separator, launch);
        } catch (ProcessStartException e) {
            runs.remove(id);
            update(id, a -> a.withActivity(AgentActivity.FAILED).withOutcome(missing(profile, e)));
            run.ended.complete(new RunEnd(agents.get(id), null));
            throw new ProcessStartException(missing(profile, e));
        }
    }

    /** A missing executable says what is missing and how to install it. */
    private static String missing(AgentProfile profile, ProcessStartException e) {
        String m = e.getMessage();
        if (m != null && (m.contains("not found") || m.contains("No such file"))) {
            return profile.name() + " is not installed here: “" + profile.executable() + "” was not found. " + profile.installHint();
        }
        return m;
    }

    private static Map<String, String> values(Request r, String sessionId, String resumeId) {
        Map<String, String> v = new HashMap<>();
        v.put("prompt", r.prompt());
        v.put("model", r.model());
        v.put("permissionMode", r.permissionMode());
        v.put("budget", r.budgetUsd() == null ? "" : String.format(Locale.ROOT, "%.2f", r.budgetUsd()));
        v.put("maxTurns", r.maxTurns() == null ? "" : r.maxTurns().toString());
        v.put("sessionId", sessionId);
        v.put("resumeId", resumeId);
        v.put("name", r.name() == null ? "" : r.name());
        return v;
    }

    /** A line Lanes writes into an agent's log: {@code {"type":"lanes","event":…,"text":…}}. */
    static String lanesLine(String event, String text) {
        JsonObject o = new JsonObject();
        o.addProperty("type", LANES_LINE_TYPE);
        o.addProperty("event", event);
        o.addProperty("text", text);
        return o + "\n";
    }

    // ---------------------------------------------------------------- the session manager's news

    @Override
    public void changed(SessionRecord session) {
        AgentSession agent = agents.get(session.id());
        if (agent == null || session.status().isLive()) {
            if (agent != null) {
                fire(agent, session);
            }
            return;
        }
        forgetHooks(session.id());
        Run run = runs.remove(session.id());
        if (run == null) {
            fire(agent, session);
            return;
        }
        AgentSession ended = finish(agent, run, session);
        agents.put(session.id(), ended);
        try {
            store.saveAgent(ended);
            fire(ended, session);
        } finally {
            run.ended.complete(new RunEnd(ended, run.json == null ? null : run.json.result()));
        }
    }

    /**
     * Completes when the session's latest run ends (at once when it already has), after the
     * session's listeners were told. Call it right after {@link #start} or {@link #followUp}
     * returned to follow that run. Empty when the session has had no run since Lanes started.
     */
    public Optional<java.util.concurrent.CompletableFuture<RunEnd>> whenRunEnds(long sessionId) {
        Run run = latestRuns.get(sessionId);
        return run == null ? Optional.empty() : Optional.of(run.ended.copy());
    }

    /**
     * Calls {@code ended} once the session's latest run ends (on the thread where it ended). A run
     * that cannot be followed (none since Lanes started) counts as one that ended without a result.
     * What {@code ended} throws is logged.
     */
    public void onRunEnd(long sessionId, java.util.function.Consumer<RunEnd> ended) {
        whenRunEnds(sessionId).orElseGet(() -> java.util.concurrent.CompletableFuture.completedFuture(new RunEnd(null, null)))
                .whenComplete((end, error) -> {
                    try {
                        ended.accept(error != null || end == null ? new RunEnd(null, null) : end);
                    } catch (RuntimeException e) {
                        LOG.warn("Could not record the end of session {}", sessionId, e);
                    }
                });
    }

    private AgentSession finish(AgentSession agent, Run run, SessionRecord session) {
        boolean stopped = session.status() == SessionStatus.STOPPED;
        int code = session.exitCode() == null ? -1 : session.exitCode();
        if (run.json != null) {
            run.json.finish();
            AgentOutcome outcome = ClaudeOutcomes.classify(run.json.result(), code, stopped, run.json.stderrTail(),
                    run.profile.name());
            double cost = run.json.result() != null ? outcome.costUsd() : agent.costUsd();
            String conversation = run.json.sessionId().isEmpty() ? agent.conversationId() : run.json.sessionId();
            AgentActivity activity = switch (outcome.kind()) {
                case SUCCEEDED -> run.permissionDenied ? AgentActivity.WAITING : AgentActivity.DONE;
                case STOPPED -> AgentActivity.DONE;
                default -> AgentActivity.FAILED;
            };
            String text = switch (outcome.kind()) {
                case SUCCEEDED -> run.permissionDenied
                        ? "Done, but some tool calls were refused: allow them (permission mode) and follow up." : "";
                case STOPPED -> "Stopped.";
                default -> outcome.message() + (outcome.hint().isEmpty() ? "" : " " + outcome.hint());
            };
            if (outcome.kind() == AgentOutcome.Kind.BUDGET_REACHED) {
                text = "Budget reached. " + outcome.hint();
            }
            return agent.withConversationId(conversation).withCost(cost).withActivity(activity).withOutcome(text);
        }
        if (stopped) {
            return agent.withActivity(AgentActivity.DONE).withOutcome("Stopped.");
        }
        if (session.status() == SessionStatus.EXITED) {
            return agent.withActivity(AgentActivity.DONE).withOutcome("");
        }
        return agent.withActivity(AgentActivity.FAILED)
                .withOutcome(session.exitCode() == null ? "Could not start." : "Exited with code " + session.exitCode() + ".");
    }

    @Override
    public void removed(long id) {
        AgentSession gone = agents.remove(id);
        runs.remove(id);
        Run latest = latestRuns.remove(id);
        if (latest != null) {
            latest.ended.complete(new RunEnd(gone, latest.json == null ? null : latest.json.result()));
        }
        forgetHooks(id);
    }

    private void forgetHooks(long id) {
        ClaudeHookSettings.Prepared prepared = hookFiles.remove(id);
        if (prepared != null) {
            prepared.delete();
            HookServer server;
            synchronized (this) {
                server = hookServer;
            }
            if (server != null) {
                server.unregister(id);
            }
        }
    }

    /**
     * Sets an agent's activity from outside its output (an interactive session's hooks). Ignored
     * for sessions that are not agents.
     */
    public void report(long sessionId, AgentActivity activity, String outcome) {
        update(sessionId, a -> a.withActivity(activity).withOutcome(outcome == null ? a.outcome() : outcome));
    }

    private void moveTo(long id, AgentActivity activity) {
        AgentSession a = agents.get(id);
        if (a != null && a.activity() != activity) {
            update(id, x -> x.withActivity(activity));
        }
    }

    private void update(long id, java.util.function.UnaryOperator<AgentSession> change) {
        AgentSession updated = agents.computeIfPresent(id, (k, a) -> change.apply(a));
        if (updated == null) {
            return;
        }
        try {
            store.saveAgent(updated);
        } catch (RuntimeException e) {
            LOG.warn("Could not save agent session {}", id, e);
        }
        sessions.session(id).ifPresent(s -> fire(updated, s));
    }

    private void fire(AgentSession agent, SessionRecord session) {
        for (Listener l : listeners) {
            try {
                l.changed(agent, session);
            } catch (RuntimeException e) {
                LOG.warn("An agent listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        sessions.removeListener(this);
        hookFiles.keySet().forEach(this::forgetHooks);
        synchronized (this) {
            if (hookServer != null) {
                hookServer.close();
                hookServer = null;
            }
        }
    }
}
