package dev.lanes.ui.pipeline;

import dev.lanes.model.AgentProfile;
import dev.lanes.model.Worktree;
import dev.lanes.pipeline.Pipelines;
import dev.lanes.pipeline.StagePresets;
import dev.lanes.ui.agent.NewAgentDialog;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.Fxml;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks for a pipeline: the worktree and its stages as editable rows, each with a name, a prompt, an
 * agent and a model. The first stage's agent and model are the pipeline's; a later stage runs them
 * ("Same as stage 1") unless the person chooses another agent or types another model.
 *
 * <p>Stable ids: {@code #pipelineDialog}, {@code #pipelineWorktreeCombo}, {@code #stageRows},
 * {@code #stageRow-N-name}, {@code -prompt}, {@code -agent}, {@code -model}, {@code -remove} (N from 1),
 * {@code #pipelineDialogError}, {@code #startPipelineButton}.
 */
public final class PipelineDialog extends Dialog<PipelineDialog.Choice> {

    public static final ButtonType START = new ButtonType("Start Pipeline", ButtonBar.ButtonData.OK_DONE);

    /**
     * The agent choice of a later stage that runs the first stage's agent (and, with no model typed,
     * its model). Never offered on the first stage.
     */
    static final AgentProfile SAME_AS_FIRST = new AgentProfile("same-as-stage-1", "Same as stage 1", "-",
            AgentProfile.Mode.HEADLESS, List.of(), List.of(), AgentProfile.OutputFormat.TEXT, false, List.of(), "", true);

    /**
     * What the person asked for.
     *
     * @param profile the first stage's agent: the pipeline's
     * @param model   the first stage's model, empty for the agent's default: the pipeline's
     * @param stages  in order; a stage's empty profile id and model are the pipeline's (see
     *                {@link Pipelines.StageSpec}); the first stage's are always empty
     */
    public record Choice(Worktree worktree, AgentProfile profile, String model, List<Pipelines.StageSpec> stages,
                         dev.lanes.pipeline.Pipeline reopen) {

        public Choice(Worktree worktree, AgentProfile profile, String model, List<Pipelines.StageSpec> stages) {
            this(worktree, profile, model, stages, null);
        }

        /** An earlier pipeline to look at (and resume) again; the rest is empty. */
        static Choice reopening(dev.lanes.pipeline.Pipeline p) {
            return new Choice(null, null, "", List.of(), p);
        }

        /** What to ask {@link Pipelines#start} for, in {@code repository}. */
        public Pipelines.Request request(Path repository) {
            return new Pipelines.Request(repository, worktree.path(), "", stages, profile.id(), model, "");
        }
    }

    @FXML private ComboBox<Worktree> worktreeCombo;
    @FXML private javafx.scene.control.MenuButton earlierButton;
    @FXML private VBox stageRows;
    @FXML private Label errorLabel;

    private final List<AgentProfile> headless;
    private final List<StageRow> rows = new ArrayList<>();
    private final Button start;
    /** The first stage's agent and model when the last stage was removed: the next first stage starts from them. */
    private AgentProfile lastFirstProfile;
    private String lastFirstModel = "";

    public PipelineDialog(Window owner, List<AgentProfile> profiles, List<Worktree> worktrees, Worktree selected) {
        this(owner, profiles, worktrees, selected, List.of());
    }

    /** @param earlier the repository's earlier pipelines, newest first (reopened, and resumed, from the Earlier menu) */
    public PipelineDialog(Window owner, List<AgentProfile> profiles, List<Worktree> worktrees, Worktree selected,
                          List<dev.lanes.pipeline.Pipeline> earlier) {
        Dialogs.prepare(this, owner, "pipelineDialog");
        setTitle("Pipeline");
        setHeaderText("Run stages one after another in a worktree");
        GridPane content = Fxml.<GridPane, PipelineDialog>load(PipelineDialog.class, "PipelineDialog.fxml", t -> this).root();
        getDialogPane().setContent(content);
        getDialogPane().getStylesheets().add(PipelineView.STYLESHEET);
        getDialogPane().getButtonTypes().setAll(START, ButtonType.CANCEL);
        start = (Button) getDialogPane().lookupButton(START);
        start.setId("startPipelineButton");
        worktreeCombo.setId("pipelineWorktreeCombo");
        stageRows.setId("stageRows");
        errorLabel.setId("pipelineDialogError");
        earlierButton.setId("earlierPipelinesButton");
        dev.lanes.ui.common.EarlierMenu.fill(earlierButton, earlier, "pipeline", "earlierPipeline-",
                dev.lanes.pipeline.Pipeline::id, PipelineDialog::describe, p -> {
                    setResult(Choice.reopening(p));
                    close();
                });

        worktreeCombo.getItems().setAll(worktrees);
        worktreeCombo.setCellFactory(l -> new NewAgentDialog.WorktreeCell());
        worktreeCombo.setButtonCell(new NewAgentDialog.WorktreeCell());
        worktreeCombo.setValue(selected != null && worktrees.contains(selected) ? selected : worktrees.isEmpty() ? null : worktrees.get(0));
        headless = profiles.stream().filter(p -> p.mode() == AgentProfile.Mode.HEADLESS).toList();
        lastFirstProfile = headless.isEmpty() ? null : headless.get(0);
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        worktreeCombo.valueProperty().addListener((obs, old, w) -> check());
        StagePresets.ALL.forEach(this::addRow);

        start.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            if (check() != null) {
                e.consume(); // the dialog stays, with what was typed
            }
        });
        setResultConverter(b -> b == START && check() == null ? choice() : null);
    }

    /** "26 Nov 14:05 · login · Implementation → Tests · interrupted" */
    static String describe(dev.lanes.pipeline.Pipeline p) {
        String when = p.createdAt() == null ? "" : dev.lanes.ui.common.EarlierMenu.when(p.createdAt()) + " · ";
        String name = p.name() == null || p.name().isBlank() ? "" : p.name() + " · ";
        String state = switch (p.state()) {
            case RUNNING -> "running";
            case DONE -> "done";
            case FAILED -> "failed";
            case INTERRUPTED -> "interrupted: it can resume";
        };
        return when + p.worktree().getFileName() + " · " + name + state;
    }

    @FXML
    private void addImplementation() {
        addRow(StagePresets.IMPLEMENTATION);
    }

    @FXML
    private void addTests() {
        addRow(StagePresets.TESTS);
    }

    @FXML
    private void addDocumentation() {
        addRow(StagePresets.DOCUMENTATION);
    }

    @FXML
    private void addEmpty() {
        addRow(new StagePresets.Preset("", ""));
    }

    private void addRow(StagePresets.Preset preset) {
        StageRow row = new StageRow(preset);
        if (rows.isEmpty()) {
            row.model.setText(lastFirstModel); // after every stage was removed: the model the first stage had
        }
        rows.add(row);
        stageRows.getChildren().add(row);
        renumber();
    }

    private void remove(StageRow row) {
        int index = rows.indexOf(row);
        if (index == 0) {
            lastFirstProfile = row.agent.getValue();
            lastFirstModel = row.model.getText().strip();
        }
        rows.remove(row);
        stageRows.getChildren().remove(row);
        if (index == 0 && !rows.isEmpty()) {
            // the new first stage takes what it ran as "same as stage 1": its agent, and its model unless it had its own
            StageRow first = rows.get(0);
            if (first.agent.getValue() == SAME_AS_FIRST) {
                first.agent.setValue(lastFirstProfile);
                if (first.model.getText().isBlank()) {
                    first.model.setText(lastFirstModel);
                }
            }
        }
        renumber();
    }

    /** Numbers the rows; the first offers the agents only, the others "Same as stage 1" first. */
    private void renumber() {
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).number(i + 1);
        }
        explainModels();
        check();
    }

    /** Each model field's prompt says what an empty one means for its row. */
    private void explainModels() {
        for (int i = 0; i < rows.size(); i++) {
            StageRow r = rows.get(i);
            r.model.setPromptText(i > 0 && runsFirstAgent(r) ? "same as stage 1" : "the agent's default");
        }
    }

    private boolean runsFirstAgent(StageRow r) {
        AgentProfile a = r.agent.getValue();
        return a == SAME_AS_FIRST || (a != null && !rows.isEmpty() && rows.get(0).agent.getValue() != null
                && a.id().equals(rows.get(0).agent.getValue().id()));
    }

    /** Says the first problem and disables Start, or hides the sentence and enables it; returns the problem or null. */
    private String check() {
        String problem = problem();
        errorLabel.setText(problem == null ? "" : problem);
        errorLabel.setVisible(problem != null);
        start.setDisable(problem != null);
        return problem;
    }

    /** The stages as chosen, in order (the first stage's agent and model are the pipeline's, so its own are empty). */
    List<Pipelines.StageSpec> stages() {
        List<Pipelines.StageSpec> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            StageRow r = rows.get(i);
            AgentProfile a = r.agent.getValue();
            boolean own = i > 0 && a != null && a != SAME_AS_FIRST;
            out.add(new Pipelines.StageSpec(r.name.getText(), r.prompt.getText(), own ? a.id() : "",
                    i > 0 ? r.model.getText() : ""));
        }
        return out;
    }

    private Choice choice() {
        StageRow first = rows.get(0);
        return new Choice(worktreeCombo.getValue(), first.agent.getValue(), first.model.getText().strip(), stages());
    }

    private String problem() {
        if (worktreeCombo.getValue() == null) {
            return "Choose the worktree the stages work in.";
        }
        if (headless.isEmpty()) {
            return "No headless agent: Lanes needs one to know whether each stage succeeded. Add one in Preferences → Agents.";
        }
        if (rows.isEmpty()) {
            return "Add at least one stage (the buttons below).";
        }
        List<Pipelines.StageSpec> stages = stages();
        for (int i = 0; i < stages.size(); i++) {
            Pipelines.StageSpec s = stages.get(i);
            String which = "Stage " + (i + 1) + (s.name().isEmpty() ? "" : " (" + s.name() + ")");
            if (rows.get(i).agent.getValue() == null) {
                return which + " has no agent: choose one.";
            }
            if (s.name().isEmpty()) {
                return which + " has no name: give it one, such as “tests”.";
            }
            if (s.prompt().isEmpty()) {
                return which + " has no prompt: write what its agent should do.";
            }
            if (s.prompt().contains("<describe it>")) {
                return which + ": replace “<describe it>” in its prompt with the change you want.";
            }
        }
        return null;
    }

    /**
     * One stage: its number; its name, agent, model and a remove button on one line; its prompt below.
     */
    private final class StageRow extends HBox {
        private final Label number = new Label();
        private final TextField name = new TextField();
        private final TextArea prompt = new TextArea();
        private final ComboBox<AgentProfile> agent = new ComboBox<>();
        private final TextField model = new TextField();
        private final Button remove = new Button("✕");

        StageRow(StagePresets.Preset preset) {
            name.setText(preset.name());
            name.setPromptText("name");
            name.setPrefColumnCount(11);
            name.getStyleClass().add("stage-name");
            prompt.setText(preset.prompt());
            prompt.setPromptText("What this stage's agent should do");
            prompt.setWrapText(true);
            prompt.setPrefRowCount(3);
            prompt.getStyleClass().add("stage-prompt");
            agent.setCellFactory(l -> new AgentCell());
            agent.setButtonCell(new AgentCell());
            agent.setPrefWidth(190);
            agent.setTooltip(new Tooltip("The agent that runs this stage (headless agents only: Lanes needs to know whether it succeeded)"));
            model.setPrefColumnCount(12);
            model.setTooltip(new Tooltip("The model this stage asks its agent for"));
            HBox.setHgrow(model, Priority.SOMETIMES);
            number.getStyleClass().add("stage-number");
            remove.getStyleClass().addAll("tool", "small");
            remove.setTooltip(new Tooltip("Remove this stage"));
            remove.setOnAction(e -> PipelineDialog.this.remove(this));

            Label agentLabel = new Label("Agent");
            agentLabel.setLabelFor(agent);
            agentLabel.getStyleClass().add("stage-field-label");
            Label modelLabel = new Label("Model");
            modelLabel.setLabelFor(model);
            modelLabel.getStyleClass().add("stage-field-label");
            agentLabel.setMinWidth(Region.USE_PREF_SIZE);
            modelLabel.setMinWidth(Region.USE_PREF_SIZE);
            remove.setMinWidth(Region.USE_PREF_SIZE);
            name.setMinWidth(110);
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            HBox line = new HBox(6, name, gap, agentLabel, agent, modelLabel, model, remove);
            line.setAlignment(Pos.CENTER_LEFT);
            VBox body = new VBox(6, line, prompt);
            HBox.setHgrow(body, Priority.ALWAYS);
            getChildren().setAll(number, body);
            setSpacing(8);
            getStyleClass().add("stage-row");

            name.textProperty().addListener((obs, old, t) -> check());
            prompt.textProperty().addListener((obs, old, t) -> check());
            agent.valueProperty().addListener((obs, old, a) -> {
                explainModels();
                check();
            });
        }

        /** Sets its number (from 1), its ids, and the agents it offers. */
        void number(int n) {
            number.setText(n + ".");
            String id = "stageRow-" + n;
            setId(id);
            name.setId(id + "-name");
            prompt.setId(id + "-prompt");
            agent.setId(id + "-agent");
            model.setId(id + "-model");
            remove.setId(id + "-remove");
            List<AgentProfile> offered = new ArrayList<>();
            if (n > 1) {
                offered.add(SAME_AS_FIRST);
            }
            offered.addAll(headless);
            if (!agent.getItems().equals(offered)) {
                AgentProfile was = agent.getValue();
                agent.getItems().setAll(offered);
                agent.setValue(was != null && offered.contains(was) ? was
                        : n > 1 ? SAME_AS_FIRST : lastFirstProfile != null && offered.contains(lastFirstProfile) ? lastFirstProfile
                        : offered.isEmpty() ? null : offered.get(0));
            }
        }
    }

    /** An agent in a stage's combo: its name, or "Same as stage 1". */
    private static final class AgentCell extends ListCell<AgentProfile> {
        @Override
        protected void updateItem(AgentProfile p, boolean empty) {
            super.updateItem(p, empty);
            setText(empty || p == null ? null : p == SAME_AS_FIRST ? "Same as stage 1" : p.name());
            getStyleClass().remove("same-as-first");
            if (!empty && p == SAME_AS_FIRST) {
                getStyleClass().add("same-as-first");
            }
        }
    }
}
