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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Same prompt, several agents: one prompt on N new lanes (a worktree and a branch each, from one
 * base, named from the prompt), each with its own agent profile and model; then each lane's diff
 * against the base, a merge of the chosen lane into the base (its uncommitted work committed first,
 * then {@link GitService#merge} as the Merge dialog does), and the removal of the other lanes'
 * worktrees and branches — refusing, with the files, those with uncommitted work unless forced.
 *
 * <p>Comparisons are kept in memory (the lanes themselves are ordinary worktrees and sessions, which
 * outlive a restart). Every method may block (git, starting processes): call it off the FX thread.
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
    private final Map<Long, Comparison> comparisons = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

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

    public Comparisons(AgentSessions agents, SessionManager sessions, GitService git) {
        this.agents = agents;
        this.sessions = sessions;
        this.git = git;
    }

    public Optional<Comparison> comparison(long id) {
        return Optional.ofNullable(comparisons.get(id));
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
        List<Comparison.Lane> lanes = new ArrayList<>();
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
                SessionRecord s = agents.start(new AgentSessions.Request(repo.root(), wt.path(),
                        "Same prompt · " + profile.name() + (spec.model().isEmpty() ? "" : " · " + spec.model()), profile,
                        request.prompt(), spec.model(), request.permissionMode(), null, null));
                session = s.id();
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
            lanes.add(new Comparison.Lane(i, profile.id(), profile.name(), spec.model(), wt, session, problem));
        }
        Comparison c = new Comparison(ids.incrementAndGet(), repo.root(), request.base(), request.prompt(), lanes);
        comparisons.put(c.id(), c);
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

    /** A lane's work against where it forked from the base, committed and not, as a unified diff. */
    public String diff(long id, int laneIndex) {
        Comparison c = require(id);
        Comparison.Lane lane = lane(c, laneIndex);
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
        Comparison.Lane lane = lane(c, laneIndex);
        if (isRunning(lane)) {
            throw new IllegalStateException(lane.label() + " is still working: merge its lane once it has finished.");
        }
        RepositoryInfo repo = git.open(c.repository());
        String first = c.prompt().lines().findFirst().orElse("").strip();
        git.commitAll(lane.worktree().path(), (first.length() > 72 ? first.substring(0, 71) + "…" : first)
                + "\n\nSame prompt on several agents: the work of " + lane.label() + ".");
        return git.merge(repo, lane.worktree(), c.base(), mode);
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
            if (lane.index() == keepIndex || lane.worktree() == null) {
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
        return new Removal(removed, dirty, refused);
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
        Comparison c = comparisons.get(id);
        if (c == null) {
            throw new IllegalArgumentException("Comparison " + id + " is no longer open.");
        }
        return c;
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
