package dev.lanes.ui.compare;

import dev.lanes.compare.Comparison;
import dev.lanes.compare.Comparisons;
import dev.lanes.ui.common.Fxml;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import dev.lanes.ui.common.DiffList;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A comparison: each lane's coloured unified diff side by side, with Merge This One and Remove the
 * Others under it. Call its methods on the FX thread.
 */
public final class CompareView extends BorderPane {

    /** What the buttons do. */
    public interface Actions {
        void merge(int lane);

        void removeOthers(int lane);

        void openSession(long sessionId);
    }

    @FXML private Label titleLabel;
    @FXML private Label statusLabel;
    @FXML private dev.lanes.ui.common.ForgetButton forgetButton;
    @FXML private HBox lanesBox;

    private final List<Column> columns = new ArrayList<>();

    private static final class Column {
        final VBox box;
        final Label status = new Label();
        final DiffList diff = new DiffList();
        final Button merge = new Button("Merge This One");
        final Button removeOthers = new Button("Remove the Others");

        Column(VBox box) {
            this.box = box;
        }
    }

    private final String base;

    public CompareView(Comparison c, Actions actions) {
        this.base = c.base();
        Fxml.loadRoot(this, "CompareView.fxml");
        getStylesheets().add(Objects.requireNonNull(CompareView.class.getResource("compare.css")).toExternalForm());
        setId("compareView");
        statusLabel.setId("compareStatus");
        String first = c.prompt().lines().findFirst().orElse("");
        titleLabel.setText("Same prompt · " + (first.length() > 90 ? first.substring(0, 89) + "…" : first));
        statusLabel.setText(c.lanes().size() + " agents from " + c.base() + ". Their diffs show here as they finish.");
        for (Comparison.Lane lane : c.lanes()) {
            Label title = new Label(lane.label());
            title.getStyleClass().add("compare-lane-title");
            Label branch = new Label(lane.worktree() == null ? "no lane" : lane.branch());
            branch.getStyleClass().add("compare-lane-branch");
            Hyperlink open = new Hyperlink("Open Session");
            open.setDisable(lane.sessionId() == 0);
            open.setOnAction(e -> actions.openSession(lane.sessionId()));
            VBox box = new VBox(6);
            Column col = new Column(box);
            col.status.getStyleClass().add("compare-lane-status");
            col.status.setWrapText(true);
            col.status.setId("lane-" + (lane.index() + 1) + "-status");
            col.diff.setId("lane-" + (lane.index() + 1) + "-diff");
            col.merge.setId("lane-" + (lane.index() + 1) + "-merge");
            col.merge.getStyleClass().add("accent");
            col.removeOthers.setId("lane-" + (lane.index() + 1) + "-removeOthers");
            col.merge.setOnAction(e -> actions.merge(lane.index()));
            col.removeOthers.setOnAction(e -> actions.removeOthers(lane.index()));
            VBox.setVgrow(col.diff, Priority.ALWAYS);
            HBox buttons = new HBox(6, col.merge, col.removeOthers);
            box.getChildren().addAll(new VBox(1, title, branch), new HBox(6, col.status, open), col.diff, buttons);
            box.getStyleClass().add("compare-lane");
            box.setMinWidth(220);
            box.setPrefWidth(1);
            HBox.setHgrow(box, Priority.ALWAYS);
            lanesBox.getChildren().add(box);
            columns.add(col);
            if (!lane.problem().isEmpty()) {
                lane(lane.index(), "Could not start: " + lane.problem(), "error");
                col.merge.setDisable(true);
            } else {
                lane(lane.index(), "Working…", null);
            }
            col.diff.show("", "(no diff yet)");
        }
    }

    /** A lane's status line; {@code kind} null, "ok" or "error". */
    public void lane(int index, String status, String kind) {
        Label l = columns.get(index).status;
        l.setText(status);
        l.getStyleClass().removeAll("ok", "error");
        if (kind != null) {
            l.getStyleClass().add(kind);
        }
    }

    /** A lane's diff against the base. */
    public void diff(int index, String diff) {
        columns.get(index).diff.show(diff, "(no changes against the base)");
    }

    public void status(String text) {
        statusLabel.setText(text);
    }

    /** Marks the lane merged (the others stay until removed). */
    public void merged(int index) {
        columns.get(index).box.getStyleClass().add("chosen");
        columns.get(index).merge.setDisable(true);
    }

    /** Marks a lane removed: its buttons go dim. */
    public void removed(int index) {
        Column col = columns.get(index);
        col.box.getStyleClass().add("removed");
        col.merge.setDisable(true);
        col.removeOthers.setDisable(true);
    }

    /**
     * Shows a lane as it is now (a comparison reopened after a restart): its sentence, its diff, and
     * Merge This One only for a lane that can still merge.
     */
    public void show(Comparisons.LaneNow now) {
        int i = now.index();
        Column col = columns.get(i);
        lane(i, now.text(), now.failed() ? "error" : now.state() == Comparisons.LaneState.WORKING ? null : "ok");
        switch (now.state()) {
            case NOT_MADE -> col.merge.setDisable(true);
            case WORKING -> col.diff.show("", "(no diff yet)");
            case ENDED -> {
                if (now.diff() == null) {
                    col.diff.show("", "(the diff could not be read)");
                } else {
                    diff(i, now.diff());
                }
            }
            case MERGED -> {
                // once merged (a fast-forward above all) the lane has no changes left against its base: say why
                col.diff.show(now.diff() == null ? "" : now.diff(), "(merged: its changes are in " + base + " now)");
                merged(i);
            }
            case REMOVED -> {
                col.diff.show("", "(removed)");
                removed(i);
            }
            case GONE -> {
                col.diff.show("", "(its worktree is gone)");
                col.box.getStyleClass().add("removed");
                col.merge.setDisable(true);
            }
        }
    }

    /** The text a lane's diff shows (tests). */
    String diffText(int index) {
        return columns.get(index).diff.shownText();
    }

    /** Shows Forget… in the top bar; {@code action} asks the person and forgets (null: no Forget…). */
    public void setOnForget(Runnable action) {
        forgetButton.setAction(action);
    }
}
