package dev.lanes.ui.fanout;

import dev.lanes.fanout.FanoutEngine;
import dev.lanes.fanout.FanoutList;
import dev.lanes.fanout.FanoutPlacement;
import dev.lanes.fanout.FanoutRunInfo;
import dev.lanes.fanout.FanoutSpec;
import dev.lanes.fanout.ItemTemplate;
import dev.lanes.model.AgentProfile;
import dev.lanes.ui.common.UiTasks;
import javafx.beans.InvalidationListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioButton;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A fan-out being set up in one worktree: the item list (drop files and folders, paste, open a
 * list, a glob, git grep, or ask an agent), what runs for each item (an agent with a prompt
 * template, or a command), how it runs (at once, start small, ordered, budgets), and a preview of
 * the exact argv item 1 would run.
 *
 * <p>The list itself ({@link FanoutList}) is touched by one task at a time: every change runs in
 * the background while the list's controls are disabled, and the entries come back to the FX
 * thread as a snapshot.
 */
public final class FanoutSetupView extends BorderPane {

    /** What the view asks of its owner; called on the FX thread. */
    public interface Actions {
        /** Start the run; {@code spec} is valid. */
        void run(FanoutSpec spec);

        /** Ask {@code profile} read-only for files; {@code answer} gets its answer text, on the FX thread. */
        void askAgent(AgentProfile profile, String question, Consumer<String> answer);

        /** The runs recorded for this folder, newest first; null when the store cannot be read. */
        void earlierRuns(Consumer<List<FanoutRunInfo>> runs);

        void openRun(FanoutRunInfo run);
    }

    /** The data formats a file manager drops: files, or a text/uri-list. */
    static final DataFormat URI_LIST = mimeFormat("text/uri-list");

    private static DataFormat mimeFormat(String mime) {
        DataFormat f = DataFormat.lookupMimeType(mime);
        return f != null ? f : new DataFormat(mime);
    }

    @FXML private Label setupTitle;
    @FXML private MenuButton earlierRunsButton;
    @FXML private Label countLabel;
    @FXML private MenuButton addButton;
    @FXML private MenuItem pasteItem;
    @FXML private Button removeButton;
    @FXML private Button clearButton;
    @FXML private TextField folderFilterField;
    @FXML private ListView<FanoutList.Entry> itemsList;
    @FXML private Label notesLabel;
    @FXML private javafx.scene.control.Hyperlink allRefusedLink;
    @FXML private RadioButton agentRadio;
    @FXML private RadioButton commandRadio;
    @FXML private Label agentLabel;
    @FXML private ComboBox<AgentProfile> agentCombo;
    @FXML private Label promptLabel;
    @FXML private TextArea promptArea;
    @FXML private Label commandLabel;
    @FXML private TextField commandField;
    @FXML private Label modelLabel;
    @FXML private TextField modelField;
    @FXML private Label permissionLabel;
    @FXML private ComboBox<String> permissionCombo;
    @FXML private Label toolsLabel;
    @FXML private TextField toolsField;
    @FXML private TextField verifyField;
    @FXML private Spinner<Integer> concurrencySpinner;
    @FXML private Spinner<Integer> startSmallSpinner;
    @FXML private CheckBox orderedCheck;
    @FXML private CheckBox stopOnFailureCheck;
    @FXML private ComboBox<FanoutPlacement.Kind> placementCombo;
    @FXML private Spinner<Integer> batchSpinner;
    @FXML private Label baseLabel;
    @FXML private TextField baseField;
    @FXML private Label budgetLabel;
    @FXML private TextField itemBudgetField;
    @FXML private TextField runBudgetField;
    @FXML private TextArea previewArea;
    @FXML private Label problemLabel;
    @FXML private Button runButton;

