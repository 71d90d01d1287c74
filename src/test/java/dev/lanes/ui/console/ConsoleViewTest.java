package dev.lanes.ui.console;

import dev.lanes.console.TextStyle;
import dev.lanes.settings.Settings.Theme;
import dev.lanes.ui.common.Themes;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.fxmisc.richtext.TextExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.lanes.ui.FxTestSupport.onFx;
import static dev.lanes.ui.FxTestSupport.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console control, headless (Monocle), in the light theme, with a cap of 1,000 lines. */
@ExtendWith(ApplicationExtension.class)
class ConsoleViewTest {

    private static final String CSI = "\u001b[";

    private ConsoleView console;
    private Scene scene;

    @Start
    void start(Stage stage) {
        console = new ConsoleView(1000);
        // as in the app: added to a scene that already has its theme
        StackPane root = new StackPane();
        scene = new Scene(root, 900, 500);
        Themes.apply(scene, Theme.LIGHT);
        root.getChildren().add(console);
        stage.setScene(scene);
        stage.show();
    }

    /** Appends from a thread of its own, as a process reader does, in chunks of {@code chunk} chars. */
    private static Thread appendInBackground(ConsoleView view, String text, int chunk) {
        Thread t = new Thread(() -> {
            for (int i = 0; i < text.length(); i += chunk) {
                view.append(text.substring(i, Math.min(text.length(), i + chunk)));
            }
        }, "test-output-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private String text() {
        return onFx(console::getText);
    }

    private static String lines(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("line ").append(i).append('\n');
        }
        return sb.toString();
    }

    private Optional<TextExt> textNode(String text) {
        return onFx(() -> console.area().lookupAll(".text").stream()
                .filter(n -> n instanceof TextExt t && text.equals(t.getText()))
                .map(n -> (TextExt) n).findFirst());
    }

    @Test
    void outputFromAReaderThreadAppearsWhileTheThreadIsStillRunning() throws Exception {
        CountDownLatch firstShown = new CountDownLatch(1);
        AtomicBoolean producerDone = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            console.append("compiling 1 of 2\n");
            try {
                // the reader waits, as a process reader blocks on a pipe: the line must already be visible
                firstShown.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            console.append("compiling 2 of 2\n");
            producerDone.set(true);
        }, "test-output-reader");
        reader.setDaemon(true);
        reader.start();

