package dev.lanes.ui.settings;

import dev.lanes.agent.AgentDetector;
import dev.lanes.agent.AgentProfiles;
import dev.lanes.agent.AgentProfiles.Edit;
import dev.lanes.model.AgentDetection;
import dev.lanes.model.AgentProfile;
import dev.lanes.model.AgentProfile.Mode;
import dev.lanes.model.AgentProfile.OutputFormat;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.Fxml;
import dev.lanes.ui.common.UiTasks;
import javafx.animation.PauseTransition;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import javafx.util.StringConverter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Preferences → Agents: every agent profile with whether its program is installed (found on PATH,
 * with its version, or what is missing and how to install it), and an editor for the selected one.
 *
 * <p>Add, Duplicate, Remove, Reset and Save write the store at once (through the task runner, off
 * the FX thread); edits not saved yet are kept per profile while the person looks at another one,
 * marked in the list, and saved by the dialog's OK ({@link #saveAll}) or dropped by Cancel. Which
 * programs are installed is checked in the background when the page is first shown, and again for
 * the program being typed.
 */
public final class AgentsPage {

    private static final Map<Mode, String> MODES = Map.of(
            Mode.HEADLESS, "Headless: pipes, Lanes reads its output",
            Mode.INTERACTIVE, "Interactive: in a terminal tab");
    private static final Map<OutputFormat, String> OUTPUTS = Map.of(
            OutputFormat.CLAUDE_STREAM_JSON, "Claude Code stream-json",
            OutputFormat.CODEX_JSON, "Codex JSON lines",
            OutputFormat.GEMINI_STREAM_JSON, "Gemini stream-json",
            OutputFormat.TEXT, "Plain text",
            OutputFormat.TERMINAL, "Terminal");

    /** One profile in the list: as saved, the person's unsaved changes, and whether its program is installed. */
    static final class Row {
        String id;
        AgentProfile saved;
        Edit draft;
        boolean edited;
        AgentDetection detection;
        boolean checking;
        long generation;
        /** The program and version arguments the detection is (being) made for. */
        String detectedFor;

        Row(AgentProfile saved, boolean edited) {
            this.id = saved == null ? null : saved.id();
            this.saved = saved;
            this.edited = edited;
        }

        Edit current() {
            return draft != null ? draft : Edit.of(saved);
        }

        String name() {
            String n = current().name();
            return n.isEmpty() ? "(no name)" : n;
        }

        boolean isNew() {
            return saved == null;
        }

        boolean dirty() {
            return draft != null;
        }

        boolean builtIn() {
            return saved != null && saved.builtIn();
        }

        String installHint() {
            return saved == null ? "" : saved.installHint();
        }
    }

    @FXML private ListView<Row> agentProfileList;
    @FXML private Button agentAddButton;
    @FXML private Button agentDuplicateButton;
    @FXML private Button agentRemoveButton;
    @FXML private VBox agentEditor;
    @FXML private TextField agentProfileNameField;
    @FXML private TextField agentExecutableField;
    @FXML private Label agentDetectionLabel;
    @FXML private Button agentDetectButton;
    @FXML private ChoiceBox<Mode> agentModeChoice;
    @FXML private ChoiceBox<OutputFormat> agentOutputChoice;
    @FXML private TextField agentVersionArgsField;
    @FXML private TextArea agentFirstRunArea;
    @FXML private TextArea agentFollowUpArea;
    @FXML private Label agentPlaceholderHelp;
    @FXML private Label agentProblemLabel;
    @FXML private Label agentStateLabel;
    @FXML private Button agentResetButton;
    @FXML private Button agentRevertButton;
    @FXML private Button agentSaveButton;

    private final AgentProfiles profiles;
    private final AgentDetector detector;
    private final UiTasks tasks;
    private final Node root;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final PauseTransition detectLater = new PauseTransition(Duration.millis(600));
    private boolean loadStarted;
    private boolean filling;
    /** After a refused save, the problem is checked again as the person types, so it goes once fixed. */
    private boolean problemsLive;

