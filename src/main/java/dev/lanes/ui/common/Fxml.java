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
}
