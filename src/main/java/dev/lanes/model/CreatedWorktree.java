package dev.lanes.model;

import java.util.List;

/**
 * A worktree just created.
 *
 * @param worktree    the new entry
 * @param copied      setup files copied into it
 * @param notCopied   setup files that were asked for but not found in the main checkout
 */
public record CreatedWorktree(Worktree worktree, List<String> copied, List<String> notCopied) {

    public CreatedWorktree {
        copied = List.copyOf(copied);
        notCopied = List.copyOf(notCopied);
    }
}