    private final Path folder;
    private final UiTasks tasks;
    private final Actions actions;
    private final FanoutList list;
    private final ObservableList<FanoutList.Entry> entries = FXCollections.observableArrayList();
    private final Map<String, String> environment;
    private final String logFolder;
    private boolean busy;
    /** The listed paths, in order, and how many of them are binary: kept as the list changes. */
    private List<String> itemPaths = List.of();
    private long binaries;
    private List<FanoutList.Refusal> lastRefused = List.of();

    /**
     * @param folder      the worktree the items live in and the programs run in
     * @param profiles    the agent profiles to offer (headless ones are listed)
     * @param environment added to every item's environment
     * @param logFolder   where the items' logs go
     */
    public FanoutSetupView(Path folder, String branch, String title, List<AgentProfile> profiles,
                           Map<String, String> environment, String logFolder, UiTasks tasks, Actions actions) {
        this.folder = folder;
        this.tasks = tasks;
        this.actions = actions;
        this.environment = environment;
        this.logFolder = logFolder;
        this.list = new FanoutList(folder);
        dev.lanes.ui.common.Fxml.loadRoot(this, "FanoutSetupView.fxml");
        getStylesheets().add(java.util.Objects.requireNonNull(FanoutSetupView.class.getResource("fanout.css")).toExternalForm());
        setId("fanoutSetupView");
        setupTitle.setText(title);
        setupTitle.setTooltip(new javafx.scene.control.Tooltip(folder.toString()));
        baseField.setText(branch == null ? "" : branch);
        List<AgentProfile> headless = profiles.stream().filter(p -> p.mode() == AgentProfile.Mode.HEADLESS).toList();
        agentCombo.getItems().setAll(headless);
        if (!headless.isEmpty()) {
            agentCombo.getSelectionModel().select(0);
        }
        earlierRunsButton.setOnShowing(e -> loadEarlierRuns());
        loadEarlierRuns();
        validate();
    }

