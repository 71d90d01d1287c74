package dev.lanes.review;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where reviews and their rounds are kept, so they survive a restart (the SQLite store). */
public interface ReviewStore {

    /** Records a new review; returns it with its id. */
    Review createReview(Review review);

    Optional<Review> review(long id);

    /** The reviews of the repository whose main checkout is {@code repository}, oldest first. */
    List<Review> reviews(Path repository);

    /** A review's rounds, in order. */
    List<ReviewRound> rounds(long reviewId);

    /** Writes a round (insert or replace), its findings included. */
    void saveRound(ReviewRound round);

    /** Forgets a review: its rounds and findings with it (the writer's and the reviewers' sessions stay). */
    void deleteReview(long id);
}
