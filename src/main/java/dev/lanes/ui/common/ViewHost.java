package dev.lanes.ui.common;

import javafx.stage.Window;

import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * What a tab of Lanes' own (an investigation, a pipeline, a comparison) needs from the main window.
 *
 * @param window      the window dialogs belong to
 * @param status      shows a line in the status bar (message, kind: null, "warning" or "error")
 * @param openSession brings a session's tab forward
 * @param refresh     reads the worktrees again (after a merge or a removal)
 */
public record ViewHost(Supplier<Window> window, BiConsumer<String, String> status, LongConsumer openSession, Runnable refresh) {
}
