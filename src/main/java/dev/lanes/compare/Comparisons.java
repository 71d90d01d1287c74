package dev.lanes.compare;

import dev.lanes.agent.AgentSessions;
import dev.lanes.git.DirtyWorktreeException;
import dev.lanes.git.GitException;
import dev.lanes.git.GitService;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.CreateWorktreeRequest;
import dev.lanes.model.MergeMode;
import dev.lanes.model.MergeOutcome;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.Worktree;
import dev.lanes.session.SessionManager;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Same prompt, several agents: one prompt on N new lanes (a worktree and a branch each, from one
 * base, named from the prompt), each with its own agent profile and model; then each lane's diff
 * against the base, a merge of the chosen lane into the base (its uncommitted work committed first,
 * then {@link GitService#merge} as the Merge dialog does), and the removal of the other lanes'
 * worktrees and branches — refusing, with the files, those with uncommitted work unless forced.
 *
 * <p>Comparisons are kept in the store with their lanes and what became of each (merged, removed), so
 * that one is reopened after a restart ({@link #comparisons}, {@link #now}): its diffs compared again,
 * its chosen lane merged, the others removed. A lane whose worktree went meanwhile (removed by hand,
 * its folder deleted) is said so, in a sentence, by every method that needs it. Every method may block
 * (git, the store, starting processes): call it off the FX thread.
 */
public final class Comparisons {

    /** The fewest and the most lanes of a comparison. */
    public static final int MIN_LANES = 2;
    public static final int MAX_LANES = 4;
    /** The permission mode of the lanes' agents unless asked otherwise: they edit their worktree. */
    public static final String DEFAULT_PERMISSION_MODE = "acceptEdits";
    private static final int BRANCH_STEM_LIMIT = 40;

    private final AgentSessions agents;
    private final SessionManager sessions;
    private final GitService git;
    private final ComparisonStore store;
    /** Orders the changes of one comparison (a merge and a removal on two task threads). */
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();

    /**
     * One lane to make.
     *
     * @param model empty or null for the agent's default
     */
    public record LaneSpec(AgentProfile profile, String model) {
        public LaneSpec {
            model = model == null ? "" : model.strip();
        }
    }

    /**
     * A comparison to start.
     *
     * @param worktreesRoot where the person keeps worktrees, or null for beside the repository
     */
    public record Request(Path repository, String base, String prompt, List<LaneSpec> lanes, String permissionMode,
                          Path worktreesRoot) {
        public Request {
            lanes = lanes == null ? List.of() : List.copyOf(lanes);
            prompt = prompt == null ? "" : prompt.strip();
            permissionMode = permissionMode == null || permissionMode.isBlank() ? DEFAULT_PERMISSION_MODE : permissionMode.strip();
        }
    }

    /**
     * What Remove the Others did.
     *
     * @param removed the indexes of the lanes removed
     * @param dirty   lanes left alone because of uncommitted work (ask the person, then force)
     * @param refused lanes left alone for another reason, with it
     */
    public record Removal(List<Integer> removed, List<DirtyWorktreeException> dirty, List<String> refused) {
    }

    /**
     * Where a lane stands now.
     */
    public enum LaneState {
        /** Its worktree or its agent could not be made. */
        NOT_MADE,
        /** Its agent still works. */
        WORKING,
        /** Its agent has ended; its diff can be read. */
        ENDED,
        /** Merged into the base. */
        MERGED,
        /** Removed by Remove the Others. */
        REMOVED,
        /** Its worktree is gone (removed by hand, its folder deleted). */
        GONE
    }

    /**
     * A lane as it is now, for a comparison's view (reopened after a restart, or read again).
     *
     * @param text   a sentence for its status line
     * @param diff   its diff against the base, or null when there is none to read (not made, removed, gone)
     * @param failed whether the sentence is about something that went wrong (the agent failed, the lane
     *               could not be made, its worktree is gone, its diff could not be read)
     */
    public record LaneNow(int index, LaneState state, String text, String diff, boolean failed) {
    }

    public Comparisons(AgentSessions agents, SessionManager sessions, GitService git, ComparisonStore store) {
        this.agents = agents;
        this.sessions = sessions;
        this.git = git;
        this.store = store;
    }

    /**
     * Forgets a comparison: it leaves the store. Its lanes — worktrees, branches, sessions — are left as they are
     * (Remove the Others removes lanes).
     *
     * @throws IllegalStateException with a sentence while one of its agents still works
     */
    public void forget(long id) {
        Comparison c = comparison(id).orElse(null);
        if (c != null && c.lanes().stream().anyMatch(this::isRunning)) {
            throw new IllegalStateException("An agent of this comparison is still working: forget it once they have ended.");
        }
        store.deleteComparison(id);
    }

    public Optional<Comparison> comparison(long id) {
        return store.comparison(id);
    }

    /** The comparisons of the repository whose main checkout is {@code repository}, newest first. */
    public List<Comparison> comparisons(Path repository) {
        List<Comparison> out = new ArrayList<>(store.comparisons(repository));
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * Makes the lanes and starts their agents. A lane whose worktree or agent could not be made
     * keeps the reason; the others go on.
     *
     * @throws IllegalArgumentException with a sentence for an empty prompt, too few or too many
     *                                  lanes, or a base that is not a branch
     */
    public Comparison start(Request request) {
        if (request.prompt().isEmpty()) {
            throw new IllegalArgumentException("Write the prompt every agent gets.");
        }
        if (request.lanes().size() < MIN_LANES || request.lanes().size() > MAX_LANES) {
            throw new IllegalArgumentException("Choose " + MIN_LANES + " to " + MAX_LANES + " agents to compare (there are "
                    + request.lanes().size() + ").");
        }
        RepositoryInfo repo = git.open(request.repository());
        if (request.base() == null || !git.branchExists(repo.root(), request.base())) {
            throw new IllegalArgumentException("The base “" + request.base() + "” is not a branch of this repository.");
        }
        String stem = branchStem(request.prompt());
        // recorded first, each lane as soon as its worktree exists: a crash half-way leaves no lane unaccounted for
        Comparison c = store.createComparison(new Comparison(0, repo.root(), request.base(), request.prompt(), List.of(), -1,
                Instant.now()));
        for (int i = 0; i < request.lanes().size(); i++) {
            LaneSpec spec = request.lanes().get(i);
            AgentProfile profile = spec.profile();
            Worktree wt = null;
            long session = 0;
            String problem = "";
            try {
                String branch = freeBranch(repo, stem + "-" + (i + 1));
                wt = git.createWorktree(repo, new CreateWorktreeRequest(branch, true, request.base(),
                        GitService.defaultFolder(repo, branch, request.worktreesRoot()), List.of(), "")).worktree();
                c = c.withLane(new Comparison.Lane(i, profile.id(), profile.name(), spec.model(), wt, 0, ""));
                store.saveComparison(c);
                SessionRecord s = agents.start(new AgentSessions.Request(repo.root(), wt.path(),
                        "Same prompt · " + profile.name() + (spec.model().isEmpty() ? "" : " · " + spec.model()), profile,
                        request.prompt(), spec.model(), request.permissionMode(), null, null));
                session = s.id();
            } catch (RuntimeException e) {
                problem = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
            }
            c = c.withLane(new Comparison.Lane(i, profile.id(), profile.name(), spec.model(), wt, session, problem));
            store.saveComparison(c);
        }
        return c;
    }

    /** Completes once every lane's agent has ended (at once for lanes that never started). */
    public CompletableFuture<Void> whenAllEnded(long id) {
        Comparison c = require(id);
        List<CompletableFuture<?>> ends = new ArrayList<>();
        for (Comparison.Lane lane : c.lanes()) {
            if (lane.sessionId() != 0) {
                agents.whenRunEnds(lane.sessionId()).ifPresent(ends::add);
            }
        }
        return CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new));
    }

    public boolean isRunning(Comparison.Lane lane) {
        return lane.sessionId() != 0 && sessions.isRunning(lane.sessionId());
    }

    /**
     * A lane's work against where it forked from the base, committed and not, as a unified diff.
     *
     * @throws IllegalStateException with a sentence for a lane that was never made, was removed, or whose
     *                               worktree is gone
     */
    public String diff(long id, int laneIndex) {
        Comparison c = require(id);
        Comparison.Lane lane = present(lane(c, laneIndex));
        Path wt = lane.worktree().path();
        return git.diffText(wt, git.forkPoint(wt, c.base()), git.snapshotTree(wt));
    }

    /**
     * Commits the chosen lane's uncommitted work on its branch, then merges the branch into the base.
     *
     * @throws IllegalStateException with a sentence while its agent still works
     * @throws GitException          when git refuses (the main checkout has uncommitted changes…)
     */
    public MergeOutcome merge(long id, int laneIndex, MergeMode mode) {
        Comparison c = require(id);
        Comparison.Lane lane = present(lane(c, laneIndex));
        if (isRunning(lane)) {
            throw new IllegalStateException(lane.label() + " is still working: merge its lane once it has finished.");
        }
        RepositoryInfo repo = git.open(c.repository());
        String first = c.prompt().lines().findFirst().orElse("").strip();
        git.commitAll(lane.worktree().path(), (first.length() > 72 ? first.substring(0, 71) + "…" : first)
                + "\n\nSame prompt on several agents: the work of " + lane.label() + ".");
        MergeOutcome outcome = git.merge(repo, lane.worktree(), c.base(), mode);
        if (outcome.merged()) {
            change(id, now -> now.withLane(now.lanes().get(laneIndex).withOutcome(Comparison.Outcome.MERGED)).withChosen(laneIndex));
        }
        return outcome;
    }

    /**
     * Removes every lane but {@code keepIndex}: its worktree, then its branch (whatever is on it).
     * Without {@code force} a lane with uncommitted work is left alone and reported in
     * {@link Removal#dirty()}; a lane whose agent still works is never removed.
     */
    public Removal removeOthers(long id, int keepIndex, boolean force) {
        Comparison c = require(id);
        lane(c, keepIndex);
        RepositoryInfo repo = git.open(c.repository());
        List<Integer> removed = new ArrayList<>();
        List<DirtyWorktreeException> dirty = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Comparison.Lane lane : c.lanes()) {
            if (lane.index() == keepIndex || lane.worktree() == null || lane.outcome() == Comparison.Outcome.REMOVED) {
                continue;
            }
            if (isRunning(lane)) {
                refused.add(lane.label() + " is still working; stop it first.");
                continue;
            }
            Worktree wt = lane.worktree();
            boolean registered = git.listWorktrees(repo).stream().anyMatch(w -> GitService.samePath(w.path(), wt.path()));
            try {
                if (registered) {
                    git.removeWorktree(repo, wt, force, false);
                }
                if (git.branchExists(repo.root(), wt.branch())) {
                    git.deleteBranch(repo, wt.branch());
                }
                removed.add(lane.index());
            } catch (DirtyWorktreeException e) {
                dirty.add(e);
            } catch (GitException e) {
                refused.add(lane.label() + ": " + e.getMessage());
            }
        }
        change(id, now -> {
            Comparison out = now.withChosen(keepIndex);
            for (int index : removed) {
                out = out.withLane(out.lanes().get(index).withOutcome(Comparison.Outcome.REMOVED));
            }
            return out;
        });
        return new Removal(removed, dirty, refused);
    }

    /**
     * Each lane as it is now: working, ended (with its diff), merged, removed, never made, or its
     * worktree gone — each with a sentence. What cannot be read of one lane (git refuses) is said in its
     * sentence; the others are still read.
     */
    public List<LaneNow> now(long id) {
        Comparison c = require(id);
        List<LaneNow> out = new ArrayList<>();
        for (Comparison.Lane lane : c.lanes()) {
            out.add(now(c, lane));
        }
        return out;
    }

    private LaneNow now(Comparison c, Comparison.Lane lane) {
        int i = lane.index();
        if (lane.worktree() == null) {
            return new LaneNow(i, LaneState.NOT_MADE, "Could not start: " + lane.problem(), null, true);
        }
        if (lane.outcome() == Comparison.Outcome.REMOVED) {
            return new LaneNow(i, LaneState.REMOVED, "Removed: its worktree and branch " + lane.branch() + " were deleted.", null,
                    false);
        }
        if (lane.sessionId() == 0 && !lane.problem().isEmpty()) {
            return new LaneNow(i, LaneState.NOT_MADE, "Could not start: " + lane.problem(), null, true);
        }
        String gone = gone(lane);
        if (gone != null) {
            return new LaneNow(i, LaneState.GONE, gone, null, true);
        }
        if (isRunning(lane)) {
            return new LaneNow(i, LaneState.WORKING, "Working…", null, false);
        }
        String diff;
        try {
            diff = diff(c.id(), i);
        } catch (RuntimeException e) {
            return new LaneNow(i, LaneState.ENDED, "Its diff could not be read: " + e.getMessage(), null, true);
        }
        if (lane.outcome() == Comparison.Outcome.MERGED) {
            return new LaneNow(i, LaneState.MERGED, "Merged into " + c.base() + ".", diff, false);
        }
        Optional<dev.lanes.model.AgentSession> agent = lane.sessionId() == 0 ? Optional.empty() : agents.agent(lane.sessionId());
        if (agent.isPresent() && agent.get().activity() == dev.lanes.model.AgentActivity.FAILED) {
            String why = agent.get().outcome() == null || agent.get().outcome().isBlank()
                    ? "the agent ended without an answer." : agent.get().outcome();
            return new LaneNow(i, LaneState.ENDED, "Failed: " + why, diff, true);
        }
        return new LaneNow(i, LaneState.ENDED, agent.isPresent() ? "Done." : "Ended.", diff, false);
    }

    /** Why a lane's worktree can no longer be used (its folder gone, or no longer a git worktree), or null. */
    private static String gone(Comparison.Lane lane) {
        Path folder = lane.worktree().path();
        String what = "The worktree of " + lane.label() + (lane.branch().isEmpty() ? "" : " (branch " + lane.branch() + ")")
                + " is gone: ";
        if (!java.nio.file.Files.isDirectory(folder)) {
            return what + folder + " no longer exists.";
        }
        if (!java.nio.file.Files.exists(folder.resolve(".git"))) {
            return what + folder + " is no longer a git worktree.";
        }
        return null;
    }

    /** {@code lane}, refused with a sentence when it was removed or its worktree is gone. */
    private static Comparison.Lane present(Comparison.Lane lane) {
        if (lane.outcome() == Comparison.Outcome.REMOVED) {
            throw new IllegalStateException(lane.label() + "'s lane was removed (Remove the Others): its worktree and "
                    + "branch are gone.");
        }
        String gone = gone(lane);
        if (gone != null) {
            throw new IllegalStateException(gone);
        }
        return lane;
    }

    /** Reads the comparison again, changes it and stores it, one change of it at a time. */
    private void change(long id, java.util.function.UnaryOperator<Comparison> how) {
        synchronized (locks.computeIfAbsent(id, k -> new Object())) {
            store.saveComparison(how.apply(require(id)));
        }
    }

    /** The start of a branch name made from the prompt ("fix-the-login-bug"). */
    static String branchStem(String prompt) {
        String s = GitService.suggestBranchName(prompt.lines().findFirst().orElse("")).replace('/', '-');
        if (s.length() > BRANCH_STEM_LIMIT) {
            s = s.substring(0, BRANCH_STEM_LIMIT).replaceAll("[-._]+$", "");
        }
        return s.isEmpty() ? "same-prompt" : s;
    }

    private String freeBranch(RepositoryInfo repo, String name) {
        String candidate = name;
        for (int n = 2; git.branchExists(repo.root(), candidate); n++) {
            candidate = name + "-" + n;
        }
        return candidate;
    }

    private Comparison require(long id) {
        return store.comparison(id).orElseThrow(() -> new IllegalArgumentException(
                "Comparison " + id + " is not in the Lanes store (it was deleted)."));
    }

    private static Comparison.Lane lane(Comparison c, int index) {
        if (index < 0 || index >= c.lanes().size()) {
            throw new IllegalArgumentException("There is no lane " + (index + 1) + ".");
        }
        Comparison.Lane lane = c.lanes().get(index);
        if (lane.worktree() == null) {
            throw new IllegalStateException(lane.label() + " has no lane: " + lane.problem());
        }
        return lane;
    }
}
