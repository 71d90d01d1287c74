package dev.lanes.ui.notes;

import dev.lanes.ui.common.UiTasks;
import javafx.animation.PauseTransition;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The notes of the open repository: free text for observations about the work ("lane auth: the
 * token refresh is untested", "merge billing before search"), kept in the store and saved as the
 * person types (a moment after they stop), off the FX thread. A save that fails keeps the text
 * in the pane and says so; the next edit tries again.
 */
public final class NotesPane extends VBox {

    /** Typing pauses this long before a save. */
    static final Duration SAVE_DELAY = Duration.millis(700);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final UiTasks tasks;
    private final Function<Path, String> load;
    private final BiConsumer<Path, String> save;
    private final TextArea area = new TextArea();
    private final Label title = new Label("NOTES");
    private final Label state = new Label();
    private final PauseTransition saveLater = new PauseTransition(SAVE_DELAY);
    private Path repository;
    /** The text last saved (or loaded) for {@link #repository}; null while loading. */
    private String saved;
    private boolean loading;

    /**
     * @param load reads a repository's notes (off the FX thread)
     * @param save writes them (off the FX thread)
     */
    public NotesPane(UiTasks tasks, Function<Path, String> load, BiConsumer<Path, String> save) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.load = Objects.requireNonNull(load, "load");
        this.save = Objects.requireNonNull(save, "save");
        setId("notesPane");
        getStyleClass().addAll("sidebar", "notes-pane");
        setMinWidth(200);
        title.getStyleClass().add("sidebar-header");
        state.setId("notesState");
        state.getStyleClass().add("notes-state");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox header = new HBox(title, grow, state);
        header.getStyleClass().add("notes-header");
        area.setId("notesArea");
        area.setWrapText(true);
        area.setPromptText("Observations about the work, for you and the next session: what each lane is for, "
                + "what to check before a merge, what an agent got wrong. Saved as you type.");
        area.setDisable(true);
        VBox.setVgrow(area, Priority.ALWAYS);
        getChildren().addAll(header, area);
        saveLater.setOnFinished(e -> saveNow());
        area.textProperty().addListener((obs, old, text) -> {
            if (!loading && repository != null && saved != null) {
                state.setText(text.equals(saved) ? savedText() : "Edited");
                saveLater.playFromStart();
            }
        });
    }

    /** Shows the notes of {@code root} (null: none open), saving what was typed for the previous one first. */
    public void show(Path root) {
        if (Objects.equals(root, repository)) {
            return;
        }
        saveNow();
        repository = root;
        saved = null;
        setText("");
        area.setDisable(true);
        title.setText(root == null ? "NOTES" : "NOTES · " + root.getFileName());
        state.setText(root == null ? "" : "Loading…");
        if (root == null) {
            return;
        }
        tasks.run("Reading the notes", () -> load.apply(root), text -> {
            if (root.equals(repository)) {
                setText(text);
                saved = text;
                area.setDisable(false);
                state.setText(text.isEmpty() ? "" : savedText());
            }
        }, e -> {
            if (root.equals(repository)) {
                state.setText("Could not read the notes: " + e.getMessage());
            }
        });
    }

    /** Saves what was typed and not saved yet, in the background. */
    public void saveNow() {
        saveLater.stop();
        Path root = repository;
        String text = area.getText();
        if (root == null || saved == null || text.equals(saved)) {
            return;
        }
        state.setText("Saving…");
        tasks.run("Saving the notes", () -> {
            save.accept(root, text);
            return text;
        }, done -> {
            if (root.equals(repository)) {
                saved = done;
                state.setText(area.getText().equals(done) ? savedText() : "Edited");
            }
        }, e -> {
            if (root.equals(repository)) {
                state.setText("Not saved: " + e.getMessage());
            }
        });
    }

    /** At quit: writes what was typed and not saved yet, on this thread (the task runner may be closing). */
    public void saveBeforeQuit() {
        saveLater.stop();
        if (repository != null && saved != null && !area.getText().equals(saved)) {
            save.accept(repository, area.getText());
            saved = area.getText();
        }
    }

    public TextArea area() {
        return area;
    }

    private void setText(String text) {
        loading = true;
        try {
            area.setText(text);
        } finally {
            loading = false;
        }
    }

    private static String savedText() {
        return "Saved " + LocalTime.now().format(TIME);
    }
}
