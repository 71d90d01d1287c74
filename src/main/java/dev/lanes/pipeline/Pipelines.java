package dev.lanes.pipeline;

import dev.lanes.agent.AgentSessions;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.SessionRecord;
import dev.lanes.session.SessionManager;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Pipelines: implementation → tests → documentation (or any stages), each an agent session in the
 * same worktree with its own prompt (and, if wanted, its own agent and model). A stage starts only
 * when the one before ended successfully (the agent reported success); a failure stops the pipeline
 * with the stage and the reason. Each stage's prompt also says what the stage before reported, so
 * the hand-off carries over. Pipelines and stages are kept in the store: after a restart a stage
 * that was running is {@link Stage.State#INTERRUPTED} and {@link #resume} starts again from it.
 *
 * <p>Every method may block (the store, starting processes): call it off the FX thread. Listeners
 * are told on the thread where the change happened.
 */
public final class Pipelines {

    /** The permission mode of a stage that does not name one: stages edit the worktree. */
    public static final String DEFAULT_PERMISSION_MODE = "acceptEdits";
    /** The most characters of the stage before's report a stage's prompt holds. */
    static final int HANDOFF_LIMIT = 4_000;

    private final AgentSessions agents;
    private final SessionManager sessions;
    private final PipelineStore store;
    private final Function<String, Optional<AgentProfile>> profiles;
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    /** Listeners, and the runs going on now (their ends awaited). */
    private final dev.lanes.task.Watched<Pipeline, Stage> watched;

    /** Told when a stage or the pipeline changes. */
    public interface Listener extends dev.lanes.task.Watched.Listener<Pipeline, Stage> {
    }

    /**
     * One stage to run.
     *
     * @param profileId the agent profile, empty or null for the pipeline's
     * @param model     the model; empty or null for the pipeline's when the stage runs the pipeline's
     *                  agent, else for its own agent's default (a model name belongs to one agent)
     */
    public record StageSpec(String name, String prompt, String profileId, String model) {
        public StageSpec {
            name = name == null ? "" : name.strip();
            prompt = prompt == null ? "" : prompt.strip();
            profileId = profileId == null ? "" : profileId.strip();
            model = model == null ? "" : model.strip();
        }
    }

    /**
     * A pipeline to start.
     *
     * @param profileId      the agent profile of stages that name none
     * @param model          the model of stages that name none and run the pipeline's agent (empty: the agent's default)
     * @param permissionMode every stage's permission mode (empty: {@link #DEFAULT_PERMISSION_MODE})
     */
    public record Request(Path repository, Path worktree, String name, List<StageSpec> stages, String profileId, String model,
                          String permissionMode) {
        public Request {
            stages = stages == null ? List.of() : List.copyOf(stages);
            name = name == null ? "" : name.strip();
            model = model == null ? "" : model.strip();
            permissionMode = permissionMode == null || permissionMode.isBlank() ? DEFAULT_PERMISSION_MODE : permissionMode.strip();
        }
    }

    public Pipelines(AgentSessions agents, SessionManager sessions, PipelineStore store,
                     Function<String, Optional<AgentProfile>> profiles) {
        this.agents = agents;
        this.sessions = sessions;
        this.store = store;
        this.profiles = profiles;
        this.watched = new dev.lanes.task.Watched<>("pipeline", store::pipeline, store::stages, run -> run.state().ended());
    }

    public void addListener(Listener l) {
        watched.addListener(l);
    }

    public void removeListener(Listener l) {
        watched.removeListener(l);
    }

    // ---------------------------------------------------------------- reading

    public Optional<Pipeline> pipeline(long id) {
        return store.pipeline(id);
    }

    public List<Stage> stages(long id) {
        return store.stages(id);
    }

    /**
     * The pipelines of a repository, oldest first. One whose stage was running when Lanes ended is
     * marked interrupted (and so is that stage), to be resumed.
     */
    public List<Pipeline> pipelines(Path repository) {
        List<Pipeline> out = new ArrayList<>();
        for (Pipeline p : store.pipelines(repository)) {
            out.add(p.state() != Pipeline.State.RUNNING || watched.isGoing(p.id()) ? p : interrupted(p));
        }
        return out;
    }

    private Pipeline interrupted(Pipeline p) {
        synchronized (lock(p.id())) {
            String problem = "Lanes ended while the pipeline ran.";
            for (Stage s : store.stages(p.id())) {
                if (s.state() == Stage.State.RUNNING) {
                    if (sessions.isRunning(s.sessionId())) {
                        return p; // still running here: not interrupted
                    }
                    store.saveStage(s.with(Stage.State.INTERRUPTED, s.sessionId(), "", "Interrupted: Lanes ended while it ran."));
                    problem = "Interrupted at stage " + (s.index() + 1) + " (" + s.name() + "): Lanes ended while it ran. "
                            + "Resume to run it again.";
                }
            }
            Pipeline out = p.with(Pipeline.State.INTERRUPTED, problem);
            store.savePipeline(out);
            return out;
        }
    }

    /**
     * Forgets a pipeline: it and its stages leave the store (the sessions, their logs and the worktree's changes
     * stay).
     *
     * @throws IllegalStateException with a sentence while a stage runs
     */
    public void forget(long id) {
        synchronized (lock(id)) {
            if (watched.isGoing(id)) {
                throw new IllegalStateException("The pipeline is still running: forget it once it has ended.");
            }
            store.deletePipeline(id);
        }
    }

    /** Completes with the pipeline once it ended (done, failed); at once when it is not running now. */
    public CompletableFuture<Pipeline> whenEnded(long id) {
        return watched.whenEnded(id);
    }

    // ---------------------------------------------------------------- running

    /**
     * Records the pipeline and starts its first stage.
     *
     * @throws IllegalArgumentException with a sentence for no stages, a stage without a name or a
     *                                  prompt, or an agent that cannot say whether it succeeded
     */
    public Pipeline start(Request request) {
        if (request.stages().isEmpty()) {
            throw new IllegalArgumentException("Add at least one stage (a name and a prompt).");
        }
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < request.stages().size(); i++) {
            StageSpec s = request.stages().get(i);
            String which = "Stage " + (i + 1) + (s.name().isEmpty() ? "" : " (" + s.name() + ")");
            if (s.name().isEmpty()) {
                throw new IllegalArgumentException(which + " has no name: give it one, such as “tests”.");
            }
            if (s.prompt().isEmpty()) {
                throw new IllegalArgumentException(which + " has no prompt: write what its agent should do.");
            }
            String profileId = s.profileId().isEmpty() ? request.profileId() : s.profileId();
            profile(profileId, which);
            boolean pipelinesAgent = java.util.Objects.equals(profileId, request.profileId());
            String model = !s.model().isEmpty() ? s.model() : pipelinesAgent ? request.model() : "";
            stages.add(new Stage(0, i, s.name(), s.prompt(), profileId, model, request.permissionMode(), Stage.State.WAITING,
                    0, "", ""));
        }
        String name = request.name().isEmpty()
                ? String.join(" → ", stages.stream().map(Stage::name).toList()) : request.name();
        Pipeline p = store.createPipeline(new Pipeline(0, request.repository(), request.worktree(), name,
                Pipeline.State.RUNNING, "", Instant.now()), stages);
        watched.going(p.id());
        runNext(p.id());
        return store.pipeline(p.id()).orElse(p);
    }

    /**
     * Runs a failed or interrupted pipeline again from its first stage that did not succeed.
     *
     * @throws IllegalStateException with a sentence when it is running or already done
     */
    public Pipeline resume(long id) {
        synchronized (lock(id)) {
            Pipeline p = store.pipeline(id).orElseThrow(() -> new IllegalArgumentException("Pipeline " + id + " no longer exists."));
            if (p.state() == Pipeline.State.RUNNING) {
                p = pipelines(p.repository()).stream().filter(x -> x.id() == id).findFirst().orElse(p);
            }
            if (p.state() == Pipeline.State.RUNNING) {
                throw new IllegalStateException("The pipeline is still running.");
            }
            if (p.state() == Pipeline.State.DONE) {
                throw new IllegalStateException("Every stage of this pipeline succeeded: there is nothing to resume.");
            }
            for (Stage s : store.stages(id)) {
                if (s.state() != Stage.State.SUCCEEDED) {
                    store.saveStage(s.with(Stage.State.WAITING, 0, "", ""));
                }
            }
            store.savePipeline(p.with(Pipeline.State.RUNNING, ""));
            watched.going(id);
        }
        runNext(id);
        return store.pipeline(id).orElseThrow();
    }

    /** Starts the first waiting stage, or ends the pipeline when none is left. */
    private void runNext(long id) {
        synchronized (lock(id)) {
            Pipeline p = store.pipeline(id).orElseThrow();
            List<Stage> stages = store.stages(id);
            Stage next = stages.stream().filter(s -> s.state() != Stage.State.SUCCEEDED).findFirst().orElse(null);
            if (next == null) {
                end(p.with(Pipeline.State.DONE, ""));
            } else {
                Stage before = next.index() == 0 ? null : stages.get(next.index() - 1);
                startStage(p, next, before, stages.size());
            }
        }
        fire(id);
    }

    private void startStage(Pipeline p, Stage stage, Stage before, int count) {
        SessionRecord session;
        try {
            AgentProfile profile = profile(stage.profileId(), "Stage " + (stage.index() + 1) + " (" + stage.name() + ")");
            session = agents.start(new AgentSessions.Request(p.repository(), p.worktree(),
                    "Pipeline · " + (stage.index() + 1) + "/" + count + " " + stage.name(), profile,
                    prompt(stage, before, count), stage.model(), stage.permissionMode(), null, null));
        } catch (RuntimeException e) {
            stageFailed(p, stage.with(Stage.State.FAILED, 0, "", "It could not start: " + e.getMessage()));
            return;
        }
        Stage running = stage.with(Stage.State.RUNNING, session.id(), "", "");
        store.saveStage(running);
        agents.onRunEnd(session.id(), end -> stageEnded(p.id(), running, end));
    }

    private void stageEnded(long id, Stage running, AgentSessions.RunEnd end) {
        synchronized (lock(id)) {
            Pipeline p = store.pipeline(id).orElseThrow();
            if (!end.succeeded()) {
                stageFailed(p, running.with(Stage.State.FAILED, running.sessionId(), "", end.problem()));
                fire(id);
                return;
            }
            store.saveStage(running.with(Stage.State.SUCCEEDED, running.sessionId(), end.text(), ""));
        }
        runNext(id);
    }

    private void stageFailed(Pipeline p, Stage failed) {
        store.saveStage(failed);
        end(p.with(Pipeline.State.FAILED, "Stopped at stage " + (failed.index() + 1) + " (" + failed.name() + "): "
                + failed.problem()));
    }

    /** A stage's prompt: where it stands, what the stage before reported, then its own prompt. */
    static String prompt(Stage stage, Stage before, int count) {
        if (before == null) {
            return stage.prompt();
        }
        String report = before.result().strip();
        if (report.length() > HANDOFF_LIMIT) {
            report = report.substring(0, HANDOFF_LIMIT) + "…";
        }
        return "This is stage " + (stage.index() + 1) + " of " + count + " (" + stage.name() + ") of a pipeline in this "
                + "worktree. The stage before, “" + before.name() + "”, succeeded"
                + (report.isEmpty() ? "." : " and reported:\n\n" + report) + "\n\nYour task:\n\n" + stage.prompt();
    }

    private AgentProfile profile(String id, String which) {
        AgentProfile p = profiles.apply(id == null ? "" : id).orElseThrow(() -> new IllegalArgumentException(
                which + ": the agent profile “" + id + "” does not exist."));
        if (p.mode() != AgentProfile.Mode.HEADLESS) {
            throw new IllegalArgumentException(which + ": " + p.name() + " runs in a terminal, so Lanes cannot tell when "
                    + "it succeeded. Choose a headless agent for pipeline stages.");
        }
        return p;
    }

    /** Records the end; {@link #fire} then tells the listeners and completes {@link #whenEnded}. */
    private void end(Pipeline p) {
        store.savePipeline(p);
    }

    private void fire(long id) {
        watched.fire(id);
    }

    private Object lock(long id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }
}
