package dev.lanes.store;

import dev.lanes.compare.Comparison;
import dev.lanes.investigate.Investigation;
import dev.lanes.model.Worktree;
import dev.lanes.pipeline.Pipeline;
import dev.lanes.pipeline.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forgetting an investigation, a pipeline or a comparison removes it with its parts, and nothing else; it stays gone after reopening. */
class StoreForgetTest {

    @TempDir
    Path home;

    @Test
    void forgottenRunsLeaveWithTheirPartsAndTheOthersStay() {
        Path repo = StoreTest.REPO;
        long invGone;
        long invKept;
        long pipeGone;
        long pipeKept;
        long cmpGone;
        long cmpKept;
        try (Store store = Store.open(home)) {
            invGone = store.createInvestigation(investigation(repo), List.of("how does login work", "where are orders")).id();
            invKept = store.createInvestigation(investigation(repo), List.of("why is search slow")).id();
            pipeGone = store.createPipeline(pipeline(repo), List.of(stage(0), stage(1))).id();
            pipeKept = store.createPipeline(pipeline(repo), List.of(stage(0))).id();
            Comparison.Lane lane = new Comparison.Lane(0, "claude", "Claude Code", "",
                    new Worktree(repo.resolveSibling("repo.lanes").resolve("a"), "", "a", false, false, null, null), 7, "");
            cmpGone = store.createComparison(new Comparison(0, repo, "main", "greet", List.of(lane), -1, StoreTest.T0)).id();
            cmpKept = store.createComparison(new Comparison(0, repo, "main", "wave", List.of(lane), -1, StoreTest.T0)).id();

            store.deleteInvestigation(invGone);
            store.deletePipeline(pipeGone);
            store.deleteComparison(cmpGone);
        }
        try (Store store = Store.open(home)) {
            assertEquals(Optional.empty(), store.investigation(invGone));
            assertTrue(store.questions(invGone).isEmpty(), "its questions went with it");
            assertEquals(List.of(invKept), store.investigations(repo).stream().map(Investigation::id).toList());
            assertEquals(List.of("why is search slow"), store.questions(invKept).stream().map(q -> q.text()).toList());

            assertEquals(Optional.empty(), store.pipeline(pipeGone));
            assertTrue(store.stages(pipeGone).isEmpty(), "its stages went with it");
            assertEquals(List.of(pipeKept), store.pipelines(repo).stream().map(Pipeline::id).toList());
            assertEquals(1, store.stages(pipeKept).size());

            assertEquals(Optional.empty(), store.comparison(cmpGone));
            assertEquals(List.of(cmpKept), store.comparisons(repo).stream().map(Comparison::id).toList());
            assertEquals(1, store.comparison(cmpKept).orElseThrow().lanes().size());
        }
    }

    private static Investigation investigation(Path repo) {
        return new Investigation(0, repo, repo, "claude", "", null, Investigation.State.DONE, "summary", 0, "", StoreTest.T0);
    }

    private static Pipeline pipeline(Path repo) {
        return new Pipeline(0, repo, repo, "implementation → tests", Pipeline.State.DONE, "", StoreTest.T0);
    }

    private static Stage stage(int i) {
        return new Stage(0, i, "stage " + i, "do it", "claude", "", "acceptEdits", Stage.State.SUCCEEDED, 0, "done", "");
    }
}