    public AgentsPage(AgentProfiles profiles, AgentDetector detector, UiTasks tasks) {
        this.profiles = profiles;
        this.detector = detector;
        this.tasks = tasks;
        this.root = Fxml.<Node, AgentsPage>load(AgentsPage.class, "AgentsPage.fxml", type -> this).root();
    }

    public Node root() {
        return root;
    }

    @FXML
    private void initialize() {
        agentProfileList.setItems(rows);
        agentProfileList.setCellFactory(list -> new ProfileCell());
        agentProfileList.setPlaceholder(new Label("Loading agent profiles…"));
        agentProfileList.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> show(row));

        agentModeChoice.getItems().setAll(Mode.values());
        agentModeChoice.setConverter(converter(MODES));
        agentOutputChoice.getItems().setAll(OutputFormat.values());
        agentOutputChoice.setConverter(converter(OUTPUTS));
        agentModeChoice.valueProperty().addListener((obs, old, mode) -> {
            if (!filling && mode != null) {
                coupleOutputTo(mode);
                edited();
            }
        });
        agentOutputChoice.valueProperty().addListener((obs, old, output) -> {
            if (!filling && output != null) {
                coupleModeTo(output);
                edited();
            }
        });
        for (TextInputControl field : List.of(agentProfileNameField, agentExecutableField, agentVersionArgsField,
                agentFirstRunArea, agentFollowUpArea)) {
            field.textProperty().addListener((obs, old, text) -> {
                if (!filling) {
                    edited();
                }
            });
        }
        agentExecutableField.textProperty().addListener((obs, old, text) -> {
            if (!filling) {
                detectLater.playFromStart();
            }
        });
        agentVersionArgsField.textProperty().addListener((obs, old, text) -> {
            if (!filling) {
                detectLater.playFromStart();
            }
        });
        detectLater.setOnFinished(e -> {
            Row row = selected();
            if (row != null) {
                ensureDetected(row, agentExecutableField.getText().strip(), Edit.words(agentVersionArgsField.getText()));
            }
        });

