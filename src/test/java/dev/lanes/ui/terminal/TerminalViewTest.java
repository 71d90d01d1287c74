package dev.lanes.ui.terminal;

import dev.lanes.process.PtySession;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real bash in a TerminalView, typed into by the robot, headless (Monocle). */
@ExtendWith(ApplicationExtension.class)
class TerminalViewTest {

    @TempDir
    static Path tmp;

    private Stage stage;
    private StackPane root;
    private PtySession session;
    private TerminalView view;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        root = new StackPane();
        stage.setScene(new Scene(root, 800, 500));
        stage.setMaximized(false);
        stage.sizeToScene(); // TestFX reuses the primary stage: earlier tests may have sized it
        stage.show();
    }

    /** Starts bash in a view filling the window, with the keyboard. */
    private TerminalView open() {
        session = PtySession.start(PtySession.Spec.of(List.of("bash", "--noprofile", "--norc", "-i"), tmp)
                .withEnv(java.util.Map.of("PS1", "lanes-test> "))
                .withLog(tmp.resolve("terminal.log")));
        view = onFx(() -> {
            TerminalView v = new TerminalView(session);
            root.getChildren().setAll(v);
            v.requestFocus();
            return v;
        });
        waitUntil("the terminal to have the keyboard", 10, view::isTerminalFocused);
        try {
            waitUntil("the prompt", 10, () -> view.text().contains("lanes-test>"));
        } catch (AssertionError e) {
            String log;
            try {
                log = java.nio.file.Files.readString(tmp.resolve("terminal.log"));
            } catch (java.io.IOException io) {
                log = io.toString();
            }
            throw new AssertionError(e.getMessage() + "\nlog: " + log + "\nbuffer:\n" + onFx(view::text)
                    + "\nsize " + onFx(view::columns) + "x" + onFx(view::rows), e);
        }
        return view;
    }

    @AfterEach
    void stop() throws Exception {
        if (view != null) {
            onFx(view::dispose).get(10, TimeUnit.SECONDS);
        }
        if (session != null) {
            session.stop(PtySession.DEFAULT_GRACE);
            assertFalse(session.isAlive());
        }
    }

    @Test
    void typedKeysReachTheShellAndItsOutputTheBuffer(FxRobot robot) {
        open();
        robot.write("echo typed-$((2+3))");
        robot.type(KeyCode.ENTER);
        waitUntil("typed-5 in the terminal", 10, () -> {
            var buffer = view.textBuffer();
            buffer.lock();
            try {
                String all = buffer.getHistoryBuffer().getLines() + buffer.getScreenLines();
                return all.contains("typed-5");
            } finally {
                buffer.unlock();
            }
        });
        assertTrue(view.text().contains("echo typed-$((2+3))"), view.text());
    }

    @Test
    void thePtyFollowsTheViewsSize(FxRobot robot) throws Exception {
        open();
        int columns = onFx(view::columns);
        int rows = onFx(view::rows);
        assertTrue(columns > 20 && rows > 5, columns + "x" + rows);
        waitUntil("the pty to take the view's size", 10,
                () -> session.columns() == view.columns() && session.rows() == view.rows());

        onFx(() -> {
            stage.setWidth(stage.getWidth() / 2);
            return null;
        });
        waitUntil("fewer columns", 10, () -> view.columns() < columns);
        waitUntil("the pty to follow", 10, () -> session.columns() == view.columns());
        robot.write("stty size");
        robot.type(KeyCode.ENTER);
        // the window may settle through more than one size: what counts is that the program sees
        // the size the view ends at, narrower than before
        try {
            waitUntil("stty to report the view's columns", 10, () -> view.text().lines()
                    .filter(l -> l.matches("\\d+ \\d+")).map(l -> Integer.parseInt(l.split(" ")[1]))
                    .anyMatch(c -> c == session.columns() && c == view.columns() && c < columns));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the terminal shows:\n" + onFx(view::text)
                    + "\nview " + onFx(view::columns) + " columns, pty " + session.columns(), e);
        }
    }

    @Test
    void pasteTypesTheClipboardAndCopyTakesTheSelection(FxRobot robot) {
        open();
        onFx(() -> {
            ClipboardContent content = new ClipboardContent();
            content.putString("echo pasted-$((3*3))");
            return Clipboard.getSystemClipboard().setContent(content);
        });
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.V).release(KeyCode.V, KeyCode.SHIFT, KeyCode.CONTROL);
        robot.type(KeyCode.ENTER);
        waitUntil("pasted-9 in the terminal", 10, () -> view.text().lines().anyMatch(l -> l.equals("pasted-9")));

        // drag over "pasted-9" (second row, at the top of a fresh screen), then Ctrl+Shift+C
        int row = onFx(() -> view.text().lines().toList().indexOf("pasted-9"));
        assertEquals(1, row, view.text());
        Canvas canvas = onFx(view::canvas);
        double cellWidth = onFx(() -> canvas.getWidth() / view.columns());
        double cellHeight = onFx(() -> canvas.getHeight() / view.rows());
        double y = (row + 0.5) * cellHeight;
        robot.drag(robot.point(canvas).atPosition(Pos.TOP_LEFT).atOffset(new Point2D(cellWidth * 0.2, y)), MouseButton.PRIMARY)
                .dropTo(robot.point(canvas).atPosition(Pos.TOP_LEFT).atOffset(new Point2D(cellWidth * 7.8, y)));
        onFx(() -> {
            Clipboard.getSystemClipboard().clear();
            return null;
        });
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.C).release(KeyCode.C, KeyCode.SHIFT, KeyCode.CONTROL);
        waitUntil("the selection on the clipboard", 10, () -> "pasted-9".equals(Clipboard.getSystemClipboard().getString()));
        assertTrue(session.isAlive(), "Ctrl+Shift+C copies, it does not interrupt");
    }

    @Test
    void ctrlCWithoutASelectionInterruptsTheProgram(FxRobot robot) {
        open();
        robot.write("sleep 30; echo not-interrupted");
        robot.type(KeyCode.ENTER);
        waitUntil("sleep to run", 10, () -> ProcessHandle.of(session.pid()).orElseThrow().children()
                .anyMatch(h -> h.info().command().map(c -> c.endsWith("sleep")).orElse(false)));
        robot.press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        waitUntil("sleep to end", 10, () -> ProcessHandle.of(session.pid()).orElseThrow().children().findAny().isEmpty());
        robot.write("echo after-$((1+1))");
        robot.type(KeyCode.ENTER);
        waitUntil("the shell to answer", 10, () -> view.text().lines().anyMatch(l -> l.equals("after-2")));
        assertFalse(view.text().contains("\nnot-interrupted"), view.text());
    }

    @Test
    void disposeStopsTheProgramAndTheExitShows(FxRobot robot) throws Exception {
        open();
        robot.write("exit 7");
        robot.type(KeyCode.ENTER);
        waitUntil("the exit line", 10, () -> view.text().contains("— exited with code 7 —"));
        onFx(view::dispose).get(10, TimeUnit.SECONDS);
        assertFalse(session.isAlive());
    }
}
