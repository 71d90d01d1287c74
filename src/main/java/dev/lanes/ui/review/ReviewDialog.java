package dev.lanes.ui.review;

import dev.lanes.model.AgentProfile;
import dev.lanes.model.SessionRecord;
import dev.lanes.review.Review;
import dev.lanes.review.Reviews;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.Fxml;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Asks which agent session's work to review (the writer: an agent session of the worktree) and who
 * reviews it (a profile Lanes can keep read-only, a model, how many rounds). A writer reviewed before
 * reopens its latest review, with its rounds, unless the person starts a new one.
 *
 * <p>Stable ids: {@code #reviewDialog}, {@code #reviewWriterCombo}, {@code #reviewEarlierLabel},
 * {@code #newReviewCheck}, {@code #reviewerCombo}, {@code #reviewModelField}, {@code #reviewRoundsSpinner},
 * {@code #reviewDialogError}, {@code #openReviewButton}.
 */
public final class ReviewDialog extends Dialog<ReviewDialog.Choice> {

    public static final ButtonType OPEN = new ButtonType("Open Review", ButtonBar.ButtonData.OK_DONE);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM HH:mm").withZone(ZoneId.systemDefault());

    /** A writer's latest review and how many rounds it has had. */
    public record Earlier(Review review, int rounds) {
    }

    /**
     * What the person chose: {@code earlier} to reopen, else a new review by {@code reviewer}.
     */
    public record Choice(SessionRecord writer, Review earlier, AgentProfile reviewer, String model, int maxRounds,
                         Double budgetUsd) {
    }

    @FXML private ComboBox<SessionRecord> writerCombo;
    @FXML private Label earlierLabel;
    @FXML private CheckBox newReviewCheck;
    @FXML private ComboBox<AgentProfile> reviewerCombo;
    @FXML private TextField modelField;
    @FXML private Spinner<Integer> roundsSpinner;
    @FXML private TextField budgetField;
    @FXML private Label budgetHint;
    @FXML private Label errorLabel;

    private final Map<Long, Earlier> earlier;

    /**
     * @param writers   the agent sessions whose work can be reviewed
     * @param reviewers the profiles that can review read-only
     * @param earlier   each writer's latest review, by session id
     */
    public ReviewDialog(Window owner, List<SessionRecord> writers, SessionRecord selected, List<AgentProfile> reviewers,
                        Map<Long, Earlier> earlier) {
        this.earlier = earlier;
        Dialogs.prepare(this, owner, "reviewDialog");
        setTitle("Review");
        setHeaderText("Review an agent's work with a second, read-only agent");
        GridPane content = Fxml.<GridPane, ReviewDialog>load(ReviewDialog.class, "ReviewDialog.fxml", type -> this).root();
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(OPEN, ButtonType.CANCEL);
        Button open = (Button) getDialogPane().lookupButton(OPEN);
        open.setId("openReviewButton");

        writerCombo.getItems().setAll(writers);
        writerCombo.setCellFactory(l -> new WriterCell());
        writerCombo.setButtonCell(new WriterCell());
        writerCombo.setValue(writers.stream().filter(w -> selected != null && w.id() == selected.id()).findFirst()
                .orElse(writers.isEmpty() ? null : writers.get(writers.size() - 1)));
        reviewerCombo.getItems().setAll(reviewers);
        reviewerCombo.setCellFactory(l -> new ProfileCell());
        reviewerCombo.setButtonCell(new ProfileCell());
        reviewerCombo.setValue(reviewers.isEmpty() ? null : reviewers.get(0));
        roundsSpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 10, Reviews.DEFAULT_MAX_ROUNDS));

        earlierLabel.managedProperty().bind(earlierLabel.visibleProperty());
        newReviewCheck.managedProperty().bind(newReviewCheck.visibleProperty());
        writerCombo.valueProperty().addListener((obs, old, w) -> showEarlier());
        newReviewCheck.selectedProperty().addListener((obs, old, n) -> showEarlier());
        showEarlier();

        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        String problem = writers.isEmpty() ? "No agent has worked in this worktree yet: start one (Session → New Agent…), "
                + "then review its work."
                : reviewers.isEmpty() ? "No agent profile can review read-only: Lanes keeps only Claude Code (headless) "
                + "read-only. Add or repair one in Preferences → Agents." : "";
        errorLabel.setText(problem);
        errorLabel.setVisible(!problem.isEmpty());
        String budgetText = budgetHint.getText();
        open.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            String bad = budgetProblem();
            budgetHint.setText(bad == null ? budgetText : bad);
            budgetHint.getStyleClass().remove("problem");
            if (bad != null) {
                budgetHint.getStyleClass().add("problem");
            }
            return writerCombo.getValue() == null || (reopens() == null && (reviewerCombo.getValue() == null || bad != null));
        }, writerCombo.valueProperty(), reviewerCombo.valueProperty(), newReviewCheck.selectedProperty(), budgetField.textProperty()));
        setResultConverter(b -> b == OPEN ? choice() : null);
    }

    /** The earlier review the chosen writer reopens, or null when a new one starts. */
    private Review reopens() {
        SessionRecord w = writerCombo.getValue();
        Earlier e = w == null ? null : earlier.get(w.id());
        return e == null || newReviewCheck.isSelected() ? null : e.review();
    }

    private void showEarlier() {
        SessionRecord w = writerCombo.getValue();
        Earlier e = w == null ? null : earlier.get(w.id());
        earlierLabel.setVisible(e != null);
        newReviewCheck.setVisible(e != null);
        if (e != null) {
            earlierLabel.setText(newReviewCheck.isSelected()
                    ? "A new review starts at round 1; the earlier one keeps its rounds."
                    : "Reopens its review of " + WHEN.format(e.review().createdAt()) + " (" + e.rounds() + " of "
                    + e.review().maxRounds() + " rounds), with its reviewer"
                    + (e.review().reviewerModel().isEmpty() ? "" : " (" + e.review().reviewerModel() + ")") + ".");
        }
        boolean fresh = reopens() == null;
        reviewerCombo.setDisable(!fresh);
        modelField.setDisable(!fresh);
        roundsSpinner.setDisable(!fresh);
        budgetField.setDisable(!fresh);
    }

    /** Why the budget typed is not one, or null. */
    private String budgetProblem() {
        try {
            dev.lanes.ui.agent.NewAgentDialog.parseBudget(budgetField.getText());
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private Choice choice() {
        Integer rounds = roundsSpinner.getValue();
        return new Choice(writerCombo.getValue(), reopens(), reviewerCombo.getValue(), modelField.getText().strip(),
                rounds == null ? Reviews.DEFAULT_MAX_ROUNDS : rounds,
                budgetProblem() == null ? dev.lanes.ui.agent.NewAgentDialog.parseBudget(budgetField.getText()) : null);
    }

    private final class WriterCell extends ListCell<SessionRecord> {
        @Override
        protected void updateItem(SessionRecord s, boolean empty) {
            super.updateItem(s, empty);
            setText(empty || s == null ? null : s.name() + "  —  " + s.worktree().getFileName()
                    + (earlier.containsKey(s.id()) ? "  (reviewed before)" : ""));
        }
    }

    private static final class ProfileCell extends ListCell<AgentProfile> {
        @Override
        protected void updateItem(AgentProfile p, boolean empty) {
            super.updateItem(p, empty);
            setText(empty || p == null ? null : p.name() + "  —  " + p.executable());
        }
    }
}
