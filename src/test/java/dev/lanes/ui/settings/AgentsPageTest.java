package dev.lanes.ui.settings;

import dev.lanes.ui.FxTestSupport;
import dev.lanes.agent.AgentDetector;
import dev.lanes.agent.AgentProfiles;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.model.AgentProfile;
import dev.lanes.settings.Settings;
import dev.lanes.settings.SettingsStore;
import dev.lanes.store.Store;
import dev.lanes.task.ExecutorTaskRunner;
import dev.lanes.ui.common.Themes;
import dev.lanes.ui.common.UiTasks;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.lanes.ui.FxTestSupport.await;
import static dev.lanes.ui.FxTestSupport.awaitGone;
import static dev.lanes.ui.FxTestSupport.find;
import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Preferences → Agents in the real Preferences dialog, headless (Monocle), over a real store and a
 * PATH holding fake agents: Claude Code is installed (a script that prints its version), Codex is not.
 */
@ExtendWith(ApplicationExtension.class)
@DisabledOnOs(OS.WINDOWS)
class AgentsPageTest {

    @TempDir
    static Path tmp;

    private Stage stage;
    private Path home;
    private Path bin;
    private Store store;
    private AgentProfiles profiles;
    private AgentDetector detector;
    private ExecutorTaskRunner runner;
    private UiTasks tasks;
    private Settings settings;
    private final List<Throwable> reported = new CopyOnWriteArrayList<>();
    private PreferencesDialog dialog;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        home = Files.createTempDirectory(tmp, "home");
        bin = Files.createDirectories(home.resolve("bin"));
        fake(bin.resolve("claude"), "echo '2.1.332 (Claude Code)'");
        store = Store.open(home);
        profiles = new AgentProfiles(store);
        detector = new AgentDetector(bin.toString(), null, false, home, Duration.ofSeconds(5));
        runner = new ExecutorTaskRunner(2, Platform::runLater);
        tasks = new UiTasks(runner, (what, e) -> reported.add(e));
        settings = new SettingsStore(home).settings();
        Scene scene = new Scene(new StackPane(new Label("Lanes")), 400, 300);
        Themes.apply(scene, Settings.Theme.LIGHT);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void close() {
        onFx(() -> {
            for (javafx.stage.Window w : List.copyOf(javafx.stage.Window.getWindows())) {
                if (w != stage && w instanceof Stage s) {
                    s.close();
                }
            }
            return null;
        });
        runner.close();
        store.close();
        assertEquals(List.of(), reported, "no failure reached the error reporter");
    }

