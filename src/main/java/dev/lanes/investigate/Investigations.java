package dev.lanes.investigate;

import dev.lanes.agent.AgentSessions;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.ShownIn;
import dev.lanes.review.ReadOnlyReviewer;
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
 * Parallel investigation: N questions about one worktree, asked at once, each as a read-only agent
 * session (Claude Code with {@code --tools=Read,Grep,Glob} and {@code --permission-mode plan}: see
 * {@link ReadOnlyReviewer}). When every question has ended, one more read-only session gets every
 * question with its answer ({@link InvestigationPrompt#combine}) and summarises how they relate. A
 * failed question is recorded with its reason and the combine step runs over the others, told which
 * failed. Investigations, questions, answers and the summary are kept in the store.
 *
 * <p>Every method may block (the store, starting processes): call it off the FX thread. Listeners
 * are told on the thread where the change happened.
 */
public final class Investigations {

    /**
     * How the sessions of an investigation (its questions and its combine step) are named. Only their names:
     * its tab keeps them out of the tabs by their {@link ShownIn#INVESTIGATION} flag, not by this prefix.
     */
    public static final String SESSION_NAME_PREFIX = "Investigate · ";

    static final String INTERRUPTED = "Interrupted: Lanes ended while it ran.";

    private final AgentSessions agents;
    private final SessionManager sessions;
    private final InvestigationStore store;
    private final Function<String, Optional<AgentProfile>> profiles;
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    /** Listeners, and the runs going on now (their ends awaited). */
    private final dev.lanes.task.Watched<Investigation, Question> watched;

    /** Told when a question or the investigation changes. */
    public interface Listener extends dev.lanes.task.Watched.Listener<Investigation, Question> {
    }

    /**
     * What to ask.
     *
     * @param questions one question each (blank ones are dropped)
     * @param profile   headless Claude Code (it is made read-only)
     * @param budgetUsd the most one session may spend, or null
     */
    public record Request(Path repository, Path worktree, List<String> questions, AgentProfile profile, String model,
                          Double budgetUsd) {
        public Request {
            questions = questions == null ? List.of() : questions.stream().map(String::strip).filter(q -> !q.isEmpty()).toList();
            model = model == null ? "" : model.strip();
        }
    }

    /** @param profiles finds an agent profile by id (the combine step runs the investigation's profile) */
    public Investigations(AgentSessions agents, SessionManager sessions, InvestigationStore store,
                          Function<String, Optional<AgentProfile>> profiles) {
        this.agents = agents;
        this.sessions = sessions;
        this.store = store;
        this.profiles = profiles;
        this.watched = new dev.lanes.task.Watched<>("investigation", store::investigation, store::questions, run -> run.state().ended());
    }

    public void addListener(Listener l) {
        watched.addListener(l);
    }

    public void removeListener(Listener l) {
        watched.removeListener(l);
    }

    // ---------------------------------------------------------------- reading

    public Optional<Investigation> investigation(long id) {
        return store.investigation(id);
    }

    public List<Question> questions(long id) {
        return store.questions(id);
    }

    /**
     * The investigations of a repository, oldest first. What was running when Lanes ended is marked
     * failed ("interrupted"); the answers that came stay.
     */
    public List<Investigation> investigations(Path repository) {
        List<Investigation> out = new ArrayList<>();
        for (Investigation inv : store.investigations(repository)) {
            out.add(watched.isGoing(inv.id()) ? inv : interrupted(inv));
        }
        return out;
    }

    private Investigation interrupted(Investigation inv) {
        if (inv.state().ended()) {
            return inv;
        }
        for (Question q : store.questions(inv.id())) {
            if (q.state() == Question.State.ASKING && !sessions.isRunning(q.sessionId())) {
                store.saveQuestion(q.failed(INTERRUPTED));
            }
        }
        if (inv.combineSessionId() != 0 && sessions.isRunning(inv.combineSessionId())) {
            return inv;
        }
        Investigation failed = inv.with(Investigation.State.FAILED, inv.summary(), inv.combineSessionId(), INTERRUPTED);
        store.saveInvestigation(failed);
        return failed;
    }

    /**
     * Forgets an investigation: its questions, answers and summary leave the store (the sessions and their
     * logs stay).
     *
     * @throws IllegalStateException with a sentence while it runs
     */
    public void forget(long id) {
        if (watched.isGoing(id)) {
            throw new IllegalStateException("The investigation is still running: forget it once it has ended.");
        }
        store.deleteInvestigation(id);
    }

    /** Completes with the investigation once it is done or failed; at once when it is not running now. */
    public CompletableFuture<Investigation> whenEnded(long id) {
        return watched.whenEnded(id);
    }

    // ---------------------------------------------------------------- running

    /**
     * Records the investigation and starts every question at once. A question whose agent cannot
     * start is recorded as failed with the reason; the others go on.
     *
     * @throws IllegalArgumentException with a sentence for no question or a profile Lanes cannot keep read-only
     */
    public Investigation start(Request request) {
        if (request.questions().isEmpty()) {
            throw new IllegalArgumentException("Write at least one question, one a line (such as “how does authentication work”).");
        }
        if (request.budgetUsd() != null && !(request.budgetUsd() > 0)) {
            throw new IllegalArgumentException("A budget must be more than $0 (or none).");
        }
        AgentProfile readOnly = ReadOnlyReviewer.of(request.profile());
        Investigation inv = store.createInvestigation(new Investigation(0, request.repository(), request.worktree(),
                request.profile().id(), request.model(), request.budgetUsd(), Investigation.State.ASKING, "", 0, "",
                Instant.now()), request.questions());
        watched.going(inv.id());
        for (Question q : store.questions(inv.id())) {
            ask(inv, q, readOnly);
        }
        fire(inv.id());
        return store.investigation(inv.id()).orElse(inv);
    }

    private void ask(Investigation inv, Question q, AgentProfile readOnly) {
        SessionRecord session;
        try {
            session = agents.start(new AgentSessions.Request(inv.repository(), inv.worktree(),
                    SESSION_NAME_PREFIX + shortText(q.text()), readOnly, InvestigationPrompt.question(inv.worktree(), q.text()),
                    inv.model(), ReadOnlyReviewer.PERMISSION_MODE, inv.budgetUsd(), null, ShownIn.INVESTIGATION));
        } catch (RuntimeException e) {
            questionEnded(inv.id(), q.failed("Could not start: " + e.getMessage()));
            return;
        }
        Question started = q.started(session.id());
        store.saveQuestion(started);
        agents.onRunEnd(session.id(), end -> questionEnded(inv.id(),
                end.succeeded() && !end.text().isBlank() ? started.answered(end.text())
                        : started.failed(end.succeeded() ? "The agent gave an empty answer." : end.problem())));
    }

    private void questionEnded(long id, Question q) {
        synchronized (lock(id)) {
            store.saveQuestion(q);
            Investigation inv = store.investigation(id).orElseThrow();
            List<Question> all = store.questions(id);
            if (inv.state() == Investigation.State.ASKING && all.stream().allMatch(x -> x.state().ended())) {
                combine(inv, all);
            }
        }
        fire(id);
    }

    /** Every question has ended: the combine session, or the end when there is nothing to combine. */
    private void combine(Investigation inv, List<Question> all) {
        long answered = all.stream().filter(q -> q.state() == Question.State.ANSWERED).count();
        if (answered == 0) {
            end(inv.with(Investigation.State.FAILED, "", 0, "Every question failed, so there is nothing to combine."));
            return;
        }
        if (all.size() == 1) {
            end(inv.with(Investigation.State.DONE, "", 0, ""));
            return;
        }
        SessionRecord session;
        try {
            AgentProfile profile = profiles.apply(inv.profileId()).orElseThrow(() -> new IllegalArgumentException(
                    "The agent profile “" + inv.profileId() + "” no longer exists."));
            session = agents.start(new AgentSessions.Request(inv.repository(), inv.worktree(), SESSION_NAME_PREFIX + "combined",
                    ReadOnlyReviewer.of(profile), InvestigationPrompt.combine(inv.worktree(), all), inv.model(),
                    ReadOnlyReviewer.PERMISSION_MODE, inv.budgetUsd(), null, ShownIn.INVESTIGATION));
        } catch (RuntimeException e) {
            end(inv.with(Investigation.State.FAILED, "", 0, "The combine step could not start: " + e.getMessage()));
            return;
        }
        Investigation combining = inv.with(Investigation.State.COMBINING, "", session.id(), "");
        store.saveInvestigation(combining);
        agents.onRunEnd(session.id(), end -> {
            synchronized (lock(inv.id())) {
                end(end.succeeded() && !end.text().isBlank()
                        ? combining.with(Investigation.State.DONE, end.text(), session.id(), "")
                        : combining.with(Investigation.State.FAILED, "", session.id(), "The combine step failed: "
                        + (end.succeeded() ? "it gave an empty answer." : end.problem())));
            }
            fire(inv.id());
        });
    }

    /** Records the end; {@link #fire} then tells the listeners and completes {@link #whenEnded}. */
    private void end(Investigation inv) {
        store.saveInvestigation(inv);
    }

    private void fire(long id) {
        watched.fire(id);
    }

    private Object lock(long id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    /** A question as a session's name: its first line, at most 60 characters. */
    static String shortText(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= 60 ? line : line.substring(0, 59) + "…";
    }
}
