package dev.lanes.ui.review;

import dev.lanes.model.AgentProfile;
import dev.lanes.model.SessionRecord;
import dev.lanes.review.Finding;
import dev.lanes.review.ReadOnlyReviewer;
import dev.lanes.review.Review;
import dev.lanes.review.ReviewFocus;
import dev.lanes.review.ReviewRound;
import dev.lanes.review.Reviews;
import dev.lanes.session.SessionManager;
import dev.lanes.ui.common.Dialogs;
import dev.lanes.ui.common.UiTasks;
import dev.lanes.ui.session.SessionsUi;
import javafx.application.Platform;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The review tabs of the main window: "Review…" (the Lanes menu, Ctrl+Shift+R; an agent session's
 * tab; a worktree in the tree) asks for the writer and the reviewer, then opens a {@link ReviewPane}
 * for the review — one tab per review, reopened with its rounds after a restart. Everything the
 * service does runs through {@link UiTasks}; the service's changes come back on the FX thread.
 */
public final class ReviewUi implements AutoCloseable {

    /** What the review tabs need from the window. */
    public interface Host {
        Window window();

        void showStatus(String message, String kind);
    }

    private final Reviews reviews;
    private final SessionManager sessionManager;
    private final SessionsUi sessions;
    private final UiTasks tasks;
    private final TabPane tabPane;
    private final Supplier<List<AgentProfile>> profiles;
    private final Host host;
    private final Map<Long, ReviewTab> open = new HashMap<>();
    private final Reviews.Listener listener;

    public ReviewUi(Reviews reviews, SessionManager sessionManager, SessionsUi sessions, UiTasks tasks, TabPane tabPane,
                    Supplier<List<AgentProfile>> profiles, Host host) {
        this.reviews = reviews;
        this.sessionManager = sessionManager;
        this.sessions = sessions;
        this.tasks = tasks;
        this.tabPane = tabPane;
        this.profiles = profiles;
        this.host = host;
        // a few changes per round: each goes to the FX thread as it comes
        this.listener = (review, round) -> Platform.runLater(() -> {
            ReviewTab t = open.get(review.id());
            if (t != null) {
                t.changed(round);
            }
        });
        reviews.addListener(listener);
    }

    /**
     * Asks for a writer among the agent sessions of {@code worktree} ({@code preferred}'s worktree
     * when it is an agent session, which is then chosen) and a reviewer, then opens the review.
     */
    public void open(Path worktree, SessionRecord preferred) {
        boolean preferredIsAgent = preferred != null && sessions.agentOf(preferred.id()) != null;
        Path where = preferredIsAgent ? preferred.worktree() : worktree;
        if (where == null) {
            host.showStatus("Open a repository first (Ctrl+O).", "warning");
            return;
        }
        List<SessionRecord> candidates = sessions.agentSessionsIn(where);
        Path repository = candidates.isEmpty() ? null : candidates.get(0).repository();
        tasks.run("Reading the reviews", () -> repository == null ? new Known(Map.of(), Set.of()) : known(repository), known -> {
            List<SessionRecord> writers = candidates.stream().filter(s -> !known.reviewers().contains(s.id())).toList();
            List<AgentProfile> reviewers = profiles.get().stream().filter(ReviewUi::canReview).toList();
            ReviewDialog dialog = new ReviewDialog(host.window(), writers, preferredIsAgent ? preferred : null, reviewers,
                    known.earlier());
            dialog.showAndWait().ifPresent(this::opened);
        });
    }

    /** Each writer's latest review, and every session that reviewed (not offered as a writer). */
    private record Known(Map<Long, ReviewDialog.Earlier> earlier, Set<Long> reviewers) {
    }

    private Known known(Path repository) {
        Map<Long, ReviewDialog.Earlier> earlier = new HashMap<>();
        Set<Long> reviewerSessions = new HashSet<>();
        for (Review r : reviews.reviews(repository)) {
            List<ReviewRound> rounds = reviews.rounds(r.id());
            rounds.forEach(x -> reviewerSessions.add(x.reviewerSessionId()));
            earlier.put(r.writerSessionId(), new ReviewDialog.Earlier(r, rounds.size())); // oldest first: the latest stays
        }
        return new Known(earlier, reviewerSessions);
    }

