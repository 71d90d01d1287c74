package dev.lanes.store;

import dev.lanes.compare.Comparison;
import dev.lanes.model.Worktree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Comparisons in the SQLite file: written, changed, and read back the same after the store is opened again. */
class ComparisonStoreTest {

    @TempDir
    Path home;

    private static final Path REPO = StoreTest.REPO;
    private static final Instant T0 = StoreTest.T0;

    private static Comparison.Lane lane(int i, String model) {
        Path folder = REPO.resolveSibling("repo.lanes").resolve("fix 'the' \"bug\"-" + (i + 1));
        return new Comparison.Lane(i, "claude", "Claude Code", model,
                new Worktree(folder, "", "fix-the-bug-" + (i + 1), false, false, null, null), 40 + i, "");
    }

    @Test
    void aComparisonWithItsLanesAndWhatBecameOfThemComesBackAfterReopening() {
        Comparison.Lane notMade = new Comparison.Lane(2, "codex", "Codex", "", null, 0, "Branch fix-the-bug-3 already exists.");
        Comparison saved;
        try (Store store = Store.open(home)) {
            Comparison draft = new Comparison(0, REPO, "main", "Fix the bug\n$(touch pwned) 'quoted' ✓", List.of(), -1, T0);
            saved = store.createComparison(draft);
            assertEquals(draft.withId(saved.id()), saved);
            // the lanes are added as they are made, then what the person chose
            saved = saved.withLane(lane(0, "claude-sonnet-4-5"));
            store.saveComparison(saved);
            saved = saved.withLane(lane(1, "")).withLane(notMade);
            store.saveComparison(saved);
            store.createComparison(new Comparison(0, StoreTest.OTHER, "dev", "elsewhere", List.of(lane(0, "")), -1, T0));
        }
        try (Store store = Store.open(home)) {
            assertEquals(Optional.of(saved), store.comparison(saved.id()));
            assertEquals(List.of(saved), store.comparisons(REPO), "only this repository's");
            assertNull(store.comparison(saved.id()).orElseThrow().lanes().get(2).worktree());
            Comparison chosen = saved.withLane(saved.lanes().get(1).withOutcome(Comparison.Outcome.MERGED))
                    .withLane(saved.lanes().get(0).withOutcome(Comparison.Outcome.REMOVED)).withChosen(1);
            store.saveComparison(chosen);
            saved = chosen;
        }
        try (Store store = Store.open(home)) {
            Comparison back = store.comparison(saved.id()).orElseThrow();
            assertEquals(saved, back);
            assertEquals(1, back.chosen());
            assertEquals(List.of(Comparison.Outcome.REMOVED, Comparison.Outcome.MERGED, Comparison.Outcome.OPEN),
                    back.lanes().stream().map(Comparison.Lane::outcome).toList());
            assertEquals(Optional.empty(), store.comparison(saved.id() + 100));
            Comparison deleted = saved.withId(saved.id() + 100);
            StoreException e = assertThrows(StoreException.class, () -> store.saveComparison(deleted));
            assertEquals("Comparison " + deleted.id() + " is no longer in the Lanes store " + store.file()
                    + ", so it could not be saved.", e.getMessage());
        }
    }
}
