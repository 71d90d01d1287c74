package dev.lanes.ui.worktree;

import dev.lanes.git.GitService;
import dev.lanes.model.MergeMode;
import dev.lanes.model.MergePreview;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.WorktreeView;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.Fxml;
import dev.lanes.ui.common.UiTasks;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.List;

/**
 * Asks where and how to merge a worktree's branch, and shows git's prediction first: the commits it
 * brings and the files that would conflict. A merge predicted to conflict cannot be started.
 */
public final class MergeDialog extends Dialog<MergeDialog.Choice> {

    public static final ButtonType MERGE = new ButtonType("Merge", ButtonBar.ButtonData.OK_DONE);

    public record Choice(String target, MergeMode mode) {
    }

    @FXML private Label sourceLabel;
    @FXML private ComboBox<String> targetCombo;
    @FXML private ToggleGroup modeGroup;
    @FXML private RadioButton ffRadio;
    @FXML private RadioButton mergeCommitRadio;
    @FXML private RadioButton squashRadio;
    @FXML private VBox previewBox;
    @FXML private ProgressIndicator previewProgress;
    @FXML private Label previewTitle;
    @FXML private Label previewText;
    @FXML private ListView<String> conflictList;
    @FXML private Label warningLabel;
    @FXML private Label blockerLabel;
    @FXML private Label whereLabel;
    @FXML private VBox sharedBox;
    @FXML private Label sharedWarning;
    @FXML private ListView<String> sharedList;

    private final UiTasks tasks;
    private final GitService git;
    private final RepositoryInfo repo;
    private final String source;
    private final WorktreeView worktree;
    private final BooleanProperty mergeAllowed = new SimpleBooleanProperty(false);
    private final boolean mainDirty;
    private int previewGeneration;

    public MergeDialog(Window owner, UiTasks tasks, GitService git, RepositoryInfo repo, WorktreeView worktree,
                       WorktreeView mainCheckout, List<String> branches, String defaultTarget) {
        this.tasks = tasks;
        this.git = git;
        this.repo = repo;
        this.source = worktree.worktree().branch();
        this.worktree = worktree;
        Dialogs.prepare(this, owner, "mergeDialog");
        setTitle("Merge");
        setHeaderText("Merge " + source);
        GridPane content = Fxml.<GridPane, MergeDialog>load(MergeDialog.class, "MergeDialog.fxml", type -> this).root();
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(MERGE, ButtonType.CANCEL);
        Node merge = getDialogPane().lookupButton(MERGE);
        merge.setId("confirmMergeButton");
        merge.disableProperty().bind(mergeAllowed.not());

        sourceLabel.setText(source + "  (" + worktree.worktree().name() + ")");
        ffRadio.setText(MergeMode.FAST_FORWARD_OR_MERGE.label());
        ffRadio.setUserData(MergeMode.FAST_FORWARD_OR_MERGE);
        mergeCommitRadio.setText(MergeMode.MERGE_COMMIT.label());
        mergeCommitRadio.setUserData(MergeMode.MERGE_COMMIT);
        squashRadio.setText(MergeMode.SQUASH.label());
        squashRadio.setUserData(MergeMode.SQUASH);
        targetCombo.getItems().setAll(branches.stream().filter(b -> !b.equals(source)).toList());
        targetCombo.setValue(targetCombo.getItems().contains(defaultTarget) ? defaultTarget
                : targetCombo.getItems().isEmpty() ? null : targetCombo.getItems().get(0));

        String warning = "";
        if (worktree.status() != null && worktree.status().isDirty()) {
            int n = worktree.status().uncommittedCount();
            warning = n + (n == 1 ? " file in this worktree is" : " files in this worktree are")
                    + " not committed and will not be part of the merge. Commit in the worktree first if "
                    + (n == 1 ? "it belongs." : "they belong.");
        }
        mainDirty = mainCheckout != null && mainCheckout.status() != null && !mainCheckout.status().changedFiles().isEmpty();
        String blocker = mainDirty ? "The main checkout has uncommitted changes ("
                + String.join(", ", mainCheckout.status().changedFiles().stream().limit(3).toList())
                + (mainCheckout.status().changedFiles().size() > 3 ? "…" : "")
                + "). Commit or stash them first: Lanes will not merge over them." : "";
        show(warningLabel, warning);
        show(blockerLabel, blocker);
        String mainBranch = mainCheckout == null ? null : mainCheckout.worktree().branch();
        targetCombo.valueProperty().addListener((obs, old, target) -> {
            updateWhere(mainBranch);
            preview();
        });
        updateWhere(mainBranch);
        setResultConverter(button -> button == MERGE
                ? new Choice(targetCombo.getValue(), (MergeMode) modeGroup.getSelectedToggle().getUserData()) : null);
        preview();
    }

