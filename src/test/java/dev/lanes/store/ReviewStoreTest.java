package dev.lanes.store;

import dev.lanes.model.SessionStatus;
import dev.lanes.review.Finding;
import dev.lanes.review.Review;
import dev.lanes.review.ReviewFocus;
import dev.lanes.review.ReviewRound;
import dev.lanes.review.WriterDiff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reviews, rounds and findings in the SQLite store (migration 5). */
class ReviewStoreTest {

    @TempDir
    Path home;

    private static final Instant T0 = StoreTest.T0;

    private static ReviewRound round(long reviewId, int number, ReviewRound.State state, List<Finding> findings, Set<Integer> sent) {
        WriterDiff diff = new WriterDiff("main", "abc123", "tree" + number, "diff --git a/x b/x\n+é 'quoted' $(x)\n",
                List.of("x", "new dir/ünï\ncode.txt"));
        return new ReviewRound(reviewId, number, ReviewFocus.of("the cache\nexpiry", ReviewFocus.Preset.SECURITY,
                ReviewFocus.Preset.EDGE_CASES), diff, number == 1 ? null : "diff --git a/x b/x\n-1\n+2\n", 40 + number, state,
                "1. x:3 — a", findings, sent, sent.isEmpty() ? "" : "Act on these", "", T0.plusSeconds(number),
                state == ReviewRound.State.REVIEWING ? null : T0.plusSeconds(number + 1));
    }

    @Test
    void reviewsRoundsFindingsAndWhatWasSentComeBackAfterReopening() {
        List<Finding> findings = List.of(new Finding(1, "x", 3, "a"), new Finding(2, null, null, "b\nsecond line"),
                new Finding(3, "new dir/ünï\ncode.txt", null, "c"));
        Review created;
        try (Store store = Store.open(home)) {
            created = store.createReview(new Review(0, StoreTest.REPO, StoreTest.REPO.resolve("wt"), 7, "claude", "opus", 0.5, 3, T0));
            store.createReview(new Review(0, StoreTest.OTHER, StoreTest.OTHER, 8, "claude", "", null, 1, T0));
            store.saveRound(round(created.id(), 1, ReviewRound.State.SENT, findings, Set.of(1, 3)));
            store.saveRound(round(created.id(), 2, ReviewRound.State.REVIEWING, List.of(), Set.of()));
        }
        try (Store store = Store.open(home)) {
            assertEquals(List.of(created), store.reviews(StoreTest.REPO));
            assertEquals(created, store.review(created.id()).orElseThrow());
            assertEquals(1, store.reviews(StoreTest.OTHER).size());
            assertNull(store.reviews(StoreTest.OTHER).get(0).reviewerBudgetUsd());
            List<ReviewRound> rounds = store.rounds(created.id());
            assertEquals(List.of(round(created.id(), 1, ReviewRound.State.SENT, findings, Set.of(1, 3)),
                    round(created.id(), 2, ReviewRound.State.REVIEWING, List.of(), Set.of())), rounds);
            assertEquals(List.of(findings.get(0), findings.get(2)), rounds.get(0).sentFindings());

            // a round saved again replaces its findings (a failed round run again)
            store.saveRound(round(created.id(), 2, ReviewRound.State.REVIEWED, List.of(new Finding(1, null, null, "only")), Set.of()));
            assertEquals(List.of(new Finding(1, null, null, "only")), store.rounds(created.id()).get(1).findings());
            assertEquals(3, store.rounds(created.id()).get(0).findings().size());
        }
    }

    @Test
    void removingTheWritersSessionLeavesItsReviews() {
        try (Store store = Store.open(home)) {
            long session = store.insert(StoreTest.bare(StoreTest.REPO, "writer", SessionStatus.EXITED)).id();
            Review r = store.createReview(new Review(0, StoreTest.REPO, StoreTest.REPO, session, "claude", "", null, 3, T0));
            store.saveRound(round(r.id(), 1, ReviewRound.State.REVIEWED, List.of(new Finding(1, "x", 1, "a")), Set.of()));
            store.delete(session);
            assertTrue(store.session(session).isEmpty());
            assertEquals(1, store.rounds(r.id()).size());
        }
    }

    @Test
    void aForgottenReviewLeavesWithItsRoundsAndFindingsAndTheOthersStay() {
        long gone;
        long kept;
        try (Store store = Store.open(home)) {
            gone = store.createReview(new Review(0, StoreTest.REPO, StoreTest.REPO, 7, "claude", "", null, 3, T0)).id();
            kept = store.createReview(new Review(0, StoreTest.REPO, StoreTest.REPO, 8, "claude", "", null, 3, T0)).id();
            for (long id : List.of(gone, kept)) {
                store.saveRound(round(id, 1, ReviewRound.State.SENT, List.of(new Finding(1, "x", 1, "a"), new Finding(2, null, null, "b")),
                        Set.of(1)));
                store.saveRound(round(id, 2, ReviewRound.State.REVIEWED, List.of(new Finding(1, "y", 2, "c")), Set.of()));
            }
            store.deleteReview(gone);
        }
        try (Store store = Store.open(home)) {
            assertTrue(store.review(gone).isEmpty());
            assertTrue(store.rounds(gone).isEmpty(), "its rounds and findings went with it");
            assertEquals(List.of(kept), store.reviews(StoreTest.REPO).stream().map(Review::id).toList());
            assertEquals(2, store.rounds(kept).size());
            assertEquals(2, store.rounds(kept).get(0).findings().size());
        }
    }
}
