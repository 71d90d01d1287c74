package dev.lanes.ui;

import dev.lanes.AppServices;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.SessionStatus;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.console.ConsoleView;
import dev.lanes.ui.main.MainWindow;
import dev.lanes.ui.terminal.TerminalView;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
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
import java.util.Optional;

import static dev.lanes.ui.FxTestSupport.await;
import static dev.lanes.ui.FxTestSupport.awaitGone;
import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions, tasks and terminals through the real window, on real processes and a real store. */
@ExtendWith(ApplicationExtension.class)
class SessionsWindowTest {

    @TempDir
    static Path tmp;

    private Path home;
    private MainWindow window;
    private AppServices services;
    private TestRepo repo;

    @Start
    void start(Stage stage) throws Exception {
        home = Files.createTempDirectory(tmp, "lanes-home");
        services = services(home);
        window = MainWindow.create(stage, services);
        stage.show();
        repo = TestRepo.create(Files.createTempDirectory(tmp, "repos"), "project");
    }

    private static AppServices services(Path home) {
        return AppServices.open(home, Platform::runLater);
    }

    @AfterEach
    void closeServices() {
        FxTestSupport.closeWindow(window);
        services.close();
    }

    private void openRepo(MainWindow w) {
        onFx(() -> {
            w.controller().openRepository(repo.root(), true);
            return null;
        });
        waitUntil("the repository to load", 15, () -> w.controller().snapshotProperty().get() != null
                && w.controller().snapshotProperty().get().worktrees().get(0).status() != null);
    }

    private TabPane tabs(MainWindow w) {
        return (TabPane) w.stage().getScene().lookup("#sessionTabs");
    }

    private Optional<Tab> tab(MainWindow w, String name) {
        return onFx(() -> tabs(w).getTabs().stream().filter(t -> name.equals(t.getText())).findFirst());
    }

    private String consoleText(Tab t) {
        return onFx(() -> {
            Node n = t.getContent().lookup("#consoleArea");
            ConsoleView console = (ConsoleView) t.getContent().lookup(".console-view");
            return console == null ? (n == null ? "" : n.toString()) : console.getText();
        });
    }

    private List<SessionRecord> stored() {
        return services.sessions().sessions(repo.root());
    }

    private void startThroughDialog(FxRobot robot, String command, boolean terminal, boolean background) {
        robot.push(KeyCode.SHORTCUT, KeyCode.T);
        await(robot, "#newSessionDialog");
        robot.clickOn("#commandField").write(command);
        if (terminal) {
            robot.clickOn("#terminalRadio");
        }
        if (background) {
            robot.clickOn("#backgroundCheck");
        }
        robot.clickOn("#startSessionButton");
        awaitGone(robot, "#newSessionDialog");
    }

    @Test
    void aSessionShowsColouredOutputTakesInputAndGoesToTheBackgroundAndBack(FxRobot robot) {
        openRepo(window);
        startThroughDialog(robot, "printf '\\033[32mgreen\\033[0m\\n'; read line; echo \"got $line\"", false, false);
        waitUntil("a session tab", 15, () -> tab(window, "printf '\\033[32mgreen\\033[0m\\n';").isPresent()
                || tabs(window).getTabs().size() == 1);
        Tab t = onFx(() -> tabs(window).getTabs().get(0));
        waitUntil("green output", 15, () -> consoleText(t).contains("green"));
        assertTrue(!consoleText(t).contains("\u001b"), "escape sequences are rendered, not shown");

        robot.clickOn("#sessionInput").write("hello");
        robot.push(KeyCode.ENTER);
        waitUntil("the reply", 15, () -> consoleText(t).contains("got hello"));
        waitUntil("the session to end", 15, () -> stored().get(0).status() == SessionStatus.EXITED);
        waitUntil("the tab's glyph", 10, () -> "✓".equals(((Label) t.getGraphic()).getText()));
        waitUntil("the session in the tree", 10, () -> robot.lookup(".worktree-cell.session").tryQuery().isPresent());

        robot.push(KeyCode.SHORTCUT, KeyCode.B);
        waitUntil("the tab to go to the Tasks panel", 15, () -> tabs(window).getTabs().isEmpty()
                && ((TableView<?>) window.stage().getScene().lookup("#tasksTable")).getItems().size() == 1);
        assertTrue(stored().get(0).background());

        TableView<?> table = (TableView<?>) window.stage().getScene().lookup("#tasksTable");
        Node row = robot.lookup("#tasksTable .table-row-cell").nth(0).query();
        robot.doubleClickOn(row, MouseButton.PRIMARY);
        waitUntil("the tab to come back", 15, () -> tabs(window).getTabs().size() == 1 && table.getItems().isEmpty());
        Tab back = onFx(() -> tabs(window).getTabs().get(0));
        waitUntil("its whole output", 15, () -> consoleText(back).contains("green") && consoleText(back).contains("got hello"));
    }

