package dev.lanes.ui.investigate;

import dev.lanes.investigate.Investigation;
import dev.lanes.investigate.Question;
import dev.lanes.settings.Settings;
import dev.lanes.ui.FxTestSupport;
import dev.lanes.ui.common.Themes;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.lanes.ui.FxTestSupport.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The investigation tab: each answer in its own section (status while working), the summary on top once done. */
@ExtendWith(ApplicationExtension.class)
class InvestigationViewTest {

    private Stage stage;
    private final List<Long> opened = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    static Investigation investigation(Investigation.State state, String summary) {
        return new Investigation(7, Path.of("/src/shop"), Path.of("/src/shop"), "claude", "", null, state, summary,
                state == Investigation.State.DONE ? 40 : 0, "", Instant.now());
    }

    static List<Question> questions(boolean done) {
        return List.of(
                new Question(7, 0, "How does authentication work?", 31, Question.State.ANSWERED,
                        "login() in src/auth.py:12 checks the session token against the tokens table; every request "
                                + "goes through require_login() in src/middleware.py:30.", ""),
                new Question(7, 1, "How are orders processed?", 32, done ? Question.State.ANSWERED : Question.State.ASKING,
                        done ? "place() in src/orders.py:8 validates the cart, reserves stock (src/stock.py:44), then "
                                + "charges through src/payments.py:15; it calls require_login() first." : "", ""),
                new Question(7, 2, "Where are emails sent?", 33, Question.State.FAILED, "",
                        "Budget reached: the run stopped at its $0.50 budget."));
    }

    static InvestigationView showIn(Stage stage, Settings.Theme theme, List<Long> opened) {
        return onFx(() -> {
            InvestigationView view = new InvestigationView("Investigation · shop", opened::add);
            view.setOnForget(() -> { });
            Scene scene = new Scene(view, 900, 620);
            Themes.apply(scene, theme);
            stage.setScene(scene);
            stage.show();
            return view;
        });
    }

    @Test
    void answersShowInTheirOwnSectionsAndTheSummaryOnTopOnceDone(FxRobot robot) {
        InvestigationView view = showIn(stage, Settings.Theme.LIGHT, opened);
        onFx(() -> {
            view.update(investigation(Investigation.State.ASKING, ""), questions(false));
            return null;
        });
        assertFalse(onFx(() -> robot.lookup("#investigationSummary").query().isVisible()), "no summary while asking");
        assertEquals("2 of 3 questions answered (1 failed)…", onFx(() -> robot.lookup("#investigationStatus").queryAs(Label.class).getText()));
        assertTrue(onFx(() -> robot.lookup("#question-2").queryAs(TitledPane.class).getText()).endsWith("working…"));
        assertTrue(onFx(() -> robot.lookup("#question-3").queryAs(TitledPane.class).getText()).endsWith("failed"));

        onFx(() -> {
            view.update(investigation(Investigation.State.DONE, "Orders depend on authentication: place() calls require_login()."),
                    questions(true));
            return null;
        });
        assertTrue(onFx(() -> robot.lookup("#investigationSummary").query().isVisible()));
        assertEquals("Orders depend on authentication: place() calls require_login().",
                onFx(() -> robot.lookup("#investigationSummaryText").queryAs(Label.class).getText()));
        // labels cannot be selected: the summary and each answer copy from their context menu
        assertEquals("Orders depend on authentication: place() calls require_login().", onFx(() -> {
            Label summary = robot.lookup("#investigationSummaryText").queryAs(Label.class);
            summary.getContextMenu().getItems().get(0).fire();
            return javafx.scene.input.Clipboard.getSystemClipboard().getString();
        }));
        String second = onFx(() -> ((Label) ((javafx.scene.layout.VBox) robot.lookup("#question-2").queryAs(TitledPane.class)
                .getContent()).getChildren().get(0)).getText());
        assertTrue(second.startsWith("place() in src/orders.py:8"), second);
        // the summary is above the answers
        double summaryY = onFx(() -> robot.lookup("#investigationSummary").query().localToScene(0, 0).getY());
        double firstY = onFx(() -> robot.lookup("#question-1").query().localToScene(0, 0).getY());
        assertTrue(summaryY < firstY, summaryY + " < " + firstY);
        // the link is inside the section's skin: there once the section was laid out
        dev.lanes.ui.FxTestSupport.waitUntil("the first answer's link", 10,
                () -> onFx(() -> robot.lookup("#question-1 .hyperlink").tryQuery().isPresent()));
        robot.clickOn(robot.lookup("#question-1 .hyperlink").queryAs(javafx.scene.control.Hyperlink.class));
        assertEquals(List.of(31L), opened, "Open Session brings that question's session forward");
        // a picture to look at (assets/screenshot-investigate.png is this one)
        Path shots = Path.of("target", "screenshots");
        try {
            java.nio.file.Files.createDirectories(shots);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        FxTestSupport.snapshot(stage.getScene(), shots.resolve("investigation.png"));
    }
}
