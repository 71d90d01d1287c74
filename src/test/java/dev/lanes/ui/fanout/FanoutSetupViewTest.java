package dev.lanes.ui.fanout;

import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.fanout.FanoutPlacement;
import dev.lanes.fanout.FanoutRunInfo;
import dev.lanes.fanout.FanoutSpec;
import dev.lanes.fanout.ItemTemplate;
import dev.lanes.model.AgentProfile;
import dev.lanes.settings.Settings;
import dev.lanes.task.ExecutorTaskRunner;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.common.Themes;
import dev.lanes.ui.common.UiTasks;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
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
import java.util.function.Consumer;

import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The set-up view alone over a real repository: pasting paths with Ctrl+V (the binary one flagged),
 * and the form turned into the run's spec — budgets, permission mode, allowed tools, order,
 * placement, verification — with a sentence for what is wrong, and Ctrl+Enter to run.
 */
@ExtendWith(ApplicationExtension.class)
@DisabledOnOs(OS.WINDOWS)
class FanoutSetupViewTest {

    @TempDir
    Path tmp;

    private Stage stage;
    private ExecutorTaskRunner runner;
    private FanoutSetupView setup;
    private TestRepo repo;
    private final List<FanoutSpec> started = new CopyOnWriteArrayList<>();
    private final List<Throwable> reported = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() {
        runner.close();
        assertEquals(List.of(), reported, "no failure reached the error reporter");
    }

