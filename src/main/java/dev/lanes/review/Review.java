package dev.lanes.review;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A review of one writer session: who reviews (profile, model, budget) and how many rounds it may take.
 *
 * @param repository        the main checkout of the writer's repository
 * @param worktree          where the writer works (the reviewer reads there)
 * @param writerSessionId   the writer's session
 * @param reviewerProfileId the reviewer's agent profile (headless Claude Code)
 * @param reviewerModel     the reviewer's model, empty for the profile's default
 * @param reviewerBudgetUsd the most one reviewer run may spend, or null
 * @param maxRounds         the cap on rounds ({@link Reviews#DEFAULT_MAX_ROUNDS} by default)
 */
public record Review(long id, Path repository, Path worktree, long writerSessionId, String reviewerProfileId,
                     String reviewerModel, Double reviewerBudgetUsd, int maxRounds, Instant createdAt) {

    public Review {
        reviewerModel = reviewerModel == null ? "" : reviewerModel.strip();
        if (maxRounds < 1) {
            throw new IllegalArgumentException("A review needs at least one round.");
        }
        if (reviewerBudgetUsd != null && !(reviewerBudgetUsd > 0)) {
            throw new IllegalArgumentException("A budget must be more than $0 (or none).");
        }
    }

    public Review withId(long newId) {
        return new Review(newId, repository, worktree, writerSessionId, reviewerProfileId, reviewerModel, reviewerBudgetUsd,
                maxRounds, createdAt);
    }
}
