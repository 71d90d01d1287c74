package dev.lanes.e2e;

import dev.lanes.AppServices;
import dev.lanes.agent.AgentSessions;
import dev.lanes.e2e.ScriptedModelServer.Reply;
import dev.lanes.model.AgentActivity;
import dev.lanes.model.AgentSession;
import dev.lanes.model.CreateWorktreeRequest;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.Worktree;
import dev.lanes.review.ReviewFocus;
import dev.lanes.settings.Settings;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.FxTestSupport;
import dev.lanes.ui.common.Themes;
import dev.lanes.ui.main.MainWindow;
import dev.lanes.ui.main.TreeNode;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TitledPane;
import javafx.scene.control.TreeCell;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.lanes.ui.FxTestSupport.await;
import static dev.lanes.ui.FxTestSupport.awaitGone;
import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer/reviewer pane in the real window, both agents the real Claude Code CLI against the
 * scripted model server: a writer edits a file in a worktree; Review… (Ctrl+Shift+R) on its tab
 * opens the pane; a focus is ticked and typed, Review runs the read-only reviewer, whose three
 * findings become three check boxes with file:line; two are ticked and sent, and the writer's next
 * request holds exactly those; a second round shows the diff between the rounds; the cap disables
 * Review; and after a restart, Review… on the worktree reopens the review with its rounds.
 */
@ExtendWith(ApplicationExtension.class)
class ReviewWindowE2ETest {

    private static final String REVIEW_MODEL = "claude-sonnet-4-5";
    private static Instant classStart;

    @TempDir
    static Path tmp;

    private Stage stage;
    private ScriptedModelServer server;
    private ClaudeCli cli;
    private Path base;
    private MainWindow window;
    private AppServices services;

