package dev.lanes.ui;

import dev.lanes.AppServices;
import dev.lanes.model.RepositorySnapshot;
import dev.lanes.model.WorktreeView;
import dev.lanes.settings.SettingsStore;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.main.MainWindow;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
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
import java.util.Optional;

import static dev.lanes.ui.FxTestSupport.await;
import static dev.lanes.ui.FxTestSupport.awaitGone;
import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives the real main window over real git repositories, headless (Monocle). */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    @TempDir
    static Path tmp;

    private MainWindow window;
    private AppServices services;
    private TestRepo repo;

    @Start
    void start(Stage stage) throws Exception {
        Path home = Files.createTempDirectory(tmp, "lanes-home");
        services = AppServices.open(home, Platform::runLater);
        window = MainWindow.create(stage, services);
        stage.show();
        repo = TestRepo.create(Files.createTempDirectory(tmp, "repos"), "project");
    }

    @AfterEach
    void closeServices() {
        FxTestSupport.closeWindow(window);
        services.close();
    }

    private void openRepo() {
        onFx(() -> {
            window.controller().openRepository(repo.root(), true);
            return null;
        });
        waitUntil("the repository to load", 15, () -> window.controller().snapshotProperty().get() != null);
    }

    private TreeView<?> tree(FxRobot robot) {
        return robot.lookup("#worktreeTree").queryAs(TreeView.class);
    }

    private Optional<WorktreeView> lane(String branch) {
        RepositorySnapshot snap = onFx(() -> window.controller().snapshotProperty().get());
        return snap == null ? Optional.empty()
                : snap.worktrees().stream().filter(v -> branch.equals(v.worktree().branch())).findFirst();
    }

    private void select(FxRobot robot, String branch) {
        TreeView<?> tree = tree(robot);
        onFx(() -> {
            for (TreeItem<?> item : tree.getRoot().getChildren()) {
                if (item.getValue().toString().contains("branch=" + branch + ",")) {
                    @SuppressWarnings({"unchecked", "rawtypes"})
                    TreeView<Object> t = (TreeView) tree;
                    t.getSelectionModel().select((TreeItem) item);
                    tree.requestFocus();
                    return null;
                }
            }
            throw new AssertionError("no tree row for " + branch);
        });
    }

    /**
     * Clicks a button of this window's toolbar once it is laid out in the window: the toolbar takes
     * its buttons out and puts them back while it works out what overflows, and a lookup in that
     * moment found one with no scene.
     */
    private void clickToolbar(FxRobot robot, String id) {
        waitUntil(id + " in the window", 10, () -> onFx(() -> {
            javafx.scene.Node n = window.stage().getScene().lookup(id);
            return n != null && n.getScene() != null && n.isVisible();
        }));
        robot.clickOn(onFx(() -> window.stage().getScene().lookup(id)));
    }

    private void createThroughDialog(FxRobot robot, String branch) {
        clickToolbar(robot, "#newWorktreeButton");
        await(robot, "#newWorktreeDialog");
        robot.clickOn("#branchField").write(branch);
        robot.clickOn("#createWorktreeButton");
        awaitGone(robot, "#newWorktreeDialog");
    }

    @Test
    void opensARepositoryAndShowsItsWorktrees(FxRobot robot) {
        openRepo();
        waitUntil("main checkout row", 10, () -> tree(robot).getRoot() != null && tree(robot).getRoot().getChildren().size() == 1);
        assertTrue(onFx(() -> window.stage().getTitle()).contains("Lanes"));
        Label status = robot.lookup("#statusMessage").queryAs(Label.class);
        assertTrue(onFx(status::getText).startsWith("Opened "), onFx(status::getText));
        assertTrue(onFx(() -> robot.lookup("#mergeButton").queryAs(Button.class).isDisabled()),
                "merge needs a selected lane");
    }

    @Test
    void createMergeAndRemoveAWorktreeByClicking(FxRobot robot) throws Exception {
        openRepo();
        createThroughDialog(robot, "feature/ui-test");
        waitUntil("the new worktree in the tree", 15, () -> lane("feature/ui-test").isPresent());
        Path folder = lane("feature/ui-test").orElseThrow().worktree().path();
        assertTrue(Files.isRegularFile(folder.resolve("README.md")));
        assertEquals(2, onFx(() -> tree(robot).getRoot().getChildren().size()));

        repo.write(folder, "feature.txt", "from the lane\n").commitAll(folder, "lane work");
        robot.press(KeyCode.F5).release(KeyCode.F5);
        waitUntil("ahead count", 15, () -> lane("feature/ui-test").map(v -> v.status() != null && v.status().ahead() == 1).orElse(false));
        waitUntil("ahead badge", 10, () -> robot.lookup(".badge.ahead").tryQuery().isPresent());

        select(robot, "feature/ui-test");
        clickToolbar(robot, "#mergeButton");
        await(robot, "#mergeDialog");
        Node confirm = await(robot, "#confirmMergeButton");
        waitUntil("the merge preview", 15, () -> !confirm.isDisabled());
        robot.clickOn(confirm);
        await(robot, "#mergedDialog");
        assertTrue(Files.isRegularFile(repo.root().resolve("feature.txt")), "merge brought the file to main");
        robot.clickOn("Remove Worktree and Branch");
        waitUntil("the worktree to go", 15, () -> lane("feature/ui-test").isEmpty() && !Files.exists(folder));
        assertEquals(1, TestRepo.gitIn(repo.root(), "worktree", "list").lines().count());
        assertFalse(TestRepo.gitIn(repo.root(), "branch", "--list", "feature/ui-test").contains("feature"));
    }

    @Test
    void removingADirtyWorktreeListsTheFilesAndAsksAgain(FxRobot robot) throws Exception {
        openRepo();
        createThroughDialog(robot, "dirty-lane");
        waitUntil("the new worktree", 15, () -> lane("dirty-lane").isPresent());
        Path folder = lane("dirty-lane").orElseThrow().worktree().path();
        repo.write(folder, "unsaved work.txt", "precious");

        select(robot, "dirty-lane");
        clickToolbar(robot, "#removeWorktreeButton");
        await(robot, "#removeWorktreeDialog");
        robot.clickOn("#confirmRemoveButton");
        await(robot, "#forceRemoveDialog");
        ListView<?> files = (ListView<?>) await(robot, "#fileList");
        assertEquals("untracked  unsaved work.txt", onFx(() -> files.getItems().get(0).toString()));
        robot.clickOn("Keep Worktree");
        awaitGone(robot, "#forceRemoveDialog");
        assertEquals("precious", Files.readString(folder.resolve("unsaved work.txt")));

        select(robot, "dirty-lane");
        clickToolbar(robot, "#removeWorktreeButton");
        robot.clickOn("#confirmRemoveButton");
        await(robot, "#forceRemoveDialog");
        robot.clickOn("#forceRemoveButton");
        waitUntil("the dirty worktree to go", 15, () -> lane("dirty-lane").isEmpty() && !Files.exists(folder));
    }

    @Test
    void aBadBranchNameGetsAnErrorDialogAndTheValuesComeBack(FxRobot robot) {
        openRepo();
        createThroughDialog(robot, "bad..name");
        Node message = await(robot, "#errorMessage");
        assertTrue(FxTestSupport.labelText(message).contains("not a valid branch name"), FxTestSupport.labelText(message));
        robot.clickOn("Edit and Try Again");
        await(robot, "#newWorktreeDialog");
        TextField field = (TextField) await(robot, "#branchField");
        assertEquals("bad..name", onFx(field::getText));
        robot.clickOn("Cancel");
        awaitGone(robot, "#newWorktreeDialog");
        assertEquals(1, TestRepo.gitIn(repo.root(), "worktree", "list").lines().count());
    }

    @Test
    void aSetupCommandRunsInTheNewWorktreeWithItsOutputInATab(FxRobot robot) {
        openRepo();
        clickToolbar(robot, "#newWorktreeButton");
        await(robot, "#newWorktreeDialog");
        robot.clickOn("#branchField").write("with-setup");
        robot.clickOn("#setupField").write("echo setup-ran-in $(basename \"$PWD\") && touch setup.marker");
        robot.clickOn("#createWorktreeButton");
        javafx.scene.control.TabPane tabs = robot.lookup("#sessionTabs").queryAs(javafx.scene.control.TabPane.class);
        waitUntil("the setup tab", 15, () -> tabs.getTabs().stream().anyMatch(t -> t.getText().equals("Setup · with-setup")));
        javafx.scene.control.Tab tab = onFx(() -> tabs.getTabs().get(0));
        waitUntil("setup output and its end", 15, () -> {
            dev.lanes.ui.console.ConsoleView console = (dev.lanes.ui.console.ConsoleView) tab.getContent().lookup(".console-view");
            return console != null && console.getText().contains("setup-ran-in with-setup")
                    && "✓".equals(((javafx.scene.control.Label) tab.getGraphic()).getText());
        });
        Path folder = lane("with-setup").orElseThrow().worktree().path();
        assertTrue(Files.exists(folder.resolve("setup.marker")));
        assertEquals("Setup · with-setup", services.sessions().sessions(repo.root()).get(0).name());
    }

    @Test
    void preferencesByShortcutMoveNewWorktreesAndSwitchTheTheme(FxRobot robot) {
        openRepo();
        Path root = tmp.resolve("all lanes ✓");
        robot.push(KeyCode.SHORTCUT, KeyCode.COMMA);
        await(robot, "#preferencesDialog");
        robot.clickOn("#worktreesRootField").write(root.toString());
        robot.clickOn("#darkThemeCheck");
        robot.clickOn("OK");
        awaitGone(robot, "#preferencesDialog");
        assertTrue(onFx(() -> window.stage().getScene().getStylesheets().stream().anyMatch(css -> css.endsWith("dark.css"))));
        assertEquals(root, services.settingsStore().settings().worktreesRoot().orElseThrow());

        robot.push(KeyCode.SHORTCUT, KeyCode.N);
        await(robot, "#newWorktreeDialog");
        robot.clickOn("#branchField").write("fix/on-root");
        TextField folder = (TextField) await(robot, "#folderField");
        assertEquals(root.resolve("project").resolve("fix-on-root").toString(), onFx(folder::getText));
        robot.clickOn("#createWorktreeButton");
        awaitGone(robot, "#newWorktreeDialog");
        waitUntil("the worktree under the chosen root", 15, () -> lane("fix/on-root").isPresent());
        assertTrue(Files.isDirectory(root.resolve("project").resolve("fix-on-root")));
    }

    @Test
    void preferencesHaveAnAgentsPageWithEveryProfile(FxRobot robot) {
        robot.push(KeyCode.SHORTCUT, KeyCode.COMMA);
        await(robot, "#preferencesDialog");
        robot.clickOn("Agents");
        ListView<?> list = (ListView<?>) await(robot, "#agentProfileList");
        waitUntil("the profiles listed", 10, () -> list.getItems().size() == dev.lanes.agent.BuiltInProfiles.all().size());
        // each is checked on this machine's PATH, off the FX thread; whatever is installed, every check ends
        waitUntil("every program checked", 20, () -> list.lookupAll(".agent-status").stream()
                .noneMatch(n -> ((Label) n).getText().startsWith("checking")));
        robot.clickOn("Cancel");
        awaitGone(robot, "#preferencesDialog");
    }

    @Test
    void windowGeometryIsRememberedWhenTheWindowCloses(FxRobot robot) {
        onFx(() -> {
            window.stage().setX(40);
            window.stage().setY(30);
            window.stage().setWidth(1000);
            window.stage().setHeight(700);
            window.stage().hide();
            return null;
        });
        var bounds = services.settingsStore().settings().windowBounds().orElseThrow();
        assertEquals(new dev.lanes.settings.Settings.WindowBounds(40, 30, 1000, 700, false), bounds);
        services.settingsStore().flush();
        assertEquals(bounds, new SettingsStore(services.dataHome()).settings().windowBounds().orElseThrow());
    }
}
