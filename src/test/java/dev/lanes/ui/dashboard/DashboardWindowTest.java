package dev.lanes.ui.dashboard;

import dev.lanes.AppServices;
import dev.lanes.coordinate.UnifiedDiff;
import dev.lanes.model.SessionKind;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.FxTestSupport;
import dev.lanes.ui.main.MainWindow;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Paint;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.lanes.ui.FxTestSupport.await;
import static dev.lanes.ui.FxTestSupport.awaitGone;
import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in the real window over real repositories and worktrees: overlap and conflict markers, line
 * counts, the diff view, the merge dialog's warning, stored scopes across a restart, and a check after a session
 * ends without a manual refresh.
 */
@ExtendWith(ApplicationExtension.class)
class DashboardWindowTest {

    @TempDir
    static Path tmp;

    private Path home;
    private MainWindow window;
    private AppServices services;

    @Start
    void start(Stage stage) throws Exception {
        home = Files.createTempDirectory(tmp, "lanes-home");
        services = AppServices.open(home, Platform::runLater);
        window = MainWindow.create(stage, services);
        stage.setWidth(1200);
        stage.setHeight(720);
        stage.show();
    }

    @AfterEach
    void close() {
        closeWindow(window, services);
    }

    private static void closeWindow(MainWindow w, AppServices s) {
        if (w == null) {
            return;
        }
        onFx(() -> {
            w.controller().close();
            return null;
        });
        FxTestSupport.closeWindow(w);
        s.close();
    }

    /**
     * shared.txt changed by alpha (committed) and beta (not committed); gamma commits a change to other.txt
     * (+3 −1); then main changes shared.txt's line two as well: alpha's merge would conflict, gamma's would not.
     */
    private TestRepo threeLanes(String name) throws Exception {
        TestRepo repo = TestRepo.create(Files.createTempDirectory(tmp, "repos"), name);
        repo.write("shared.txt", "one\ntwo\nthree\n");
        repo.write("other.txt", "x\n");
        repo.commitAll("start");
        Path lanes = repo.root().resolveSibling(name + ".lanes");
        for (String lane : List.of("alpha", "beta", "gamma")) {
            repo.git("worktree", "add", "-q", "-b", lane, lanes.resolve(lane).toString());
        }
        Files.writeString(lanes.resolve("alpha/shared.txt"), "one\nTWO from alpha\nthree\n");
        TestRepo.gitIn(lanes.resolve("alpha"), "commit", "-qam", "alpha");
        Files.writeString(lanes.resolve("beta/shared.txt"), "one\ntwo from beta\nthree\n");
        Files.writeString(lanes.resolve("gamma/other.txt"), "y\nz\nw\n");
        TestRepo.gitIn(lanes.resolve("gamma"), "commit", "-qam", "gamma");
        repo.write("shared.txt", "one\ntwo on main\nthree\n");
        repo.commitAll("main moves");
        return repo;
    }

    private static Path lane(TestRepo repo, String name) {
        return repo.root().resolveSibling(repo.root().getFileName() + ".lanes").resolve(name);
    }

    private void open(MainWindow w, TestRepo repo) {
        onFx(() -> {
            w.controller().openRepository(repo.root(), true);
            return null;
        });
        waitUntil("the worktrees listed", 20, () -> w.controller().snapshotProperty().get() != null);
    }

