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

    /**
     * Forget… of a tab of Lanes' own: asks the person, forgets off the FX thread, closes the tab; a refusal (it
     * still runs) is said in the status bar.
     *
     * @param what   "investigation", "pipeline", "comparison"
     * @param stays  what is left as it is, as a sentence
     * @param forget removes it from the store (runs in the background)
     */
    public void forget(UiTasks tasks, javafx.scene.control.Tab tab, String what, String stays, Runnable forget) {
        forget(window.get(), status, tasks, tab, what, stays, forget);
    }

    /** {@link #forget(UiTasks, javafx.scene.control.Tab, String, String, Runnable)} for a view with another host. */
    public static void forget(Window owner, BiConsumer<String, String> status, UiTasks tasks, javafx.scene.control.Tab tab,
                              String what, String stays, Runnable forget) {
        if (!Dialogs.confirm(owner, "forgetDialog", "Forget this " + what + "?",
                "It leaves Lanes: it is no longer offered to be opened again. " + stays, "Forget", true)) {
            return;
        }
        tasks.run("Forgetting the " + what, () -> {
            forget.run();
            return what;
        }, done -> {
            if (tab.getTabPane() != null) {
                tab.getTabPane().getTabs().remove(tab);
                if (tab.getOnClosed() != null) {
                    tab.getOnClosed().handle(new javafx.event.Event(javafx.scene.control.Tab.CLOSED_EVENT));
                }
            }
            status.accept("The " + what + " was forgotten.", null);
        }, e -> status.accept(Dialogs.message(e), "error"));
    }
}
