package dev.lanes.ui.agent;

import dev.lanes.model.AgentActivity;
import dev.lanes.model.AgentSession;
import dev.lanes.settings.Settings.Theme;
import dev.lanes.ui.common.Themes;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent transcript, on output recorded from the real Claude Code CLI. */
@ExtendWith(ApplicationExtension.class)
class AgentViewTest {

    private AgentView view;

    @Start
    void start(Stage stage) {
        view = new AgentView();
        Scene scene = new Scene(new StackPane(view), 800, 500);
        Themes.apply(scene, Theme.LIGHT);
        stage.setScene(scene);
        stage.show();
    }

    private static String fixture(String name) throws Exception {
        try (var in = AgentViewTest.class.getResourceAsStream("/dev/lanes/agent/claude/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRecordedRunBecomesPromptProseToolCallWithItsResultAndTheResult(FxRobot robot) throws Exception {
        String out = "{\"type\":\"lanes\",\"event\":\"prompt\",\"text\":\"Write \\\"hello\\\" to notes/hello.txt\"}\n"
                + fixture("write-tool.jsonl");
        // as a reader delivers it: in pieces that cut lines anywhere
        Thread reader = new Thread(() -> {
            for (int i = 0; i < out.length(); i += 97) {
                view.append(out.substring(i, Math.min(out.length(), i + 97)));
            }
        });
        reader.start();
        reader.join();
        waitUntil("the result", 10, () -> view.entries().stream().anyMatch(e -> e instanceof AgentView.Entry.Result));
        List<AgentView.Entry> entries = onFx(view::entries);
        assertEquals(new AgentView.Entry.Prompt("Write \"hello\" to notes/hello.txt"), entries.get(0));
        assertTrue(entries.stream().anyMatch(e -> e instanceof AgentView.Entry.Prose p && p.text().equals("I'll write the file.")));
        AgentView.Entry.Tool tool = entries.stream().filter(e -> e instanceof AgentView.Entry.Tool)
                .map(e -> (AgentView.Entry.Tool) e).findFirst().orElseThrow();
        assertEquals("Write", tool.tool());
        assertEquals("notes/hello.txt", tool.summary());
        assertTrue(tool.done());
        assertFalse(tool.error());
        AgentView.Entry.Result result = (AgentView.Entry.Result) entries.get(entries.size() - 1);
        assertFalse(result.error());
        assertTrue(result.costUsd() > 0);
        assertEquals(2, result.turns());

        // a click unfolds the tool's result
        robot.clickOn(dev.lanes.ui.FxTestSupport.await(robot, ".entry-tool")); // once its cell is drawn
        waitUntil("the unfolded result", 5, () -> view.entries().stream()
                .anyMatch(e -> e instanceof AgentView.Entry.Tool t && t.open()));
    }

    @Test
    void garbageAndErrorsAreShownWithoutBreakingTheTranscript() throws Exception {
        view.append("not json at all\n\u0000\u00ff garbage {\n" + fixture("server-error-500.jsonl"));
        waitUntil("the result", 10, () -> view.entries().stream().anyMatch(e -> e instanceof AgentView.Entry.Result));
        List<AgentView.Entry> entries = onFx(view::entries);
        assertEquals(new AgentView.Entry.Notice("not json at all", false), entries.get(0));
        AgentView.Entry.Result result = (AgentView.Entry.Result) entries.get(entries.size() - 1);
        assertTrue(result.error());
        assertTrue(result.text().contains("500"), result.text());
    }

    @Test
    void theHeaderShowsActivityCostAndTheFailureInPlainWords() {
        onFx(() -> {
            view.show(new AgentSession(1, "claude", "c", AgentActivity.FAILED, 0.0123, 0.01, "", "acceptEdits",
                    "Budget reached. Raise the budget and send a follow-up to continue the same session."), false);
            return null;
        });
        String header = onFx(() -> ((Label) view.lookup("#agentHeader")).getText());
        assertTrue(header.contains("failed") && header.contains("$0.0123") && header.contains("$0.0100 budget"), header);
        Label outcome = (Label) view.lookup("#agentOutcome");
        assertTrue(onFx(outcome::isVisible));
        assertTrue(onFx(outcome::getText).startsWith("Budget reached"));
        assertTrue(onFx(() -> outcome.getStyleClass().contains("error")));
        assertFalse(onFx(() -> view.lookup("#followUpButton").isDisabled()), "a failed run can be followed up");
        onFx(() -> {
            view.show(new AgentSession(1, "claude", "c", AgentActivity.WORKING, 0, null, "", "", ""), true);
            return null;
        });
        assertTrue(onFx(() -> view.lookup("#followUpButton").isDisabled()), "not while it works");
        assertFalse(onFx(() -> view.lookup("#agentStopButton").isDisabled()));
    }

    @Test
    void anAgentThatFloodsKeepsTheNewestRowsOnly() throws Exception {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 12_000; i++) {
            out.append("{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"line ")
                    .append(i).append("\"}]}}\n");
        }
        Thread reader = new Thread(() -> view.append(out.toString()));
        reader.start();
        reader.join();
        waitUntil("the last line", 20, () -> {
            List<AgentView.Entry> e = view.entries();
            return !e.isEmpty() && e.get(e.size() - 1).equals(new AgentView.Entry.Prose("line 11999"));
        });
        List<AgentView.Entry> entries = onFx(view::entries);
        assertEquals(AgentView.MAX_ENTRIES, entries.size());
        assertEquals(new AgentView.Entry.Prose("line " + (12_000 - AgentView.MAX_ENTRIES)), entries.get(0));
    }

    @Test
    void pathsInsideTheWorktreeAreShownRelativeToIt() throws Exception {
        String out = fixture("bash-read-edit.jsonl");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"file_path\":\"([^\"]*)/README.md\"").matcher(out);
        org.junit.jupiter.api.Assertions.assertTrue(m.find());
        String worktree = m.group(1);
        onFx(() -> {
            view.setRoot(java.nio.file.Path.of(worktree));
            return null;
        });
        view.append(out);
        waitUntil("the result", 10, () -> view.entries().stream().anyMatch(e -> e instanceof AgentView.Entry.Result));
        List<String> summaries = onFx(view::entries).stream().filter(e -> e instanceof AgentView.Entry.Tool)
                .map(e -> ((AgentView.Entry.Tool) e).summary()).toList();
        assertTrue(summaries.contains("README.md"), summaries.toString());
        assertFalse(summaries.stream().anyMatch(x -> x.contains(worktree)), summaries.toString());
    }
}