    /** Lane name → "column: text" of each of its row's cells as shown (badges' texts for badge cells). */
    private static Map<String, Map<String, String>> shown(MainWindow w) {
        return onFx(() -> {
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            Node table = w.stage().getScene().lookup("#dashboardView .lane-table");
            if (table == null) {
                return out;
            }
            for (Node n : table.lookupAll(".table-row-cell")) {
                TableRow<?> row = (TableRow<?>) n;
                if (!(row.getItem() instanceof DashboardView.Slot slot)) {
                    continue;
                }
                LaneRow lane = slot.row();
                Map<String, String> cells = new LinkedHashMap<>();
                for (Node c : row.lookupAll(".table-cell")) {
                    TableCell<?, ?> cell = (TableCell<?, ?>) c;
                    String kind = cell.getStyleClass().stream().filter(s -> s.endsWith("-cell") && !s.equals("table-cell") && !s.equals("indexed-cell"))
                            .findFirst().orElse("?");
                    String text = cell.getText() != null ? cell.getText()
                            : cell.getGraphic() == null ? "" : String.join(" ", cell.getGraphic().lookupAll(".label").stream()
                            .map(l -> ((Label) l).getText()).filter(t -> t != null && !t.isEmpty()).toList());
                    String tip = cell.getTooltip() == null ? "" : " | " + cell.getTooltip().getText();
                    cells.put(kind, text + tip);
                }
                out.put(lane.name(), cells);
            }
            return out;
        });
    }