    @Test
    void aTaskHoldingAResourceMakesTheNextOneWaitItsTurn(FxRobot robot) throws Exception {
        openRepo(window);
        Path go = repo.root().resolve("go");
        robot.push(KeyCode.SHORTCUT, KeyCode.T);
        await(robot, "#newSessionDialog");
        robot.clickOn("#commandField").write("while [ ! -f go ]; do sleep 0.05; done; echo first-done");
        robot.clickOn("#backgroundCheck");
        robot.clickOn("#resourcesField").write("x".repeat(70));
        Label hint = robot.lookup("#resourcesHint").queryAs(Label.class);
        waitUntil("the problem said", 5, () -> onFx(hint::getText).contains("at most 64 characters"));
        assertTrue(robot.lookup("#startSessionButton").query().isDisabled(), "Start waits for a valid name");
        onFx(() -> {
            ((javafx.scene.control.TextField) robot.lookup("#resourcesField").query()).setText("database");
            return null;
        });
        waitUntil("Start enabled", 5, () -> !robot.lookup("#startSessionButton").query().isDisabled());
        robot.clickOn("#startSessionButton");
        awaitGone(robot, "#newSessionDialog");
        waitUntil("the first to run", 15, () -> stored().size() == 1 && stored().get(0).status() == SessionStatus.RUNNING);

        robot.push(KeyCode.SHORTCUT, KeyCode.T);
        await(robot, "#newSessionDialog");
        robot.clickOn("#commandField").write("echo second-ran");
        robot.clickOn("#backgroundCheck");
        robot.clickOn("#resourcesField").write("Database");
        robot.clickOn("#startSessionButton");
        awaitGone(robot, "#newSessionDialog");
        waitUntil("the second task's row", 15, () -> stored().size() == 2);
        SessionRecord second = stored().stream().filter(r -> r.name().startsWith("echo")).findFirst().orElseThrow();
        assertEquals(List.of("Database"), services.sessions().resourcesOf(second.id()));
        waitUntil("the second to say it waits", 15, () -> robot.lookup("#tasksTable .table-row-cell").queryAll().stream()
                .flatMap(r -> r.lookupAll(".table-cell").stream())
                .map(c -> ((javafx.scene.control.Labeled) c).getText())
                .anyMatch(t -> t != null && t.startsWith("Waiting for the resource “database”, held by “")));
        assertEquals(SessionStatus.STARTING, services.sessions().session(second.id()).orElseThrow().status());
        waitUntil("the tree to say it waits", 10, () -> robot.lookup(".worktree-cell.session .branch").queryAll().stream()
                .anyMatch(n -> ((Label) n).getText().startsWith("waiting for database")));

        Files.writeString(go, "");
        waitUntil("the second to run once the first ended", 15,
                () -> services.sessions().session(second.id()).orElseThrow().status() == SessionStatus.EXITED);
        assertTrue(Files.readString(second.logFile()).contains("second-ran"));
    }

