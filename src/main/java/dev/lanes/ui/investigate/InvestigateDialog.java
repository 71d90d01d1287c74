package dev.lanes.ui.investigate;

import dev.lanes.model.AgentProfile;
import dev.lanes.model.Worktree;
import dev.lanes.ui.agent.NewAgentDialog;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.Fxml;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.List;

/** Asks for an investigation: questions (one a line), the worktree, the agent and model. */
public final class InvestigateDialog extends Dialog<InvestigateDialog.Choice> {

    public static final ButtonType START = new ButtonType("Investigate", ButtonBar.ButtonData.OK_DONE);

    /** What the person asked for. */
    /** An earlier investigation of the repository, as the Earlier menu offers it. */
    public record Earlier(dev.lanes.investigate.Investigation investigation, List<String> questions) {
    }

    /**
     * What the person asked for: new questions, or {@code reopen} (then the rest is empty) to look at an earlier
     * investigation's answers again.
     */
    public record Choice(Worktree worktree, List<String> questions, AgentProfile profile, String model, Double budgetUsd,
                         dev.lanes.investigate.Investigation reopen) {

        public Choice(Worktree worktree, List<String> questions, AgentProfile profile, String model, Double budgetUsd) {
            this(worktree, questions, profile, model, budgetUsd, null);
        }

    }

    @FXML private ComboBox<Worktree> worktreeCombo;
    @FXML private TextArea questionsArea;
    @FXML private Label countLabel;
    @FXML private ComboBox<AgentProfile> profileCombo;
    @FXML private TextField modelField;
    @FXML private TextField budgetField;
    @FXML private MenuButton earlierButton;
    @FXML private Label errorLabel;

    /** @param profiles only those Lanes can keep read-only are offered (headless Claude Code) */
    public InvestigateDialog(Window owner, List<AgentProfile> profiles, List<Worktree> worktrees, Worktree selected) {
        this(owner, profiles, worktrees, selected, List.of());
    }

    /**
     * @param profiles only those Lanes can keep read-only are offered (headless Claude Code)
     * @param earlier  the repository's earlier investigations, newest first (reopened from the Earlier menu)
     */
    public InvestigateDialog(Window owner, List<AgentProfile> profiles, List<Worktree> worktrees, Worktree selected,
                             List<Earlier> earlier) {
        Dialogs.prepare(this, owner, "investigateDialog");
        setTitle("Investigate");
        setHeaderText("Ask several questions about the code at once");
        GridPane content = Fxml.<GridPane, InvestigateDialog>load(InvestigateDialog.class, "InvestigateDialog.fxml", t -> this).root();
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(START, ButtonType.CANCEL);
        Button start = (Button) getDialogPane().lookupButton(START);
        start.setId("startInvestigationButton");
        questionsArea.setId("questionsArea");
        profileCombo.setId("investigateProfileCombo");
        modelField.setId("investigateModelField");
        budgetField.setId("investigateBudgetField");
        errorLabel.setId("investigateDialogError");
        countLabel.setId("questionCountLabel");
        earlierButton.setId("earlierInvestigationsButton");
        dev.lanes.ui.common.EarlierMenu.fill(earlierButton, earlier, "investigation", "earlierInvestigation-",
                e -> e.investigation().id(), InvestigateDialog::describe, e -> {
                    setResult(new Choice(null, List.of(), null, "", null, e.investigation()));
                    close();
                });

        worktreeCombo.getItems().setAll(worktrees);
        worktreeCombo.setCellFactory(l -> new NewAgentDialog.WorktreeCell());
        worktreeCombo.setButtonCell(new NewAgentDialog.WorktreeCell());
        worktreeCombo.setValue(selected != null && worktrees.contains(selected) ? selected : worktrees.isEmpty() ? null : worktrees.get(0));
        List<AgentProfile> readOnly = profiles.stream().filter(p -> p.mode() == AgentProfile.Mode.HEADLESS
                && p.output() == AgentProfile.OutputFormat.CLAUDE_STREAM_JSON).toList();
        profileCombo.getItems().setAll(readOnly);
        profileCombo.setCellFactory(l -> new NewAgentDialog.ProfileCell());
        profileCombo.setButtonCell(new NewAgentDialog.ProfileCell());
        profileCombo.setValue(readOnly.isEmpty() ? null : readOnly.get(0));
        profileCombo.setPromptText("No headless Claude Code profile: add one in Preferences → Agents");
        countLabel.textProperty().bind(Bindings.createStringBinding(() -> {
            int n = questions().size();
            return n == 0 ? "No question yet: write one a line, such as “how are orders processed”."
                    : n == 1 ? "1 question: one session."
                    : n + " questions: " + n + " sessions at once, then one more that combines their answers.";
        }, questionsArea.textProperty()));
        // a bad budget is said as it is typed, and Investigate waits until it is mended
        javafx.beans.binding.StringBinding budgetProblem = Bindings.createStringBinding(() -> {
            try {
                NewAgentDialog.parseBudget(budgetField.getText());
                return "";
            } catch (IllegalArgumentException ex) {
                return ex.getMessage();
            }
        }, budgetField.textProperty());
        start.disableProperty().bind(Bindings.createBooleanBinding(() -> profileCombo.getValue() == null
                || worktreeCombo.getValue() == null || questions().isEmpty() || !budgetProblem.get().isEmpty(),
                profileCombo.valueProperty(), worktreeCombo.valueProperty(), questionsArea.textProperty(), budgetProblem));
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        errorLabel.textProperty().bind(budgetProblem);
        errorLabel.visibleProperty().bind(budgetProblem.isNotEmpty());
        setResultConverter(b -> b == START ? new Choice(worktreeCombo.getValue(), questions(), profileCombo.getValue(),
                modelField.getText().strip(), NewAgentDialog.parseBudget(budgetField.getText())) : null);
        setOnShown(e -> Platform.runLater(questionsArea::requestFocus));
    }

    /** "26 Nov 14:05 · login · how does login work (+2) · done" */
    static String describe(Earlier e) {
        dev.lanes.investigate.Investigation inv = e.investigation();
        String first = e.questions().isEmpty() ? "" : e.questions().get(0).strip();
        String what = first.length() > 60 ? first.substring(0, 59) + "…" : first;
        String more = e.questions().size() > 1 ? " (+" + (e.questions().size() - 1) + ")" : "";
        String when = inv.createdAt() == null ? "" : dev.lanes.ui.common.EarlierMenu.when(inv.createdAt()) + " · ";
        String state = switch (inv.state()) {
            case ASKING -> "answering";
            case COMBINING -> "combining";
            case DONE -> "done";
            case FAILED -> inv.problem() == null || inv.problem().isBlank() ? "failed" : "failed: " + inv.problem();
        };
        return when + inv.worktree().getFileName() + " · " + what + more + " · " + state;
    }

    /** The questions typed: one a line, blank lines left out. */
    List<String> questions() {
        return questionsArea.getText().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