    /** Waits on the dashboard; on a time-out, says what it showed. */
    private void waitShown(String what, java.util.concurrent.Callable<Boolean> condition) {
        try {
            waitUntil(what, 30, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the dashboard showed " + shown(window), e);
        }
    }

    private static String cell(MainWindow w, String lane, String kind) {
        return shown(w).getOrDefault(lane, Map.of()).getOrDefault(kind, "");
    }

    @Test
    void everyLaneWithItsOverlapConflictChangesAndDiff(FxRobot robot) throws Exception {
        TestRepo repo = threeLanes("shop");
        open(window, repo);
        // alpha's tests ran and ended; gamma's build runs
        startSession("tests", lane(repo, "alpha"), "echo 148 passed");
        startSession("build", lane(repo, "gamma"), "echo building; sleep 120");
        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.D);
        waitUntil("the dashboard tab", 10, () -> window.stage().getScene().lookup("#dashboardView") != null);
        waitShown("the overlaps and the forecast", () -> cell(window, "alpha", "overlap-cell").contains("beta")
                && cell(window, "alpha", "conflict-cell").contains("✗")
                && cell(window, "gamma", "conflict-cell").contains("clean")
                && cell(window, "alpha", "status-cell").contains("exited")
                && cell(window, "gamma", "status-cell").contains("running"));
        Map<String, Map<String, String>> rows = shown(window);
        assertEquals(List.of("shop", "alpha", "beta", "gamma"), List.copyOf(rows.keySet()), rows.toString());
        // both lanes editing shared.txt are marked, each naming the other; gamma is not
        assertTrue(cell(window, "alpha", "overlap-cell").startsWith("⚠ shared.txt with beta"), rows.toString());
        assertTrue(cell(window, "beta", "overlap-cell").startsWith("⚠ shared.txt with alpha"), rows.toString());
        assertTrue(cell(window, "alpha", "overlap-cell").contains("shared.txt  —  beta"), "tooltip: " + rows);
        assertEquals("", cell(window, "gamma", "overlap-cell"), rows.toString());
        // alpha would conflict, gamma would merge cleanly
        assertTrue(cell(window, "alpha", "conflict-cell").startsWith("✗ 1 conflict"), rows.toString());
        assertTrue(cell(window, "alpha", "conflict-cell").contains("would conflict in 1 file: shared.txt"), rows.toString());
        assertFalse(cell(window, "gamma", "conflict-cell").contains("✗"), rows.toString());
        assertTrue(cell(window, "gamma", "conflict-cell").startsWith("✓ clean"), rows.toString());
        // +/− as git counts them: other.txt "x" → "y z w"
        assertTrue(cell(window, "gamma", "changes-cell").startsWith("1 file +3 −1"), rows.toString());
        assertTrue(cell(window, "alpha", "changes-cell").startsWith("1 file +1 −1"), rows.toString());
        assertTrue(cell(window, "gamma", "lane-cell").startsWith("gamma gamma"), rows.toString());
        assertTrue(cell(window, "gamma", "ahead-cell").startsWith("↑1 ↓1"), rows.toString());
        String summary = onFx(() -> ((Label) window.stage().getScene().lookup("#dashboardView .lanes-view-status")).getText());
        assertTrue(summary.startsWith("4 lanes"), summary);
        assertTrue(summary.contains("1 file changed in several lanes"), summary);
        assertTrue(summary.contains("1 lane would conflict with main"), summary);
        assertTrue(cell(window, "gamma", "agent-cell").startsWith("build"), rows.toString());
        assertTrue(cell(window, "beta", "status-cell").startsWith("no session"), rows.toString());
        assertTrue(cell(window, "gamma", "elapsed-cell").endsWith("s"), rows.toString());
        if (System.getProperty("lanes.screenshot") != null) {
            selectRow("alpha");
            FxTestSupport.snapshot(window.stage().getScene(), Path.of(System.getProperty("lanes.screenshot")));
            onFx(() -> {
                dev.lanes.ui.common.Themes.apply(window.stage().getScene(), dev.lanes.settings.Settings.Theme.DARK);
                return null;
            });
            FxTestSupport.snapshot(window.stage().getScene(), Path.of(System.getProperty("lanes.screenshot") + "-dark.png"));
            onFx(() -> {
                dev.lanes.ui.common.Themes.apply(window.stage().getScene(), dev.lanes.settings.Settings.Theme.LIGHT);
                return null;
            });
        }

        // Open: the lane's session tab; Stop: its running sessions
        selectRow("alpha");
        robot.clickOn("#laneOpenButton");
        waitUntil("alpha's session tab", 10, () -> "tests".equals(tabs().getSelectionModel().getSelectedItem().getText()));
        selectDashboard();
        selectRow("gamma");
        robot.clickOn("#laneStopButton");
        waitShown("gamma's build stopped", () -> cell(window, "gamma", "status-cell").contains("stopped"));

        // the row's Show Diff: a diff tab with coloured added and removed lines
        selectRow("gamma");
        robot.clickOn("#laneDiffButton");
        waitUntil("the diff", 20, () -> diffCells(".diff-added").stream().anyMatch(c -> "+y".equals(c.getText())));
        List<ListCell<?>> added = diffCells(".diff-added");
        List<ListCell<?>> removed = diffCells(".diff-removed");
        assertEquals(List.of("+y", "+z", "+w"), added.stream().map(ListCell::getText).toList());
        assertEquals(List.of("-x"), removed.stream().map(ListCell::getText).toList());
        assertTrue(diffCells(".diff-file").stream().anyMatch(c -> c.getText().equals("diff --git a/other.txt b/other.txt")));
        assertTrue(diffCells(".diff-hunk").stream().anyMatch(c -> c.getText().startsWith("@@ -1 +1,3 @@")));
        Paint addedBg = onFx(() -> background(added.get(0)));
        Paint removedBg = onFx(() -> background(removed.get(0)));
        Paint contextBg = onFx(() -> background(diffCells(".diff-meta").get(0)));
        assertNotNull(addedBg);
        assertNotEquals(addedBg, removedBg, "added and removed lines are coloured apart");
        assertNotEquals(addedBg, contextBg);
        if (System.getProperty("lanes.screenshot") != null) {
            FxTestSupport.snapshot(window.stage().getScene(), Path.of(System.getProperty("lanes.screenshot") + "-diff.png"));
        }
        String stats = onFx(() -> ((Label) window.stage().getScene().lookup("#diffView .lanes-view-status")).getText());
        assertTrue(stats.startsWith("1 file  +3 −1  against main at "), stats);

        // before a merge: the dialog lists alpha's file that beta changes too
        selectDashboard();
        selectRow("alpha");
        robot.clickOn("#laneMergeButton");
        Node shared = await(robot, "#sharedList");
        look(shared, "merge");
        assertEquals(List.of("shared.txt  —  also in beta"), onFx(() -> List.copyOf(((ListView<?>) shared).getItems())));
        String warning = FxTestSupport.labelText(await(robot, "#sharedWarning"));
        assertTrue(warning.startsWith("1 file of this lane is also changed in other lanes."), warning);
        robot.clickOn("Cancel");
        awaitGone(robot, "#mergeDialog");
    }

