package dev.lanes.ui.common;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

import static dev.lanes.ui.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A row of badges leaves out the last ones that do not fit, keeps the first, and stands right-aligned. */
@ExtendWith(ApplicationExtension.class)
class BadgeRowTest {

    private final BadgeRow row = new BadgeRow(4);

    @Start
    void start(Stage stage) {
        for (String t : List.of("✗ conflicts", "⚠ 3 shared", "● 2")) {
            Label l = new Label(t);
            l.setMinWidth(50);
            l.setPrefWidth(50);
            l.setMaxWidth(50);
            row.getChildren().add(l);
        }
        stage.setScene(new Scene(new Pane(row), 400, 100));
        stage.show();
    }

    private List<Boolean> shownAt(double width) {
        return onFx(() -> {
            row.resize(width, 20);
            row.layout();
            return row.getChildren().stream().map(n -> n.isVisible()).toList();
        });
    }

    @Test
    void theLastBadgesGoFirstWhenTheRowIsNarrow() {
        assertEquals(50 + 4 + 50 + 4 + 50, onFx(() -> row.prefWidth(-1)), 0.01);
        assertEquals(50, onFx(() -> row.minWidth(-1)), 0.01, "room for the most important one at least");
        assertEquals(List.of(true, true, true), shownAt(300));
        // right-aligned: the last one ends at the row's right edge
        assertEquals(300, onFx(() -> row.getChildren().get(2).getLayoutX() + 50), 0.5);
        assertEquals(List.of(true, true, false), shownAt(120));
        assertEquals(120, onFx(() -> row.getChildren().get(1).getLayoutX() + 50), 0.5);
        assertEquals(List.of(true, false, false), shownAt(60));
        assertEquals(List.of(true, true, true), shownAt(158), "all back when there is room again");
    }
}
