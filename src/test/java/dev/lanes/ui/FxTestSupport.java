package dev.lanes.ui;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Window;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Waiting on conditions (read on the FX thread) instead of sleeping. */
public final class FxTestSupport {

    private FxTestSupport() {
    }

    /** Reads a value on the FX thread. */
    public static <T> T onFx(Callable<T> read) {
        if (Platform.isFxApplicationThread()) {
            try {
                return read.call();
            } catch (Exception e) {
                throw new AssertionError("FX read failed", e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(read.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("FX read failed", e);
        }
    }

    /** Waits up to {@code seconds} for a condition evaluated on the FX thread. */
    public static void waitUntil(String what, int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> Boolean.TRUE.equals(onFx(condition)));
        } catch (TimeoutException e) {
            throw new AssertionError("Timed out after " + seconds + " s waiting for: " + what);
        }
    }

    /** A node with that id in any showing window (dialogs are windows of their own). */
    public static Optional<Node> find(FxRobot robot, String query) {
        return onFx(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w.isShowing() && w.getScene() != null) {
                    Node n = w.getScene().getRoot().lookup(query);
                    if (n != null) {
                        return Optional.of(n);
                    }
                }
            }
            return Optional.<Node>empty();
        });
    }

    public static Node await(FxRobot robot, String query) {
        waitUntil(query + " to show", 10, () -> find(robot, query).map(Node::isVisible).orElse(false));
        return find(robot, query).orElseThrow();
    }

    public static void awaitGone(FxRobot robot, String query) {
        waitUntil(query + " to close", 10, () -> find(robot, query).isEmpty());
    }

    public static String labelText(Node n) {
        return onFx(() -> ((Label) n).getText());
    }

    /**
     * Hides a main window and clears the handlers it put on its stage: TestFX hands the same
     * primary stage to the next test class.
     */
    public static void closeWindow(dev.lanes.ui.main.MainWindow window) {
        onFx(() -> {
            window.stage().hide();
            window.stage().setOnHiding(null);
            window.stage().setOnCloseRequest(null);
            window.stage().setOnShown(null);
            return null;
        });
    }

    public static <T> Supplier<T> fx(Callable<T> c) {
        return () -> onFx(c);
    }

    /** Saves a picture of the scene as PNG (to look at what a test built). */
    public static void snapshot(javafx.scene.Scene scene, java.nio.file.Path file) {
        javafx.scene.image.WritableImage img = onFx(() -> scene.snapshot(null));
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        javafx.scene.image.PixelReader px = img.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, px.getArgb(x, y));
            }
        }
        try {
            javax.imageio.ImageIO.write(out, "png", file.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Gives {@code stage} a plain themed scene and shows it: the owner of a dialog under test. */
    public static void showDialogOwner(javafx.stage.Stage stage) {
        javafx.scene.Scene scene = new javafx.scene.Scene(new javafx.scene.layout.StackPane(
                new javafx.scene.control.Label("Lanes")), 400, 300);
        dev.lanes.ui.common.Themes.apply(scene, dev.lanes.settings.Settings.Theme.LIGHT);
        stage.setScene(scene);
        stage.show();
    }

    /** Closes every stage but {@code keep}: a dialog a failed test left open would answer the next test's look-ups. */
    public static void closeStagesBut(javafx.stage.Stage keep) {
        onFx(() -> {
            for (javafx.stage.Window w : java.util.List.copyOf(javafx.stage.Window.getWindows())) {
                if (w != keep && w instanceof javafx.stage.Stage s) {
                    s.close();
                }
            }
            return null;
        });
    }

    /** The text of the label {@code query} finds while it shows, else "" (a dialog's sentence on what is wrong). */
    public static String shownLabel(org.testfx.api.FxRobot robot, String query) {
        return onFx(() -> {
            javafx.scene.control.Label l = robot.lookup(query).queryAs(javafx.scene.control.Label.class);
            return l.isVisible() ? l.getText() : "";
        });
    }
}