    @FXML
    private void initialize() {
        itemsList.setItems(entries);
        itemsList.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        itemsList.setCellFactory(lv -> new EntryCell());
        Label hint = new Label("Drop files or folders here, paste paths (Ctrl+V),\nor use Add: a list file, a glob, git grep, or an agent.");
        hint.getStyleClass().add("fanout-drop-hint");
        itemsList.setPlaceholder(hint);
        itemsList.setOnKeyPressed(this::listKey);
        itemsList.setOnDragOver(this::dragOver);
        itemsList.setOnDragExited(e -> itemsList.getStyleClass().remove("drop-target"));
        itemsList.setOnDragDropped(this::dropped);
        removeButton.disableProperty().bind(itemsList.getSelectionModel().selectedItemProperty().isNull());
        allRefusedLink.managedProperty().bind(allRefusedLink.visibleProperty());

        agentCombo.setConverter(new StringConverter<>() {
            @Override
            public String toString(AgentProfile p) {
                return p == null ? "" : p.name();
            }

            @Override
            public AgentProfile fromString(String s) {
                return null;
            }
        });
        permissionCombo.getItems().setAll("acceptEdits", "default", "plan", "bypassPermissions");
        permissionCombo.setValue("acceptEdits");
        concurrencySpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 64, 4));
        startSmallSpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 1000, 3));
        stopOnFailureCheck.disableProperty().bind(orderedCheck.selectedProperty().not());
        placementCombo.getItems().setAll(FanoutPlacement.Kind.values());
        placementCombo.setValue(FanoutPlacement.Kind.ONE_FOLDER);
        placementCombo.setConverter(new StringConverter<>() {
            @Override
            public String toString(FanoutPlacement.Kind k) {
                return k == null ? "" : switch (k) {
                    case ONE_FOLDER -> "In this worktree, all together";
                    case PER_ITEM -> "A new worktree and branch per item";
                    case BATCH -> "Batches of K items per new worktree";
                };
            }

            @Override
            public FanoutPlacement.Kind fromString(String s) {
                return null;
            }
        });
        batchSpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(2, 1000, 10));
        batchSpinner.visibleProperty().bind(placementCombo.valueProperty().isEqualTo(FanoutPlacement.Kind.BATCH));
        batchSpinner.managedProperty().bind(batchSpinner.visibleProperty());
        baseField.visibleProperty().bind(placementCombo.valueProperty().isNotEqualTo(FanoutPlacement.Kind.ONE_FOLDER));
        baseField.managedProperty().bind(baseField.visibleProperty());
        baseLabel.visibleProperty().bind(baseField.visibleProperty());
        baseLabel.managedProperty().bind(baseField.visibleProperty());
        agentRadio.selectedProperty().addListener((o, a, b) -> showKind());
        showKind();

        agentCombo.valueProperty().addListener((o, a, p) -> {
            boolean costs = p == null || p.costFromResult();
            itemBudgetField.setDisable(!costs);
            runBudgetField.setDisable(!costs);
            itemBudgetField.setPromptText(costs ? "none" : "no cost reported");
            runBudgetField.setPromptText(costs ? "none" : "no cost reported");
            if (!costs) {
                itemBudgetField.clear();
                runBudgetField.clear();
            }
        });
        InvalidationListener revalidate = o -> validate();
        for (var p : List.of(agentCombo.valueProperty(), promptArea.textProperty(), commandField.textProperty(),
                modelField.textProperty(), permissionCombo.valueProperty(), verifyField.textProperty(), toolsField.textProperty(),
                concurrencySpinner.valueProperty(), startSmallSpinner.valueProperty(), orderedCheck.selectedProperty(),
                stopOnFailureCheck.selectedProperty(), itemBudgetField.textProperty(), runBudgetField.textProperty(),
                agentRadio.selectedProperty(), placementCombo.valueProperty(), batchSpinner.valueProperty(),
                baseField.textProperty())) {
            p.addListener(revalidate);
        }
        permissionCombo.getEditor().textProperty().addListener(revalidate);
        // the paths and the binary count change with the list, not with each keystroke in the form
        entries.addListener((InvalidationListener) o -> {
            itemPaths = entries.stream().map(FanoutList.Entry::path).toList();
            binaries = entries.stream().filter(FanoutList.Entry::binary).count();
            validate();
        });
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() && e.getCode() == KeyCode.V && itemsList.isFocused()) {
                paste();
                e.consume();
            } else if (e.isShortcutDown() && e.getCode() == KeyCode.ENTER && !runButton.isDisabled()) {
                run();
                e.consume();
            }
        });
    }

    private void showKind() {
        boolean agent = agentRadio.isSelected();
        for (var n : List.of(agentLabel, agentCombo, promptLabel, promptArea, modelLabel, modelField, permissionLabel,
                permissionCombo, budgetLabel, itemBudgetField, runBudgetField, toolsLabel, toolsField)) {
            n.setVisible(agent);
            n.setManaged(agent);
        }
        for (var n : List.of(commandLabel, commandField)) {
            n.setVisible(!agent);
            n.setManaged(!agent);
        }
        itemBudgetField.getParent().setVisible(agent);
        itemBudgetField.getParent().setManaged(agent);
    }

    // ------------------------------------------------------------------ the list

    private final class EntryCell extends ListCell<FanoutList.Entry> {
        private final Label path = new Label();
        private final Label badge = new Label("binary");
        private final Region gap = new Region();
        private final HBox box = new HBox(6, path, gap, badge);

        EntryCell() {
            badge.getStyleClass().add("binary-badge");
            HBox.setHgrow(gap, Priority.ALWAYS);
            path.setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
            path.setMinWidth(0);
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            getStyleClass().add("fanout-entry");
        }

        @Override
        protected void updateItem(FanoutList.Entry e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            path.setText(e.path());
            badge.setVisible(e.binary());
            badge.setManaged(e.binary());
            setText(null);
            setGraphic(box);
        }
    }

    /** Runs {@code change} on the list in the background, then shows the list and what the change said. */
    private void change(String title, Callable<FanoutList.AddResult> change) {
        if (busy) {
            notes("Still busy with the last change to the list.", true);
            return;
        }
        setBusy(true);
        notes(title + "…", false);
        tasks.run(title, () -> {
            FanoutList.AddResult r = change.call();
            return new Object[]{r, List.copyOf(list.entries())};
        }, out -> {
            setBusy(false);
            @SuppressWarnings("unchecked")
            List<FanoutList.Entry> now = (List<FanoutList.Entry>) out[1];
            entries.setAll(now);
            FanoutList.AddResult r = (FanoutList.AddResult) out[0];
            notes(describe(r), r.added() == 0 && !r.refused().isEmpty());
            lastRefused = r.refused();
            allRefusedLink.setText("Show all " + r.refused().size() + " refused…");
            allRefusedLink.setVisible(r.refused().size() > 3);
            itemsList.requestFocus(); // a second Ctrl+V pastes again
        }, err -> {
            setBusy(false);
            notes(title + " failed: " + dev.lanes.ui.common.Dialogs.message(err), true);
        });
    }

    private void setBusy(boolean b) {
        busy = b;
        addButton.setDisable(b);
        clearButton.setDisable(b);
        itemsList.setDisable(b);
    }

    /** "Added 12; 2 already listed; 1 refused: /etc/passwd is outside the repository…" */
    static String describe(FanoutList.AddResult r) {
        StringBuilder b = new StringBuilder();
        b.append(r.added() == 0 ? "Nothing added" : "Added " + r.added());
        if (r.duplicates() > 0) {
            b.append("; ").append(r.duplicates()).append(" already listed");
        }
        if (!r.refused().isEmpty()) {
            b.append("; ").append(r.refused().size()).append(" refused: ");
            List<String> first = r.refused().stream().limit(3).map(FanoutList.Refusal::reason)
                    .map(x -> x.endsWith(".") ? x.substring(0, x.length() - 1) : x).toList();
            b.append(String.join(" · ", first));
            if (r.refused().size() > 3) {
                b.append(" · and ").append(r.refused().size() - 3).append(" more");
            }
        }
        for (String note : r.notes()) {
            end(b).append(' ').append(note);
        }
        return end(b).toString();
    }

    private static StringBuilder end(StringBuilder b) {
        return b.length() == 0 || b.charAt(b.length() - 1) == '.' ? b : b.append('.');
    }

    @FXML
    private void showAllRefused() {
        StringBuilder b = new StringBuilder();
        for (FanoutList.Refusal r : lastRefused) {
            b.append(r.reason()).append('\n');
        }
        javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION);
        dev.lanes.ui.common.Dialogs.prepare(a, getScene().getWindow(), "fanoutRefusedDialog");
        a.setTitle("Refused");
        a.setHeaderText(lastRefused.size() + (lastRefused.size() == 1 ? " path was" : " paths were") + " not added");
        TextArea text = new TextArea(b.toString());
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefSize(640, 320);
        a.getDialogPane().setContent(text);
        a.show();
    }

    private void notes(String text, boolean error) {
        if (allRefusedLink != null) {
            allRefusedLink.setVisible(false);
        }
        notesLabel.setText(text);
        notesLabel.getStyleClass().remove("error");
        if (error) {
            notesLabel.getStyleClass().add("error");
        }
    }

    private String filter() {
        return folderFilterField.getText() == null ? "" : folderFilterField.getText().trim();
    }

    private void dragOver(DragEvent e) {
        if (e.getGestureSource() != itemsList && (e.getDragboard().hasFiles() || e.getDragboard().hasContent(URI_LIST)
                || e.getDragboard().hasUrl())) {
            e.acceptTransferModes(TransferMode.COPY);
            if (!itemsList.getStyleClass().contains("drop-target")) {
                itemsList.getStyleClass().add("drop-target");
            }
        }
        e.consume();
    }

    private void dropped(DragEvent e) {
        itemsList.getStyleClass().remove("drop-target");
        var board = e.getDragboard();
        boolean done = false;
        if (busy) {
            notes("Still busy with the last change to the list: drop again in a moment.", true);
            e.setDropCompleted(false);
            e.consume();
            return;
        }
        if (board.hasFiles()) {
            List<Path> paths = board.getFiles().stream().map(File::toPath).toList();
            String f = filter();
            change("Adding " + paths.size() + " dropped", () -> list.addPaths(paths, f));
            done = true;
        } else if (board.hasContent(URI_LIST) || board.hasUrl()) {
            Object uris = board.hasContent(URI_LIST) ? board.getContent(URI_LIST) : board.getUrl();
            String text = uris instanceof java.nio.ByteBuffer bb ? java.nio.charset.StandardCharsets.UTF_8.decode(bb).toString()
                    : String.valueOf(uris);
            String f = filter();
            change("Adding dropped files", () -> {
                list.setFolderFilter(f);
                return list.addUriList(text);
            });
            done = true;
        }
        e.setDropCompleted(done);
        e.consume();
    }

    private void listKey(KeyEvent e) {
        if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
            removeSelected();
            e.consume();
        }
    }

    @FXML
    private void addFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Add Files");
        chooser.setInitialDirectory(folder.toFile());
        List<File> files = chooser.showOpenMultipleDialog(getScene().getWindow());
        if (files != null && !files.isEmpty()) {
            List<Path> paths = files.stream().map(File::toPath).toList();
            change("Adding " + paths.size() + " files", () -> list.addPaths(paths, ""));
        }
    }

    @FXML
    private void addFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Add the Files of a Folder");
        chooser.setInitialDirectory(folder.toFile());
        File dir = chooser.showDialog(getScene().getWindow());
        if (dir != null) {
            String f = filter();
            change("Adding the files of " + dir.getName(), () -> list.addPaths(List.of(dir.toPath()), f));
        }
    }

    @FXML
    private void addListFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a List of Files");
        chooser.setInitialDirectory(folder.toFile());
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Lists (*.txt, *.lst)", "*.txt", "*.lst"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(getScene().getWindow());
        if (file != null) {
            change("Reading " + file.getName(), () -> list.addListFile(file.toPath()));
        }
    }

    @FXML
    void paste() {
        Clipboard clip = Clipboard.getSystemClipboard();
        if (clip.hasFiles()) {
            List<Path> paths = clip.getFiles().stream().map(File::toPath).toList();
            String f = filter();
            change("Adding pasted files", () -> list.addPaths(paths, f));
        } else if (clip.hasString()) {
            String text = clip.getString();
            change("Adding pasted paths", () -> list.addPasted(text));
        } else {
            notes("The clipboard holds no paths.", true);
        }
    }

    @FXML
    private void addGlob() {
        ask("Add Files Matching a Glob", "Files the repository knows, matching a glob (relative to the worktree):",
                "src/**/*.java").ifPresent(glob -> change("Matching " + glob, () -> list.addGlob(glob)));
    }

    @FXML
    private void addGrep() {
        ask("Add Files Containing a Pattern", "Files containing a pattern (git grep -l; a regular expression):",
                "OldLogger").ifPresent(pattern -> change("Searching for " + pattern, () -> list.addGitGrep(pattern)));
    }

    @FXML
    private void askAgent() {
        AgentProfile profile = agentCombo.getValue();
        if (profile == null || profile.output() != AgentProfile.OutputFormat.CLAUDE_STREAM_JSON) {
            notes("Asking for a list of files works with Claude Code (headless) for now: choose it as the agent.", true);
            return;
        }
        ask("Ask " + profile.name() + " for Files", profile.name() + " looks (read-only) and answers with a list of files:",
                "List all Python files that use the old logging API").ifPresent(question -> {
            setBusy(true);
            notes("Asking " + profile.name() + "… (read-only; the answer's paths that exist are added)", false);
            actions.askAgent(profile, question, answer -> {
                setBusy(false);
                if (answer == null) {
                    notes(profile.name() + " gave no answer.", true);
                    return;
                }
                change("Reading " + profile.name() + "'s answer", () -> list.addFromAgentAnswer(answer));
            });
        });
    }

    private Optional<String> ask(String title, String text, String example) {
        TextInputDialog d = new TextInputDialog();
        d.initOwner(getScene().getWindow());
        d.setTitle(title);
        d.setHeaderText(null);
        d.setContentText(text);
        d.getEditor().setPromptText(example);
        d.getEditor().setPrefColumnCount(32);
        d.getDialogPane().setId("fanoutAskDialog");
        return d.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
    }

    @FXML
    private void removeSelected() {
        List<Integer> selected = new ArrayList<>(itemsList.getSelectionModel().getSelectedIndices());
        if (selected.isEmpty() || busy) {
            return;
        }
        List<String> paths = selected.stream().map(i -> entries.get(i).path()).toList();
        list.remove(paths);
        entries.setAll(list.entries());
        notes("Removed " + paths.size() + ".", false);
    }

    @FXML
    private void clearItems() {
        list.clear();
        entries.clear();
        notes("", false);
    }

    // ------------------------------------------------------------------ the spec

    /** The run as the form says it, or the first problem as a sentence. */
    Result spec() {
        if (entries.isEmpty()) {
            return Result.problem("Add the files to run over.");
        }
        List<String> items = itemPaths;
        List<String> verify;
        try {
            verify = ItemTemplate.split(text(verifyField));
        } catch (IllegalArgumentException e) {
            return Result.problem("The verification: " + e.getMessage());
        }
        FanoutSpec spec;
        if (agentRadio.isSelected()) {
            AgentProfile profile = agentCombo.getValue();
            if (profile == null) {
                return Result.problem("Choose an agent.");
            }
            String prompt = promptArea.getText() == null ? "" : promptArea.getText().strip();
            if (prompt.isEmpty()) {
                return Result.problem("Write the prompt each agent gets; {file} is the item's path.");
            }
            Double itemBudget;
            Double runBudget;
            try {
                itemBudget = money(text(itemBudgetField), "per-item budget");
                runBudget = money(text(runBudgetField), "run budget");
            } catch (IllegalArgumentException e) {
                return Result.problem(e.getMessage());
            }
            String permission = permissionCombo.getEditor().getText() == null ? "" : permissionCombo.getEditor().getText().strip();
            spec = FanoutSpec.agent(folder.toString(), items, profile, prompt, text(modelField),
                    "default".equals(permission) ? "" : permission).withBudgets(itemBudget, runBudget)
                    .withAllowedTools(text(toolsField));
        } else {
            List<String> command;
            try {
                command = ItemTemplate.split(text(commandField));
            } catch (IllegalArgumentException e) {
                return Result.problem("The command: " + e.getMessage());
            }
            if (command.isEmpty()) {
                return Result.problem("Write the command to run for each file, e.g. sed -i s/a/b/ {file}.");
            }
            spec = FanoutSpec.command(folder.toString(), items, command);
        }
        FanoutPlacement placement = FanoutPlacement.ONE_FOLDER;
        if (placementCombo.getValue() != FanoutPlacement.Kind.ONE_FOLDER) {
            String base = text(baseField);
            if (base.isEmpty()) {
                return Result.problem("Name the branch the new worktrees start from.");
            }
            placement = placementCombo.getValue() == FanoutPlacement.Kind.PER_ITEM ? FanoutPlacement.perItem(base)
                    : FanoutPlacement.batches(batchSpinner.getValue(), base);
        }
        spec = spec.withPlacement(placement).withVerify(verify).withConcurrency(concurrencySpinner.getValue())
                .withStartSmall(startSmallSpinner.getValue())
                .withOrdered(orderedCheck.isSelected(), orderedCheck.isSelected() && stopOnFailureCheck.isSelected())
                .withEnvironment(environment).withLogFolder(logFolder);
        return new Result(spec, null);
    }

    record Result(FanoutSpec spec, String problem) {
        static Result problem(String p) {
            return new Result(null, p);
        }
    }

    private static String text(TextField f) {
        return f.getText() == null ? "" : f.getText().strip();
    }

    private static Double money(String text, String what) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            double v = Double.parseDouble(text.startsWith("$") ? text.substring(1) : text);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The " + what + " “" + text + "” is not an amount in dollars, like 0.50.");
        }
    }

    private void validate() {
        Result r = spec();
        runButton.setDisable(r.spec() == null);
        runButton.setText(entries.isEmpty() ? "Run" : "Run " + entries.size() + (entries.size() == 1 ? " Item" : " Items"));
        problemLabel.setText(r.problem() == null ? "" : r.problem());
        countLabel.setText(entries.isEmpty() ? "" : entries.size() + (entries.size() == 1 ? " file" : " files")
                + (binaries > 0 ? " · " + binaries + " binary" : ""));
        previewArea.setText(preview(r));
    }


    private String preview(Result r) {
        if (r.spec() == null) {
            return "";
        }
        try {
            List<String> argv = FanoutEngine.preview(r.spec(), 1);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < argv.size(); i++) {
                b.append(String.format(Locale.ROOT, "%2d  ", i)).append(visible(argv.get(i))).append('\n');
            }
            if (!r.spec().verify().isEmpty()) {
                b.append("then verify:\n");
                List<String> v = ItemTemplate.fillEach(r.spec().verify(),
                        ItemTemplate.values(r.spec().items().get(0), 1));
                for (int i = 0; i < v.size(); i++) {
                    b.append(String.format(Locale.ROOT, "%2d  ", i)).append(visible(v.get(i))).append('\n');
                }
            }
            b.append("in ").append(folder);
            return b.toString();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** An argument as one line: a newline in it shows as ⏎ (it is one argument, not two). */
    static String visible(String arg) {
        return arg.replace("\n", "⏎").replace("\t", "⇥");
    }

    @FXML
    private void run() {
        Result r = spec();
        if (r.spec() != null) {
            actions.run(r.spec());
        }
    }

    private void loadEarlierRuns() {
        actions.earlierRuns(runs -> {
            earlierRunsButton.getItems().clear();
            if (runs == null) {
                MenuItem broken = new MenuItem("Could not read the earlier runs (the Lanes store is not open)");
                broken.setDisable(true);
                earlierRunsButton.getItems().add(broken);
                return;
            }
            if (runs.isEmpty()) {
                MenuItem none = new MenuItem("No earlier runs in this worktree");
                none.setDisable(true);
                earlierRunsButton.getItems().add(none);
            }
            for (FanoutRunInfo run : runs) {
                MenuItem item = new MenuItem(runLine(run));
                item.setOnAction(e -> actions.openRun(run));
                earlierRunsButton.getItems().add(item);
            }
            earlierRunsButton.setText(runs.stream().anyMatch(r -> r.unfinished() > 0)
                    ? "Earlier Runs (" + runs.stream().filter(r -> r.unfinished() > 0).count() + " unfinished)" : "Earlier Runs");
        });
    }

    static String runLine(FanoutRunInfo run) {
        String when = java.time.format.DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ROOT)
                .withZone(java.time.ZoneId.systemDefault()).format(run.createdAt());
        StringBuilder b = new StringBuilder("Run ").append(run.id()).append(" · ").append(when).append(" · ")
                .append(run.count(dev.lanes.fanout.ItemState.PASSED)).append(" of ").append(run.total()).append(" passed");
        if (run.unfinished() > 0) {
            b.append(" · ").append(run.unfinished()).append(" unfinished");
        }
        if (run.spentUsd() > 0) {
            b.append(" · ").append(FanoutRunView.money(run.spentUsd()));
        }
        return b.toString();
    }

    /** Adds files and folders (folders filtered as the filter field says), as a drop does. */
    void addPaths(List<Path> paths) {
        String f = filter();
        change("Adding " + paths.size(), () -> list.addPaths(paths, f));
    }

    // for tests
    List<FanoutList.Entry> entries() {
        return List.copyOf(entries);
    }

}