    /** With -Dlanes.screenshot=FILE, a picture of the window holding {@code n} beside it, to look at. */
    private static void look(Node n, String what) {
        String file = System.getProperty("lanes.screenshot");
        if (file != null) {
            FxTestSupport.snapshot(onFx(n::getScene), Path.of(file + "-" + what + ".png"));
        }
    }

    private void startSession(String name, Path folder, String command) {
        onFx(() -> {
            window.controller().sessionsUi().start(window.controller().repositoryProperty().get(), folder, name,
                    SessionKind.COMMAND, List.of("sh", "-c", command), false);
            return null;
        });
    }

    private void selectDashboard() {
        onFx(() -> {
            tabs().getSelectionModel().select(tabs().getTabs().stream()
                    .filter(t -> "dashboardTab".equals(t.getId())).findFirst().orElseThrow());
            return null;
        });
    }

    private TabPane tabs() {
        return (TabPane) window.stage().getScene().lookup("#sessionTabs");
    }

    private void selectRow(String name) {
        onFx(() -> {
            DashboardView v = window.controller().dashboardUi().dashboard();
            v.select(v.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().path());
            return null;
        });
    }

    private List<ListCell<?>> diffCells(String kind) {
        return onFx(() -> {
            Node list = window.stage().getScene().lookup("#diffView .diff-list");
            if (list == null) {
                return List.<ListCell<?>>of();
            }
            List<ListCell<?>> cells = new java.util.ArrayList<>();
            for (Node n : list.lookupAll(".list-cell" + kind)) {
                if (((ListCell<?>) n).getItem() != null) {
                    cells.add((ListCell<?>) n);
                }
            }
            cells.sort(java.util.Comparator.comparingInt(ListCell::getIndex));
            return cells;
        });
    }

    private static Paint background(Region r) {
        return r.getBackground() == null || r.getBackground().getFills().isEmpty() ? null
                : r.getBackground().getFills().get(r.getBackground().getFills().size() - 1).getFill();
    }

    @Test
    void aScopeSetInTheDialogIsKeptAndFlagsFilesOutsideItAfterARestart(FxRobot robot) throws Exception {
        TestRepo repo = threeLanes("store");
        open(window, repo);
        Path alpha = lane(repo, "alpha");
        onFx(() -> {
            window.controller().dashboardUi().openDashboard();
            window.controller().dashboardUi().setScope(alpha);
            return null;
        });
        TextArea area = (TextArea) await(robot, "#scopeDialog .scope-area");
        // a broken pattern is named and cannot be saved
        onFx(() -> {
            area.setText("src/auth/**\nsrc/[oops");
            return null;
        });
        Node error = await(robot, "#scopeDialog .problem");
        look(error, "scope");
        assertTrue(FxTestSupport.labelText(error).contains("src/[oops"), FxTestSupport.labelText(error));
        assertTrue(onFx(() -> robot.lookup("#saveScopeButton").query().isDisabled()));
        onFx(() -> {
            area.setText("src/auth/**\n\n");
            return null;
        });
        waitUntil("save enabled", 5, () -> !robot.lookup("#saveScopeButton").query().isDisabled());
        robot.clickOn("#saveScopeButton");
        awaitGone(robot, "#scopeDialog");
        waitShown("alpha flagged", () -> cell(window, "alpha", "overlap-cell").contains("⇲ 1 out of scope"));
        assertTrue(cell(window, "alpha", "overlap-cell").contains("Outside its scope:\nshared.txt"), shown(window).toString());
        assertFalse(cell(window, "gamma", "overlap-cell").contains("⇲"), "gamma has no scope");

        // Lanes restarts: a new store on the same data folder, a new window
        closeWindow(window, services);
        window = null;
        services = AppServices.open(home, Platform::runLater);
        AppServices reopened = services;
        assertEquals(Map.of(alpha, List.of("src/auth/**")), reopened.store().get().laneScopes(repo.root()));
        window = onFx(() -> {
            MainWindow w = MainWindow.create(new Stage(), reopened);
            w.stage().setWidth(1200);
            w.stage().setHeight(720);
            w.stage().show();
            return w;
        });
        open(window, repo);
        onFx(() -> {
            window.controller().dashboardUi().openDashboard();
            return null;
        });
        waitShown("alpha flagged after the restart", () -> cell(window, "alpha", "overlap-cell").contains("⇲ 1 out of scope"));
        // and in the tree
        waitUntil("the tree's badge", 10, () -> window.stage().getScene().getRoot().lookupAll(".badge.scope").stream()
                .anyMatch(b -> ((Label) b).getText().equals("⇲ 1 out of scope")));
    }

