package dev.lanes.ui.common;

import dev.lanes.settings.Settings.Theme;
import javafx.scene.Scene;

import java.util.List;
import java.util.Objects;

/** Light and dark themes are stylesheets swapped on a scene at run time. */
public final class Themes {

    private static final String BASE = css("lanes.css");
    private static final String LIGHT = css("light.css");
    private static final String DARK = css("dark.css");

    private Themes() {
    }

    private static String css(String name) {
        return Objects.requireNonNull(Themes.class.getResource("/dev/lanes/ui/theme/" + name), name).toExternalForm();
    }

    public static void apply(Scene scene, Theme theme) {
        List<String> sheets = scene.getStylesheets();
        sheets.removeAll(List.of(BASE, LIGHT, DARK));
        sheets.add(0, theme == Theme.DARK ? DARK : LIGHT);
        sheets.add(1, BASE);
    }

    /** Gives a dialog or secondary window the same look as its owner. */
    public static void copy(Scene from, Scene to) {
        to.getStylesheets().setAll(from.getStylesheets());
    }
}
