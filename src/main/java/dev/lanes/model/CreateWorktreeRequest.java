package dev.lanes.model;

import java.nio.file.Path;
import java.util.List;

/**
 * What a person asked for in the New Worktree dialog.
 *
 * @param branch       branch to create (or to check out, when {@code newBranch} is false)
 * @param newBranch    true to create {@code branch} from {@code base}
 * @param base         commit-ish the new branch starts from; ignored for an existing branch
 * @param folder       absolute folder for the worktree; must not exist or be empty
 * @param copyFiles    paths relative to the main checkout copied into the new worktree (.env…)
 * @param setupCommand shell command the person typed, run in the new worktree; blank for none
 */
public record CreateWorktreeRequest(String branch, boolean newBranch, String base, Path folder,
                                    List<String> copyFiles, String setupCommand) {

    public CreateWorktreeRequest {
        copyFiles = List.copyOf(copyFiles);
        setupCommand = setupCommand == null ? "" : setupCommand.strip();
    }
}
