package dev.lanes.ui.common;

import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** The small rounded labels that mark a lane (● 2, ⚠ 1 shared, ✗ conflicts): style class {@code badge} and a kind. */
public final class Badges {

    private Badges() {
    }

    /** A badge that never shrinks below its text; {@code kind} picks its colours in lanes.css ("overlap", "conflict"…). */
    public static Label badge(String text, String kind) {
        Label l = new Label(text);
        l.getStyleClass().addAll("badge", kind);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
