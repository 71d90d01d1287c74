package dev.lanes.ui.terminal;

import com.techsenger.jeditermfx.core.TerminalExecutorServiceManager;
import com.techsenger.jeditermfx.core.TerminalStarter;
import com.techsenger.jeditermfx.core.TtyConnector;
import com.techsenger.jeditermfx.core.model.JediTerminal;
import com.techsenger.jeditermfx.core.model.StyleState;
import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;
import com.techsenger.jeditermfx.ui.JediTermFxWidget;
import com.techsenger.jeditermfx.ui.TerminalCopyPasteHandler;
import com.techsenger.jeditermfx.ui.TerminalPanel;
import com.techsenger.jeditermfx.ui.settings.SettingsProvider;
import dev.lanes.process.PtySession;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import org.jetbrains.annotations.NotNull;
import org.jetbrains.annotations.Nullable;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An interactive terminal (JediTermFX) showing a {@link PtySession}: keys typed here go to the
 * program, its output is drawn here, and the pty follows the view's size (JediTerm computes columns
 * and rows from the pixel size, and resizes the pty shortly after the size settles). Copy and paste
 * as JediTerm provides them: select with the mouse, Ctrl+Shift+C / Ctrl+Shift+V (Cmd+C / Cmd+V on
 * macOS) or the context menu. Every Ctrl+letter goes to the program (Ctrl+C interrupts, Ctrl+D, Ctrl+R…),
 * so the window's Ctrl+letter shortcuts do not fire while the terminal has the keyboard; Ctrl+Shift
 * chords the terminal does not use (find is Ctrl+Shift+F) still reach the window.
 *
 * <p>For a session tab:
 * <pre>{@code
 * PtySession session = PtySession.start(PtySession.Spec.of(argv, worktree).withLog(logFile));
 * TerminalView view = new TerminalView(session);   // FX thread
 * tab.setContent(view);
 * tab.setOnClosed(e -> view.dispose());             // stops the program and its children
 * view.titleProperty()                               // what the program calls itself (OSC title)
 * session.onExit().thenAccept(code -> Platform.runLater(() -> markEnded(code)));
 * Platform.runLater(view::requestFocus);
 * }</pre>
 * When the program ends, the view keeps its last screen and shows the exit code under it. Create,
 * use and dispose it on the FX thread.
 */
public final class TerminalView extends Region {

    private static final String STYLESHEET = Objects.requireNonNull(
            TerminalView.class.getResource("/dev/lanes/ui/terminal/terminal.css"), "terminal.css").toExternalForm();

    private final PtySession session;
    private final PtyConnector connector;
    private final Widget widget;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private Runnable onBell;
    private CompletableFuture<Void> disposed;