    private static Path fake(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** Opens Preferences on the Agents page and waits for the profiles to load. */
    private void open(FxRobot robot) {
        dialog = onFx(() -> {
            PreferencesDialog d = new PreferencesDialog(stage, settings, new AgentsPage(profiles, detector, tasks));
            d.showingAgents().show();
            return d;
        });
        await(robot, "#preferencesDialog");
        waitUntil("the profiles to load", 10, () -> list().getItems().size() >= BuiltInProfiles.all().size());
    }

    @SuppressWarnings("unchecked")
    private ListView<Object> list() {
        return (ListView<Object>) dialog.getDialogPane().lookup("#agentProfileList");
    }

    private <T extends Node> T node(String id) {
        @SuppressWarnings("unchecked")
        T n = (T) onFx(() -> dialog.getDialogPane().lookup(id));
        return n;
    }

    private String text(String id) {
        return onFx(() -> {
            Node n = dialog.getDialogPane().lookup(id);
            return n instanceof Label l ? l.getText() : n instanceof TextField f ? f.getText() : ((TextArea) n).getText();
        });
    }

    /** The list's visible rows as "name | tag | status". */
    private List<String> rows() {
        return onFx(() -> list().lookupAll(".agent-cell").stream()
                .filter(n -> ((javafx.scene.control.ListCell<?>) n).getItem() != null)
                .sorted(java.util.Comparator.comparingInt(n -> ((javafx.scene.control.ListCell<?>) n).getIndex()))
                .map(n -> ((Label) n.lookup(".agent-name")).getText() + " | " + ((Label) n.lookup(".agent-tag")).getText()
                        + " | " + ((Label) n.lookup(".agent-status")).getText())
                .toList());
    }

    /** The row at {@code i} as "name | tag | status", or "" before the list has laid it out. */
    private String row(int i) {
        List<String> r = rows();
        return i < r.size() ? r.get(i) : "";
    }

    private String lastRow() {
        List<String> r = rows();
        return r.isEmpty() ? "" : r.get(r.size() - 1);
    }

    private void clickRow(FxRobot robot, String name) {
        // the items may be in the list before its cells are laid out, and a dialog that has just
        // opened may still move (it centres itself once sized), so a click can land beside the
        // row: look the cell up afresh and click again until the editor shows the profile
        for (int attempt = 1; ; attempt++) {
            waitUntil("the row " + name + " drawn", 10, () -> list().lookupAll(".agent-cell").stream()
                    .anyMatch(n -> n.lookup(".agent-name") instanceof Label l && name.equals(l.getText())));
            Node cell = onFx(() -> list().lookupAll(".agent-cell").stream()
                    .filter(n -> n.lookup(".agent-name") instanceof Label l && name.equals(l.getText()))
                    .findFirst().orElseThrow(() -> new AssertionError("no row " + name + " in " + rows())));
            robot.clickOn(cell);
            try {
                waitUntil(name + " in the editor", 3, () -> name.equals(((TextField) dialog.getDialogPane()
                        .lookup("#agentProfileNameField")).getText()));
                return;
            } catch (AssertionError e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private void replaceText(FxRobot robot, String id, String text) {
        robot.clickOn(id);
        robot.push(KeyCode.SHORTCUT, KeyCode.A);
        robot.push(KeyCode.BACK_SPACE);
        robot.write(text);
    }

    /** Replaces a field's text at once, as pasting would (typing a long path key by key takes seconds). */
    private void paste(FxRobot robot, String id, String text) {
        robot.clickOn(id);
        onFx(() -> {
            ((TextField) dialog.getDialogPane().lookup(id)).setText(text);
            return null;
        });
    }

    @Test
    void editsAProfileSavesItAndSeesItAfterReopening(FxRobot robot) throws Exception {
        open(robot);
        waitUntil("Claude Code found", 10, () -> row(0).equals("Claude Code | built in | ✓ 2.1.332 (Claude Code)"));
        waitUntil("Codex missing", 10, () -> row(2).equals("Codex | built in | ✗ not installed"));

        clickRow(robot, "Codex");
        String hint = text("#agentDetectionLabel");
        assertEquals("✗ Codex is not installed here: “codex” was not found on PATH. Install Codex: npm install -g @openai/codex.",
                hint, "a missing program says what is missing and how to install it");

        // the person installs Codex somewhere of their own and points the profile at it
        Path codex = fake(Files.createDirectories(home.resolve("my tools")).resolve("codex"), "echo 'codex-cli 0.46.0'");
        replaceText(robot, "#agentProfileNameField", "Codex (work)");
        paste(robot, "#agentExecutableField", codex.toString());
        robot.clickOn("#agentFirstRunArea");
        robot.push(KeyCode.SHORTCUT, KeyCode.END);
        robot.type(KeyCode.ENTER).write("--sandbox {permissionMode}");
        waitUntil("the typed program found", 10, () -> text("#agentDetectionLabel").equals("✓ codex-cli 0.46.0, at " + codex));
        waitUntil("marked unsaved", 5, () -> row(2).equals("Codex (work) | unsaved | ✓ codex-cli 0.46.0"));
        assertEquals(BuiltInProfiles.get(BuiltInProfiles.CODEX), profiles.find(BuiltInProfiles.CODEX).orElseThrow(),
                "nothing is stored before Save");

        robot.clickOn("#agentSaveButton");
        waitUntil("saved", 10, () -> text("#agentStateLabel").equals("Saved."));
        // the list repaints on the next pulse
        waitUntil("the row as saved", 5, () -> row(2).equals("Codex (work) | built in · changed | ✓ codex-cli 0.46.0"));
        AgentProfile stored = profiles.find(BuiltInProfiles.CODEX).orElseThrow();
        assertEquals("Codex (work)", stored.name());
        assertEquals(codex.toString(), stored.executable());
        assertEquals(List.of("exec --json", "--model {model}", "{prompt}", "--sandbox {permissionMode}"), stored.firstRun());

        // Cancel closes without undoing what Save wrote; reopening shows it
        robot.clickOn(onFx(() -> dialog.getDialogPane().lookupButton(ButtonType.CANCEL)));
        awaitGone(robot, "#preferencesDialog");
        open(robot);
        waitUntil("Codex as saved", 10, () -> row(2).equals("Codex (work) | built in · changed | ✓ codex-cli 0.46.0"));
        clickRow(robot, "Codex (work)");
        assertEquals(codex.toString(), text("#agentExecutableField"));
        assertTrue(text("#agentFirstRunArea").endsWith("\n--sandbox {permissionMode}"));
        assertFalse(onFx(() -> node("#agentResetButton").isDisabled()));

        // Reset brings the shipped profile back
        robot.clickOn("#agentResetButton");
        await(robot, "#resetAgentDialog");
        robot.clickOn(onFx(() -> find(robot, "#resetAgentDialog").orElseThrow().lookup(".button.danger")));
        waitUntil("reset", 10, () -> row(2).equals("Codex | built in | ✗ not installed"));
        assertEquals("codex", text("#agentExecutableField"));
        assertEquals(BuiltInProfiles.get(BuiltInProfiles.CODEX), profiles.find(BuiltInProfiles.CODEX).orElseThrow());
    }

    @Test
    void aRefusedSaveSaysWhyInlineUntilItIsFixed(FxRobot robot) {
        open(robot);
        clickRow(robot, "Claude Code");
        replaceText(robot, "#agentProfileNameField", "codex");
        robot.clickOn("#agentSaveButton");
        waitUntil("the problem shown", 5, () -> node("#agentProblemLabel").isVisible());
        assertEquals("Another profile is already called “Codex”: pick another name.", text("#agentProblemLabel"));

        replaceText(robot, "#agentProfileNameField", "Claude Code (mine)");
        waitUntil("the problem gone once fixed", 5, () -> !node("#agentProblemLabel").isVisible());
        robot.clickOn("#agentFollowUpArea").write(" {resume_id}");
        waitUntil("an unknown placeholder named", 5, () -> text("#agentProblemLabel").contains("uses {resume_id}, which Lanes does not fill"));

        // OK with a change that cannot be saved keeps the dialog open and says which profile
        robot.clickOn(onFx(() -> dialog.getDialogPane().lookupButton(ButtonType.OK)));
        waitUntil("OK refused", 5, () -> text("#agentProblemLabel").startsWith("“Claude Code (mine)” is not saved: follow-up line"));
        assertTrue(find(robot, "#preferencesDialog").isPresent());
        assertEquals(BuiltInProfiles.all(), profiles.effective(), "nothing was stored");

        // Revert drops the change; OK then closes
        robot.clickOn("#agentRevertButton");
        waitUntil("reverted", 5, () -> text("#agentProfileNameField").equals("Claude Code") && !node("#agentProblemLabel").isVisible());
        robot.clickOn(onFx(() -> dialog.getDialogPane().lookupButton(ButtonType.OK)));
        awaitGone(robot, "#preferencesDialog");
    }

    @Test
    void addsACustomProfileSavesItWithOkAndRemovesIt(FxRobot robot) throws Exception {
        Path agent = fake(bin.resolve("my-agent"), "echo 'my-agent 1.2.3'");
        open(robot);
        assertTrue(onFx(() -> node("#agentRemoveButton").isDisabled()), "built-ins cannot be removed");
        robot.clickOn("#agentAddButton");
        waitUntil("a new row", 5, () -> lastRow().startsWith("New agent | not saved"));
        assertEquals("New agent", text("#agentProfileNameField"));
        assertTrue(onFx(() -> !node("#agentResetButton").isVisible()), "custom profiles have no shipped version");
        robot.write("Reviewer");
        robot.clickOn("#agentExecutableField").write("my-agent");
        waitUntil("found on PATH", 10, () -> text("#agentDetectionLabel").equals("✓ my-agent 1.2.3, at " + agent));

        // OK saves what is not saved yet, then closes
        robot.clickOn(onFx(() -> dialog.getDialogPane().lookupButton(ButtonType.OK)));
        awaitGone(robot, "#preferencesDialog");
        List<AgentProfile> all = profiles.effective();
        AgentProfile mine = all.get(all.size() - 1);
        assertEquals("Reviewer", mine.name());
        assertEquals("my-agent", mine.executable());
        assertFalse(mine.builtIn());
        assertEquals(List.of("{prompt}"), mine.firstRun());

        open(robot);
        waitUntil("listed", 10, () -> lastRow().equals("Reviewer | custom | ✓ my-agent 1.2.3"));
        clickRow(robot, "Reviewer");
        robot.clickOn("#agentDuplicateButton");
        waitUntil("the copy", 10, () -> lastRow().equals("Reviewer (copy) | custom | ✓ my-agent 1.2.3"));
        assertEquals(BuiltInProfiles.all().size() + 2, profiles.effective().size());

        robot.clickOn("#agentRemoveButton");
        await(robot, "#removeAgentDialog");
        robot.clickOn(onFx(() -> find(robot, "#removeAgentDialog").orElseThrow().lookup(".button.danger")));
        waitUntil("removed", 10, () -> rows().size() == BuiltInProfiles.all().size() + 1);
        assertEquals(List.of("Reviewer"), profiles.effective().stream().filter(p -> !p.builtIn()).map(AgentProfile::name).toList());
        Button remove = node("#agentRemoveButton");
        assertFalse(onFx(remove::isDisabled), "the selection moved to the remaining custom profile");
    }
}
