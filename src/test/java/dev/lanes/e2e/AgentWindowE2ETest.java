package dev.lanes.e2e;

import dev.lanes.AppServices;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.e2e.ScriptedModelServer.Reply;
import dev.lanes.model.AgentActivity;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.AgentSession;
import dev.lanes.model.SessionRecord;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.FxTestSupport;
import dev.lanes.ui.main.MainWindow;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
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

import static dev.lanes.ui.FxTestSupport.await;
import static dev.lanes.ui.FxTestSupport.awaitGone;
import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent session through the window, with the real Claude Code CLI against the scripted model
 * server: New Agent (Ctrl+Shift+N), the transcript shows the tool call and the result with its
 * cost, the tab's glyph and the status bar follow its activity, and a follow-up continues it.
 */
@ExtendWith(ApplicationExtension.class)
class AgentWindowE2ETest {

    @TempDir
    static Path tmp;

    private ScriptedModelServer server;
    private ClaudeCli cli;
    private MainWindow window;
    private AppServices services;
    private TestRepo repo;
    private Path home;
    private AgentProfile terminalProfile;

    @Start
    void start(Stage stage) throws Exception {
        server = ScriptedModelServer.start();
        Path base = Files.createTempDirectory(tmp, "agent-window");
        cli = new ClaudeCli(base.resolve("home"), server);
        services = AppServices.open(base.resolve("lanes"), Platform::runLater, cli.environment());
        window = MainWindow.create(stage, services);
        AgentProfile p = BuiltInProfiles.get(BuiltInProfiles.CLAUDE);
        AgentProfile testClaude = p.withExecutable(ClaudeCli.executable().toString());
        AgentProfile t = BuiltInProfiles.get(BuiltInProfiles.CLAUDE_INTERACTIVE);
        AgentProfile testTerminal = new AgentProfile(t.id(), t.name(), ClaudeCli.executable().toString(), t.mode(),
                t.firstRun(), t.followUp(), t.output(), t.costFromResult(), t.versionArgs(), t.installHint(), t.builtIn());
        window.controller().sessionsUi().setProfiles(() -> List.of(testClaude, testTerminal));
        terminalProfile = testTerminal;
        home = base.resolve("home");
        stage.show();
        repo = TestRepo.create(Files.createTempDirectory(base, "repos"), "project");
    }

    @AfterEach
    void tearDown() {
        FxTestSupport.closeWindow(window);
        services.close();
        cli.stopAll();
        server.close();
    }

    @SuppressWarnings("unchecked")
    private static ListView<Object> transcript(Tab tab) {
        return (ListView<Object>) tab.getContent().lookup("#agentTranscript");
    }

    private static String transcriptText(Tab tab) {
        return onFx(() -> {
            ListView<Object> list = transcript(tab);
            return list == null ? "" : list.getItems().toString();
        });
    }

    @Test
    void anAgentStartedFromTheWindowWorksIsShownAndFollowsUp(FxRobot robot) throws Exception {
        onFx(() -> {
            window.controller().openRepository(repo.root(), true);
            return null;
        });
        waitUntil("the repository", 15, () -> window.controller().snapshotProperty().get() != null);
        server.enqueue(
                Reply.text("I'll write it.").andToolUse("Write", Map.of("file_path", "notes.txt", "content", "from the window\n"))
                        .usage(2_000, 100),
                Reply.text("Wrote notes.txt.").usage(2_200, 20));

        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.N);
        await(robot, "#newAgentDialog");
        robot.clickOn("#agentPromptArea").write("Write notes.txt");
        robot.clickOn("#startAgentButton");
        awaitGone(robot, "#newAgentDialog");

        TabPane tabs = (TabPane) window.stage().getScene().lookup("#sessionTabs");
        waitUntil("the agent's tab", 15, () -> tabs.getTabs().size() == 1);
        Tab tab = onFx(() -> tabs.getTabs().get(0));
        assertEquals("Write notes.txt", onFx(tab::getText));
        waitUntil("the run to be done", 60, () -> services.agents().agent(sessionId()).map(AgentSession::activity)
                .orElse(null) == AgentActivity.DONE);
        assertEquals("from the window\n", Files.readString(repo.root().resolve("notes.txt")));
        // the transcript: the prompt, the prose, the tool call with its result, the result with its cost
        waitUntil("the transcript", 15, () -> transcriptText(tab).contains("Result["));
        String shown = transcriptText(tab);
        assertTrue(shown.contains("Prompt[text=Write notes.txt]"), shown);
        assertTrue(shown.contains("Tool[") && shown.contains("tool=Write") && shown.contains("summary=notes.txt")
                && shown.contains("done=true") && shown.contains("error=false"), shown);
        assertTrue(shown.contains("Wrote notes.txt."), shown);
        // the tab's glyph and the status bar
        waitUntil("the done glyph", 10, () -> "✓".equals(((Label) tab.getGraphic()).getText()));
        waitUntil("the cost in the status bar", 10,
                () -> ((Label) window.stage().getScene().lookup("#costLabel")).getText().startsWith("Σ $"));
        Node header = tab.getContent().lookup("#agentHeader");
        assertTrue(onFx(() -> ((Label) header).getText()).contains("done"));