    /** Shows {@code session} (which may already have written output: none is lost) and starts the emulator. */
    public TerminalView(PtySession session) {
        this.session = Objects.requireNonNull(session);
        title.set(session.name());
        getStyleClass().add("terminal-view");
        getStylesheets().add(STYLESHEET);
        setFocusTraversable(false);
        widget = new Widget(session.columns(), session.rows(), new TerminalSettings());
        Pane pane = widget.getPane();
        pane.setBackground(javafx.scene.layout.Background.fill(
                javafx.scene.paint.Color.rgb(TerminalSettings.BACKGROUND.getRed(),
                        TerminalSettings.BACKGROUND.getGreen(), TerminalSettings.BACKGROUND.getBlue())));
        getChildren().add(pane);
        widget.terminal().addApplicationTitleListener(t -> Platform.runLater(() -> title.set(t)));
        // before JediTerm's own filters on its canvas (parents filter first)
        addEventFilter(KeyEvent.KEY_PRESSED, this::controlKey);
        addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (e.isControlDown() && !e.isAltDown() && !e.isMetaDown()) {
                e.consume(); // a Ctrl chord never types its letter (AltGr, which is Ctrl+Alt on Windows, still does)
            }
        });
        connector = new PtyConnector(session);
        widget.setTtyConnector(connector);
        widget.start();
    }

    public PtySession session() {
        return session;
    }

    /** The title the program set (OSC 0/2), at first the program's name. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Called on the FX thread when the program rings the bell (e.g. an agent waiting for you). */
    public void setOnBell(Runnable onBell) {
        this.onBell = onBell;
    }

    /**
     * JediTerm's model of the screen and its scroll-back. Lock it ({@code lock()}/{@code unlock()})
     * while reading more than one line; {@link #text()} does.
     */
    public TerminalTextBuffer textBuffer() {
        return widget.getTerminalTextBuffer();
    }

    /** The scroll-back and the screen as plain text, one line per row, trailing blanks trimmed. */
    public String text() {
        TerminalTextBuffer buffer = textBuffer();
        buffer.lock();
        try {
            StringBuilder sb = new StringBuilder();
            for (String line : buffer.getHistoryBuffer().getLineTexts()) {
                sb.append(line.stripTrailing()).append('\n');
            }
            for (int row = 0; row < buffer.getHeight(); row++) {
                sb.append(buffer.getLine(row).getText().stripTrailing()).append('\n');
            }
            return sb.toString();
        } finally {
            buffer.unlock();
        }
    }

    /** Current size in characters as JediTerm sees it. */
    public int columns() {
        return textBuffer().getWidth();
    }

    public int rows() {
        return textBuffer().getHeight();
    }

    /** Gives the keyboard to the terminal. */
    @Override
    public void requestFocus() {
        widget.getTerminalPanel().getCanvas().requestFocus();
    }

    /** The node that takes keys and the mouse (tests point the robot at it). */
    javafx.scene.canvas.Canvas canvas() {
        return widget.getTerminalPanel().getCanvas();
    }

    /** Whether the terminal has the keyboard. */
    public boolean isTerminalFocused() {
        return widget.getTerminalPanel().getCanvas().isFocused();
    }

    /**
     * Closes the widget and stops the program and everything it started (politely, then by force
     * after {@link PtySession#DEFAULT_GRACE}), off the FX thread. Completes once the program has gone.
     * Repeated calls return the same future.
     */
    public CompletableFuture<Void> dispose() {
        if (disposed != null) {
            return disposed;
        }
        connector.close();
        widget.close();
        disposed = new CompletableFuture<>();
        Thread stopper = new Thread(() -> {
            try {
                session.stop(PtySession.DEFAULT_GRACE);
                disposed.complete(null);
            } catch (RuntimeException e) {
                disposed.completeExceptionally(e);
            }
        }, "terminal-stop-" + session.pid());
        stopper.setDaemon(true);
        stopper.start();
        return disposed;
    }

    public boolean isDisposed() {
        return disposed != null;
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        widget.getPane().resizeRelocate(in.getLeft(), in.getTop(),
                Math.max(0, getWidth() - in.getLeft() - in.getRight()),
                Math.max(0, getHeight() - in.getTop() - in.getBottom()));
    }

    @Override
    protected double computePrefWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + widget.getPane().prefWidth(height) + in.getRight();
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        return in.getTop() + widget.getPane().prefHeight(width) + in.getBottom();
    }

    @Override
    protected double computeMinWidth(double height) {
        return 60;
    }

    @Override
    protected double computeMinHeight(double width) {
        return 40;
    }

    /**
     * Ctrl+letter (and Ctrl+[ \\ ]) sends the control character to the program whatever the platform
     * puts in the key event (JediTermFX relies on AWT-like events where Ctrl+C already carries U+0003;
     * JavaFX platforms differ: headless Monocle gives "c").
     */
    private void controlKey(KeyEvent e) {
        if (!e.isControlDown() || e.isShiftDown() || e.isAltDown() || e.isMetaDown()) {
            return;
        }
        int c = controlCharacter(e.getCode());
        if (c >= 0 && widget.starter != null) {
            widget.starter.sendBytes(new byte[]{(byte) c}, true);
            e.consume();
        }
    }

    static int controlCharacter(KeyCode code) {
        if (code.isLetterKey()) {
            return code.getChar().charAt(0) - 'A' + 1;
        }
        return switch (code) {
            case OPEN_BRACKET -> 0x1b;
            case BACK_SLASH -> 0x1c;
            case CLOSE_BRACKET -> 0x1d;
            default -> -1;
        };
    }

    private void bell() {
        Platform.runLater(() -> {
            if (onBell != null) {
                onBell.run();
            }
        });
    }

    /** JediTermFX's widget with the JavaFX clipboard, daemon threads and a bell that does not need AWT. */
    private final class Widget extends JediTermFxWidget {

        private volatile TerminalStarter starter;

        Widget(int columns, int rows, SettingsProvider settings) {
            super(columns, rows, settings);
        }

        JediTerminal terminal() {
            return myTerminal;
        }

        @Override
        protected TerminalPanel createTerminalPanel(@NotNull SettingsProvider settings, @NotNull StyleState style,
                                                    @NotNull TerminalTextBuffer buffer) {
            return new TerminalPanel(settings, buffer, style) {
                @Override
                protected @NotNull TerminalCopyPasteHandler createCopyPasteHandler() {
                    return new FxClipboard();
                }

                @Override
                public void beep() {
                    bell();
                }
            };
        }

        @Override
        protected TerminalStarter createTerminalStarter(@NotNull JediTerminal terminal, @NotNull TtyConnector connector) {
            starter = super.createTerminalStarter(terminal, connector);
            return starter;
        }

        @Override
        protected @NotNull TerminalExecutorServiceManager createExecutorServiceManager() {
            return new DaemonExecutors();
        }
    }

    /** Copy and paste through the JavaFX clipboard (JediTerm's default goes through AWT). */
    private static final class FxClipboard implements TerminalCopyPasteHandler {

        @Override
        public void setContents(@NotNull String text, boolean useSystemSelectionClipboardIfAvailable) {
            if (useSystemSelectionClipboardIfAvailable) {
                return; // no X primary selection in JavaFX; copy-on-select is off
            }
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            onFx(() -> Clipboard.getSystemClipboard().setContent(content));
        }

        @Override
        public @Nullable String getContents(boolean useSystemSelectionClipboardIfAvailable) {
            if (useSystemSelectionClipboardIfAvailable || !Platform.isFxApplicationThread()) {
                return null;
            }
            Clipboard clipboard = Clipboard.getSystemClipboard();
            return clipboard.hasString() ? clipboard.getString() : null;
        }

        private static void onFx(Runnable r) {
            if (Platform.isFxApplicationThread()) {
                r.run();
            } else {
                Platform.runLater(r);
            }
        }
    }

    /** JediTerm's executors, but daemon threads: an open terminal never keeps the JVM alive. */
    private static final class DaemonExecutors implements TerminalExecutorServiceManager {

        private static final AtomicInteger IDS = new AtomicInteger();

        private final ScheduledExecutorService single;
        private final ExecutorService unbounded;

        DaemonExecutors() {
            int id = IDS.incrementAndGet();
            single = Executors.newSingleThreadScheduledExecutor(daemon("terminal-" + id + "-io"));
            unbounded = Executors.newCachedThreadPool(daemon("terminal-" + id + "-emulator"));
        }

        private static ThreadFactory daemon(String name) {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }

        @Override
        public @NotNull ScheduledExecutorService getSingleThreadScheduledExecutor() {
            return single;
        }

        @Override
        public @NotNull ExecutorService getUnboundedExecutorService() {
            return unbounded;
        }

        @Override
        public void shutdownWhenAllExecuted() {
            if (!single.isShutdown()) {
                single.execute(single::shutdown);
            }
            unbounded.shutdown();
        }
    }
}