    @Test
    void aBackgroundTaskIsListedWithItsExitCodeAndLastLine(FxRobot robot) {
        openRepo(window);
        startThroughDialog(robot, "echo compiling; echo 'tests failed: 2'; exit 3", false, true);
        TableView<?> table = (TableView<?>) window.stage().getScene().lookup("#tasksTable");
        waitUntil("the task row", 15, () -> table.getItems().size() == 1);
        waitUntil("the task to fail", 15, () -> stored().get(0).status() == SessionStatus.FAILED);
        assertEquals(3, stored().get(0).exitCode());
        waitUntil("exit code and last line in the row", 10,
                () -> robot.lookup("#tasksTable .table-row-cell").queryAll().stream().findFirst()
                        .map(r -> r.lookupAll(".table-cell").stream().map(c -> ((javafx.scene.control.Labeled) c).getText())
                                .filter(s -> s != null).toList())
                        .map(cells -> cells.contains("3") && cells.contains("tests failed: 2")).orElse(false));
        Label status = (Label) window.stage().getScene().lookup("#statusMessage");
        assertTrue(onFx(status::getText).contains("failed (exit 3)"), onFx(status::getText));
        assertTrue(onFx(() -> tabs(window).getTabs().isEmpty()), "a task is not a tab");
    }

    @Test
    void sessionsComeBackAfterARestartWithTheirOutput(FxRobot robot) throws Exception {
        openRepo(window);
        startThroughDialog(robot, "echo 'remember me'", false, false);
        waitUntil("the session to end", 15, () -> !stored().isEmpty() && stored().get(0).status() == SessionStatus.EXITED);
        onFx(() -> {
            window.stage().hide();
            return null;
        });
        services.close();

        services = services(home);
        window = onFx(() -> {
            MainWindow next = MainWindow.create(new Stage(), services);
            next.stage().show();
            return next;
        });
        openRepo(window);
        waitUntil("the restored tab", 15, () -> tabs(window).getTabs().size() == 1);
        Tab t = onFx(() -> tabs(window).getTabs().get(0));
        waitUntil("its output", 15, () -> consoleText(t).contains("remember me"));
        assertEquals("✓", onFx(() -> ((Label) t.getGraphic()).getText()));
    }

    @Test
    void aTerminalSessionRunsAnInteractiveShell(FxRobot robot) {
        openRepo(window);
        startThroughDialog(robot, "bash --norc --noprofile", true, false);
        waitUntil("a terminal", 15, () -> window.stage().getScene().lookup(".terminal-view") != null
                || tabs(window).getTabs().stream().anyMatch(t -> t.getContent() != null
                && ((javafx.scene.layout.BorderPane) t.getContent()).getCenter() instanceof TerminalView));
        TerminalView view = onFx(() -> (TerminalView) ((javafx.scene.layout.BorderPane) tabs(window).getTabs().get(0).getContent()).getCenter());
        waitUntil("a prompt", 15, () -> !view.text().isBlank());
        robot.clickOn(view);
        robot.write("echo typed-$((2+3))");
        robot.push(KeyCode.ENTER);
        waitUntil("the echo", 15, () -> view.text().contains("typed-5"));
        assertEquals(SessionStatus.RUNNING, stored().get(0).status());
        robot.write("exit 4");
        robot.push(KeyCode.ENTER);
        waitUntil("the shell to end", 15, () -> stored().get(0).status() == SessionStatus.FAILED);
        assertEquals(4, stored().get(0).exitCode());
    }

    @Test
    void processesLeftByACrashedLanesAreOfferedForEnding(FxRobot robot) throws Exception {
        Path worktree = Files.createDirectories(tmp.resolve("crash-worktree"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                dev.lanes.session.CrashChild.class.getName(), home.toString(), worktree.toString())
                .redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("READY"));
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        List<SessionRecord> left = services.store().liveSessions();
        assertEquals(2, left.size());
        onFx(() -> {
            window.controller().sessionsUi().recoverLastRun();
            return null;
        });
        javafx.scene.control.ListView<?> list = (javafx.scene.control.ListView<?>) await(robot, "#survivorsDialog #fileList");
        assertEquals(2, onFx(() -> list.getItems().size()));
        robot.clickOn("#endSurvivorsButton");
        for (SessionRecord s : left) {
            waitUntil("pid " + s.pid() + " to end", 15, () -> ProcessHandle.of(s.pid()).map(h -> !h.isAlive()).orElse(true));
        }
        assertTrue(services.store().liveSessions().isEmpty());
        Label status = (Label) window.stage().getScene().lookup("#statusMessage");
        waitUntil("the status line", 10, () -> status.getText().startsWith("Ended 2 processes"));
    }
}