        agentPlaceholderHelp.setText("One argument group per line; a line is left out when one of its placeholders is "
                + "not set. Each value is passed as one argument, never to a shell.\nPlaceholders: {prompt} {model} "
                + "{permissionMode} {budget} {maxTurns} {name} · {sessionId} in first runs · {resumeId} in follow-ups.");
        agentDetectButton.setTooltip(new Tooltip("Look for the program again and ask its version (after installing it)"));
        agentDuplicateButton.setTooltip(new Tooltip("A custom copy of the selected profile"));
        agentRemoveButton.setTooltip(new Tooltip("Remove the selected custom profile"));
        agentResetButton.setTooltip(new Tooltip("Undo every change to this built-in profile"));
        agentAddButton.setDisable(true); // until the profiles are loaded
        show(null);
    }

    private static <T> StringConverter<T> converter(Map<T, String> names) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : names.get(value);
            }

            @Override
            public T fromString(String text) {
                return names.entrySet().stream().filter(e -> e.getValue().equals(text)).map(Map.Entry::getKey)
                        .findFirst().orElse(null);
            }
        };
    }

    // ---------------------------------------------------------------- loading and detecting

    /** Loads the profiles (once) and checks which programs are installed; called when the page is first shown. */
    public void activate() {
        if (loadStarted) {
            return;
        }
        loadStarted = true;
        tasks.run("Loading agent profiles", profiles::effective, list -> {
            List<Row> loaded = new ArrayList<>();
            for (AgentProfile p : list) {
                loaded.add(new Row(p, profiles.isEdited(p)));
            }
            rows.setAll(loaded);
            agentAddButton.setDisable(false);
            agentProfileList.setPlaceholder(new Label("No agent profiles."));
            if (!rows.isEmpty()) {
                agentProfileList.getSelectionModel().select(0);
            }
            rows.forEach(r -> detect(r, r.saved.executable(), r.saved.versionArgs()));
        }, error -> {
            loadStarted = false;
            agentProfileList.setPlaceholder(new Label("Could not load the agent profiles."));
            problem(Dialogs.message(error));
        });
    }

    private static String key(String executable, List<String> versionArgs) {
        return executable + "\u0000" + String.join("\u0000", versionArgs);
    }

    /** Detects again unless the last detection was for this very program and version arguments. */
    private void ensureDetected(Row row, String executable, List<String> versionArgs) {
        if (!key(executable, versionArgs).equals(row.detectedFor)) {
            detect(row, executable, versionArgs);
        }
    }

    private void detect(Row row, String executable, List<String> versionArgs) {
        long generation = ++row.generation;
        row.detectedFor = key(executable, versionArgs);
        row.checking = true;
        row.detection = null;
        changed(row);
        String name = row.name();
        tasks.run("Checking " + name, () -> detector.detect(name, executable, versionArgs, row.installHint()), found -> {
            if (row.generation == generation) {
                row.checking = false;
                row.detection = found;
                changed(row);
            }
        }, error -> {
            if (row.generation == generation) {
                row.checking = false;
                row.detection = new AgentDetection(false, null, "", "Could not check " + name + ": "
                        + Dialogs.message(error));
                changed(row);
            }
        });
    }

    /** Checks the program in the editor (typed, browsed or saved) for the selected profile. */
    @FXML
    private void checkAgain() {
        detectLater.stop();
        Row row = selected();
        if (row != null) {
            detect(row, agentExecutableField.getText().strip(), Edit.words(agentVersionArgsField.getText()));
        }
    }

    // ---------------------------------------------------------------- the editor

    private Row selected() {
        return agentProfileList.getSelectionModel().getSelectedItem();
    }

    private void show(Row row) {
        detectLater.stop();
        problemsLive = false;
        hideProblem();
        filling = true;
        try {
            Edit e = row == null ? new Edit("", "", Mode.HEADLESS, OutputFormat.TEXT, List.of(), List.of(), List.of())
                    : row.current();
            agentProfileNameField.setText(e.name());
            agentExecutableField.setText(e.executable());
            agentModeChoice.setValue(e.mode());
            agentOutputChoice.setValue(e.output());
            agentVersionArgsField.setText(String.join(" ", e.versionArgs()));
            agentFirstRunArea.setText(String.join("\n", e.firstRun()));
            agentFollowUpArea.setText(String.join("\n", e.followUp()));
        } finally {
            filling = false;
        }
        agentEditor.setDisable(row == null);
        update();
    }

    private Edit fields() {
        return new Edit(agentProfileNameField.getText(), agentExecutableField.getText(), agentModeChoice.getValue(),
                agentOutputChoice.getValue(), Edit.lines(agentFirstRunArea.getText()),
                Edit.lines(agentFollowUpArea.getText()), Edit.words(agentVersionArgsField.getText()));
    }

    /** Something in the editor changed: it becomes the row's unsaved draft (or stops being one when back to the saved version). */
    private void edited() {
        Row row = selected();
        if (row == null) {
            return;
        }
        Edit e = fields();
        row.draft = row.isNew() || !e.equals(Edit.of(row.saved)) ? e : null;
        if (problemsLive) {
            Optional<String> p = AgentProfiles.problem(row.id, e, savedProfiles());
            p.ifPresentOrElse(this::problem, this::hideProblem);
        }
        changed(row);
    }

    private void coupleOutputTo(Mode mode) {
        filling = true;
        try {
            if (mode == Mode.INTERACTIVE) {
                agentOutputChoice.setValue(OutputFormat.TERMINAL);
            } else if (agentOutputChoice.getValue() == OutputFormat.TERMINAL) {
                agentOutputChoice.setValue(OutputFormat.TEXT);
            }
        } finally {
            filling = false;
        }
    }

    private void coupleModeTo(OutputFormat output) {
        filling = true;
        try {
            agentModeChoice.setValue(output == OutputFormat.TERMINAL ? Mode.INTERACTIVE : Mode.HEADLESS);
        } finally {
            filling = false;
        }
    }

    private List<AgentProfile> savedProfiles() {
        return rows.stream().map(r -> r.saved).filter(Objects::nonNull).toList();
    }

    /** Repaints a row's cell and, for the selected row, the editor's status and buttons. */
    private void changed(Row row) {
        agentProfileList.refresh(); // repaints the cells; the selection (and the editor) stay as they are
        if (row == selected()) {
            update();
        }
    }

    private void update() {
        Row row = selected();
        boolean none = row == null;
        agentDuplicateButton.setDisable(none || row.isNew() || row.dirty());
        agentDuplicateButton.getTooltip().setText(row != null && row.dirty()
                ? "Save or revert your changes first: Duplicate copies a saved profile"
                : "A custom copy of the selected profile");
        agentRemoveButton.setDisable(none || row.builtIn());
        boolean builtIn = !none && row.builtIn();
        agentResetButton.setVisible(builtIn);
        agentResetButton.setManaged(builtIn);
        agentResetButton.setDisable(none || !(row.edited || row.dirty()));
        agentRevertButton.setDisable(none || row.isNew() || !row.dirty());
        agentSaveButton.setDisable(none || !row.dirty());
        agentStateLabel.setText(none ? "" : row.isNew() ? "Not saved yet."
                : row.dirty() ? "Unsaved changes."
                : row.builtIn() ? (row.edited ? "Built in, changed by you." : "Built in, as shipped.")
                : "Your own profile.");
        showDetection(row);
    }

    private void showDetection(Row row) {
        agentDetectionLabel.getStyleClass().removeAll("ok", "missing", "unknown", "checking");
        if (row == null) {
            agentDetectionLabel.setText("");
            return;
        }
        String text;
        String style;
        if (row.checking) {
            text = "Looking for “" + agentExecutableField.getText().strip() + "”…";
            style = "checking";
        } else if (row.detection == null) {
            text = agentExecutableField.getText().isBlank()
                    ? "Set the program Lanes runs: a command on PATH, or Browse… to the file." : "";
            style = "checking";
        } else if (row.detection.hasVersion()) {
            text = "✓ " + row.detection.version() + ", at " + row.detection.path();
            style = "ok";
        } else if (row.detection.found() && row.current().versionArgs().isEmpty()) {
            text = "✓ Found at " + row.detection.path();
            style = "ok";
        } else if (row.detection.found()) {
            text = "⚠ " + row.detection.message();
            style = "unknown";
        } else {
            text = "✗ " + row.detection.message();
            style = "missing";
        }
        agentDetectionLabel.setText(text);
        agentDetectionLabel.getStyleClass().add(style);
    }

    private void problem(String sentence) {
        agentProblemLabel.setText(sentence);
        agentProblemLabel.setVisible(true);
        agentProblemLabel.setManaged(true);
    }

    private void hideProblem() {
        agentProblemLabel.setText("");
        agentProblemLabel.setVisible(false);
        agentProblemLabel.setManaged(false);
    }

    // ---------------------------------------------------------------- actions

    @FXML
    private void save() {
        Row row = selected();
        if (row == null || !row.dirty()) {
            return;
        }
        Edit e = row.draft;
        Optional<String> p = AgentProfiles.problem(row.id, e, savedProfiles());
        if (p.isPresent()) {
            refused(p.get());
            return;
        }
        boolean isNew = row.isNew();
        String id = row.id;
        tasks.run("Saving " + e.name(), () -> isNew ? profiles.addCustom(e) : profiles.save(id, e),
                saved -> saved(row, e, saved), error -> refused(error instanceof AgentProfiles.InvalidProfileException
                        ? error.getMessage() : "Could not save “" + e.name() + "”: " + Dialogs.message(error)));
    }

    private void saved(Row row, Edit e, AgentProfile saved) {
        row.saved = saved;
        row.id = saved.id();
        row.edited = profiles.isEdited(saved);
        if (Objects.equals(row.draft, e)) {
            row.draft = null;
        }
        changed(row);
        if (row == selected()) {
            problemsLive = false;
            hideProblem();
            agentStateLabel.setText("Saved.");
        }
        ensureDetected(row, saved.executable(), saved.versionArgs());
    }

    private void refused(String sentence) {
        problemsLive = true;
        problem(sentence);
    }

    @FXML
    private void revert() {
        Row row = selected();
        if (row == null || row.isNew()) {
            return;
        }
        row.draft = null;
        show(row);
        changed(row);
        ensureDetected(row, row.saved.executable(), row.saved.versionArgs());
    }

    @FXML
    private void add() {
        tasks.run("Preparing a new agent profile", profiles::newCustomDraft, draft -> {
            Row row = new Row(null, false);
            row.draft = draft;
            row.detection = null;
            rows.add(row);
            agentProfileList.getSelectionModel().select(row);
            agentProfileList.scrollTo(row);
            agentStateLabel.setText("Not saved yet: name the program, then Save.");
            agentProfileNameField.requestFocus();
            agentProfileNameField.selectAll();
        }, error -> problem(Dialogs.message(error)));
    }

    @FXML
    private void duplicate() {
        Row row = selected();
        if (row == null || row.isNew() || row.dirty()) {
            return;
        }
        String id = row.id;
        tasks.run("Duplicating " + row.name(), () -> profiles.duplicate(id), copy -> {
            Row r = new Row(copy, false);
            r.detection = row.detection;
            r.detectedFor = row.detectedFor;
            int at = (int) rows.stream().filter(x -> !x.isNew()).count();
            rows.add(at, r);
            agentProfileList.getSelectionModel().select(r);
            agentProfileList.scrollTo(r);
            agentStateLabel.setText("A copy of “" + row.name() + "”: change it, then Save.");
            ensureDetected(r, copy.executable(), copy.versionArgs());
        }, error -> problem(Dialogs.message(error)));
    }

    @FXML
    private void remove() {
        Row row = selected();
        if (row == null || row.builtIn()) {
            return;
        }
        if (row.isNew()) {
            drop(row);
            return;
        }
        if (!confirm("removeAgentDialog", "Remove “" + row.name() + "”?",
                "The profile is deleted. Sessions that already ran with it keep their logs.", "Remove")) {
            return;
        }
        String id = row.id;
        tasks.run("Removing " + row.name(), () -> {
            profiles.remove(id);
            return id;
        }, done -> drop(row), error -> problem(Dialogs.message(error)));
    }

    private void drop(Row row) {
        int i = rows.indexOf(row);
        rows.remove(row);
        if (!rows.isEmpty()) {
            agentProfileList.getSelectionModel().select(Math.max(0, Math.min(i, rows.size() - 1)));
        }
    }

    @FXML
    private void reset() {
        Row row = selected();
        if (row == null || !row.builtIn()) {
            return;
        }
        if (!confirm("resetAgentDialog", "Reset “" + row.name() + "” to the version Lanes ships?",
                "Your changes to this profile are lost.", "Reset")) {
            return;
        }
        String id = row.id;
        tasks.run("Resetting " + row.name(), () -> profiles.reset(id), shipped -> {
            row.saved = shipped;
            row.draft = null;
            row.edited = false;
            if (row == selected()) {
                show(row);
                agentStateLabel.setText("Reset to the version Lanes ships.");
            }
            changed(row);
            ensureDetected(row, shipped.executable(), shipped.versionArgs());
        }, error -> problem(Dialogs.message(error)));
    }

    /** Asks before something that cannot be undone; true when the person agrees. */
    private boolean confirm(String id, String header, String text, String action) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        Dialogs.prepare(alert, root.getScene() == null ? null : root.getScene().getWindow(), id);
        alert.setTitle("Lanes");
        alert.setHeaderText(header);
        alert.setContentText(text);
        ButtonType yes = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(yes, ButtonType.CANCEL);
        alert.getDialogPane().lookupButton(yes).getStyleClass().add("danger");
        return alert.showAndWait().filter(yes::equals).isPresent();
    }

    @FXML
    private void browse() {
        FileChooser chooser = new FileChooser();
        Row row = selected();
        chooser.setTitle("Program for " + (row == null ? "the agent" : row.name()));
        File start = new File(System.getProperty("user.home"));
        try {
            Path current = Path.of(agentExecutableField.getText().strip());
            if (current.isAbsolute() && current.getParent() != null && Files.isDirectory(current.getParent())) {
                start = current.getParent().toFile();
            }
        } catch (InvalidPathException e) {
            // not a path: start in the home folder
        }
        if (start.isDirectory()) {
            chooser.setInitialDirectory(start);
        }
        File chosen = chooser.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (chosen != null) {
            agentExecutableField.setText(chosen.getAbsolutePath());
            checkAgain();
        }
    }

    // ---------------------------------------------------------------- the dialog's OK

    /** Whether some profile has changes not saved yet. */
    public boolean hasUnsaved() {
        return rows.stream().anyMatch(Row::dirty);
    }

    /**
     * Saves every unsaved change (for the dialog's OK), then runs {@code done}. When one cannot be
     * saved, it is selected with the reason shown, and {@code done} does not run.
     */
    public void saveAll(Runnable done) {
        List<Row> dirty = rows.stream().filter(Row::dirty).toList();
        for (Row row : dirty) {
            Optional<String> p = AgentProfiles.problem(row.id, row.draft, savedProfiles());
            if (p.isPresent()) {
                agentProfileList.getSelectionModel().select(row);
                refused("“" + row.name() + "” is not saved: " + lowerFirst(p.get()));
                return;
            }
        }
        saveNext(new ArrayList<>(dirty), done);
    }

    /** Saves the rows one task at a time, so a failure leaves those before it saved and shown as saved. */
    private void saveNext(List<Row> left, Runnable done) {
        if (left.isEmpty()) {
            done.run();
            return;
        }
        Row row = left.remove(0);
        Edit e = row.draft;
        if (e == null) {
            saveNext(left, done);
            return;
        }
        boolean isNew = row.isNew();
        String id = row.id;
        tasks.run("Saving " + e.name(), () -> isNew ? profiles.addCustom(e) : profiles.save(id, e), saved -> {
            saved(row, e, saved);
            saveNext(left, done);
        }, error -> {
            agentProfileList.getSelectionModel().select(row);
            refused("“" + e.name() + "” is not saved: " + lowerFirst(error instanceof AgentProfiles.InvalidProfileException
                    ? error.getMessage() : Dialogs.message(error)));
        });
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() || s.startsWith("“") || s.startsWith("{") || s.startsWith("Lanes") ? s
                : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    // ---------------------------------------------------------------- the list's rows

    /** Name, and under it whether the program is installed; "built in", "changed", "unsaved" on the right. */
    private static final class ProfileCell extends ListCell<Row> {
        private final Label name = new Label();
        private final Label tag = new Label();
        private final Label status = new Label();
        private final HBox top;
        private final VBox box;
        private final Tooltip tooltip = new Tooltip();

        ProfileCell() {
            name.getStyleClass().add("agent-name");
            tag.getStyleClass().add("agent-tag");
            status.getStyleClass().add("agent-status");
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            name.setMinWidth(0);
            tag.setMinWidth(Region.USE_PREF_SIZE);
            top = new HBox(6, name, gap, tag);
            top.setAlignment(Pos.BASELINE_LEFT);
            box = new VBox(1, top, status);
            getStyleClass().add("agent-cell");
            tooltip.setWrapText(true);
            tooltip.setMaxWidth(420);
        }

        @Override
        protected void updateItem(Row row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                return;
            }
            name.setText(row.name());
            tag.setText(row.isNew() ? "not saved" : row.dirty() ? "unsaved"
                    : row.builtIn() ? (row.edited ? "built in · changed" : "built in") : "custom");
            tag.getStyleClass().removeAll("unsaved");
            if (row.isNew() || row.dirty()) {
                tag.getStyleClass().add("unsaved");
            }
            status.getStyleClass().removeAll("ok", "missing", "unknown", "checking");
            AgentDetection d = row.detection;
            if (row.checking || d == null) {
                status.setText(row.checking ? "checking…" : "");
                status.getStyleClass().add("checking");
            } else if (d.hasVersion()) {
                status.setText("✓ " + d.version());
                status.getStyleClass().add("ok");
            } else if (d.found() && row.current().versionArgs().isEmpty()) {
                status.setText("✓ found");
                status.getStyleClass().add("ok");
            } else if (d.found()) {
                status.setText("⚠ found, version unknown");
                status.getStyleClass().add("unknown");
            } else {
                status.setText("✗ not installed");
                status.getStyleClass().add("missing");
            }
            tooltip.setText(d == null ? row.name() : d.message());
            setTooltip(tooltip);
            setText(null);
            setGraphic(box);
        }
    }
}
