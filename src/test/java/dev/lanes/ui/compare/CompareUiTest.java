package dev.lanes.ui.compare;

import dev.lanes.agent.AgentSessions;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.compare.Comparison;
import dev.lanes.compare.Comparisons;
import dev.lanes.git.GitService;
import dev.lanes.model.AgentProfile;
import dev.lanes.session.SessionManager;
import dev.lanes.settings.Settings.Theme;
import dev.lanes.store.Store;
import dev.lanes.task.ExecutorTaskRunner;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.common.Themes;
import dev.lanes.ui.common.UiTasks;
import dev.lanes.ui.common.ViewHost;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.lanes.ui.FxTestSupport.await;
import static dev.lanes.ui.FxTestSupport.awaitGone;
import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A comparison reopened after a restart through Same Prompt on Several Agents…'s Reopen an Earlier
 * Comparison, on a real repository and store with a stand-in agent: the lane whose worktree was removed
 * meanwhile says so, the other shows its diff, merges into main, and Remove the Others clears what is
 * left of the first.
 */
@ExtendWith(ApplicationExtension.class)
class CompareUiTest {

    @TempDir
    Path tmp;

    private Stage stage;
    private TabPane tabs;
    private Store store;
    private SessionManager sessions;
    private AgentSessions agents;
    private GitService git;
    private ExecutorTaskRunner runner;
    private final List<Throwable> reported = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        tabs = new TabPane();
        tabs.setId("tabs");
        Scene scene = new Scene(tabs, 1000, 560);
        Themes.apply(scene, Theme.LIGHT);
        stage.setScene(scene);
        stage.show();
    }

    private void open(Path data, Path out) {
        store = Store.open(data);
        sessions = new SessionManager(store, data.resolve("logs"));
        agents = new AgentSessions(sessions, store, Map.of("LANES_FAKE_OUT", out.toString()));
    }

    private void close() {
        agents.close();
        sessions.close();
        store.close();
    }

    @AfterEach
    void tearDown() {
        if (runner != null) {
            runner.close();
        }
        close();
        git.close();
    }

    private String status(FxRobot robot, String id) {
        return onFx(() -> robot.lookup(id).tryQuery().map(n -> ((Label) n).getText()).orElse(""));
    }

    private void confirm(FxRobot robot, String dialog, String button) {
        Node pane = await(robot, dialog);
        Button ok = onFx(() -> pane.lookupAll(".button").stream().map(b -> (Button) b)
                .filter(b -> button.equals(b.getText())).findFirst().orElseThrow());
        robot.clickOn(ok);
        awaitGone(robot, dialog);
    }

    @Test
    void reopenedAfterARestartItComparesMergesAndRemovesAndSaysWhichLaneIsGone(FxRobot robot) throws Exception {
        TestRepo repo = TestRepo.create(tmp, "repo");
        repo.write("hello.txt", "hello\n").commitAll("hello");
        Path out = tmp.resolve("out.jsonl");
        Files.writeString(out, "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"conv-1\",\"tools\":[]}\n"
                + "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"Wrote it.\","
                + "\"total_cost_usd\":0.01,\"session_id\":\"conv-1\"}\n");
        Path script = tmp.resolve("fake-claude");
        Files.writeString(script, "#!/bin/sh\nprintf 'hello from %s\\n' \"$(basename \"$PWD\")\" > hello.txt\ncat \"$LANES_FAKE_OUT\"\n");
        assertTrue(script.toFile().setExecutable(true));
        AgentProfile fake = BuiltInProfiles.get(BuiltInProfiles.CLAUDE).withExecutable(script.toString());
        git = new GitService();
        Path data = tmp.resolve("lanes");
        open(data, out);
        Comparison c = new Comparisons(agents, sessions, git, store).start(new Comparisons.Request(repo.root(), "main",
                "Greet the world in hello.txt", List.of(new Comparisons.LaneSpec(fake, "m-one"), new Comparisons.LaneSpec(fake, "m-two")),
                "", null));
        new Comparisons(agents, sessions, git, store).whenAllEnded(c.id()).get(30, TimeUnit.SECONDS);
        Path first = c.lanes().get(0).worktree().path();

        // Lanes restarts; meanwhile the person removed the first lane's worktree by hand
        close();
        TestRepo.gitIn(repo.root(), "worktree", "remove", "--force", first.toString());
        open(data, out);
        agents.load(repo.root());
        Comparisons comparisons = new Comparisons(agents, sessions, git, store);
        runner = new ExecutorTaskRunner(2, Platform::runLater);
        UiTasks tasks = new UiTasks(runner, (what, e) -> reported.add(e));
        CompareUi ui = new CompareUi(tabs, tasks, comparisons, agents, git, () -> List.of(fake),
                new ViewHost(() -> stage, (message, kind) -> { }, id -> { }, () -> { }));

        onFx(() -> {
            ui.open(git.open(repo.root()), null);
            return null;
        });
        await(robot, "#compareDialog");
        robot.clickOn("#earlierComparisonsButton");
        robot.clickOn(CompareDialog.describe(c));
        awaitGone(robot, "#compareDialog");

        waitUntil("the comparison's tab, its lanes read", 15, () -> status(robot, "#lane-2-status").equals("Done."));
        assertEquals("The worktree of Claude Code · m-one (branch greet-the-world-in-hello.txt-1) is gone: " + first
                + " no longer exists.", status(robot, "#lane-1-status"));
        assertTrue(onFx(() -> robot.lookup("#lane-1-merge").queryButton().isDisabled()), "a gone lane cannot merge");
        CompareView view = onFx(() -> (CompareView) tabs.getTabs().get(0).getContent());
        assertTrue(onFx(() -> view.diffText(1)).contains("+hello from greet-the-world-in-hello.txt-2"), onFx(() -> view.diffText(1)));
        assertEquals("(its worktree is gone)", onFx(() -> view.diffText(0)));
        assertTrue(status(robot, "#compareStatus").endsWith("with 2 agents from main. One lane's worktree is gone."),
                status(robot, "#compareStatus"));

        robot.clickOn("#lane-2-merge");
        confirm(robot, "#compareMergeDialog", "Merge");
        waitUntil("the merge", 15, () -> onFx(() -> robot.lookup("#lane-2-merge").queryButton().isDisabled()));
        assertEquals("hello from greet-the-world-in-hello.txt-2\n", TestRepo.gitIn(repo.root(), "show", "main:hello.txt"));

        robot.clickOn("#lane-2-removeOthers");
        confirm(robot, "#compareRemoveDialog", "Remove the Others");
        waitUntil("the others removed", 15, () -> status(robot, "#compareStatus")
                .equals("Removed the other lanes; Claude Code · m-two's stays."));
        assertFalse(git.branchExists(repo.root(), "greet-the-world-in-hello.txt-1"), "what was left of the first lane: its branch");
        Comparison now = comparisons.comparison(c.id()).orElseThrow();
        assertEquals(List.of(Comparison.Outcome.REMOVED, Comparison.Outcome.MERGED),
                now.lanes().stream().map(Comparison.Lane::outcome).toList());
        assertEquals(1, now.chosen());
        assertEquals(List.of(), reported);

        // opened again from the dialog, the same tab is selected, not a second one
        onFx(() -> {
            ui.reopen(c.id());
            return null;
        });
        waitUntil("its lanes read again", 15, () -> status(robot, "#lane-1-status").startsWith("Removed"));
        assertEquals(1, onFx(() -> tabs.getTabs().size()));
    }
}
