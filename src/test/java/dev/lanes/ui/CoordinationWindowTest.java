package dev.lanes.ui;

import dev.lanes.AppServices;
import dev.lanes.testutil.TestRepo;
import dev.lanes.ui.main.MainWindow;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lanes that touch the same file, and a lane whose merge would conflict, marked in the tree of the
 * real window: real worktrees, real git.
 */
@ExtendWith(ApplicationExtension.class)
class CoordinationWindowTest {

    @TempDir
    static Path tmp;

    private MainWindow window;
    private AppServices services;

    @Start
    void start(Stage stage) throws Exception {
        services = AppServices.open(Files.createTempDirectory(tmp, "lanes-home"), Platform::runLater);
        window = MainWindow.create(stage, services);
        stage.setWidth(1100);
        stage.setHeight(700);
        stage.show();
    }

    @AfterEach
    void close() {
        onFx(() -> {
            window.controller().close();
            return null;
        });
        FxTestSupport.closeWindow(window);
        services.close();
    }

    /** "name: badge, badge" for each worktree row of the tree. */
    private List<String> rows() {
        return onFx(() -> window.stage().getScene().getRoot().lookupAll(".worktree-cell.worktree").stream()
                .map(n -> (TreeCell<?>) n)
                .filter(c -> c.getItem() != null)
                .map(c -> ((Label) c.getGraphic().lookup(".name")).getText() + ": " + String.join(", ",
                        c.getGraphic().lookupAll(".badge").stream().map(b -> ((Label) b).getText()).toList()))
                .sorted()
                .toList());
    }

    @Test
    void twoLanesEditingOneFileAreMarkedAndAConflictingLaneToo() throws Exception {
        TestRepo repo = TestRepo.create(Files.createTempDirectory(tmp, "repos"), "shop");
        repo.write("shared.txt", "one\ntwo\nthree\n");
        repo.write("other.txt", "x\n");
        repo.commitAll("start");
        Path lanes = Files.createDirectories(tmp.resolve("lanes"));
        repo.git("worktree", "add", "-b", "alpha", lanes.resolve("alpha").toString());
        repo.git("worktree", "add", "-b", "beta", lanes.resolve("beta").toString());
        repo.git("worktree", "add", "-b", "gamma", lanes.resolve("gamma").toString());
        // alpha changes line two (committed), beta changes it too (uncommitted), gamma another file
        Files.writeString(lanes.resolve("alpha/shared.txt"), "one\nTWO from alpha\nthree\n");
        TestRepo.gitIn(lanes.resolve("alpha"), "commit", "-qam", "alpha");
        Files.writeString(lanes.resolve("beta/shared.txt"), "one\ntwo from beta\nthree\n");
        Files.writeString(lanes.resolve("gamma/other.txt"), "y\n");
        // the main branch moves on and changes line two as well: alpha's merge would conflict
        repo.write("shared.txt", "one\ntwo on main\nthree\n");
        repo.commitAll("main moves");

        onFx(() -> {
            window.controller().openRepository(repo.root(), true);
            return null;
        });
        waitUntil("the lanes checked", 20, () -> rows().stream().anyMatch(r -> r.contains("shared")));
        waitUntil("the conflict forecast", 20, () -> rows().stream().anyMatch(r -> r.startsWith("alpha:") && r.contains("✗ conflicts")));
        List<String> rows = rows();
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("alpha:") && r.contains("⚠ 1 shared")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("beta:") && r.contains("⚠ 1 shared")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("gamma:") && !r.contains("shared") && !r.contains("conflicts")),
                rows.toString());
        String summary = onFx(() -> ((Label) window.stage().getScene().lookup("#summaryLabel")).getText());
        assertTrue(summary.contains("1 file changed in several lanes"), summary);
        assertTrue(summary.contains("1 lane would conflict"), summary);
        assertEquals(4, rows.size(), rows.toString());
    }
}
