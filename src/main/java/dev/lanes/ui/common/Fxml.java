package dev.lanes.ui.common;

import javafx.fxml.FXMLLoader;
import javafx.util.Callback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

/** Loads an FXML file that lives beside its controller, through a {@link ControllerFactory}. */
public final class Fxml {

    private Fxml() {
    }

    public record Loaded<N, C>(N root, C controller) {
    }

    public static <N, C> Loaded<N, C> load(Class<?> owner, String name, Callback<Class<?>, Object> factory) {
        URL url = owner.getResource(name);
        if (url == null) {
            throw new IllegalStateException("Missing FXML " + name + " beside " + owner.getName());
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setControllerFactory(factory);
        try {
            N root = loader.load();
            return new Loaded<>(root, loader.getController());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not load " + url, e);
        }
    }

    /**
     * Loads an {@code fx:root} FXML file that lives beside {@code control}'s class, with
     * {@code control} as both its root and its controller (a custom control's own layout).
     */
    public static void loadRoot(Object control, String name) {
        URL url = control.getClass().getResource(name);
        if (url == null) {
            throw new IllegalStateException("Missing FXML " + name + " beside " + control.getClass().getName());
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setRoot(control);
        loader.setController(control);
        try {
            loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not load " + url, e);
        }
    }
}
