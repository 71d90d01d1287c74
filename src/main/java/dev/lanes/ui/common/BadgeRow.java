package dev.lanes.ui.common;

import javafx.scene.Node;
import javafx.scene.layout.Pane;

/**
 * Badges in a row, right-aligned, the most important first: when the row is narrower than all of them, the
 * last ones are left out (the row's tooltip or the dashboard says the rest) rather than squeezing what stands
 * beside it, such as a lane's name. Its minimum width is its first badge's.
 */
public final class BadgeRow extends Pane {

    private final double gap;

    public BadgeRow(double gap) {
        this.gap = gap;
    }

    @Override
    protected double computePrefWidth(double height) {
        double w = 0;
        for (Node n : getManagedChildren()) {
            w += (w > 0 ? gap : 0) + n.prefWidth(-1);
        }
        return snappedLeftInset() + w + snappedRightInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        return snappedLeftInset() + (getManagedChildren().isEmpty() ? 0 : getManagedChildren().get(0).prefWidth(-1))
                + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        double h = 0;
        for (Node n : getManagedChildren()) {
            h = Math.max(h, n.prefHeight(-1));
        }
        return snappedTopInset() + h + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        double room = getWidth() - snappedLeftInset() - snappedRightInset();
        double used = 0;
        int fit = 0;
        for (Node n : getManagedChildren()) {
            double w = n.prefWidth(-1) + (fit > 0 ? gap : 0);
            if (used + w > room + 0.5) {
                break;
            }
            used += w;
            fit++;
        }
        double x = snappedLeftInset() + room - used;
        double top = snappedTopInset();
        double h = getHeight() - top - snappedBottomInset();
        int i = 0;
        for (Node n : getManagedChildren()) {
            boolean shown = i++ < fit;
            n.setVisible(shown);
            if (shown) {
                double w = n.prefWidth(-1);
                double nh = n.prefHeight(-1);
                n.resizeRelocate(snapPositionX(x), snapPositionY(top + (h - nh) / 2), w, nh);
                x += w + gap;
            }
        }
    }
}
