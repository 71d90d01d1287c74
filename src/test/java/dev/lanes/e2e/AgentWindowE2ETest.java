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

    @Start
    void start(Stage stage) throws Exception {
        server = ScriptedModelServer.start();
        Path base = Files.createTempDirectory(tmp, "agent-window");
        cli = new ClaudeCli(base.resolve("home"), server);
        services = AppServices.open(base.resolve("lanes"), Platform::runLater, cli.environment());
        window = MainWindow.create(stage, services);
        AgentProfile p = BuiltInProfiles.get(BuiltInProfiles.CLAUDE);
        AgentProfile testClaude = new AgentProfile(p.id(), p.name(), ClaudeCli.executable().toString(), p.mode(),
                p.firstRun(), p.followUp(), p.output(), p.costFromResult(), p.versionArgs(), p.installHint(), p.builtIn());
        window.controller().sessionsUi().setProfiles(() -> List.of(testClaude));
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
}
