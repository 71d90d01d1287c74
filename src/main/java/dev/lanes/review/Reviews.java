package dev.lanes.review;

import dev.lanes.agent.AgentSessions;
import dev.lanes.git.GitException;
import dev.lanes.git.GitService;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.AgentSession;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.Worktree;
import dev.lanes.process.ProcessStartException;
import dev.lanes.session.SessionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Writer/reviewer pairs: a review of one writer session (an agent working in a worktree) by a
 * second, read-only agent session, in rounds.
 *
 * <p>A round ({@link #startRound}) records the writer's work — its worktree's files as a git tree,
 * and the diff against where it forked from its base, committed and uncommitted — and, from round 2
 * on, the diff since the round before; then the reviewer (headless Claude Code, read-only: see
 * {@link ReadOnlyReviewer}; any model) gets that diff and the focus ({@link ReviewPrompt}) in the
 * writer's worktree. The reviewer keeps one session across rounds, continuing its conversation. Its
 * answer becomes {@link Finding}s; the person ticks some and {@link #sendToWriter} makes exactly
 * those the writer's next prompt (a follow-up of its session). Rounds stop at the review's cap
 * (three by default). Reviews, rounds, findings, what was sent and the diffs are kept in the store.
 *
 * <p>Every method may block (git, the store, starting processes): call it off the FX thread.
 * Listeners are told on the thread where the change happened.
 */
public final class Reviews {

    /** Rounds a review may take unless it says otherwise. */
    public static final int DEFAULT_MAX_ROUNDS = 3;
    /**
     * How a reviewer's session is named: "Review of " and the writer's name. Only its name: the review pane
     * keeps it out of the tabs by its {@link dev.lanes.model.ShownIn#REVIEW} flag, not by this prefix.
     */
    public static final String REVIEWER_NAME_PREFIX = "Review of ";
    /** The most characters of a diff kept in the store per round (the UI shows no more). */
    static final int STORED_DIFF_LIMIT = 2_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(Reviews.class);

    private final AgentSessions agents;
    private final SessionManager sessions;
    private final GitService git;
    private final ReviewStore store;
    private final Function<String, Optional<AgentProfile>> profiles;
    private final int diffLimit;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<ReviewRound>> pending = new ConcurrentHashMap<>();

    /** Told when a round starts, gets its findings, fails, or is sent to the writer. */
    public interface Listener {
        void changed(Review review, ReviewRound round);
    }

    /**
     * A review to create.
     *
     * @param reviewerProfile   headless Claude Code (another profile than the writer's is fine)
     * @param reviewerModel     the reviewer's model, empty or null for the profile's default
     * @param reviewerBudgetUsd the most one reviewer run may spend, or null
     * @param maxRounds         the cap on rounds
     */
    public record Request(long writerSessionId, AgentProfile reviewerProfile, String reviewerModel, Double reviewerBudgetUsd,
                          int maxRounds) {
        /** A review with the reviewer's default model, no budget, and {@link #DEFAULT_MAX_ROUNDS} rounds. */
        public static Request of(long writerSessionId, AgentProfile reviewerProfile) {
            return new Request(writerSessionId, reviewerProfile, "", null, DEFAULT_MAX_ROUNDS);
        }
    }

    /**
     * @param profiles finds an agent profile by id (the writer's, for its follow-up; the reviewer's, each round)
     */
    public Reviews(AgentSessions agents, SessionManager sessions, GitService git, ReviewStore store,
                   Function<String, Optional<AgentProfile>> profiles) {
        this(agents, sessions, git, store, profiles, ReviewPrompt.DEFAULT_DIFF_LIMIT);
    }

    /** @param diffLimit the most characters of diff a reviewer's prompt holds */
    public Reviews(AgentSessions agents, SessionManager sessions, GitService git, ReviewStore store,
                   Function<String, Optional<AgentProfile>> profiles, int diffLimit) {
        this.agents = agents;
        this.sessions = sessions;
        this.git = git;
        this.store = store;
        this.profiles = profiles;
        this.diffLimit = diffLimit;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    // ---------------------------------------------------------------- reading

    public Optional<Review> review(long id) {
        return store.review(id);
    }

    /**
     * The reviews of a repository, oldest first. A round the reviewer was working on when Lanes
     * ended is marked failed ("interrupted"), so it can be run again.
     */
    public List<Review> reviews(Path repository) {
        List<Review> all = store.reviews(repository);
        for (Review r : all) {
            for (ReviewRound round : store.rounds(r.id())) {
                if (round.state() == ReviewRound.State.REVIEWING && !pending.containsKey(key(r.id(), round.number()))
                        && !(round.reviewerSessionId() != 0 && sessions.isRunning(round.reviewerSessionId()))) {
                    ReviewRound failed = round.failed("Interrupted: Lanes ended while the reviewer worked. Run the round again.",
                            Instant.now());
                    store.saveRound(failed);
                }
            }
        }
        return all;
    }

    /** The reviews of one writer session, oldest first. */
    public List<Review> reviewsOf(SessionRecord writer) {
        return reviews(writer.repository()).stream().filter(r -> r.writerSessionId() == writer.id()).toList();
    }

    /**
     * Forgets a review: its rounds and findings leave the store (the writer's and the reviewers' sessions, and the
     * writer's work, stay).
     *
     * @throws IllegalStateException with a sentence while its reviewer works on a round
     */
    public void forget(long reviewId) {
        synchronized (lock(reviewId)) {
            boolean reviewing = store.rounds(reviewId).stream().anyMatch(r -> r.state() == ReviewRound.State.REVIEWING
                    && pending.containsKey(key(reviewId, r.number())));
            if (reviewing) {
                throw new IllegalStateException("The reviewer is still at work: forget the review once it has its findings.");
            }
            store.deleteReview(reviewId);
        }
    }

    /** A review's rounds, in order. */
    public List<ReviewRound> rounds(long reviewId) {
        return store.rounds(reviewId);
    }

    /** How many more rounds the review may start (a failed last round can be run again and counts as left). */
    public int roundsLeft(long reviewId) {
        return roundsLeft(require(reviewId), store.rounds(reviewId));
    }

    /** How many more rounds {@code review} may start after {@code rounds} (its rounds, in order). */
    public static int roundsLeft(Review review, List<ReviewRound> rounds) {
        ReviewRound last = rounds.isEmpty() ? null : rounds.get(rounds.size() - 1);
        int used = last == null ? 0 : last.state() == ReviewRound.State.FAILED ? last.number() - 1 : last.number();
        return Math.max(0, review.maxRounds() - used);
    }

    /**
     * Completes with the round once the reviewer's findings are in or it failed; at once when it is
     * not being reviewed now.
     */
    public CompletableFuture<ReviewRound> whenReviewed(long reviewId, int number) {
        CompletableFuture<ReviewRound> f = pending.get(key(reviewId, number));
        if (f != null) {
            return f.copy();
        }
        return store.rounds(reviewId).stream().filter(r -> r.number() == number).findFirst()
                .map(CompletableFuture::completedFuture)
                .orElseGet(() -> CompletableFuture.failedFuture(new IllegalArgumentException("No round " + number + ".")));
    }

    // ---------------------------------------------------------------- creating

    /**
     * Creates a review of {@code request.writerSessionId()} (nothing runs yet).
     *
     * @throws IllegalArgumentException with a sentence when the writer cannot take findings as a
     *                                  follow-up or the reviewer cannot be kept read-only
     */
    public Review create(Request request) {
        SessionRecord writer = sessions.session(request.writerSessionId()).orElseThrow(() ->
                new IllegalArgumentException("Session " + request.writerSessionId() + " no longer exists."));
        writerProfile(writer);
        ReadOnlyReviewer.of(request.reviewerProfile());
        Review review = new Review(0, writer.repository(), writer.worktree(), writer.id(), request.reviewerProfile().id(),
                request.reviewerModel(), request.reviewerBudgetUsd(), request.maxRounds(), Instant.now());
        return store.createReview(review);
    }

    private AgentProfile writerProfile(SessionRecord writer) {
        AgentSession agent = agents.agent(writer.id()).orElseThrow(() -> new IllegalArgumentException(
                "“" + writer.name() + "” is not an agent's session: only an agent's work can be reviewed and sent findings."));
        AgentProfile profile = profiles.apply(agent.profileId()).orElseThrow(() -> new IllegalArgumentException(
                "The writer's agent profile “" + agent.profileId() + "” no longer exists."));
        if (profile.mode() != AgentProfile.Mode.HEADLESS || !profile.canFollowUp()) {
            throw new IllegalArgumentException(profile.name() + " cannot take the chosen findings as a follow-up prompt "
                    + "from Lanes. Review the work of an agent that can (Claude Code or Codex, headless).");
        }
        return profile;
    }

    // ---------------------------------------------------------------- a round

    /**
     * Starts the next round (or runs a failed last round again): records the writer's diff and
     * starts the reviewer. Returns the round as it starts ({@link ReviewRound.State#REVIEWING});
     * {@link #whenReviewed} and the listeners tell when its findings are in.
     *
     * @throws IllegalStateException    with a sentence when no round can start now: the cap is
     *                                  reached, the reviewer or the writer is still working, or the
     *                                  writer has changed nothing yet
     * @throws GitException             when the worktree cannot be read
     * @throws ProcessStartException    when the reviewer cannot start (the round is then recorded as failed)
     */
    public ReviewRound startRound(long reviewId, ReviewFocus focus) {
        synchronized (lock(reviewId)) {
            Review review = require(reviewId);
            List<ReviewRound> rounds = store.rounds(reviewId);
            ReviewRound last = rounds.isEmpty() ? null : rounds.get(rounds.size() - 1);
            if (last != null && last.state() == ReviewRound.State.REVIEWING) {
                throw new IllegalStateException("The reviewer is still at round " + last.number() + "; wait for its findings.");
            }
            int number = last == null ? 1 : last.state() == ReviewRound.State.FAILED ? last.number() : last.number() + 1;
            if (number > review.maxRounds()) {
                throw new IllegalStateException("This review has had its " + review.maxRounds() + " rounds, its cap; "
                        + "start a new review of the writer's work to go on.");
            }
            if (sessions.isRunning(review.writerSessionId())) {
                throw new IllegalStateException("The writer is still working: review its work once it has finished.");
            }
            AgentProfile reviewer = ReadOnlyReviewer.of(profiles.apply(review.reviewerProfileId()).orElseThrow(() ->
                    new IllegalArgumentException("The reviewer's agent profile “" + review.reviewerProfileId()
                            + "” no longer exists.")));
            ReviewRound before = rounds.stream().filter(r -> r.number() == number - 1).findFirst().orElse(null);

            WriterDiff diff = capture(review.worktree());
            if (diff.isEmpty()) {
                throw new IllegalStateException("The writer has changed nothing against " + diff.baseBranch()
                        + " yet: there is nothing to review.");
            }
            String between = null;
            if (before != null) {
                try {
                    between = keep(git.diffText(review.worktree(), before.diff().tree(), diff.tree()), List.of());
                } catch (GitException e) {
                    between = "(Lanes could not compare with round " + before.number() + ": " + e.getMessage() + ")\n";
                }
            }
            List<Finding> sentBefore = before == null || before.state() != ReviewRound.State.SENT ? List.of() : before.sentFindings();
            String prompt = ReviewPrompt.forReviewer(review.worktree(), diff, focus, number, review.maxRounds(), sentBefore,
                    diffLimit);
            WriterDiff kept = new WriterDiff(diff.baseBranch(), diff.baseCommit(), diff.tree(), keep(diff.text(), diff.files()),
                    diff.files());
            ReviewRound round = new ReviewRound(reviewId, number, focus, kept, between, 0, ReviewRound.State.REVIEWING, "",
                    List.of(), Set.of(), "", "", Instant.now(), null);

            String key = key(reviewId, number);
            CompletableFuture<ReviewRound> done = new CompletableFuture<>();
            pending.put(key, done);
            SessionRecord reviewerSession;
            try {
                reviewerSession = startReviewer(review, reviewer, rounds, number, prompt);
            } catch (RuntimeException e) {
                ReviewRound failed = round.failed(e.getMessage(), Instant.now());
                save(review, failed);
                pending.remove(key);
                done.complete(failed);
                throw e;
            }
            ReviewRound started = round.withReviewer(reviewerSession.id());
            save(review, started);
            CompletableFuture<AgentSessions.RunEnd> ended = agents.whenRunEnds(reviewerSession.id())
                    .orElseGet(() -> CompletableFuture.failedFuture(new IllegalStateException("The reviewer did not start.")));
            ended.whenComplete((end, error) -> finish(review, started, end, error));
            return started;
        }
    }

    /** The reviewer's session, continued from the last round's when it can be, else a new one. */
    private SessionRecord startReviewer(Review review, AgentProfile reviewer, List<ReviewRound> rounds, int number, String prompt) {
        long previous = lastReviewerSession(review, rounds);
        if (previous != 0 && sessions.session(previous).isPresent() && !sessions.isRunning(previous)
                && agents.agent(previous).map(a -> !a.conversationId().isEmpty()).orElse(false)) {
            return agents.followUp(previous, reviewer, prompt);
        }
        String writerName = sessions.session(review.writerSessionId()).map(SessionRecord::name).orElse("the writer");
        return agents.start(new AgentSessions.Request(review.repository(), review.worktree(),
                REVIEWER_NAME_PREFIX + writerName + (number > 1 ? " (from round " + number + ")" : ""), reviewer, prompt,
                review.reviewerModel(), ReadOnlyReviewer.PERMISSION_MODE, review.reviewerBudgetUsd(), null,
                dev.lanes.model.ShownIn.REVIEW));
    }

    private static long lastReviewerSession(Review review, List<ReviewRound> rounds) {
        for (int i = rounds.size() - 1; i >= 0; i--) {
            if (rounds.get(i).reviewerSessionId() != 0) {
                return rounds.get(i).reviewerSessionId();
            }
        }
        return 0;
    }

    /** The reviewer's run ended: its answer as findings, or why the round failed. */
    private void finish(Review review, ReviewRound round, AgentSessions.RunEnd end, Throwable error) {
        String key = key(review.id(), round.number());
        ReviewRound result;
        try {
            if (error != null || end == null) {
                result = round.failed("The reviewer could not be followed: " + (error == null ? "no result" : error.getMessage()),
                        Instant.now());
            } else if (end.result() == null || end.result().isError()) {
                String why = end.agent() == null || end.agent().outcome().isBlank()
                        ? "The reviewer ended without an answer." : end.agent().outcome();
                result = round.failed(why, Instant.now());
            } else if (end.text().isBlank()) {
                result = round.failed("The reviewer gave an empty answer.", Instant.now());
            } else {
                List<Finding> found = new Findings(review.worktree(), round.diff().files()).read(end.text());
                result = round.reviewedAs(end.text(), found, Instant.now());
            }
            save(review, result);
        } catch (RuntimeException e) {
            LOG.warn("Could not record round {} of review {}", round.number(), review.id(), e);
            result = round.failed("Could not record the reviewer's answer: " + e.getMessage(), Instant.now());
        }
        CompletableFuture<ReviewRound> f = pending.remove(key);
        if (f != null) {
            f.complete(result);
        }
    }

    /**
     * Sends {@code chosen} (findings of the last round, as the person ticked them) to the writer as
     * its next prompt — exactly those, numbered, with file and line — continuing its session.
     *
     * @return the writer's session, running its follow-up
     * @throws IllegalStateException    with a sentence when the last round has no findings to send now
     * @throws IllegalArgumentException when nothing is chosen or a finding is not one of the round's
     * @throws ProcessStartException    when the writer is still working or cannot start
     */
    public SessionRecord sendToWriter(long reviewId, List<Finding> chosen) {
        synchronized (lock(reviewId)) {
            Review review = require(reviewId);
            List<ReviewRound> rounds = store.rounds(reviewId);
            if (rounds.isEmpty()) {
                throw new IllegalStateException("There are no findings yet: review the writer's work first.");
            }
            ReviewRound last = rounds.get(rounds.size() - 1);
            switch (last.state()) {
                case REVIEWING -> throw new IllegalStateException("The reviewer is still at round " + last.number()
                        + "; wait for its findings.");
                case FAILED -> throw new IllegalStateException("Round " + last.number() + " failed: run it again first.");
                case SENT -> throw new IllegalStateException("Round " + last.number() + "'s findings were already sent to the"
                        + " writer; review again for new ones.");
                default -> {
                }
            }
            if (chosen == null || chosen.isEmpty()) {
                throw new IllegalArgumentException("Tick at least one finding to send to the writer.");
            }
            Set<Integer> indexes = new LinkedHashSet<>();
            List<Finding> unique = new ArrayList<>();
            Set<Integer> known = new java.util.HashSet<>();
            last.findings().forEach(f -> known.add(f.index()));
            for (Finding f : chosen) {
                if (!known.contains(f.index())) {
                    throw new IllegalArgumentException("Finding " + f.index() + " is not one of round " + last.number() + "'s.");
                }
                if (indexes.add(f.index())) {
                    unique.add(f);
                }
            }
            SessionRecord writer = sessions.session(review.writerSessionId()).orElseThrow(() ->
                    new IllegalStateException("The writer's session no longer exists."));
            AgentProfile profile = writerProfile(writer);
            String prompt = ReviewPrompt.forWriter(unique);
            SessionRecord running = agents.followUp(writer.id(), profile, prompt);
            save(review, last.sentAs(indexes, prompt));
            return running;
        }
    }

    // ---------------------------------------------------------------- the writer's diff

    /** The worktree's files against where it forked from its base (see {@link WriterDiff}). */
    WriterDiff capture(Path worktree) {
        RepositoryInfo repo = git.open(worktree);
        String branch = null;
        for (Worktree wt : git.listWorktrees(repo)) {
            if (same(wt.path(), worktree)) {
                branch = wt.branch();
                break;
            }
        }
        String base = git.baseOf(repo, branch);
        String baseCommit = git.forkPoint(worktree, base);
        String tree = git.snapshotTree(worktree);
        String text = git.diffText(worktree, baseCommit, tree);
        List<String> files = git.changedPaths(worktree, baseCommit, tree);
        return new WriterDiff(base, baseCommit, tree, text, files);
    }

    private static boolean same(Path a, Path b) {
        try {
            return a.equals(b) || Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** A diff as the store keeps it: whole up to {@link #STORED_DIFF_LIMIT}, else cut with a note. */
    private static String keep(String diff, List<String> files) {
        ReviewPrompt.Cut cut = ReviewPrompt.cut(diff, files, STORED_DIFF_LIMIT);
        return cut.cut() ? cut.text() + "(Lanes kept the first " + cut.text().length() + " of " + diff.length()
                + " characters of this diff.)\n" : diff;
    }

    // ---------------------------------------------------------------- helpers

    private Review require(long reviewId) {
        return store.review(reviewId).orElseThrow(() -> new IllegalArgumentException("Review " + reviewId + " no longer exists."));
    }

    private Object lock(long reviewId) {
        return locks.computeIfAbsent(reviewId, k -> new Object());
    }

    private static String key(long reviewId, int number) {
        return reviewId + "/" + number;
    }

    private void save(Review review, ReviewRound round) {
        store.saveRound(round);
        for (Listener l : listeners) {
            try {
                l.changed(review, round);
            } catch (RuntimeException e) {
                LOG.warn("A review listener failed", e);
            }
        }
    }
}