        waitUntil("the first line", 10, () -> console.getText().contains("compiling 1 of 2"));
        assertFalse(producerDone.get());
        firstShown.countDown();
        waitUntil("the second line", 10, () -> console.getText().contains("compiling 2 of 2"));
        assertEquals("compiling 1 of 2\ncompiling 2 of 2\n", text());
        assertEquals(2, (int) onFx(console::lineCount));
    }

    @Test
    void ansiColouredTextHasItsStyleOnItsCharacters() {
        console.append("plain " + CSI + "1;31mred bold" + CSI + "0m " + CSI + "38;2;10;20;30mtruecolor" + CSI + "0m "
                + CSI + "4;48;5;208munderlined on orange" + CSI + "m" + CSI + "?25l" + CSI + "3A\n");
        waitUntil("the text", 10, () -> console.getText().contains("orange"));
        String shown = text();
        assertEquals("plain red bold truecolor underlined on orange\n", shown);

        ConsoleArea area = console.area();
        TextStyle red = onFx(() -> area.getStyleOfChar(shown.indexOf("red") + 1));
        assertEquals(TextStyle.ansi(1), red.foreground());
        assertTrue(red.bold());
        assertEquals(TextStyle.PLAIN, onFx(() -> area.getStyleOfChar(1)));
        assertEquals(0x0a141e, (int) onFx(() -> area.getStyleOfChar(shown.indexOf("truecolor") + 1).foreground()));
        TextStyle orange = onFx(() -> area.getStyleOfChar(shown.indexOf("orange")));
        assertEquals(0xff8700, orange.background());
        assertTrue(orange.underline());

        // and the nodes drawn: the theme's red (light palette) in bold, the exact truecolor, the background
        waitUntil("the styled nodes", 10, () -> textNode("red bold").isPresent());
        TextExt redNode = textNode("red bold").orElseThrow();
        assertTrue(onFx(() -> redNode.getStyleClass().containsAll(java.util.List.of("fg-1", "bold"))));
        waitUntil("CSS to colour the red run", 10, () -> Color.web("#cf222e").equals(redNode.getFill()));
        assertEquals(Color.rgb(10, 20, 30), onFx(() -> textNode("truecolor").orElseThrow().getFill()));
        assertEquals(Color.rgb(0xff, 0x87, 0x00), onFx(() -> textNode("underlined on orange").orElseThrow().getBackgroundColor()));
        assertTrue(onFx(() -> textNode("underlined on orange").orElseThrow().isUnderline()));
        waitUntil("plain text in the theme's text colour", 10,
                () -> Color.web("#1f2328").equals(textNode("plain ").orElseThrow().getFill()));
    }

    @Test
    void aThemeSwitchRecoloursTheStandardColours() {
        console.append(CSI + "32mgreen" + CSI + "0m\n");
        waitUntil("the text", 10, () -> textNode("green").isPresent());
        waitUntil("light green", 10, () -> Color.web("#116329").equals(textNode("green").orElseThrow().getFill()));
        onFx(() -> {
            Themes.apply(scene, Theme.DARK);
            return null;
        });
        waitUntil("dark-theme green", 10, () -> Color.web("#3fb950").equals(textNode("green").orElseThrow().getFill()));
    }

    @Test
    void aCarriageReturnProgressLineEndsAsOneLine() throws Exception {
        StringBuilder out = new StringBuilder("Downloading\n");
        for (int p = 0; p <= 100; p++) {
            out.append('\r').append(CSI).append("32m").append("#".repeat(p / 5)).append(CSI).append("0m ").append(p).append('%');
        }
        out.append("\r\ndone\n");
        appendInBackground(console, out.toString(), 7).join();
        waitUntil("done", 10, () -> console.getText().endsWith("done\n"));
        assertEquals("Downloading\n" + "#".repeat(20) + " 100%\ndone\n", text());
        assertEquals(3, (int) onFx(console::lineCount));
    }

    @Test
    void theCapKeepsTheNewestLines() throws Exception {
        appendInBackground(console, lines(0, 5000), 333).join();
        waitUntil("the last line", 10, () -> console.getText().contains("line 4999\n"));
        assertEquals(1000, (int) onFx(console::lineCount));
        String shown = text();
        assertTrue(shown.startsWith("line 4000\nline 4001\n"), shown.substring(0, 40));
        assertTrue(shown.endsWith("line 4999\n"));

        onFx(() -> {
            console.setMaxLines(10);
            return null;
        });
        console.append("one more\n");
        waitUntil("the new cap", 10, () -> console.lineCount() == 10);
        assertEquals(lines(4991, 5000) + "one more\n", text());
    }

    @Test
    void findCountsSelectsAndMovesThroughMatches(FxRobot robot) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            out.append(i % 3 == 0 ? "a NEEDLE in line " + i : "hay " + i).append('\n');
        }
        console.append(out.toString()); // 7 matches: lines 0, 3, 6, 9, 12, 15, 18
        waitUntil("the output", 10, () -> console.getText().contains("hay 20"));

        robot.clickOn("#consoleArea");
        robot.push(KeyCode.SHORTCUT, KeyCode.F);
        waitUntil("the find bar", 10, () -> robot.lookup("#findBar").query().isVisible());
        TextField field = robot.lookup("#findField").queryAs(TextField.class);
        assertTrue(onFx(field::isFocused));
        robot.write("needle");
        Label count = robot.lookup("#findCount").queryAs(Label.class);
        waitUntil("the count", 10, () -> "1 of 7".equals(count.getText()));
        assertEquals("NEEDLE", onFx(() -> console.area().getSelectedText()));
        int first = onFx(() -> console.area().getSelection().getStart());
        assertEquals(text().indexOf("NEEDLE"), first);

        robot.type(KeyCode.ENTER);
        waitUntil("the second match", 10, () -> "2 of 7".equals(count.getText()));
        robot.clickOn("#findNextButton");
        waitUntil("the third match", 10, () -> "3 of 7".equals(count.getText()));
        assertEquals(text().indexOf("a NEEDLE in line 6") + 2, (int) onFx(() -> console.area().getSelection().getStart()));
        assertFalse(onFx(console::isFollowTail), "jumping to a match stops following the tail");

        // the other matches in view are highlighted
        waitUntil("highlights", 10, () -> !console.area().lookupAll(".find-match").isEmpty());

        // output arriving keeps the count right
        console.append("one more needle\n");
        waitUntil("the count to grow", 10, () -> "3 of 8".equals(count.getText()));

        robot.clickOn("#findPreviousButton");
        waitUntil("back to the second", 10, () -> "2 of 8".equals(count.getText()));

        robot.type(KeyCode.BACK_SPACE, 6).write("nothing like it");
        waitUntil("no results", 10, () -> "No results".equals(count.getText()));

        robot.type(KeyCode.ESCAPE);
        waitUntil("the find bar to close", 10, () -> !robot.lookup("#findBar").query().isVisible());
    }

    @Test
    void aFiveMegabyteLineWithoutNewlineDoesNotHangTheUi() throws Exception {
        String huge = "0123456789".repeat(500_000);
        long start = System.nanoTime();
        appendInBackground(console, huge, 64 * 1024);
        waitUntil("5 MB shown", 30, () -> console.area().getLength() >= huge.length());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(500, (int) onFx(console::lineCount), "cut into display lines of 10,000 characters");
        assertTrue(seconds < 30, "took " + seconds + " s");
        // the UI still answers, and the next output follows
        console.append("\nafter\n");
        waitUntil("the next line", 10, () -> console.getText().endsWith("\nafter\n"));
    }

    @Test
    void clearEmptiesIt(FxRobot robot) {
        console.append(lines(0, 50) + "partial");
        waitUntil("the output", 10, () -> console.getText().endsWith("partial"));
        robot.clickOn("#clearConsoleButton");
        waitUntil("empty", 10, () -> console.getText().isEmpty());
        assertEquals(0, (int) onFx(console::lineCount));
        console.append("fresh\n");
        waitUntil("new output", 10, () -> console.getText().equals("fresh\n"));
    }

    @Test
    void scrollingUpStopsFollowingAndTheToggleResumesIt(FxRobot robot) {
        console.append(lines(0, 300));
        waitUntil("following the tail", 10, () -> console.getText().contains("line 299")
                && console.area().lastVisibleParToAllParIndex() == console.area().getParagraphs().size() - 1);
        assertTrue(onFx(console::isFollowTail));

        // a wheel turned up, as the platform reports it (Monocle's robot reports the wheel with the opposite sign)
        onFx(() -> {
            Node flow = console.area().lookup(".virtual-flow");
            Bounds b = flow.getLayoutBounds();
            Point2D screen = flow.localToScreen(b.getCenterX(), b.getCenterY());
            Event.fireEvent(flow, new ScrollEvent(ScrollEvent.SCROLL, b.getCenterX(), b.getCenterY(), screen.getX(),
                    screen.getY(), false, false, false, false, false, false, 0, 120, 0, 120,
                    ScrollEvent.HorizontalTextScrollUnits.NONE, 0, ScrollEvent.VerticalTextScrollUnits.LINES, 3, 0, null));
            return null;
        });
        waitUntil("follow off", 10, () -> !console.isFollowTail());
        WaitForAsyncUtils.waitForFxEvents(); // the scroll is laid out
        int firstVisible = onFx(() -> console.area().firstVisibleParToAllParIndex());
        console.append(lines(300, 400));
        waitUntil("more output", 10, () -> console.getText().contains("line 399"));
        assertEquals(firstVisible, (int) onFx(() -> console.area().firstVisibleParToAllParIndex()),
                "the view stays where the person scrolled");

        robot.clickOn("#followTailToggle");
        waitUntil("back at the bottom", 10, () -> console.isFollowTail()
                && console.area().lastVisibleParToAllParIndex() == console.area().getParagraphs().size() - 1);
        assertTrue(onFx(() -> robot.lookup("#followTailToggle").queryAs(ToggleButton.class).isSelected()));
    }

    @Test
    void openLogIsOfferedOnlyWhenTheOwnerSetsIt(FxRobot robot) {
        Button openLog = robot.lookup("#openLogButton").queryAs(Button.class);
        assertFalse(onFx(openLog::isVisible));
        AtomicReference<String> ran = new AtomicReference<>();
        onFx(() -> {
            console.setOnOpenLog(() -> ran.set("opened"));
            return null;
        });
        assertTrue(onFx(openLog::isVisible));
        robot.clickOn(openLog);
        waitUntil("the action", 10, () -> "opened".equals(ran.get()));
        onFx(() -> {
            console.setOnOpenLog(null);
            return null;
        });
        assertFalse(onFx(openLog::isVisible));
        assertNull(onFx(console::getOnOpenLog));
    }

    @Test
    void ctrlCCopiesTheSelectionAsPlainText(FxRobot robot) {
        console.append(CSI + "31mred" + CSI + "0m and plain\nsecond line\n");
        waitUntil("the text", 10, () -> console.getText().contains("second"));
        robot.clickOn("#consoleArea");
        onFx(() -> {
            console.area().selectRange(4, 20);
            return null;
        });
        assertFalse(onFx(console::isFollowTail), "selecting text stops following the tail");
        robot.push(KeyCode.SHORTCUT, KeyCode.C);
        waitUntil("the clipboard", 10, () -> "and plain\nsecond".equals(Clipboard.getSystemClipboard().getString()));
    }

    @Test
    void stableIdsAreThere(FxRobot robot) {
        for (String id : new String[]{"#consoleArea", "#findBar", "#findField", "#findCount", "#followTailToggle",
                "#clearConsoleButton", "#openLogButton"}) {
            Node n = robot.lookup(id).tryQuery().orElse(null);
            assertTrue(n != null, id);
        }
    }

    /** Appends coloured numbered lines, as fast as it can, until stopped; then "END". */
    private static final class Flood implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicLong lines = new java.util.concurrent.atomic.AtomicLong();
        private final Thread thread;

        Flood(ConsoleView view) {
            thread = new Thread(() -> {
                int n = 0;
                while (!stop.get()) {
                    StringBuilder chunk = new StringBuilder();
                    for (int i = 0; i < 200; i++, n++) {
                        chunk.append("flood ").append(CSI).append("32m").append(n).append(CSI).append("0m\n");
                    }
                    view.append(chunk.toString());
                    lines.addAndGet(200);
                    Thread.onSpinWait();
                }
                view.append("END\n");
            }, "test-flood");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
        }
    }

    @Test
    void aFloodIsDrawnByTheLiveTailAndLandsInTheAreaWhenItEbbs() throws Exception {
        try (Flood flood = new Flood(console)) {
            waitUntil("the live tail", 10, () -> console.mode() == ConsoleView.Mode.LIVE);
            // the text area is out of the scene; the tail shows the newest lines, in colour
            assertNull(onFx(() -> console.lookup("#consoleArea")));
            assertTrue(onFx(() -> console.lookup("#liveTail") != null));
            waitUntil("lines on the live tail", 10, () -> console.liveTail().shownLines().size() > 10);
            var shown = onFx(() -> console.liveTail().shownLines());
            var last = shown.get(shown.size() - 2); // the last one is the unfinished (empty) line
            assertTrue(last.text().matches("flood \\d+"), last.text());
            assertEquals(TextStyle.ansi(2), last.styleAt(last.length() - 1).foreground());
            assertEquals(TextStyle.PLAIN, last.styleAt(0));
            assertTrue(onFx(console::isFollowTail));
        }
        // the flood is over: the area takes the lines in and comes back, at the end, still following
        waitUntil("the text area back", 10, () -> console.mode() == ConsoleView.Mode.AREA);
        waitUntil("END in the area", 10, () -> console.getText().endsWith("END\n"));
        assertTrue(onFx(() -> console.lookup("#consoleArea") != null));
        assertNull(onFx(() -> console.lookup("#liveTail")));
        assertEquals(1000, (int) onFx(console::lineCount), "the cap holds");
        String text = text();
        String[] lines = text.split("\n");
        // no line lost or repeated in the last thousand: consecutive numbers up to END
        int first = Integer.parseInt(lines[0].substring("flood ".length()));
        for (int i = 0; i < lines.length - 1; i++) {
            assertEquals("flood " + (first + i), lines[i]);
        }
        assertTrue(onFx(console::isFollowTail));
        waitUntil("the view at the end", 10, () -> console.area().lastVisibleParToAllParIndex() >= console.area().getParagraphs().size() - 2);
    }

    @Test
    void aFloodKeepsFewLinesWaitingWhenTheConsoleCanReloadAndReloadsOnceItEbbs() throws Exception {
        java.util.concurrent.atomic.AtomicInteger reloads = new java.util.concurrent.atomic.AtomicInteger();
        String history = lines(0, 10_000) + "END\n";
        onFx(() -> {
            console.setMaxLines(20_000); // more than the live tail keeps
            console.setOnReload(() -> {
                reloads.incrementAndGet();
                // as the owner's new attachment does, off the FX thread: the log's newest part, in one piece
                appendInBackground(console, history, history.length());
            });
            return null;
        });
        try (Flood flood = new Flood(console)) {
            waitUntil("the live tail", 10, () -> console.mode() == ConsoleView.Mode.LIVE);
            // many screenfuls later, few lines wait (before: up to the console's cap, 20,000 here); the flood
            // adds lines between pulses, so the bound holds at some pulse, not at every instant
            waitUntil("many screenfuls", 20, () -> flood.lines.get() > 40_000);
            waitUntil("few lines waiting, many screenfuls in", 10, () -> console.waitingLines() <= ConsoleView.LIVE_KEEP_LINES
                    && console.waitingLines() > 0);
            assertEquals(0, reloads.get(), "no reload while it floods");
        }
        waitUntil("the reload", 10, () -> reloads.get() == 1);
        waitUntil("the text area back", 10, () -> console.mode() == ConsoleView.Mode.AREA);
        waitUntil("END in the area", 10, () -> console.getText().endsWith("END\n"));
        assertEquals(history, text(), "the reloaded lines, whole: a burst is kept (no second reload)");
        Thread.sleep(300);
        assertEquals(1, reloads.get());
        assertTrue(onFx(console::isFollowTail));
        console.append("live again\n");
        waitUntil("live output", 10, () -> console.getText().endsWith("END\nlive again\n"));
    }

    @Test
    void scrollingUpOnTheLiveTailStopsFollowingAndBringsBackTheArea() throws Exception {
        try (Flood flood = new Flood(console)) {
            waitUntil("the live tail", 10, () -> console.mode() == ConsoleView.Mode.LIVE);
            onFx(() -> {
                Event.fireEvent(console.liveTail(), new ScrollEvent(ScrollEvent.SCROLL, 10, 10, 10, 10, false, false, false, false,
                        false, false, 0, 40, 0, 40, ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                        ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null));
                return null;
            });
            assertFalse(onFx(console::isFollowTail));
            // even while the flood goes on, the area comes back for reading
            waitUntil("the text area back", 10, () -> console.mode() == ConsoleView.Mode.AREA);
            assertTrue(onFx(() -> console.lookup("#consoleArea") != null));
        }
        waitUntil("END in the area", 10, () -> console.getText().endsWith("END\n"));
        assertFalse(onFx(console::isFollowTail));
        assertEquals(ConsoleView.Mode.AREA, onFx(console::mode), "not following: no live tail");
    }

    @Test
    void aHiddenConsoleThatCanReloadKeepsNothingOfAFloodAndReloadsWhenShown() throws Exception {
        java.util.concurrent.atomic.AtomicInteger reloads = new java.util.concurrent.atomic.AtomicInteger();
        onFx(() -> {
            console.setMaxLines(200_000); // the lines alone would not bound what it keeps
            console.setOnReload(() -> {
                reloads.incrementAndGet();
                console.append("reloaded from the log\n"); // as the owner's new attachment would
            });
            console.setVisible(false); // as in an unselected tab
            return null;
        });
        console.append("before\n");
        waitUntil("the console to notice it is hidden", 10, console::isDeferring);
        appendInBackground(console, lines(0, 60_000), 4096).join(); // ~660 KB of lines, then more
        appendInBackground(console, lines(60_000, 120_000), 4096).join();
        assertEquals(0, reloads.get(), "nothing happens while hidden");
        onFx(() -> {
            console.setVisible(true);
            return null;
        });
        waitUntil("the reload", 10, () -> reloads.get() == 1);
        waitUntil("the reloaded text", 10, () -> console.getText().equals("reloaded from the log\n"));
        console.append("live again\n");
        waitUntil("live output", 10, () -> console.getText().endsWith("live again\n"));
        assertEquals(1, reloads.get());
    }
}
