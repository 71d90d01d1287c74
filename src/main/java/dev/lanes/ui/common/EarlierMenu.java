package dev.lanes.ui.common;

import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The "Reopen an Earlier …" button of a dialog that starts work kept in the store (comparisons, investigations,
 * pipelines): one item per earlier run of the repository, newest first, so what ran before a restart can be
 * looked at — and resumed — again.
 */
public final class EarlierMenu {

    private EarlierMenu() {
    }

    /**
     * Fills {@code button} with {@code earlier} (newest first).
     *
     * @param noun     what one is, in lower case ("comparison")
     * @param idPrefix each item's id is this plus the run's id ("earlierComparison-")
     * @param chosen   told of the run the person picks
     */
    public static <T> void fill(MenuButton button, List<T> earlier, String noun, String idPrefix, ToLongFunction<T> id,
                                Function<T, String> label, Consumer<T> chosen) {
        button.getItems().clear();
        for (T run : earlier) {
            MenuItem item = new MenuItem(label.apply(run));
            item.setId(idPrefix + id.applyAsLong(run));
            item.setMnemonicParsing(false);
            item.setOnAction(e -> chosen.accept(run));
            button.getItems().add(item);
        }
        button.setDisable(earlier.isEmpty());
        button.setText(earlier.isEmpty() ? "No earlier " + noun + " in this repository"
                : "Reopen an Earlier " + Character.toUpperCase(noun.charAt(0)) + noun.substring(1) + " (" + earlier.size() + ")");
    }

    /** "26 Nov 14:05": when a run was made, in the person's time zone. */
    public static String when(java.time.Instant at) {
        return at == null ? "" : java.time.format.DateTimeFormatter.ofPattern("d MMM HH:mm", java.util.Locale.ROOT)
                .format(at.atZone(java.time.ZoneId.systemDefault()));
    }
}