    private static boolean canReview(AgentProfile p) {
        try {
            ReadOnlyReviewer.of(p);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void opened(ReviewDialog.Choice choice) {
        if (choice.earlier() != null) {
            show(choice.earlier(), choice.writer());
            return;
        }
        Reviews.Request request = new Reviews.Request(choice.writer().id(), choice.reviewer(), choice.model(), choice.budgetUsd(),
                choice.maxRounds());
        tasks.run("Creating the review of " + choice.writer().name(), () -> reviews.create(request),
                review -> show(review, choice.writer()),
                e -> Dialogs.error(host.window(), "Could not review " + choice.writer().name(), sentence(e), ""));
    }

    /** Shows a review's tab (its rounds read from the store), or selects it when it is open. */
    private void show(Review review, SessionRecord writer) {
        ReviewTab t = open.get(review.id());
        if (t != null) {
            tabPane.getSelectionModel().select(t.tab);
            return;
        }
        ReviewTab created = new ReviewTab(review, writer);
        open.put(review.id(), created);
        tabPane.getTabs().add(created.tab);
        tabPane.getSelectionModel().select(created.tab);
        tasks.run("Reading the rounds of the review", () -> reviews.rounds(review.id()), created::loaded,
                e -> created.pane.problem("Could not read the review's rounds: " + sentence(e)));
    }

    /** Closes the review tabs of another repository than {@code repository} (the window opened another). */
    public void showRepository(Path repository) {
        for (ReviewTab t : List.copyOf(open.values())) {
            if (!t.review.repository().equals(repository)) {
                t.close();
            }
        }
    }

    /** The sentence a person reads for a failure: the service's own sentence where it gave one. */
    static String sentence(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof IllegalStateException || t instanceof IllegalArgumentException
                ? t.getMessage() : Dialogs.message(t);
    }

    @Override
    public void close() {
        reviews.removeListener(listener);
        List.copyOf(open.values()).forEach(ReviewTab::close);
    }

    /** One review's tab: the pane, and the writer's and reviewer's transcripts in it. */
    private final class ReviewTab {
        final Review review;
        final SessionRecord writer;
        final Tab tab;
        final ReviewPane pane;
        final List<SessionsUi.Transcript> transcripts = new ArrayList<>();
        SessionsUi.Transcript reviewer;
        long reviewerId;

        ReviewTab(Review review, SessionRecord writer) {
            this.review = review;
            this.writer = writer;
            this.pane = new ReviewPane(new ReviewPane.Actions() {
                @Override
                public void review(ReviewFocus focus) {
                    tasks.run("Starting round of the review of " + writer.name(), () -> reviews.startRound(review.id(), focus),
                            ReviewTab.this::changed, e -> pane.problem(sentence(e)));
                }

                @Override
                public void sendToWriter(List<Finding> chosen) {
                    tasks.run("Sending findings to " + writer.name(), () -> reviews.sendToWriter(review.id(), chosen), s -> {
                        host.showStatus("Sent " + chosen.size() + (chosen.size() == 1 ? " finding" : " findings") + " to "
                                + writer.name() + " as its next prompt.", null);
                        reload();
                    }, e -> pane.sendProblem(sentence(e)));
                }
            });
            tab = new Tab("Writer & reviewer · " + writer.name(), pane);
            tab.setId("reviewTab-" + review.id());
            tab.getStyleClass().add("review-tab");
            tab.setOnClosed(e -> close());
            pane.setOnForget(() -> dev.lanes.ui.common.ViewHost.forget(host.window(), host::showStatus, tasks, tab, "review",
                    "The writer's and the reviewers' sessions, and the writer's work, stay.", () -> reviews.forget(review.id())));
            SessionsUi.Transcript w = sessions.transcript(writer);
            transcripts.add(w);
            pane.setWriter(w.view(), "WRITER  ·  " + writer.name() + "  ·  " + writer.worktree().getFileName());
            pane.setReviewer(null, reviewerCaption());
            pane.show(review, title(), List.of());
        }

        private String title() {
            return "Review of " + writer.name() + " in " + writer.worktree().getFileName();
        }

        private String reviewerCaption() {
            String profile = profiles.get().stream().filter(p -> p.id().equals(review.reviewerProfileId())).findFirst()
                    .map(AgentProfile::name).orElse(review.reviewerProfileId());
            return "REVIEWER  ·  " + profile + " (read-only)" + (review.reviewerModel().isEmpty() ? "" : "  ·  " + review.reviewerModel());
        }

        void loaded(List<ReviewRound> rounds) {
            pane.show(review, title(), rounds);
            for (int i = rounds.size() - 1; i >= 0; i--) {
                if (rounds.get(i).reviewerSessionId() != 0) {
                    follow(rounds.get(i).reviewerSessionId());
                    break;
                }
            }
        }

        /** The rounds again from the store (after sending: the service tells too, this is the backstop). */
        void reload() {
            tasks.run("Reading the rounds of the review", () -> reviews.rounds(review.id()),
                    rounds -> rounds.forEach(pane::update), e -> { });
        }

        void changed(ReviewRound round) {
            pane.update(round);
            if (round.reviewerSessionId() != 0) {
                follow(round.reviewerSessionId());
            }
        }

        /** Shows the reviewer's session (a new one when the reviewer could not continue its conversation). */
        private void follow(long sessionId) {
            if (sessionId == reviewerId) {
                return;
            }
            reviewerId = sessionId;
            tasks.run("Reading the reviewer's session", () -> sessionManager.session(sessionId), found -> {
                if (reviewerId != sessionId || !open.containsKey(review.id())) {
                    return;
                }
                Optional.ofNullable(found).flatMap(o -> o).ifPresent(s -> {
                    if (reviewer != null) {
                        reviewer.close().run();
                        transcripts.remove(reviewer);
                    }
                    reviewer = sessions.transcript(s);
                    transcripts.add(reviewer);
                    pane.setReviewer(reviewer.view(), reviewerCaption());
                });
            }, e -> { });
        }

        void close() {
            open.remove(review.id());
            transcripts.forEach(t -> t.close().run());
            transcripts.clear();
            tabPane.getTabs().remove(tab);
        }
    }
}