    @BeforeAll
    static void started() {
        classStart = Instant.now().minusSeconds(1);
    }

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        server = ScriptedModelServer.start();
        base = Files.createTempDirectory(tmp, "review-window");
        cli = new ClaudeCli(base.resolve("home"), server);
        openWindow();
    }

    /** Lanes' services and main window on the test's data folder (again after a "restart"). */
    private void openWindow() {
        services = AppServices.open(base.resolve("lanes"), Platform::runLater, cli.environment());
        window = MainWindow.create(stage, services);
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1240);
        stage.setHeight(760);
        stage.show();
    }

    @AfterEach
    void tearDown() {
        closeWindow();
        cli.stopAll();
        server.close();
    }

    private void closeWindow() {
        onFx(() -> {
            window.controller().close();
            return null;
        });
        FxTestSupport.closeWindow(window);
        services.close();
    }

    @AfterAll
    static void leavesNoProcess() throws IOException {
        List<ProcessHandle> left = ClaudeCli.leftRunningSince(classStart);
        assertTrue(left.isEmpty(), "Claude Code processes left running: " + left);
    }

    private void openRepository(Path root) {
        onFx(() -> {
            window.controller().openRepository(root, true);
            return null;
        });
        waitUntil("the repository", 15, () -> window.controller().snapshotProperty().get() != null);
    }

    private Node pane() {
        return window.stage().getScene().lookup("#reviewPane");
    }

    private String text(String id) {
        return onFx(() -> ((Label) pane().lookup(id)).getText());
    }

    private List<CheckBox> findings() {
        return onFx(() -> pane().lookupAll(".finding").stream().map(n -> (CheckBox) n).toList());
    }

    private boolean writerDone(long id) {
        return !services.sessions().isRunning(id)
                && services.agents().agent(id).map(AgentSession::activity).orElse(null) == AgentActivity.DONE;
    }

    @Test
    void aReviewerFindsTheWriterIsSentTheTickedFindingsRoundsRepeatUpToTheCapAndSurviveARestart(FxRobot robot) throws Exception {
        // the tests' Claude Code, as the person's "Claude Code" profile (writer and reviewer)
        services.agentProfiles().save(ClaudeCli.profile());
        TestRepo repo = TestRepo.create(Files.createTempDirectory(base, "repos"), "project");
        repo.write("src/app.py", "def load():\n    return 1\n").commitAll("app");
        Worktree wt = services.git().createWorktree(services.git().open(repo.root()), new CreateWorktreeRequest("feature", true,
                "main", base.resolve("project.lanes/feature"), List.of(), "")).worktree();
        Path app = wt.path().resolve("src/app.py");
        openRepository(repo.root());

        // the writer edits a file in its worktree
        server.enqueue(
                Reply.toolUse("Read", Map.of("file_path", app.toString())),
                Reply.toolUse("Edit", Map.of("file_path", app.toString(), "old_string", "return 1", "new_string", "return 2")),
                Reply.text("Edited."));
        SessionRecord writer = services.agents().start(new AgentSessions.Request(repo.root(), wt.path(), "writer",
                ClaudeCli.profile(), "Make load() return 2", "", "acceptEdits", null, null));
        waitUntil("the writer to be done", 60, () -> writerDone(writer.id()));
        assertEquals("def load():\n    return 2\n", Files.readString(app));

        // Review… (Ctrl+Shift+R) on the writer's tab
        TabPane tabs = (TabPane) window.stage().getScene().lookup("#sessionTabs");
        waitUntil("the writer's tab", 15, () -> tabs.getTabs().stream().anyMatch(t -> "writer".equals(t.getText())));
        onFx(() -> {
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> "writer".equals(t.getText())).findFirst().orElseThrow());
            return null;
        });
        // the agent's tab offers Review… in its menu too
        assertTrue(onFx(() -> tabs.getSelectionModel().getSelectedItem().getContextMenu().getItems().stream()
                .anyMatch(i -> "reviewSessionMenuItem".equals(i.getId()) && i.isVisible())));
        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.R);
        await(robot, "#reviewDialog");
        @SuppressWarnings("unchecked")
        ComboBox<SessionRecord> writerCombo = (ComboBox<SessionRecord>) robot.lookup("#reviewWriterCombo").query();
        assertEquals(writer.id(), onFx(() -> writerCombo.getValue().id()));
        @SuppressWarnings("unchecked")
        Spinner<Integer> rounds = (Spinner<Integer>) robot.lookup("#reviewRoundsSpinner").query();
        assertEquals(3, onFx(rounds::getValue), "three rounds by default");
        onFx(() -> {
            rounds.getValueFactory().setValue(2); // a shorter test
            return null;
        });
        robot.clickOn("#reviewModelField").write(REVIEW_MODEL);
        robot.clickOn("#openReviewButton");
        awaitGone(robot, "#reviewDialog");
        waitUntil("the review pane", 15, () -> pane() != null && pane().isVisible());
        assertEquals("No round yet · up to 2", text("#roundLabel"));

        // a focus ticked and typed, then Review: the reviewer answers with three findings
        server.clearRequests();
        server.enqueue(Reply.text("""
                1. src/app.py:2 — FINDING-ONE load() returns a constant; read the value from the config
                2. `src/app.py:1` — FINDING-TWO load() has no docstring
                3. — FINDING-THREE no test covers load()
                """).usage(2_000, 150));
        robot.clickOn("#focus-edge-cases");
        robot.clickOn("#focusField").write("the config file");
        robot.clickOn("#reviewButton");
        waitUntil("three findings", 60, () -> findings().size() == 3);
        List<CheckBox> boxes = findings();
        assertEquals(List.of("src/app.py:2", "src/app.py:1"), onFx(() -> boxes.stream().filter(b -> b.getGraphic() != null)
                .map(b -> ((Label) b.getGraphic()).getText()).toList()));
        assertTrue(onFx(() -> boxes.get(0).getText()).startsWith("FINDING-ONE"));
        assertTrue(onFx(() -> boxes.get(2).getText()).startsWith("FINDING-THREE"));
        assertEquals("Round 1 of 2 · findings in", text("#roundLabel"));
        ScriptedModelServer.Request asked = server.conversation().get(0);
        assertEquals(REVIEW_MODEL, asked.model());
        assertTrue(asked.lastUserText().contains(ReviewFocus.Preset.EDGE_CASES.ask())
                && asked.lastUserText().contains("the config file") && asked.lastUserText().contains("+    return 2"),
                asked.lastUserText());
        List<String> tools = onFx(() -> {
            List<String> names = new java.util.ArrayList<>();
            asked.json().getAsJsonArray("tools").forEach(t -> names.add(t.getAsJsonObject().get("name").getAsString()));
            return names;
        });
        assertFalse(tools.contains("Edit") || tools.contains("Write") || tools.contains("Bash"), "read-only: " + tools);
        // the writer's and the reviewer's transcripts side by side
        waitUntil("both transcripts", 15, () -> pane().lookupAll("#agentTranscript").size() == 2
                && pane().lookupAll("#agentTranscript").stream().allMatch(n -> !((ListView<?>) n).getItems().isEmpty()));
        assertTrue(onFx(() -> pane().lookup("#sendButton").isDisabled()), "nothing ticked yet");
        assertEquals("Tick at least one finding to send it to the writer.", text("#sendReason"));
        assertTrue(onFx(() -> tabs.getTabs().stream().noneMatch(t -> t.getText() != null && t.getText().startsWith("Review of "))),
                "the pane shows the reviewer: no tab of its own");

        // two ticked and sent: the writer's next request holds exactly those
        server.clearRequests();
        server.enqueue(
                Reply.toolUse("Edit", Map.of("file_path", app.toString(), "old_string", "    return 2\n",
                        "new_string", "    return 2  # checked\n")),
                Reply.text("1: done. 2: noted."));
        robot.clickOn("#finding-1");
        robot.clickOn("#finding-3");
        assertEquals("2 findings will be the writer's next prompt.", text("#sendReason"));
        shoot("lanes.shot", Settings.Theme.LIGHT);
        shoot("lanes.shot.dark", Settings.Theme.DARK);
        robot.clickOn("#sendButton");
        waitUntil("the writer's follow-up", 60, () -> server.conversation().size() >= 2 && writerDone(writer.id()));
        String toWriter = server.conversation().get(0).lastUserText();
        assertTrue(toWriter.contains("FINDING-ONE") && toWriter.contains("src/app.py:2") && toWriter.contains("FINDING-THREE"),
                toWriter);
        assertFalse(toWriter.contains("FINDING-TWO"), toWriter);
        waitUntil("sent", 15, () -> text("#findingsMessage").equals("Sent findings 1 and 3 to the writer as its next prompt."));
        assertEquals("def load():\n    return 2  # checked\n", Files.readString(app));

        // round 2: the diff between the rounds, and the reviewer finds nothing more
        server.clearRequests();
        server.enqueue(Reply.text("NO FINDINGS"));
        robot.clickOn("#reviewButton");
        waitUntil("round 2's answer", 60, () -> text("#findingsMessage").startsWith("No findings"));
        assertEquals("No findings: the reviewer found nothing to fix in round 2 (it answered NO FINDINGS).", text("#findingsMessage"));
        assertTrue(server.conversation().get(0).lastUserText().contains("This is round 2 of 2."));
        List<String> lines = onFx(() -> roundDiff(2).getItems().stream().map(dev.lanes.coordinate.UnifiedDiff.Line::text).toList());
        assertTrue(lines.contains("-    return 2") && lines.contains("+    return 2  # checked"), lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.contains("return 1")), "only what changed between the rounds: " + lines);
        try {
            waitUntil("the added line in colour", 10, () -> roundDiff(2).lookupAll(".diff-added").size() == 1);
        } catch (AssertionError e) {
            throw new AssertionError(onFx(() -> roundDiff(2).lookupAll(".list-cell").stream()
                    .map(c -> c.getStyleClass() + "=" + ((javafx.scene.control.ListCell<?>) c).getText() + " vis=" + c.isVisible())
                    .toList().toString() + " h=" + roundDiff(2).getHeight() + " scene=" + (roundDiff(2).getScene() != null)), e);
        }

        // the cap: Review is disabled, with the reason
        assertEquals("Round 2 of 2 · findings in", text("#roundLabel"));
        assertTrue(onFx(() -> pane().lookup("#reviewButton").isDisabled()));
        assertTrue(text("#reviewReason").contains("reached its cap of 2 rounds"), text("#reviewReason"));

        // a restart: Review… on the worktree in the tree reopens the review with its rounds
        closeWindow();
        onFx(() -> {
            openWindow();
            return null;
        });
        openRepository(repo.root());
        waitUntil("the writer among the sessions", 15, () -> !window.controller().sessionsUi().agentSessionsIn(wt.path()).isEmpty());
        // the worktree's row selected and its menu shown (Monocle sends no context-menu request on a right
        // click), in one go: the tree is rebuilt when the statuses come in
        waitUntil("the worktree's menu", 15, () -> window.stage().getScene().getRoot().lookupAll(".worktree-cell").stream()
                .map(n -> (TreeCell<?>) n)
                .filter(c -> c.getItem() instanceof TreeNode.WorktreeNode w && w.view().worktree().path().equals(wt.path())
                        && c.getContextMenu() != null)
                .findFirst().map(c -> {
                    c.getTreeView().getSelectionModel().select(c.getIndex());
                    c.getContextMenu().show(c, javafx.geometry.Side.BOTTOM, 20, 0);
                    return true;
                }).orElse(false));
        robot.clickOn(await(robot, "#reviewWorktreeMenuItem"));
        await(robot, "#reviewDialog");
        Label earlier = (Label) robot.lookup("#reviewEarlierLabel").query();
        assertTrue(onFx(earlier::getText).contains("(2 of 2 rounds)"), onFx(earlier::getText));
        @SuppressWarnings("unchecked")
        ComboBox<SessionRecord> again = (ComboBox<SessionRecord>) robot.lookup("#reviewWriterCombo").query();
        assertEquals(List.of(writer.id()), onFx(() -> again.getItems().stream().map(SessionRecord::id).toList()),
                "the reviewer's own session is not offered as a writer");
        robot.clickOn("#openReviewButton");
        awaitGone(robot, "#reviewDialog");
        waitUntil("the rounds, read back", 15, () -> pane() != null && pane().lookup("#round-2") != null);
        assertEquals("Round 1  ·  Edge cases; the config file  ·  3 findings, 2 sent",
                onFx(() -> ((TitledPane) pane().lookup("#round-1")).getText()));
        assertEquals("Round 2 of 2 · findings in", text("#roundLabel"));
        assertTrue(onFx(() -> pane().lookup("#reviewButton").isDisabled()));
        Tab reviewTab = onFx(() -> tabs(window).getSelectionModel().getSelectedItem());
        assertEquals("Writer & reviewer · writer", onFx(reviewTab::getText));

        // Forget…: asked, then the tab closes and the review with its rounds leaves the store; the writer stays
        javafx.scene.control.Button forget = onFx(() -> (javafx.scene.control.Button) pane().lookupAll(".button").stream()
                .filter(n -> n instanceof javafx.scene.control.Button b && "Forget…".equals(b.getText())).findFirst().orElseThrow());
        assertTrue(onFx(forget::isVisible));
        javafx.application.Platform.runLater(forget::fire);
        javafx.scene.control.DialogPane confirm = (javafx.scene.control.DialogPane) await(robot, "#forgetDialog");
        onFx(() -> {
            ((javafx.scene.control.Button) confirm.lookupButton(confirm.getButtonTypes().get(0))).fire();
            return null;
        });
        waitUntil("the review's tab closed", 10, () -> onFx(() -> !tabs(window).getTabs().contains(reviewTab)));
        waitUntil("the review forgotten", 10, () -> services.reviews().reviewsOf(writer).isEmpty());
        assertTrue(services.sessions().session(writer.id()).isPresent(), "the writer's session stays");
    }

    /** The diff list of round {@code n} in the rounds list, as shown now (read on the FX thread). */
    private dev.lanes.ui.common.DiffList roundDiff(int n) {
        return (dev.lanes.ui.common.DiffList) ((TitledPane) pane().lookup("#round-" + n)).getContent().lookup(".review-diff");
    }

    private static TabPane tabs(MainWindow w) {
        return (TabPane) w.stage().getScene().lookup("#sessionTabs");
    }

    /** -Dlanes.shot=FILE.png (light) / -Dlanes.shot.dark=FILE.png: a picture of the window, to look at. */
    private void shoot(String property, Settings.Theme theme) {
        String file = System.getProperty(property);
        if (file == null) {
            return;
        }
        onFx(() -> {
            Themes.apply(window.stage().getScene(), theme);
            // the rounds list scrolled to round 1's diff, its coloured lines in the picture
            pane().lookupAll(".review-rounds .scroll-pane").forEach(n -> ((javafx.scene.control.ScrollPane) n).setVvalue(1));
            return null;
        });
        FxTestSupport.snapshot(window.stage().getScene(), Path.of(file));
        onFx(() -> {
            Themes.apply(window.stage().getScene(), Settings.Theme.LIGHT);
            return null;
        });
    }
}
