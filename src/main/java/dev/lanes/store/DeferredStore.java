package dev.lanes.store;

import dev.lanes.agent.AgentProfileStore;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.SessionRecord;
import dev.lanes.session.SessionStore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The store, opened on a thread of its own while the window is built (opening SQLite the first
 * time in a JVM takes a third of a second: native library, driver, checks). Every call waits for
 * the opening; all of them run off the FX thread anyway. A store that could not be opened makes
 * every call throw its {@link StoreException}.
 */
public final class DeferredStore implements SessionStore, AgentProfileStore, dev.lanes.investigate.InvestigationStore,
        dev.lanes.pipeline.PipelineStore, dev.lanes.review.ReviewStore, dev.lanes.compare.ComparisonStore, AutoCloseable {

    private final CompletableFuture<Store> future;

    private DeferredStore(CompletableFuture<Store> future) {
        this.future = future;
    }

    public static DeferredStore open(Path dataHome, Executor executor) {
        return new DeferredStore(CompletableFuture.supplyAsync(() -> Store.open(dataHome), executor));
    }

    /** Completes once the store is open, or with the {@link StoreException} that refused it. */
    public CompletableFuture<Store> future() {
        return future;
    }

    /** The open store; waits for it. */
    public Store get() {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    public long repositoryId(Path root) {
        return get().repositoryId(root);
    }

    public List<SessionRecord> liveSessions() {
        return get().liveSessions();
    }

    @Override
    public SessionRecord insert(SessionRecord record) {
        return get().insert(record);
    }

    @Override
    public void update(SessionRecord record) {
        get().update(record);
    }

    @Override
    public Optional<SessionRecord> session(long id) {
        return get().session(id);
    }

    @Override
    public List<SessionRecord> sessions(Path repository) {
        return get().sessions(repository);
    }

    @Override
    public List<SessionRecord> markLiveAsInterrupted(Instant now) {
        return get().markLiveAsInterrupted(now);
    }

    @Override
    public void delete(long id) {
        get().delete(id);
    }


    @Override
    public void saveAgent(dev.lanes.model.AgentSession agent) {
        get().saveAgent(agent);
    }

    @Override
    public List<dev.lanes.model.AgentSession> agentSessions(Path repository) {
        return get().agentSessions(repository);
    }

    @Override
    public List<String> sessionResources(long id) {
        return get().sessionResources(id);
    }

    @Override
    public void saveSessionResources(long id, List<String> names) {
        get().saveSessionResources(id, names);
    }

    @Override
    public java.util.Map<Path, Integer> lanePorts() {
        return get().lanePorts();
    }

    @Override
    public boolean saveLanePort(Path worktree, int firstPort) {
        return get().saveLanePort(worktree, firstPort);
    }

    /** The notes of a repository ("" if none). */
    public String notes(Path repository) {
        return get().notes(repository);
    }

    /** Replaces the notes of a repository. */
    public void saveNotes(Path repository, String text) {
        get().saveNotes(repository, text);
    }

    @Override
    public List<AgentProfile> storedProfiles() {
        return get().storedProfiles();
    }

    @Override
    public void saveProfile(AgentProfile profile) {
        get().saveProfile(profile);
    }

    @Override
    public void deleteProfile(String id) {
        get().deleteProfile(id);
    }

    @Override
    public dev.lanes.investigate.Investigation createInvestigation(dev.lanes.investigate.Investigation v, List<String> questions) {
        return get().createInvestigation(v, questions);
    }

    @Override
    public Optional<dev.lanes.investigate.Investigation> investigation(long id) {
        return get().investigation(id);
    }

    @Override
    public List<dev.lanes.investigate.Investigation> investigations(Path repository) {
        return get().investigations(repository);
    }

    @Override
    public List<dev.lanes.investigate.Question> questions(long investigationId) {
        return get().questions(investigationId);
    }

    @Override
    public void deleteReview(long id) {
        get().deleteReview(id);
    }

    @Override
    public void deleteInvestigation(long id) {
        get().deleteInvestigation(id);
    }

    @Override
    public void deletePipeline(long id) {
        get().deletePipeline(id);
    }

    @Override
    public void deleteComparison(long id) {
        get().deleteComparison(id);
    }

    @Override
    public void saveInvestigation(dev.lanes.investigate.Investigation v) {
        get().saveInvestigation(v);
    }

    @Override
    public void saveQuestion(dev.lanes.investigate.Question q) {
        get().saveQuestion(q);
    }

    @Override
    public dev.lanes.pipeline.Pipeline createPipeline(dev.lanes.pipeline.Pipeline v, List<dev.lanes.pipeline.Stage> stages) {
        return get().createPipeline(v, stages);
    }

    @Override
    public Optional<dev.lanes.pipeline.Pipeline> pipeline(long id) {
        return get().pipeline(id);
    }

    @Override
    public List<dev.lanes.pipeline.Pipeline> pipelines(Path repository) {
        return get().pipelines(repository);
    }

    @Override
    public List<dev.lanes.pipeline.Stage> stages(long pipelineId) {
        return get().stages(pipelineId);
    }

    @Override
    public void savePipeline(dev.lanes.pipeline.Pipeline v) {
        get().savePipeline(v);
    }

    @Override
    public void saveStage(dev.lanes.pipeline.Stage s) {
        get().saveStage(s);
    }

    @Override
    public dev.lanes.review.Review createReview(dev.lanes.review.Review review) {
        return get().createReview(review);
    }

    @Override
    public Optional<dev.lanes.review.Review> review(long id) {
        return get().review(id);
    }

    @Override
    public List<dev.lanes.review.Review> reviews(Path repository) {
        return get().reviews(repository);
    }

    @Override
    public List<dev.lanes.review.ReviewRound> rounds(long reviewId) {
        return get().rounds(reviewId);
    }

    @Override
    public void saveRound(dev.lanes.review.ReviewRound round) {
        get().saveRound(round);
    }

    @Override
    public dev.lanes.compare.Comparison createComparison(dev.lanes.compare.Comparison comparison) {
        return get().createComparison(comparison);
    }

    @Override
    public Optional<dev.lanes.compare.Comparison> comparison(long id) {
        return get().comparison(id);
    }

    @Override
    public List<dev.lanes.compare.Comparison> comparisons(Path repository) {
        return get().comparisons(repository);
    }

    @Override
    public void saveComparison(dev.lanes.compare.Comparison comparison) {
        get().saveComparison(comparison);
    }

    @Override
    public void close() {
        try {
            future.join().close();
        } catch (CompletionException e) {
            // it never opened: nothing to close
        }
    }
}
