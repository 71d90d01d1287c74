package dev.lanes.ui.review;

import dev.lanes.review.Finding;
import dev.lanes.review.Review;
import dev.lanes.review.ReviewFocus;
import dev.lanes.review.ReviewRound;
import dev.lanes.review.Reviews;
import dev.lanes.ui.common.Fxml;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import dev.lanes.ui.common.DiffList;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A writer/reviewer pair as one view: the writer's transcript on the left, the reviewer's on the
 * right; above them the focus (a tick box per {@link ReviewFocus.Preset} and a line of text) and
 * Review; below, the current round's findings as a checklist with Send to Writer, and every round
 * with its focus, its findings (which were sent) and the diff it reviewed, coloured.
 *
 * <p>A view only: it shows what it is given ({@link #show}, {@link #update}) and hands the person's
 * actions to {@link Actions}; {@link ReviewUi} talks to the service.
 *
 * <p>Stable ids: {@code #reviewPane}, {@code #reviewButton}, {@code #reviewReason}, {@code #reviewProgress},
 * {@code #focusField}, {@code #focus-edge-cases} (one per preset), {@code #roundLabel}, {@code #findingsList}
 * (check boxes {@code #finding-1}, …), {@code #findingsMessage}, {@code #sendButton}, {@code #sendReason},
 * {@code #roundsBox} (titled panes {@code #round-1}, …, each with a {@code .review-diff} list).
 */
public final class ReviewPane extends BorderPane {

    /** What the person asks for. */
    public interface Actions {
        void review(ReviewFocus focus);

        void sendToWriter(List<Finding> chosen);
    }

    @FXML private Label titleLabel;
    @FXML private Label roundLabel;
    @FXML private FlowPane presetBox;
    @FXML private TextField focusField;
    @FXML private ProgressIndicator reviewProgress;
    @FXML private Button reviewButton;
    @FXML private Label reviewReason;
    @FXML private dev.lanes.ui.common.ForgetButton forgetButton;
    @FXML private Label writerCaption;
    @FXML private Label reviewerCaption;
    @FXML private StackPane writerHolder;
    @FXML private StackPane reviewerHolder;
    @FXML private Label findingsTitle;
    @FXML private Label findingsMessage;
    @FXML private VBox findingsList;
    @FXML private Button sendButton;
    @FXML private Label sendReason;
    @FXML private VBox roundsBox;

    private final Actions actions;
    private final Map<ReviewFocus.Preset, CheckBox> presets = new LinkedHashMap<>();
    private final List<CheckBox> checks = new ArrayList<>();
    private Review review;
    private final List<ReviewRound> rounds = new ArrayList<>();
    /** Why starting a round failed, in a sentence, until the next change. */
    private String problem = "";
    /** Why sending to the writer failed, in a sentence, until the next change. */
    private String sendProblem = "";
    /** An action was asked for and its answer is not back yet. */
    private boolean asking;

    public ReviewPane(Actions actions) {
        this.actions = actions;
        Fxml.loadRoot(this, "ReviewPane.fxml");
        getStylesheets().add(Objects.requireNonNull(ReviewPane.class.getResource("review.css")).toExternalForm());
        setId("reviewPane");
        for (ReviewFocus.Preset p : ReviewFocus.Preset.values()) {
            CheckBox box = new CheckBox(p.label());
            box.setId("focus-" + p.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            box.setTooltip(new Tooltip("Ask the reviewer to look at " + p.ask()));
            presets.put(p, box);
            presetBox.getChildren().add(box);
        }
        reviewProgress.managedProperty().bind(reviewProgress.visibleProperty());
        reviewReason.managedProperty().bind(reviewReason.visibleProperty());
        findingsMessage.managedProperty().bind(findingsMessage.visibleProperty());
        placeholder(writerHolder, "The writer's session is read…");
        placeholder(reviewerHolder, "The reviewer starts with the first round: pick a focus and press Review.");
        refresh();
    }

    // ---------------------------------------------------------------- what it shows

    /** The review and its rounds, in order (a pane opened anew, or reopened after a restart). */
    public void show(Review review, String title, List<ReviewRound> all) {
        this.review = review;
        titleLabel.setText(title);
        rounds.clear();
        rounds.addAll(all);
        problem = "";
        refresh();
    }

    /** A round changed (started, reviewed, failed, sent). */
    public void update(ReviewRound round) {
        if (review == null || round.reviewId() != review.id()) {
            return;
        }
        asking = false;
        problem = "";
        sendProblem = "";
        rounds.removeIf(r -> r.number() == round.number());
        rounds.add(round);
        rounds.sort(java.util.Comparator.comparingInt(ReviewRound::number));
        refresh();
    }

    /** Why the round could not start, in a sentence (shown under Review until the next change). */
    public void problem(String sentence) {
        asking = false;
        problem = sentence == null ? "" : sentence;
        refresh();
    }

    /** Why the findings could not be sent, in a sentence (shown beside Send to Writer until the next change). */
    public void sendProblem(String sentence) {
        asking = false;
        sendProblem = sentence == null ? "" : sentence;
        refresh();
    }

    /** The writer's transcript, and a caption over it. */
    public void setWriter(Node transcript, String caption) {
        writerCaption.setText(caption);
        writerHolder.getChildren().setAll(transcript);
    }

    /** The reviewer's transcript (null: none yet), and a caption over it. */
    public void setReviewer(Node transcript, String caption) {
        reviewerCaption.setText(caption);
        if (transcript != null) {
            reviewerHolder.getChildren().setAll(transcript);
        }
    }

    private static void placeholder(StackPane holder, String text) {
        Label l = new Label(text);
        l.getStyleClass().add("review-placeholder");
        l.setWrapText(true);
        holder.getChildren().setAll(l);
    }

    /** The last round, or null. */
    private ReviewRound last() {
        return rounds.isEmpty() ? null : rounds.get(rounds.size() - 1);
    }

    private void refresh() {
        ReviewRound last = last();
        int max = review == null ? Reviews.DEFAULT_MAX_ROUNDS : review.maxRounds();
        int left = review == null ? max : Reviews.roundsLeft(review, rounds);
        boolean reviewing = last != null && last.state() == ReviewRound.State.REVIEWING;
        roundLabel.setText(last == null ? "No round yet · up to " + max
                : "Round " + last.number() + " of " + max + " · " + stateLabel(last.state()));

        // Review
        String why;
        if (review == null) {
            why = "Reading the review…";
        } else if (reviewing) {
            why = "The reviewer is working on round " + last.number() + "; its findings show below when it is done.";
        } else if (left == 0) {
            why = "Round " + max + " of " + max + " is done: this review has reached its cap of " + max
                    + (max == 1 ? " round" : " rounds") + ". To go on, start a new review (Lanes → Review…, tick “Start a new review”).";
        } else if (asking) {
            why = "Starting…";
        } else {
            why = "";
        }
        reviewButton.setDisable(!why.isEmpty());
        reviewProgress.setVisible(reviewing || asking);
        String reason = !problem.isEmpty() ? problem : why;
        reviewReason.setText(reason);
        reviewReason.setVisible(!reason.isEmpty());
        reviewReason.getStyleClass().remove("problem");
        if (!problem.isEmpty()) {
            reviewReason.getStyleClass().add("problem");
        }
        if (reviewButton.isDisabled() && !reviewing && left == 0) {
            reviewButton.setTooltip(new Tooltip(why));
        }

        showFindings(last);
        showRounds();
    }

    private static String stateLabel(ReviewRound.State s) {
        return switch (s) {
            case REVIEWING -> "reviewing";
            case REVIEWED -> "findings in";
            case SENT -> "sent to the writer";
            case FAILED -> "failed";
        };
    }

    // ---------------------------------------------------------------- the checklist

    private void showFindings(ReviewRound last) {
        Set<Integer> ticked = checks.stream().filter(CheckBox::isSelected)
                .map(c -> (Integer) c.getUserData()).collect(Collectors.toSet());
        int shownRound = findingsList.getUserData() instanceof Integer n ? n : -1;
        checks.clear();
        findingsList.getChildren().clear();
        findingsMessage.getStyleClass().removeAll("problem", "ok");
        if (last == null) {
            findingsTitle.setText("FINDINGS");
            findingsMessage.setText("Pick a focus (or none, for a general review) and press Review: the reviewer reads the "
                    + "writer's diff against its base and lists what it finds, one item per finding.");
            findingsList.setUserData(null);
            updateSend(null);
            return;
        }
        findingsTitle.setText("FINDINGS OF ROUND " + last.number());
        switch (last.state()) {
            case REVIEWING -> findingsMessage.setText("The reviewer is reading the writer's diff against "
                    + last.diff().baseBranch() + " (" + files(last.diff().files().size()) + ")" + focusPhrase(last.focus()) + "…");
            case FAILED -> {
                findingsMessage.setText("Round " + last.number() + " failed: " + sentence(last.problem())
                        + " Press Review to run it again.");
                findingsMessage.getStyleClass().add("problem");
            }
            case REVIEWED, SENT -> {
                if (last.findings().isEmpty()) {
                    findingsMessage.setText("No findings: the reviewer found nothing to fix in round " + last.number()
                            + " (it answered NO FINDINGS).");
                    findingsMessage.getStyleClass().add("ok");
                } else if (last.state() == ReviewRound.State.SENT) {
                    findingsMessage.setText("Sent " + numbers(last.sent()) + " to the writer as its next prompt.");
                } else {
                    findingsMessage.setText(last.findings().size() + (last.findings().size() == 1 ? " finding" : " findings")
                            + ". Tick the ones the writer should act on, then Send to Writer.");
                }
                boolean sent = last.state() == ReviewRound.State.SENT;
                for (Finding f : last.findings()) {
                    CheckBox box = findingBox(f);
                    box.setSelected(sent ? last.sent().contains(f.index()) : shownRound == last.number() && ticked.contains(f.index()));
                    box.setDisable(sent);
                    box.selectedProperty().addListener((obs, was, now) -> {
                        sendProblem = "";
                        updateSend(last);
                    });
                    checks.add(box);
                    findingsList.getChildren().add(box);
                }
            }
        }
        findingsList.setUserData(last.number());
        updateSend(last);
    }

    /** A finding as a tick box: its file:line as a chip, then what the reviewer says. */
    private CheckBox findingBox(Finding f) {
        CheckBox box = new CheckBox(f.text());
        box.setId("finding-" + f.index());
        box.setUserData(f.index());
        box.getStyleClass().add("finding");
        box.setWrapText(true);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setAccessibleText(f.describe());
        if (f.file() != null) {
            Label where = new Label(f.location());
            where.getStyleClass().add("finding-location");
            where.setMinWidth(Label.USE_PREF_SIZE);
            box.setGraphic(where);
        }
        return box;
    }

    private void updateSend(ReviewRound last) {
        List<Finding> chosen = chosen(last);
        String why;
        if (last == null || last.state() == ReviewRound.State.REVIEWING || last.state() == ReviewRound.State.FAILED) {
            why = "The findings of a round can be sent once the reviewer has given them.";
        } else if (last.state() == ReviewRound.State.SENT) {
            why = "Sent. Once the writer has worked on them, press Review for the next round.";
        } else if (last.findings().isEmpty()) {
            why = "Nothing to send.";
        } else if (chosen.isEmpty()) {
            why = "Tick at least one finding to send it to the writer.";
        } else {
            why = "";
        }
        sendButton.setDisable(!why.isEmpty() || asking);
        sendReason.getStyleClass().remove("problem");
        if (!sendProblem.isEmpty() && why.isEmpty()) {
            sendReason.setText(sendProblem);
            sendReason.getStyleClass().add("problem");
        } else {
            sendReason.setText(why.isEmpty() ? (chosen.size() == 1 ? "1 finding" : chosen.size() + " findings")
                    + " will be the writer's next prompt." : why);
        }
    }

    private List<Finding> chosen(ReviewRound last) {
        if (last == null) {
            return List.of();
        }
        Set<Integer> ticked = checks.stream().filter(CheckBox::isSelected).map(c -> (Integer) c.getUserData())
                .collect(Collectors.toSet());
        return last.findings().stream().filter(f -> ticked.contains(f.index())).toList();
    }

    // ---------------------------------------------------------------- the rounds

    /** The rounds, newest first: the newest open, the others as the person left them (closed when new). */
    private void showRounds() {
        Map<Integer, Boolean> was = new java.util.HashMap<>();
        roundsBox.getChildren().forEach(n -> was.put((Integer) n.getUserData(), ((TitledPane) n).isExpanded()));
        List<TitledPane> panes = new ArrayList<>();
        for (int i = rounds.size() - 1; i >= 0; i--) {
            TitledPane p = roundPane(rounds.get(i));
            p.setExpanded(was.getOrDefault(rounds.get(i).number(), i == rounds.size() - 1));
            panes.add(p);
        }
        roundsBox.getChildren().setAll(panes);
    }

    private TitledPane roundPane(ReviewRound r) {
        VBox box = new VBox(6);
        box.getStyleClass().add("review-round-body");
        Label focus = new Label("Focus: " + r.focus().label());
        focus.setWrapText(true);
        box.getChildren().add(focus);
        if (r.state() == ReviewRound.State.FAILED) {
            Label failed = new Label("Failed: " + sentence(r.problem()));
            failed.setWrapText(true);
            failed.getStyleClass().add("problem");
            box.getChildren().add(failed);
        } else if (r.state() != ReviewRound.State.REVIEWING && r.findings().isEmpty()) {
            box.getChildren().add(new Label("No findings."));
        }
        for (Finding f : r.findings()) {
            boolean sent = r.sent().contains(f.index());
            Label l = new Label((sent ? "✓ sent  " : "·  ") + f.index() + ". " + f.describe());
            l.setWrapText(true);
            l.getStyleClass().add(sent ? "finding-sent" : "finding-kept");
            box.getChildren().add(l);
        }
        boolean first = r.diffFromPrevious() == null;
        Label what = new Label(first ? "The writer's work against " + r.diff().baseBranch() + " (" + files(r.diff().files().size()) + "):"
                : "What the writer changed since round " + (r.number() - 1) + ":");
        what.getStyleClass().add("review-diff-title");
        box.getChildren().addAll(what, diffView(first ? r.diff().text() : r.diffFromPrevious()));

        String summary = switch (r.state()) {
            case REVIEWING -> "reviewing…";
            case FAILED -> "failed";
            default -> r.findings().isEmpty() ? "no findings" : r.findings().size()
                    + (r.findings().size() == 1 ? " finding" : " findings")
                    + (r.state() == ReviewRound.State.SENT ? ", " + r.sent().size() + " sent" : "");
        };
        TitledPane pane = new TitledPane("Round " + r.number() + "  ·  " + r.focus().label() + "  ·  " + summary, box);
        pane.setAnimated(false);
        pane.setId("round-" + r.number());
        pane.setUserData(r.number());
        return pane;
    }

    /** A unified diff, one row per line, coloured by what the line is; as tall as its lines, up to 280 px. */
    static DiffList diffView(String diff) {
        DiffList list = new DiffList();
        list.getStyleClass().add("review-diff");
        list.show(dev.lanes.coordinate.UnifiedDiff.parse("", "", diff == null ? "" : diff, dev.lanes.coordinate.UnifiedDiff.LINE_LIMIT));
        list.setPlaceholder(new Label("No changes."));
        list.setPrefHeight(Math.min(280, DiffList.LINE_HEIGHT * Math.max(2, list.getItems().size()) + 4));
        list.setMinHeight(Region.USE_PREF_SIZE); // the rounds list scrolls; a diff is never squashed to a few lines
        return list;
    }

    // ---------------------------------------------------------------- actions

    @FXML
    private void review() {
        if (reviewButton.isDisabled()) {
            return;
        }
        EnumSet<ReviewFocus.Preset> chosen = EnumSet.noneOf(ReviewFocus.Preset.class);
        presets.forEach((p, box) -> {
            if (box.isSelected()) {
                chosen.add(p);
            }
        });
        asking = true;
        problem = "";
        refresh();
        actions.review(new ReviewFocus(chosen, focusField.getText()));
    }

    @FXML
    private void send() {
        List<Finding> chosen = chosen(last());
        if (sendButton.isDisabled() || chosen.isEmpty()) {
            return;
        }
        asking = true;
        sendProblem = "";
        sendButton.setDisable(true);
        actions.sendToWriter(chosen);
    }

    // ---------------------------------------------------------------- words

    private static String files(int n) {
        return n == 1 ? "1 file" : n + " files";
    }

    private static String focusPhrase(ReviewFocus f) {
        return f.isGeneral() ? "" : ", looking at " + f.label();
    }

    private static String numbers(Set<Integer> indexes) {
        List<String> n = indexes.stream().sorted().map(String::valueOf).toList();
        String list = n.size() <= 1 ? String.join("", n)
                : String.join(", ", n.subList(0, n.size() - 1)) + " and " + n.get(n.size() - 1);
        return (n.size() == 1 ? "finding " : "findings ") + list;
    }

    /** Ends with a full stop. */
    private static String sentence(String s) {
        String t = s == null || s.isBlank() ? "no reason was given." : s.strip();
        return t.endsWith(".") || t.endsWith("!") || t.endsWith("?") ? t : t + ".";
    }

    /** Shows Forget… beside the round; {@code action} asks the person and forgets (null: no Forget…). */
    public void setOnForget(Runnable action) {
        forgetButton.setAction(action);
    }
}
