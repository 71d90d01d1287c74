package dev.lanes.ui.fanout;

import dev.lanes.AppServices;
import dev.lanes.fanout.FanoutRunInfo;
import dev.lanes.fanout.ItemState;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.FxTestSupport;
import dev.lanes.ui.main.MainWindow;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fan-out through the real window: files dropped onto the view (a file list, then a text/uri-list,
 * on the toolkit's own dragboard), a command per file with start-small and a verification,
 * the run tab's results; then Lanes closing mid-run and a new window resuming the run without
 * rerunning what finished. Real repository, real processes, real store.
 */
@ExtendWith(ApplicationExtension.class)
@DisabledOnOs(OS.WINDOWS)
class FanoutWindowTest {

    @TempDir
    static Path tmp;

    private Stage stage;
    private Path home;
    private MainWindow window;
    private AppServices services;
    private TestRepo repo;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        home = Files.createTempDirectory(tmp, "lanes-home");
        services = AppServices.open(home, Platform::runLater);
        window = MainWindow.create(stage, services);
        place(stage);
        stage.show();
        repo = TestRepo.create(Files.createTempDirectory(tmp, "repos"), "project");
    }

    /** Lanes quits: the window's engines stop their items, the services close. */
    private void quit() {
        onFx(() -> {
            window.controller().fanoutUi().close();
            return null;
        });
        FxTestSupport.closeWindow(window);
        services.close();
    }

    /** Lanes starts again on the same data folder and opens the repository. */
    private void start() {
        services = AppServices.open(home, Platform::runLater);
        window = onFx(() -> MainWindow.create(stage, services));
        onFx(() -> {
            place(stage);
            stage.show();
            return null;
        });
        openRepo();
    }

    /** Fan-out… for the selected worktree: its set-up tab. */
    private FanoutSetupView openFanout() {
        onFx(() -> {
            window.controller().newFanout();
            return null;
        });
        waitUntil("the fan-out tab", 10, () -> selectedContent() instanceof FanoutSetupView);
        return (FanoutSetupView) selectedContent();
    }

    /**
     * A window big enough for the whole view, on screen: TestFX hands every test class the same
     * stage, and an earlier class may have left it small (a drop aimed outside it goes nowhere).
     */
    private static void place(Stage stage) {
        stage.setMaximized(false);
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1200);
        stage.setHeight(800);
    }

    @AfterEach
    void close() {
        onFx(() -> {
            window.controller().fanoutUi().close();
            return null;
        });
        FxTestSupport.closeWindow(window);
        services.close();
    }

    private void openRepo() {
        onFx(() -> {
            window.controller().openRepository(repo.root(), true);
            return null;
        });
        waitUntil("the repository to load", 15, () -> window.controller().snapshotProperty().get() != null
                && window.controller().snapshotProperty().get().worktrees().get(0).status() != null);
    }

    private TabPane tabs() {
        return (TabPane) window.stage().getScene().lookup("#sessionTabs");
    }

    private Node selectedContent() {
        return onFx(() -> tabs().getSelectionModel().getSelectedItem().getContent());
    }

    private <T extends Node> T in(Node root, String id) {
        @SuppressWarnings("unchecked")
        T n = (T) onFx(() -> root.lookup(id));
        return n;
    }

    private String text(Node root, String id) {
        return onFx(() -> {
            Node n = root.lookup(id);
            return n instanceof Label l ? l.getText() : n instanceof TextArea a ? a.getText() : ((TextField) n).getText();
        });
    }

    /**
     * Drops {@code content} onto {@code target} as a file manager's drag ends there: a DRAG_OVER the
     * target must accept, then a DRAG_DROPPED, both carrying a real {@link javafx.scene.input.Dragboard}
     * (the toolkit's own, holding the flavours a file manager puts on it). Fired as events rather than
     * driven through the glass robot: Monocle keeps drag state across test classes (an earlier
     * class's mouse drag leaves a drop with no target).
     *
     * @return whether the view said the drop completed
     */
    private boolean drop(Node target, ClipboardContent content) {
        return onFx(() -> {
            javafx.scene.input.Dragboard board = com.sun.javafx.scene.input.DragboardHelper.createDragboard(new DropBoard());
            board.setContent(content);
            javafx.geometry.Bounds local = target.getBoundsInLocal();
            javafx.geometry.Point2D scene = target.localToScene(local.getCenterX(), local.getCenterY());
            javafx.geometry.Point2D screen = target.localToScreen(local.getCenterX(), local.getCenterY());
            javafx.scene.input.PickResult pick = new javafx.scene.input.PickResult(target, scene.getX(), scene.getY());
            javafx.scene.input.DragEvent over = new javafx.scene.input.DragEvent(target, target,
                    javafx.scene.input.DragEvent.DRAG_OVER, board, scene.getX(), scene.getY(), screen.getX(), screen.getY(),
                    TransferMode.COPY, null, null, pick);
            javafx.event.Event.fireEvent(target, over);
            if (over.getAcceptedTransferMode() != TransferMode.COPY) {
                throw new AssertionError("the view did not accept the drag: " + over.getAcceptedTransferMode());
            }
            javafx.scene.input.DragEvent dropped = new javafx.scene.input.DragEvent(target, target,
                    javafx.scene.input.DragEvent.DRAG_DROPPED, board, scene.getX(), scene.getY(), screen.getX(), screen.getY(),
                    TransferMode.COPY, null, target, pick);
            javafx.event.Event.fireEvent(target, dropped);
            return dropped.isDropCompleted();
        });
    }

    @Test
    void filesDroppedOntoTheViewRunACommandEachWithStartSmallAndVerification(FxRobot robot) throws Exception {
        List<String> names = List.of("src/A.txt", "src/B.txt", "src/a'; rm -rf ~; '.txt", "src/$(touch pwned).txt",
                "src/ünï cödé.txt", "notes/extra $(x).txt");
        for (String n : names) {
            repo.write(n, "old value\n");
        }
        repo.write("docs/readme.md", "old value\n");
        repo.commitAll("files");
        Path outside = Files.writeString(Files.createTempDirectory(tmp, "elsewhere").resolve("outside.txt"), "old value\n");
        openRepo();

        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.F);
        waitUntil("the fan-out tab", 10, () -> selectedContent() instanceof FanoutSetupView);
        Node setup = selectedContent();
        ListView<?> list = in(setup, "#itemsList");

        // drop the src folder (filtered to *.txt), a doc and a file outside the repository onto the list
        robot.clickOn((Node) in(setup, "#folderFilterField")).write("*.txt");
        ClipboardContent files = new ClipboardContent();
        files.putFiles(List.of(repo.root().resolve("src").toFile(), repo.root().resolve("docs/readme.md").toFile(),
                outside.toFile()));
        assertTrue(drop(list, files), "the file list drop completed");
        try {
            waitUntil("the drop added the files", 15, () -> onFx(() -> list.getItems().size()) == 6);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the list: " + onFx(() -> List.copyOf(list.getItems()))
                    + "; notes: " + text(setup, "#notesLabel"), e);
        }
        assertEquals("6 files", text(setup, "#countLabel"));
        String notes = text(setup, "#notesLabel");
        assertTrue(notes.contains("outside"), "the outside file is refused with the reason: " + notes);
        // then a text/uri-list (as some file managers and browsers give): a percent-encoded name, and a duplicate
        ClipboardContent uris = new ClipboardContent();
        uris.put(FanoutSetupView.URI_LIST, "# dragged\r\n" + repo.root().resolve("notes").toUri() + "extra%20%24%28x%29.txt\r\n"
                + repo.root().resolve("src/A.txt").toUri() + "\r\n");
        assertTrue(drop(list, uris), "the uri-list drop completed");
        waitUntil("the uri-list added one", 15, () -> onFx(() -> list.getItems().size()) == 7);
        assertTrue(text(setup, "#notesLabel").contains("1 was already in the list") || text(setup, "#notesLabel").contains("already"),
                text(setup, "#notesLabel"));
        assertEquals("7 files", text(setup, "#countLabel"));

        // a sed per file, verified
        robot.clickOn((Node) in(setup, "#commandRadio"));
        robot.clickOn((Node) in(setup, "#commandField")).write("sed -i s/old/new/ {file}");
        robot.clickOn((Node) in(setup, "#verifyField")).write("grep -q new {file}");
        onFx(() -> {
            ((javafx.scene.control.Spinner<?>) setup.lookup("#concurrencySpinner")).getValueFactory().setValue(cast(2));
            ((javafx.scene.control.Spinner<?>) setup.lookup("#startSmallSpinner")).getValueFactory().setValue(cast(2));
            return null;
        });
        String first = onFx(() -> ((FanoutSetupView) setup).entries().get(0).path());
        waitUntil("the preview", 5, () -> text(setup, "#previewArea").startsWith(" 0  sed\n 1  -i\n 2  s/old/new/\n 3  " + first + "\n"));
        assertTrue(text(setup, "#previewArea").contains("then verify:\n 0  grep\n 1  -q\n 2  new\n 3  " + first));
        String setupShot = System.getProperty("lanes.shot.setup");
        if (setupShot != null) { // -Dlanes.shot.setup=FILE.png: the set-up tab, to look at
            FxTestSupport.snapshot(stage.getScene(), Path.of(setupShot));
        }
        Button run = in(setup, "#runButton");
        assertEquals("Run 7 Items", onFx(run::getText));
        robot.clickOn(run);

        waitUntil("the run tab", 15, () -> selectedContent() instanceof FanoutRunView);
        FanoutRunView view = (FanoutRunView) selectedContent();
        waitUntil("the pause after 2", 30, () -> onFx(() -> in(view, "#continueButton").isVisible()));
        assertEquals(2, onFx(() -> view.rows().stream().filter(r -> r.item().state() == ItemState.PASSED).count()));
        assertEquals(5, onFx(() -> view.rows().stream().filter(r -> r.item().state() == ItemState.QUEUED).count()));
        robot.clickOn((Node) in(view, "#continueButton"));
        waitUntil("the end", 30, () -> onFx(() -> in(view, "#summaryLabel").isVisible()));
        assertTrue(text(view, "#summaryLabel").startsWith("✓ Done: all 7 passed"), text(view, "#summaryLabel"));
        for (String n : names) {
            assertEquals("new value\n", Files.readString(repo.root().resolve(n)), n + " edited");
        }
        assertEquals("old value\n", Files.readString(outside), "the file outside was left alone");
        try (Stream<Path> s = Files.walk(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().equals("pwned")).toList());
        }
        waitUntil("changes counted", 10, () -> onFx(() -> view.rows().stream().allMatch(r -> r.changesProperty().get().equals("+1 −1"))));

        // the diff of an item
        robot.clickOn(robot.lookup(".item-diff-link").nth(0).queryAs(Node.class));
        Node diff = FxTestSupport.await(robot, "#fanoutDiffDialog");
        assertTrue(onFx(() -> ((TextArea) diff.lookup(".text-area")).getText()).contains("+new value"));
        onFx(() -> {
            diff.getScene().getWindow().hide();
            return null;
        });

        List<FanoutRunInfo> runs = services.store().get().fanoutRuns(repo.root().toString(), 10);
        assertEquals(1, runs.size());
        assertEquals(7, runs.get(0).count(ItemState.PASSED));
        String shot = System.getProperty("lanes.shot");
        if (shot != null) {
            FxTestSupport.snapshot(stage.getScene(), Path.of(shot));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    @Test
    void aRunCutShortByQuittingResumesInANewWindowWithoutRerunningFinishedItems(FxRobot robot) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            repo.write("f" + i + ".txt", "x\n");
            names.add("f" + i + ".txt");
        }
        repo.commitAll("files");
        // f3 waits for a file that appears only after the restart
        Path gate = tmp.resolve("gate-" + System.nanoTime());
        openRepo();
        FanoutSetupView setup = openFanout();
        onFx(() -> {
            setup.addPaths(names.stream().map(n -> repo.root().resolve(n)).toList());
            return null;
        });
        waitUntil("4 items", 10, () -> onFx(() -> setup.entries().size()) == 4);
        robot.clickOn((Node) in(selectedContent(), "#commandRadio"));
        // each item appends its name to ran.log (outside the repository); f3 then waits for the gate
        Path ran = tmp.resolve("ran-" + System.nanoTime() + ".log");
        onFx(() -> {
            ((TextField) setup.lookup("#commandField")).setText("sh -c 'echo \"$1\" >> " + ran + "; test \"$1\" != f3.txt || "
                    + "while [ ! -e " + gate + " ]; do sleep 0.1; done' sh {file}");
            ((javafx.scene.control.Spinner<?>) setup.lookup("#concurrencySpinner")).getValueFactory().setValue(cast(1));
            ((javafx.scene.control.Spinner<?>) setup.lookup("#startSmallSpinner")).getValueFactory().setValue(cast(0));
            return null;
        });
        robot.clickOn((Node) in(selectedContent(), "#runButton"));
        waitUntil("the run tab", 15, () -> selectedContent() instanceof FanoutRunView);
        FanoutRunView view = (FanoutRunView) selectedContent();
        waitUntil("f3 running", 30, () -> onFx(() -> view.rows().get(2).item().state() == ItemState.RUNNING));
        assertEquals(List.of("f1.txt", "f2.txt", "f3.txt"), Files.readAllLines(ran));

        // Lanes quits (the window's engines stop their items), then starts again on the same data
        quit();
        Files.writeString(gate, "open");
        start();
        FanoutSetupView again = openFanout();
        MenuButton earlier = in(again, "#earlierRunsButton");
        waitUntil("the unfinished run offered", 10, () -> onFx(earlier::getText).equals("Earlier Runs (1 unfinished)"));
        MenuItem item = onFx(() -> earlier.getItems().get(0));
        assertTrue(onFx(item::getText).contains("2 of 4 passed · 2 unfinished"), onFx(item::getText));
        onFx(() -> {
            item.fire();
            return null;
        });
        waitUntil("the recorded run's tab", 15, () -> selectedContent() instanceof FanoutRunView);
        FanoutRunView resumed = (FanoutRunView) selectedContent();
        assertEquals(List.of(ItemState.PASSED, ItemState.PASSED),
                onFx(() -> resumed.rows().subList(0, 2).stream().map(r -> r.item().state()).toList()));
        Button resume = in(resumed, "#resumeButton");
        assertTrue(onFx(resume::isVisible));
        robot.clickOn((Node) resume);
        waitUntil("the resumed run ends", 30, () -> onFx(() -> in(resumed, "#summaryLabel").isVisible())
                && text(resumed, "#summaryLabel").startsWith("✓ Done"));
        assertEquals(List.of("f1.txt", "f2.txt", "f3.txt", "f3.txt", "f4.txt"), Files.readAllLines(ran),
                "f1 and f2 ran once; f3 (interrupted) and f4 ran after the resume");
        assertFalse(onFx(resume::isVisible));
    }

    @Test
    void aWorktreePerItemThenTheirBranchesMergeIntoMain(FxRobot robot) throws Exception {
        for (int i = 1; i <= 3; i++) {
            repo.write("m" + i + ".txt", "old value\n");
        }
        repo.commitAll("files");
        openRepo();
        FanoutSetupView setup = openFanout();
        onFx(() -> {
            setup.addPaths(List.of(repo.root().resolve("m1.txt"), repo.root().resolve("m2.txt"), repo.root().resolve("m3.txt")));
            return null;
        });
        waitUntil("3 items", 10, () -> onFx(() -> setup.entries().size()) == 3);
        robot.clickOn((Node) in(selectedContent(), "#commandRadio"));
        onFx(() -> {
            ((TextField) setup.lookup("#commandField")).setText("sed -i s/old/new/ {file}");
            ((javafx.scene.control.Spinner<?>) setup.lookup("#startSmallSpinner")).getValueFactory().setValue(cast(0));
            @SuppressWarnings("unchecked")
            var where = (javafx.scene.control.ComboBox<dev.lanes.fanout.FanoutPlacement.Kind>) setup.lookup("#placementCombo");
            where.setValue(dev.lanes.fanout.FanoutPlacement.Kind.PER_ITEM);
            return null;
        });
        assertEquals("main", text(setup, "#baseField"), "the new worktrees start from the worktree's branch");
        robot.clickOn((Node) in(selectedContent(), "#runButton"));
        waitUntil("the run tab", 15, () -> selectedContent() instanceof FanoutRunView);
        FanoutRunView view = (FanoutRunView) selectedContent();
        waitUntil("the end", 60, () -> onFx(() -> in(view, "#summaryLabel").isVisible()));
        assertTrue(text(view, "#summaryLabel").startsWith("✓ Done: all 3 passed"), text(view, "#summaryLabel"));
        assertEquals("old value\n", Files.readString(repo.root().resolve("m1.txt")), "main is untouched until the merge");
        waitUntil("changes counted", 10, () -> onFx(() -> view.rows().stream()
                .allMatch(r -> r.changesProperty().get().startsWith("+1 −1"))));

        Button merge = in(view, "#mergeButton");
        assertTrue(onFx(merge::isVisible), "a run with a branch per item offers Merge");
        robot.clickOn((Node) merge);
        Node dialog = FxTestSupport.await(robot, "#fanoutMergeDialog");
        assertEquals("main", onFx(() -> ((TextField) dialog.lookup("#fanoutMergeTarget")).getText()));
        robot.clickOn(onFx(() -> ((javafx.scene.control.DialogPane) dialog).lookupButton(
                ((javafx.scene.control.DialogPane) dialog).getButtonTypes().get(0))));
        Node report = FxTestSupport.await(robot, "#fanoutMergeReport");
        String reportText = onFx(() -> ((javafx.scene.control.DialogPane) report).getContentText());
        assertTrue(onFx(() -> ((javafx.scene.control.DialogPane) report).getHeaderText()).startsWith("All merged into main"), reportText);
        for (int i = 1; i <= 3; i++) {
            assertEquals("new value\n", Files.readString(repo.root().resolve("m" + i + ".txt")), "m" + i + " merged into main");
        }
        onFx(() -> {
            report.getScene().getWindow().hide();
            return null;
        });

        // then the run's worktrees go: all three merged, so their branches go too
        List<Path> made = view.rows().stream().map(r -> Path.of(r.item().place().worktree())).toList();
        Button clean = in(view, "#cleanButton");
        assertTrue(onFx(clean::isVisible), "a run that made worktrees offers to remove them");
        robot.clickOn((Node) clean);
        Node ask = FxTestSupport.await(robot, "#fanoutCleanDialog");
        assertTrue(onFx(() -> ((javafx.scene.control.DialogPane) ask).getHeaderText()).contains("the 3 worktrees"));
        robot.clickOn(onFx(() -> ((javafx.scene.control.DialogPane) ask).lookupButton(
                ((javafx.scene.control.DialogPane) ask).getButtonTypes().get(0))));
        Node cleaned = FxTestSupport.await(robot, "#fanoutCleanReport");
        String cleanText = onFx(() -> ((javafx.scene.control.DialogPane) cleaned).getContentText());
        assertTrue(cleanText.startsWith("Removed 3 worktrees and deleted 3 merged branches."), cleanText);
        assertTrue(made.stream().noneMatch(Files::exists), "the worktree folders are gone: " + made);
        assertEquals(1, repo.git("worktree", "list", "--porcelain").lines().filter(l -> l.startsWith("worktree ")).count());
        onFx(() -> {
            cleaned.getScene().getWindow().hide();
            return null;
        });
    }

    @Test
    void aRunReopenedAfterARestartOpensOnceRetriesItsFailuresAndClosesWithCtrlW(FxRobot robot) throws Exception {
        for (String f : List.of("ok.txt", "bad.txt")) {
            repo.write(f, "x\n");
        }
        repo.commitAll("files");
        Path ran = tmp.resolve("ran-" + System.nanoTime() + ".log");
        Path fixed = tmp.resolve("fixed-" + System.nanoTime());
        openRepo();
        FanoutSetupView setup = openFanout();
        onFx(() -> {
            setup.addPaths(List.of(repo.root().resolve("ok.txt"), repo.root().resolve("bad.txt")));
            return null;
        });
        waitUntil("2 items", 10, () -> onFx(() -> setup.entries().size()) == 2);
        robot.clickOn((Node) in(selectedContent(), "#commandRadio"));
        onFx(() -> {
            // bad.txt fails until the "fixed" file exists
            ((TextField) setup.lookup("#commandField")).setText("sh -c 'echo \"$1\" >> " + ran + "; test \"$1\" != bad.txt || test -e "
                    + fixed + "' sh {file}");
            ((javafx.scene.control.Spinner<?>) setup.lookup("#startSmallSpinner")).getValueFactory().setValue(cast(0));
            return null;
        });
        robot.clickOn((Node) in(selectedContent(), "#runButton"));
        waitUntil("the run tab", 15, () -> selectedContent() instanceof FanoutRunView);
        FanoutRunView first = (FanoutRunView) selectedContent();
        waitUntil("the end", 30, () -> onFx(() -> in(first, "#summaryLabel").isVisible()));
        assertTrue(text(first, "#summaryLabel").startsWith("Ended: 1 passed, 1 failed of 2"), text(first, "#summaryLabel"));

        // restart
        quit();
        start();
        MenuButton earlier = in(openFanout(), "#earlierRunsButton");
        waitUntil("the run listed", 10, () -> onFx(() -> earlier.getItems().get(0).getText()).startsWith("Run "));
        MenuItem item = onFx(() -> earlier.getItems().get(0));
        onFx(() -> {
            item.fire();
            item.fire(); // impatient: one tab all the same
            return null;
        });
        waitUntil("the recorded run's tab", 15, () -> selectedContent() instanceof FanoutRunView);
        FanoutRunView view = (FanoutRunView) selectedContent();
        waitUntil("no second tab", 5, () -> onFx(() -> tabs().getTabs().stream()
                .filter(t -> t.getContent() instanceof FanoutRunView).count()) == 1);
        assertFalse(onFx(() -> in(view, "#resumeButton").isVisible()), "nothing unfinished to resume");

        Files.writeString(fixed, "now it passes");
        Button retry = in(view, "#retryButton");
        waitUntil("Retry Failed offered", 5, () -> !onFx(retry::isDisabled));
        robot.clickOn((Node) retry);
        waitUntil("the retry ends", 30, () -> onFx(() -> in(view, "#summaryLabel").isVisible())
                && text(view, "#summaryLabel").startsWith("✓ Done: all 2 passed"));
        assertEquals(List.of("ok.txt", "bad.txt", "bad.txt"), Files.readAllLines(ran).stream().sorted(
                java.util.Comparator.comparing((String x) -> !x.equals("ok.txt"))).toList(), "only the failed item ran again");

        // Ctrl+W closes the run's tab
        int before = onFx(() -> tabs().getTabs().size());
        robot.push(KeyCode.SHORTCUT, KeyCode.W);
        waitUntil("the run tab closed", 5, () -> onFx(() -> tabs().getTabs().size()) == before - 1
                && onFx(() -> tabs().getTabs().stream().noneMatch(t -> t.getContent() == view)));
    }

    /** What a file manager's drag carries, as the toolkit's dragboard holds it: content by flavour, offered to copy. */
    private static final class DropBoard implements com.sun.javafx.tk.TKClipboard {
        private final java.util.Map<javafx.scene.input.DataFormat, Object> content = new java.util.LinkedHashMap<>();

        @Override
        @SuppressWarnings("removal")
        public void setSecurityContext(java.security.AccessControlContext context) {
        }

        @Override
        public java.util.Set<javafx.scene.input.DataFormat> getContentTypes() {
            return content.keySet();
        }

        @Override
        @SafeVarargs
        public final boolean putContent(javafx.util.Pair<javafx.scene.input.DataFormat, Object>... pairs) {
            content.clear();
            for (var p : pairs) {
                content.put(p.getKey(), p.getValue());
            }
            return true;
        }

        @Override
        public Object getContent(javafx.scene.input.DataFormat format) {
            return content.get(format);
        }

        @Override
        public boolean hasContent(javafx.scene.input.DataFormat format) {
            return content.containsKey(format);
        }

        @Override
        public java.util.Set<TransferMode> getTransferModes() {
            return java.util.EnumSet.of(TransferMode.COPY);
        }

        @Override
        public void setDragView(javafx.scene.image.Image image) {
        }

        @Override
        public void setDragViewOffsetX(double x) {
        }

        @Override
        public void setDragViewOffsetY(double y) {
        }

        @Override
        public javafx.scene.image.Image getDragView() {
            return null;
        }

        @Override
        public double getDragViewOffsetX() {
            return 0;
        }

        @Override
        public double getDragViewOffsetY() {
            return 0;
        }
    }
}