    @Test
    void aSessionEndingBringsANewCheckWithoutARefresh(FxRobot robot) throws Exception {
        TestRepo repo = TestRepo.create(Files.createTempDirectory(tmp, "repos"), "live");
        repo.write("shared.txt", "one\n");
        repo.commitAll("start");
        Path lanes = repo.root().resolveSibling("live.lanes");
        repo.git("worktree", "add", "-q", "-b", "alpha", lanes.resolve("alpha").toString());
        repo.git("worktree", "add", "-q", "-b", "beta", lanes.resolve("beta").toString());
        Files.writeString(lanes.resolve("beta/shared.txt"), "beta\n");
        open(window, repo);
        onFx(() -> {
            window.controller().dashboardUi().openDashboard();
            return null;
        });
        waitShown("the first check", () -> cell(window, "beta", "changes-cell").startsWith("1 file"));
        assertEquals("", cell(window, "alpha", "overlap-cell"));

        // a session in alpha edits shared.txt and ends; nobody presses refresh
        startSession("edit", lanes.resolve("alpha"), "printf 'alpha\\n' > shared.txt");
        waitShown("alpha's overlap after its session ended",
                () -> cell(window, "alpha", "overlap-cell").startsWith("⚠ shared.txt with beta"));
        assertTrue(cell(window, "beta", "overlap-cell").startsWith("⚠ shared.txt with alpha"), shown(window).toString());
        assertTrue(cell(window, "alpha", "status-cell").contains("exited"), shown(window).toString());
        assertTrue(cell(window, "alpha", "agent-cell").startsWith("edit"), shown(window).toString());

        // the session's tab carries the overlap marker, naming the file and the other lane
        Tab tab = onFx(() -> tabs().getTabs().stream().filter(t -> "edit".equals(t.getText())).findFirst().orElseThrow());
        waitUntil("the tab's marker", 10, () -> ((Label) tab.getGraphic()).getGraphic() != null);
        Label marker = onFx(() -> (Label) ((Label) tab.getGraphic()).getGraphic());
        assertEquals("⚠", onFx(marker::getText));
        String tip = onFx(() -> marker.getTooltip().getText());
        assertTrue(tip.contains("shared.txt  —  beta"), tip);
        assertTrue(onFx(() -> tab.getTooltip().getText()).contains("shared.txt  —  beta"));

        // Show Diff from the tree: select alpha's row, Ctrl+Shift+G
        Node alphaRow = onFx(() -> window.stage().getScene().getRoot().lookupAll(".worktree-cell.worktree").stream()
                .filter(c -> c.lookup(".name") instanceof Label l && "alpha".equals(l.getText())).findFirst().orElseThrow());
        robot.clickOn(alphaRow);
        waitUntil("alpha's row selected", 10, () -> onFx(() -> {
            javafx.scene.control.TreeView<?> tree = (javafx.scene.control.TreeView<?>) window.stage().getScene().lookup("#worktreeTree");
            Object item = tree.getSelectionModel().getSelectedItem();
            return item != null && ((javafx.scene.control.TreeItem<?>) item).getValue() instanceof dev.lanes.ui.main.TreeNode.WorktreeNode w
                    && w.path().endsWith("alpha") && tree.isFocused();
        }));
        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.G);
        waitUntil("alpha's diff", 20, () -> diffCells(".diff-added").stream().anyMatch(c -> "+alpha".equals(c.getText())));
        assertEquals("Diff · alpha", onFx(() -> tabs().getSelectionModel().getSelectedItem().getText()));
    }

    @Test
    void aLaneHoldingANamedResourceAndOneWaitingForItShowInTheirRows(FxRobot robot) throws Exception {
        TestRepo repo = TestRepo.create(Files.createTempDirectory(tmp, "repos"), "shared");
        Path lanes = repo.root().resolveSibling("shared.lanes");
        repo.git("worktree", "add", "-q", "-b", "alpha", lanes.resolve("alpha").toString());
        repo.git("worktree", "add", "-q", "-b", "beta", lanes.resolve("beta").toString());
        Path go = Files.createTempDirectory(tmp, "gate").resolve("go");
        open(window, repo);
        onFx(() -> {
            window.controller().dashboardUi().openDashboard();
            return null;
        });
        waitShown("the lanes", () -> !cell(window, "beta", "status-cell").isEmpty());
        onFx(() -> {
            var ui = window.controller().sessionsUi();
            var r = window.controller().repositoryProperty().get();
            ui.start(r, lanes.resolve("alpha"), "migrate", SessionKind.COMMAND,
                    List.of("sh", "-c", "while [ ! -e '" + go + "' ]; do sleep 0.05; done"), false, List.of("database"));
            return null;
        });
        waitShown("alpha holding the database", () -> cell(window, "alpha", "status-cell").contains("holds database"));
        onFx(() -> {
            window.controller().sessionsUi().start(window.controller().repositoryProperty().get(), lanes.resolve("beta"),
                    "tests", SessionKind.COMMAND, List.of("sh", "-c", "echo ran"), false, List.of("database"));
            return null;
        });
        waitShown("beta waiting for it", () -> cell(window, "beta", "status-cell").contains("waits for database, held by alpha"));
        Files.writeString(go, "");
        waitShown("beta ran once alpha ended", () -> cell(window, "beta", "status-cell").contains("exited")
                && !cell(window, "beta", "status-cell").contains("waits"));
        assertFalse(cell(window, "alpha", "status-cell").contains("holds"), shown(window).toString());
    }

    @Test
    void aLongDiffIsCutWithANote() {
        StringBuilder text = new StringBuilder("diff --git a/big.txt b/big.txt\nnew file mode 100644\n--- /dev/null\n+++ b/big.txt\n@@ -0,0 +1,30000 @@\n");
        for (int i = 0; i < 30_000; i++) {
            text.append('+').append(i).append('\n');
        }
        UnifiedDiff d = UnifiedDiff.parse("big", "main at 1234567", text.toString(), UnifiedDiff.LINE_LIMIT);
        assertEquals(UnifiedDiff.LINE_LIMIT, d.lines().size());
        assertEquals(30_005, d.cutAfter());
        assertEquals(30_000, d.added());
        DiffView view = onFx(() -> {
            DiffView v = new DiffView("Changes of big", () -> { });
            v.show(d);
            return v;
        });
        String note = onFx(() -> ((Label) view.lookup(".diff-note")).getText());
        assertTrue(note.startsWith("The diff has 30005 lines; the first 20000 are shown."), note);
        assertEquals(UnifiedDiff.LINE_LIMIT, onFx(() -> view.list().getItems().size()));
    }
}
