package dev.lanes.ui.settings;

import dev.lanes.agent.AgentDetector;
import dev.lanes.agent.AgentProfiles;
import dev.lanes.agent.BuiltInProfiles;
import dev.lanes.settings.Settings;
import dev.lanes.settings.SettingsStore;
import dev.lanes.store.Store;
import dev.lanes.task.ExecutorTaskRunner;
import dev.lanes.ui.common.Themes;
import dev.lanes.ui.common.UiTasks;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * Opens Preferences on the Agents page over a throw-away store and a PATH with fake agents (Claude
 * Code and Aider installed, the rest missing): for looking at the page in a real window.
 *
 * <pre>java -cp … 'dev.lanes.ui.settings.AgentsPageDemo$Main' [light|dark] [index of the profile to select]</pre>
 */
public final class AgentsPageDemo extends Application {

    /** A plain main (not on the Application subclass), as {@code dev.lanes.Launcher} is, so the class path is enough. */
    public static final class Main {
        public static void main(String[] args) {
            Application.launch(AgentsPageDemo.class, args);
        }
    }

    @Override
    public void start(Stage stage) throws Exception {
        Path home = Files.createTempDirectory("lanes-demo");
        Path bin = Files.createDirectories(home.resolve("bin"));
        fake(bin, "claude", "echo '2.1.332 (Claude Code)'");
        fake(bin, "aider", "echo 'aider 0.86.1'");
        fake(bin, "sh", "exec /bin/sh \"$@\"");
        Store store = Store.open(home);
        AgentProfiles profiles = new AgentProfiles(store);
        profiles.duplicate(BuiltInProfiles.CLAUDE);
        AgentDetector detector = new AgentDetector(bin.toString(), null, false, home, Duration.ofSeconds(5));
        Settings.Theme theme = getParameters().getUnnamed().contains("dark") ? Settings.Theme.DARK : Settings.Theme.LIGHT;
        int select = getParameters().getUnnamed().stream().filter(a -> a.matches("\\d+")).map(Integer::parseInt)
                .findFirst().orElse(0);
        Scene scene = new Scene(new Label("Lanes"), 300, 200);
        Themes.apply(scene, theme);
        stage.setScene(scene);
        stage.setX(0);
        stage.setY(0);
        stage.show();
        Settings settings = new SettingsStore(home).settings();
        UiTasks tasks = new UiTasks(new ExecutorTaskRunner(3, Platform::runLater), (what, e) -> e.printStackTrace());
        AgentsPage page = new AgentsPage(profiles, detector, tasks);
        PreferencesDialog dialog = new PreferencesDialog(stage, settings, page).showingAgents();
        dialog.setX(20);
        dialog.setY(20);
        dialog.show();
        javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(1.5));
        later.setOnFinished(e -> {
            @SuppressWarnings("unchecked")
            ListView<Object> list = (ListView<Object>) dialog.getDialogPane().lookup("#agentProfileList");
            list.getSelectionModel().select(select);
            if (getParameters().getUnnamed().contains("problem")) {
                ((javafx.scene.control.TextField) dialog.getDialogPane().lookup("#agentProfileNameField")).setText("claude code");
                ((javafx.scene.control.TextArea) dialog.getDialogPane().lookup("#agentFollowUpArea")).appendText("\n--new-flag");
                ((javafx.scene.control.Button) dialog.getDialogPane().lookup("#agentSaveButton")).fire();
            }
            if (getParameters().getUnnamed().contains("add")) {
                ((javafx.scene.control.Button) dialog.getDialogPane().lookup("#agentAddButton")).fire();
            }
            if (getParameters().getUnnamed().contains("general")) {
                ((javafx.scene.control.TabPane) dialog.getDialogPane().lookup("#preferencesTabs")).getSelectionModel().select(0);
            }
        });
        later.play();
        page.activate();
    }

    private static void fake(Path bin, String name, String body) throws Exception {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
