package dev.lanes.ui.worktree;

import dev.lanes.git.GitService;
import dev.lanes.model.CreateWorktreeRequest;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.settings.Settings;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.Fxml;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Asks for a new worktree: branch, base, folder, setup files and setup command. The folder follows
 * the branch name until the person edits it. Git itself judges the branch name when creating.
 */
public final class NewWorktreeDialog extends Dialog<CreateWorktreeRequest> {

    public static final ButtonType CREATE = new ButtonType("Create Worktree", ButtonBar.ButtonData.OK_DONE);

    @FXML private TextField branchField;
    @FXML private Label branchHint;
    @FXML private CheckBox newBranchCheck;
    @FXML private ComboBox<String> baseCombo;
    @FXML private TextField folderField;
    @FXML private TextField copyFilesField;
    @FXML private TextField setupField;

    private final RepositoryInfo repo;
    private final Path worktreesRoot;
    private boolean folderEdited;
    private boolean settingFolder;

    /**
     * @param previous values to show again (after a failed attempt), or {@code null}
     */
    public NewWorktreeDialog(Window owner, RepositoryInfo repo, List<String> branches, Path worktreesRoot,
                             CreateWorktreeRequest previous, List<String> copyFiles, String setupCommand) {
        this.repo = repo;
        this.worktreesRoot = worktreesRoot;
        Dialogs.prepare(this, owner, "newWorktreeDialog");
        setTitle("New Worktree");
        setHeaderText("New worktree in " + repo.name());
        GridPane content = Fxml.<GridPane, NewWorktreeDialog>load(NewWorktreeDialog.class, "NewWorktreeDialog.fxml",
                type -> this).root();
        getDialogPane().setContent(content);
        getDialogPane().getButtonTypes().setAll(CREATE, ButtonType.CANCEL);
        Node create = getDialogPane().lookupButton(CREATE);
        create.setId("createWorktreeButton");

        baseCombo.getItems().setAll(branches);
        baseCombo.setValue(repo.mainBranch());
        baseCombo.disableProperty().bind(newBranchCheck.selectedProperty().not());
        copyFilesField.setText(String.join(", ", copyFiles));
        setupField.setText(setupCommand);

        branchField.textProperty().addListener((obs, old, text) -> branchChanged(text));
        folderField.textProperty().addListener((obs, old, text) -> {
            if (!settingFolder) {
                folderEdited = true;
            }
        });
        if (previous != null) {
            branchField.setText(previous.branch());
            newBranchCheck.setSelected(previous.newBranch());
            if (previous.base() != null) {
                baseCombo.setValue(previous.base());
            }
            setFolder(previous.folder().toString());
            folderEdited = !previous.folder().equals(GitService.defaultFolder(repo, previous.branch().strip(), worktreesRoot));
            copyFilesField.setText(String.join(", ", previous.copyFiles()));
            setupField.setText(previous.setupCommand());
        } else {
            branchChanged("");
        }
        create.disableProperty().bind(Bindings.createBooleanBinding(
                () -> branchField.getText().isBlank() || folderField.getText().isBlank(),
                branchField.textProperty(), folderField.textProperty()));
        setResultConverter(button -> button == CREATE ? request() : null);
        setOnShown(e -> Platform.runLater(branchField::requestFocus));
    }

    private void branchChanged(String text) {
        String branch = text == null ? "" : text.strip();
        String suggestion = GitService.suggestBranchName(branch);
        if (branch.isEmpty()) {
            branchHint.setText("Name the branch this lane works on, e.g. fix/login-timeout.");
            branchHint.getStyleClass().remove("problem");
        } else if (branch.chars().anyMatch(Character::isWhitespace) && !suggestion.isEmpty()) {
            branchHint.setText("Branch names cannot contain spaces. Try “" + suggestion + "”.");
            if (!branchHint.getStyleClass().contains("problem")) {
                branchHint.getStyleClass().add("problem");
            }
        } else {
            branchHint.setText(" ");
            branchHint.getStyleClass().remove("problem");
        }
        if (!folderEdited) {
            setFolder(branch.isEmpty() ? "" : GitService.defaultFolder(repo, branch, worktreesRoot).toString());
        }
    }

    private void setFolder(String folder) {
        settingFolder = true;
        try {
            folderField.setText(folder);
        } finally {
            settingFolder = false;
        }
    }

    @FXML
    private void browse() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Folder for the new worktree");
        Path current = Path.of(folderField.getText().isBlank() ? repo.root().toString() : folderField.getText());
        Path existing = current;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        if (existing != null) {
            chooser.setInitialDirectory(existing.toFile());
        }
        File chosen = chooser.showDialog(getDialogPane().getScene().getWindow());
        if (chosen != null) {
            folderField.setText(chosen.toPath().resolve(GitService.suggestBranchName(branchField.getText())
                    .replace('/', '-')).toString());
        }
    }

    private CreateWorktreeRequest request() {
        String base = baseCombo.getEditor() != null && baseCombo.isEditable() ? baseCombo.getEditor().getText() : baseCombo.getValue();
        if (base == null || base.isBlank()) {
            base = baseCombo.getValue();
        }
        Path folder = Path.of(folderField.getText().strip());
        if (!folder.isAbsolute()) {
            folder = repo.root().resolve(folder).normalize();
        }
        return new CreateWorktreeRequest(branchField.getText().strip(), newBranchCheck.isSelected(), base, folder,
                Settings.splitList(copyFilesField.getText()), setupField.getText());
    }
}
