package dev.lanes.ui;

import dev.lanes.AppServices;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.main.MainWindow;
import javafx.application.Platform;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command of the menu bar, chosen once with a lane selected: none may throw on the FX thread (a dialog whose
 * FXML could not load once made two menu items do nothing but throw), and the commands that open a dialog open
 * one. The dialogs are closed again without their OK.
 */
@ExtendWith(ApplicationExtension.class)
class MenuItemsTest {

    /** Commands left out: they open the system's folder chooser, file manager or terminal, or quit. */
    private static final Set<String> SKIPPED = Set.of("openRepositoryMenuItem", "openFolderMenuItem",
            "openTerminalMenuItem", "quitMenuItem");

    /** Commands that must open a window of their own with a lane selected. */
    private static final Set<String> OPEN_A_WINDOW = Set.of("newWorktreeMenuItem", "mergeMenuItem", "removeWorktreeMenuItem",
            "newSessionMenuItem", "newAgentMenuItem", "newTaskMenuItem", "setScopeMenuItem", "reviewMenuItem",
            "investigateMenuItem", "pipelineMenuItem", "samePromptMenuItem", "preferencesMenuItem");

    @TempDir
    static Path tmp;

    private MainWindow window;
    private AppServices services;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        services = AppServices.open(Files.createTempDirectory(tmp, "lanes-home"), Platform::runLater);
        window = MainWindow.create(stage, services);
        stage.show();
    }

    @AfterEach
    void close() {
        FxTestSupport.closeWindow(window);
        services.close();
    }

    /** Commands of a lane's context menu in the tree, by text, that must open a window of their own. */
    private static final Set<String> LANE_MENU_OPENS_A_WINDOW = Set.of("Review…", "Merge…", "Remove…", "Set Scope…");
    private static final Set<String> LANE_MENU_SKIPPED = Set.of("Open Folder", "Open Terminal Here");

    private final List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());

    /** A repository with one lane, alpha, open in the window; what the FX thread throws is kept. */
    private Path openWithALane() throws Exception {
        TestRepo repo = TestRepo.create(Files.createTempDirectory(tmp, "repos"), "menus");
        Path lane = repo.root().resolveSibling("menus.lanes").resolve("alpha");
        repo.git("worktree", "add", "-q", "-b", "alpha", lane.toString());
        onFx(() -> {
            window.controller().openRepository(repo.root(), true);
            return null;
        });
        waitUntil("the lanes listed", 15, () -> onFx(() -> window.controller().snapshotProperty().get() != null
                && window.controller().snapshotProperty().get().worktrees().size() == 2));
        onFx(() -> {
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> thrown.add(e));
            return null;
        });
        return lane;
    }

    @Test
    void everyMenuCommandRunsWithoutAnErrorAndDialogsOpen() throws Exception {
        Path lane = openWithALane();
        List<MenuItem> items = onFx(() -> {
            List<MenuItem> all = new ArrayList<>();
            MenuBar bar = (MenuBar) stage.getScene().lookup(".menu-bar");
            bar.getMenus().forEach(m -> collect(m, all));
            return all;
        });
        assertTrue(items.size() > 25, "menu items found: " + items.size());
        List<String> problems = new ArrayList<>();
        for (MenuItem item : items) {
            String id = item.getId();
            if (id != null && !SKIPPED.contains(id)) {
                choose(item, id, OPEN_A_WINDOW.contains(id), lane, problems);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyCommandOfALanesContextMenuRunsWithoutAnError() throws Exception {
        Path lane = openWithALane();
        selectLane(lane);
        List<MenuItem> items = onFx(() -> {
            javafx.scene.control.Cell<?> row = stage.getScene().getRoot().lookupAll(".worktree-cell.worktree").stream()
                    .map(n -> (javafx.scene.control.Cell<?>) n)
                    .filter(c -> c.getItem() instanceof dev.lanes.ui.main.TreeNode.WorktreeNode w && w.path().endsWith("alpha"))
                    .findFirst().orElseThrow();
            return row.getContextMenu().getItems().stream().filter(i -> !(i instanceof javafx.scene.control.SeparatorMenuItem)).toList();
        });
        assertTrue(items.size() >= 8, "context menu items found: " + items.size());
        List<String> problems = new ArrayList<>();
        for (MenuItem item : items) {
            String text = item.getText();
            if (!LANE_MENU_SKIPPED.contains(text)) {
                choose(item, text, LANE_MENU_OPENS_A_WINDOW.contains(text), lane, problems);
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * Chooses {@code item} with the lane selected, closes what it opened, and adds to {@code problems} what went
     * wrong: thrown, an error shown, or no window where one was due.
     */
    private void choose(MenuItem item, String name, boolean opensAWindow, Path lane, List<String> problems) {
        selectLane(lane);
        Set<Window> before = Set.copyOf(onFx(() -> List.copyOf(Window.getWindows())));
        int errors = thrown.size();
        if (onFx(item::isDisable)) {
            if (opensAWindow) {
                problems.add(name + " is disabled with a lane selected");
            }
            return;
        }
        // fired later, not inside onFx: a dialog's showAndWait holds its caller until it closes
        Platform.runLater(item::fire);
        if (opensAWindow) {
            try {
                waitUntil(name + " to open its window", 10, () -> onFx(() -> newWindows(before).stream().anyMatch(Window::isShowing)));
            } catch (AssertionError e) {
                problems.add(name + " opened no window");
            }
        } else {
            onFx(() -> null); // the command has run
        }
        onFx(() -> {
            for (Window w : newWindows(before)) {
                // an error shown instead of the command's dialog is a failure too
                if (w.getScene() != null && w.getScene().getRoot() instanceof javafx.scene.control.DialogPane pane
                        && pane.getStyleClass().contains("error")) {
                    problems.add(name + " showed an error: " + pane.getHeaderText() + " " + pane.getContentText());
                }
                w.hide();
            }
            return null;
        });
        onFx(() -> null);
        if (thrown.size() > errors) {
            problems.add(name + " threw " + thrown.get(thrown.size() - 1));
        }
        if (item instanceof CheckMenuItem check && !"showTasksMenuItem".equals(name)) {
            Platform.runLater(check::fire); // the theme and the notes pane back as they were
            onFx(() -> null);
        }
    }

    private static void collect(Menu menu, List<MenuItem> into) {
        for (MenuItem i : menu.getItems()) {
            if (i instanceof Menu sub) {
                collect(sub, into);
            } else {
                into.add(i);
            }
        }
    }

    private static List<Window> newWindows(Set<Window> before) {
        return Window.getWindows().stream().filter(w -> !before.contains(w) && !(w instanceof javafx.stage.PopupWindow)).toList();
    }

    private void selectLane(Path lane) {
        onFx(() -> {
            stage.toFront();
            @SuppressWarnings("unchecked")
            TreeView<dev.lanes.ui.main.TreeNode> tree = (TreeView<dev.lanes.ui.main.TreeNode>) stage.getScene().lookup("#worktreeTree");
            for (TreeItem<dev.lanes.ui.main.TreeNode> item : tree.getRoot().getChildren()) {
                if (item.getValue().path().toAbsolutePath().normalize().equals(lane.toAbsolutePath().normalize())) {
                    tree.getSelectionModel().select(item);
                }
            }
            return null;
        });
    }
}
