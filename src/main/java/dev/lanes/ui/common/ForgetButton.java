package dev.lanes.ui.common;

import javafx.scene.control.Button;

/**
 * Forget… at the top of a tab of Lanes' own (an investigation, a pipeline, a comparison): hidden until the
 * window gives it something to do ({@link ViewHost#forget}).
 */
public final class ForgetButton extends Button {

    public ForgetButton() {
        super("Forget…");
        getStyleClass().addAll("tool", "small");
        setAction(null);
    }

    /** What choosing it does (ask, then forget); null hides it. */
    public void setAction(Runnable action) {
        setOnAction(action == null ? null : e -> action.run());
        setVisible(action != null);
        setManaged(action != null);
    }
}