        // a follow-up from the box continues the same conversation
        server.enqueue(Reply.text("All good.").usage(2_400, 10));
        robot.clickOn("#followUpField").write("Anything else?");
        robot.clickOn("#followUpButton");
        waitUntil("the follow-up's result", 60, () -> transcriptText(tab).split("Result\\[", -1).length == 3);
        assertTrue(transcriptText(tab).contains("Prompt[text=Anything else?]"));
        List<ScriptedModelServer.Request> turns = server.conversation();
        assertTrue(turns.get(turns.size() - 1).lastUserText().contains("Anything else?"));
        waitUntil("done again", 30, () -> services.agents().agent(sessionId()).map(AgentSession::activity)
                .orElse(null) == AgentActivity.DONE);
        String shot = System.getProperty("lanes.shot");
        if (shot != null) { // -Dlanes.shot=FILE.png: a picture of the window, to look at
            FxTestSupport.snapshot(window.stage().getScene(), Path.of(shot));
        }
    }

    private long sessionId() {
        List<SessionRecord> all = services.sessions().sessions(repo.root());
        return all.isEmpty() ? -1 : all.get(0).id();
    }

    /**
     * An interactive Claude Code session (a terminal tab) started from the window: its hooks, not
     * its screen, drive the tab's glyph and the waiting count — waiting for the first prompt,
     * working on it, waiting again.
     */
    @Test
    void anInteractiveAgentsHooksDriveItsStatusInTheWindow(FxRobot robot) throws Exception {
        ClaudeCli.prepareInteractiveHome(home, cli.environment().get("ANTHROPIC_API_KEY"), repo.root());
        onFx(() -> {
            window.controller().openRepository(repo.root(), true);
            return null;
        });
        waitUntil("the repository", 15, () -> window.controller().snapshotProperty().get() != null);
        server.enqueue(Reply.text("Hello from the terminal.").usage(1_000, 10));

        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.N);
        await(robot, "#newAgentDialog");
        onFx(() -> {
            @SuppressWarnings("unchecked")
            javafx.scene.control.ComboBox<AgentProfile> combo =
                    (javafx.scene.control.ComboBox<AgentProfile>) robot.lookup("#agentProfileCombo").query();
            combo.setValue(combo.getItems().get(1)); // Claude Code (terminal)
            return null;
        });
        robot.clickOn("#agentNameField").write("chat");
        robot.clickOn("#startAgentButton");
        awaitGone(robot, "#newAgentDialog");

        TabPane tabs = (TabPane) window.stage().getScene().lookup("#sessionTabs");
        waitUntil("the terminal tab", 15, () -> tabs.getTabs().size() == 1
                && tabs.getTabs().get(0).getContent() != null
                && tabs.getTabs().get(0).getContent().lookup(".terminal-view") != null);
        Tab tab = onFx(() -> tabs.getTabs().get(0));
        Label waitingLabel = (Label) window.stage().getScene().lookup("#waitingLabel");
        waitUntil("waiting for the first prompt (SessionStart hook)", 60, () -> activity() == AgentActivity.WAITING);
        waitUntil("the tab's waiting glyph", 10, () -> "◆".equals(((Label) tab.getGraphic()).getText()));
        waitUntil("the waiting count", 10, () -> waitingLabel.getText().equals("◆ 1 waiting"));

        // the person types a prompt into the terminal; Enter again until the TUI takes it (it may
        // drop an Enter that comes right after the text)
        long id = sessionId();
        services.sessions().send(id, "say hello");
        long deadline = System.nanoTime() + 60_000_000_000L;
        java.util.Set<AgentActivity> seen = java.util.EnumSet.noneOf(AgentActivity.class);
        services.agents().addListener((a, s) -> seen.add(a.activity()));
        while (!seen.contains(AgentActivity.WORKING)) {
            assertTrue(System.nanoTime() < deadline, "the prompt never reached the agent");
            services.sessions().send(id, "\r");
            waitUntilQuietly(() -> seen.contains(AgentActivity.WORKING));
        }
        waitUntil("waiting again after the answer (Stop hook)", 60,
                () -> activity() == AgentActivity.WAITING && server.conversation().size() == 1);
        assertTrue(server.conversation().get(0).lastUserText().contains("say hello"));
        waitUntil("the tab's waiting glyph again", 10, () -> "◆".equals(((Label) tab.getGraphic()).getText()));

        // stopping the session ends it
        String conversation = services.agents().agent(id).orElseThrow().conversationId();
        services.sessions().stop(id);
        waitUntil("not waiting any more", 30, () -> activity() != AgentActivity.WAITING && waitingLabel.getText().isEmpty());

        // started again, it resumes the same conversation in a new terminal, with fresh hooks
        services.agents().resumeInteractive(id, terminalProfile);
        List<String> argv = services.sessions().session(id).orElseThrow().argv();
        assertTrue(argv.containsAll(List.of("--resume", conversation)), argv.toString());
        waitUntil("waiting again, resumed", 60, () -> activity() == AgentActivity.WAITING);
        services.sessions().stop(id);
    }

    private AgentActivity activity() {
        return services.agents().agent(sessionId()).map(AgentSession::activity).orElse(null);
    }

    /** Up to 2 s for the condition; false when it did not come. */
    private static boolean waitUntilQuietly(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50); // polling a condition with a deadline
        }
        return false;
    }
}
