package dev.lanes.ui.investigate;

import dev.lanes.investigate.Investigation;
import dev.lanes.investigate.Question;
import dev.lanes.ui.common.Fxml;
import javafx.fxml.FXML;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * One investigation: the combined summary at the top once it is in, then each question's answer in
 * a titled section of its own (its status while it works, the reason when it failed). Call
 * {@link #update} on the FX thread.
 */
public final class InvestigationView extends BorderPane {

    @FXML private Label titleLabel;
    @FXML private Label statusLabel;
    @FXML private dev.lanes.ui.common.ForgetButton forgetButton;
    @FXML private TitledPane summaryPane;
    @FXML private Label summaryLabel;
    @FXML private VBox questionsBox;

    private final LongConsumer openSession;

    /** @param openSession brings a question's session forward */
    public InvestigationView(String title, LongConsumer openSession) {
        this.openSession = openSession;
        Fxml.loadRoot(this, "InvestigationView.fxml");
        getStylesheets().add(Objects.requireNonNull(InvestigationView.class.getResource("investigate.css")).toExternalForm());
        setId("investigationView");
        titleLabel.setText(title);
        summaryPane.setId("investigationSummary");
        copyable(summaryLabel);
        summaryLabel.setId("investigationSummaryText");
        statusLabel.setId("investigationStatus");
        summaryPane.managedProperty().bind(summaryPane.visibleProperty());
        summaryPane.setVisible(false);
    }

    public void update(Investigation inv, List<Question> questions) {
        long answered = questions.stream().filter(q -> q.state() == Question.State.ANSWERED).count();
        long failed = questions.stream().filter(q -> q.state() == Question.State.FAILED).count();
        statusLabel.getStyleClass().removeAll("ok", "error");
        statusLabel.setText(switch (inv.state()) {
            case ASKING -> answered + failed + " of " + questions.size() + " questions answered" + (failed > 0 ? " (" + failed
                    + " failed)" : "") + "…";
            case COMBINING -> "Every question has ended; combining the " + answered + " answers…";
            case DONE -> "Done: " + answered + " of " + questions.size() + " answered" + (failed > 0 ? ", " + failed + " failed" : "") + ".";
            case FAILED -> inv.problem();
        });
        statusLabel.getStyleClass().add(inv.state() == Investigation.State.FAILED ? "error"
                : inv.state() == Investigation.State.DONE ? "ok" : "");
        summaryPane.setVisible(inv.state() == Investigation.State.COMBINING || !inv.summary().isBlank()
                || inv.state() == Investigation.State.FAILED && inv.combineSessionId() != 0);
        summaryLabel.getStyleClass().removeAll("answer-waiting", "answer-problem");
        if (!inv.summary().isBlank()) {
            summaryLabel.setText(inv.summary().strip());
        } else if (inv.state() == Investigation.State.COMBINING) {
            summaryLabel.setText("Working: reading the answers together…");
            summaryLabel.getStyleClass().add("answer-waiting");
        } else {
            summaryLabel.setText(inv.problem());
            summaryLabel.getStyleClass().add("answer-problem");
        }
        while (questionsBox.getChildren().size() > questions.size()) {
            questionsBox.getChildren().remove(questionsBox.getChildren().size() - 1);
        }
        for (Question q : questions) {
            if (q.index() >= questionsBox.getChildren().size()) {
                questionsBox.getChildren().add(section(q));
            }
            fill((TitledPane) questionsBox.getChildren().get(q.index()), q);
        }
    }

    private TitledPane section(Question q) {
        Label text = new Label();
        text.setWrapText(true);
        text.getStyleClass().add("answer-text");
        copyable(text);
        Hyperlink open = new Hyperlink("Open Session");
        open.setOnAction(e -> {
            long id = (long) open.getProperties().getOrDefault("session", 0L);
            if (id != 0) {
                openSession.accept(id);
            }
        });
        TitledPane pane = new TitledPane("", new VBox(6, text, open));
        pane.setId("question-" + (q.index() + 1));
        pane.setCollapsible(true);
        return pane;
    }

    /** A label's text can be copied (right-click → Copy; labels cannot be selected). */
    static void copyable(Label label) {
        javafx.scene.control.MenuItem copy = new javafx.scene.control.MenuItem("Copy");
        copy.setOnAction(e -> {
            javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
            c.putString(label.getText());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        });
        label.setContextMenu(new javafx.scene.control.ContextMenu(copy));
    }

    private static void fill(TitledPane pane, Question q) {
        VBox box = (VBox) pane.getContent();
        Label text = (Label) box.getChildren().get(0);
        Hyperlink open = (Hyperlink) box.getChildren().get(1);
        pane.setText((q.index() + 1) + ". " + q.text() + switch (q.state()) {
            case ASKING -> "  — working…";
            case ANSWERED -> "";
            case FAILED -> "  — failed";
        });
        pane.getStyleClass().removeAll("question-asking", "question-answered", "question-failed");
        pane.getStyleClass().add("question-" + q.state().name().toLowerCase(java.util.Locale.ROOT));
        text.getStyleClass().removeAll("answer-waiting", "answer-problem");
        switch (q.state()) {
            case ASKING -> {
                text.setText("The agent is reading the code…");
                text.getStyleClass().add("answer-waiting");
            }
            case ANSWERED -> text.setText(q.answer().strip());
            case FAILED -> {
                text.setText(q.problem());
                text.getStyleClass().add("answer-problem");
            }
        }
        open.getProperties().put("session", q.sessionId());
        open.setVisible(q.sessionId() != 0);
        open.setManaged(q.sessionId() != 0);
    }

    /** Shows Forget… in the top bar; {@code action} asks the person and forgets (null: no Forget…). */
    public void setOnForget(Runnable action) {
        forgetButton.setAction(action);
    }
}