    private void show() throws Exception {
        repo = TestRepo.create(tmp, "repo");
        repo.write("src/a.txt", "a\n").write("src/b c.txt", "b\n");
        Files.write(repo.root().resolve("src/logo.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2});
        repo.commitAll("files");
        runner = new ExecutorTaskRunner(2, Platform::runLater);
        UiTasks tasks = new UiTasks(runner, (what, e) -> reported.add(e));
        onFx(() -> {
            setup = new FanoutSetupView(repo.root(), "main", "Fan-out in repo", BuiltInProfiles.all(), Map.of("X", "1"),
                    tmp.resolve("logs").toString(), tasks, new FanoutSetupView.Actions() {
                @Override
                public void run(FanoutSpec spec) {
                    started.add(spec);
                }

                @Override
                public void askAgent(AgentProfile profile, String question, Consumer<String> answer) {
                }

                @Override
                public void earlierRuns(Consumer<List<FanoutRunInfo>> runs) {
                    runs.accept(List.of());
                }

                @Override
                public void openRun(FanoutRunInfo run) {
                }
            });
            Scene scene = new Scene(setup, 1100, 760);
            Themes.apply(scene, Settings.Theme.LIGHT);
            stage.setScene(scene);
            stage.show();
            return null;
        });
    }

    private <T extends Node> T node(String id) {
        @SuppressWarnings("unchecked")
        T n = (T) onFx(() -> setup.lookup(id));
        return n;
    }

    private String problem() {
        return onFx(() -> ((Label) setup.lookup("#problemLabel")).getText());
    }

    private void set(String id, String text) {
        onFx(() -> {
            Node n = setup.lookup(id);
            if (n instanceof TextArea a) {
                a.setText(text);
            } else {
                ((TextField) n).setText(text);
            }
            return null;
        });
    }

    @Test
    void pastedPathsAreListedAndTheBinaryOneIsFlagged(FxRobot robot) throws Exception {
        show();
        onFx(() -> {
            ClipboardContent c = new ClipboardContent();
            // as copied from a terminal: a quoted name, an absolute path, and a file that is not there
            c.putString("src/a.txt\n'src/b c.txt'\n" + repo.root().resolve("src/logo.png") + "\nsrc/gone.txt\n");
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
            return null;
        });
        robot.clickOn((Node) node("#itemsList"));
        robot.push(KeyCode.SHORTCUT, KeyCode.V);
        ListView<?> list = node("#itemsList");
        waitUntil("3 pasted", 10, () -> list.getItems().size() == 3);
        assertEquals(List.of("src/a.txt", "src/b c.txt", "src/logo.png"),
                onFx(() -> setup.entries().stream().map(dev.lanes.fanout.FanoutList.Entry::path).toList()));
        assertEquals("3 files · 1 binary", onFx(() -> ((Label) setup.lookup("#countLabel")).getText()));
        assertTrue(onFx(() -> list.lookupAll(".binary-badge").stream().anyMatch(Node::isVisible)), "the binary file carries a badge");
        String notes = onFx(() -> ((Label) setup.lookup("#notesLabel")).getText());
        assertTrue(notes.startsWith("Added 3") && notes.contains("src/gone.txt"), notes);

        // a second Ctrl+V pastes again: the same paths merge as duplicates
        robot.push(KeyCode.SHORTCUT, KeyCode.V);
        waitUntil("the duplicates said", 10, () -> onFx(() -> ((Label) setup.lookup("#notesLabel")).getText()).startsWith("Nothing added"));
        assertEquals(3, onFx(() -> list.getItems().size()));
    }

    @Test
    void theFormBecomesTheSpecAndWhatIsWrongIsSaid(FxRobot robot) throws Exception {
        show();
        onFx(() -> {
            setup.addPaths(List.of(repo.root().resolve("src/a.txt"), repo.root().resolve("src/b c.txt")));
            return null;
        });
        waitUntil("2 items", 10, () -> onFx(() -> setup.entries().size()) == 2);
        assertEquals("Write the prompt each agent gets; {file} is the item's path.", problem());
        assertTrue(onFx(() -> ((Button) setup.lookup("#runButton")).isDisabled()));

        set("#promptArea", "Fix {file}");
        set("#modelField", "opus");
        set("#toolsField", " Read Edit Bash(git diff:*) ");
        set("#verifyField", "grep -q fixed {file}");
        set("#itemBudgetField", "$0.50");
        set("#runBudgetField", "lots");
        assertEquals("The run budget “lots” is not an amount in dollars, like 0.50.", problem());
        assertTrue(onFx(() -> ((Button) setup.lookup("#runButton")).isDisabled()));
        set("#runBudgetField", "5");
        onFx(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<String> permission = (ComboBox<String>) setup.lookup("#permissionCombo");
            permission.getEditor().setText("default");
            ((CheckBox) setup.lookup("#orderedCheck")).setSelected(true);
            ((CheckBox) setup.lookup("#stopOnFailureCheck")).setSelected(true);
            @SuppressWarnings("unchecked")
            ComboBox<FanoutPlacement.Kind> where = (ComboBox<FanoutPlacement.Kind>) setup.lookup("#placementCombo");
            where.setValue(FanoutPlacement.Kind.BATCH);
            ((javafx.scene.control.Spinner<Integer>) cast(setup.lookup("#batchSpinner"))).getValueFactory().setValue(3);
            return null;
        });
        assertEquals("", problem());
        FanoutSpec spec = onFx(() -> setup.spec().spec());
        assertEquals(List.of("src/a.txt", "src/b c.txt"), spec.items());
        assertEquals(BuiltInProfiles.CLAUDE, spec.agent().id());
        assertEquals("Fix {file}", spec.promptTemplate());
        assertEquals("opus", spec.model());
        assertEquals("", spec.permissionMode(), "default: the agent's own, no --permission-mode");
        assertEquals("Read Edit Bash(git diff:*)", spec.allowedTools());
        assertEquals(ItemTemplate.split("grep -q fixed {file}"), spec.verify());
        assertEquals(0.50, spec.itemBudgetUsd());
        assertEquals(5.0, spec.runBudgetUsd());
        assertTrue(spec.ordered() && spec.stopOnFailure());
        assertEquals(3, spec.startSmall(), "start small: 3 by default");
        assertEquals(FanoutPlacement.batches(3, "main"), spec.placement());
        assertEquals(Map.of("X", "1"), spec.environment());
        assertEquals(tmp.resolve("logs").toString(), spec.logFolder());

        // the base branch is needed once items get worktrees of their own
        set("#baseField", " ");
        assertEquals("Name the branch the new worktrees start from.", problem());
        set("#baseField", "main");

        // an agent that reports no cost: no budget fields
        onFx(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<AgentProfile> agent = (ComboBox<AgentProfile>) setup.lookup("#agentCombo");
            agent.setValue(BuiltInProfiles.get(BuiltInProfiles.AIDER));
            return null;
        });
        assertTrue(onFx(() -> ((TextField) setup.lookup("#runBudgetField")).isDisabled()));
        assertNull(onFx(() -> setup.spec().spec().runBudgetUsd()));

        // Ctrl+Enter runs what the form says
        robot.clickOn((Node) node("#promptArea"));
        robot.push(KeyCode.SHORTCUT, KeyCode.ENTER);
        waitUntil("the run asked for", 5, () -> started.size() == 1);
        assertEquals(BuiltInProfiles.AIDER, started.get(0).agent().id());
        assertEquals(onFx(() -> setup.spec().spec()), started.get(0));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