    /**
     * Warns that files of this lane are also changed in other lanes (file → those lanes' names): merging one lane
     * first leaves the others to reconcile with it. Nothing shows for an empty map.
     */
    public void warnSharedFiles(java.util.Map<String, List<String>> shared) {
        boolean any = !shared.isEmpty();
        sharedBox.setVisible(any);
        sharedBox.setManaged(any);
        if (!any) {
            return;
        }
        int n = shared.size();
        sharedWarning.setText((n == 1 ? "1 file of this lane is" : n + " files of this lane are")
                + " also changed in other lanes. After this merge, those lanes will have to reconcile with it:");
        sharedList.getItems().setAll(shared.entrySet().stream()
                .map(e -> e.getKey() + "  —  also in " + String.join(", ", e.getValue())).toList());
    }

    private static void show(Label label, String text) {
        label.setText(text);
        label.setVisible(!text.isEmpty());
        label.setManaged(!text.isEmpty());
    }

    private void updateWhere(String mainBranch) {
        String target = targetCombo.getValue();
        String text = "The merge happens in the main checkout, " + repo.root() + ".";
        if (target != null && !target.equals(mainBranch)) {
            text += " It is on " + (mainBranch == null ? "a detached HEAD" : mainBranch) + " and will be switched to "
                    + target + " first.";
        }
        whereLabel.setText(text);
    }

    private void preview() {
        String target = targetCombo.getValue();
        mergeAllowed.set(false);
        conflictList.setVisible(false);
        conflictList.setManaged(false);
        previewBox.getStyleClass().removeAll("conflict", "ok");
        if (target == null) {
            previewProgress.setVisible(false);
            previewTitle.setText("There is no other branch to merge into.");
            previewText.setText("");
            return;
        }
        int generation = ++previewGeneration;
        previewProgress.setVisible(true);
        previewProgress.setManaged(true);
        previewTitle.setText("Checking " + source + " against " + target + "…");
        previewText.setText("");
        tasks.run("Predicting merge of " + source + " into " + target,
                () -> git.previewMerge(repo, source, target),
                p -> {
                    if (generation == previewGeneration) {
                        showPreview(p);
                    }
                },
                e -> {
                    if (generation == previewGeneration) {
                        previewProgress.setVisible(false);
                        previewProgress.setManaged(false);
                        previewBox.getStyleClass().add("conflict");
                        previewTitle.setText("Could not predict the merge.");
                        previewText.setText(Dialogs.message(e));
                    }
                });
    }

    private void showPreview(MergePreview p) {
        previewProgress.setVisible(false);
        previewProgress.setManaged(false);
        String commits = p.commits() + (p.commits() == 1 ? " commit" : " commits");
        if (!p.changes().isEmpty()) {
            commits += " (" + p.changes().describe() + ")";
        }
        if (p.upToDate()) {
            previewTitle.setText("Nothing to merge: " + p.target() + " already has everything on " + p.source() + ".");
            previewText.setText("");
            return;
        }
        if (!p.clean()) {
            previewBox.getStyleClass().add("conflict");
            previewTitle.setText("Conflicts predicted in " + p.conflictedFiles().size()
                    + (p.conflictedFiles().size() == 1 ? " file" : " files") + ".");
            previewText.setText("Bring " + p.target() + " into the worktree and resolve them there (git merge "
                    + p.target() + " inside the worktree), then merge again.");
            conflictList.getItems().setAll(p.conflictedFiles());
            conflictList.setVisible(true);
            conflictList.setManaged(true);
            return;
        }
        previewBox.getStyleClass().add("ok");
        previewTitle.setText("Clean merge: " + commits + (p.fastForward() ? ", fast-forward possible." : "."));
        previewText.setText(p.fastForward() ? p.target() + " has not moved since the branch started."
                : "Both branches have new commits; git merges them without conflicts.");
        mergeAllowed.set(!mainDirty);
    }
}
