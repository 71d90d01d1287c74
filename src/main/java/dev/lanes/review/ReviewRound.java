package dev.lanes.review;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One round of a review: the writer's diff when it started, the reviewer's answer and findings, and
 * which findings the person sent to the writer.
 *
 * @param number            1, 2, … up to the review's cap
 * @param diff              the writer's work against its base when the round started
 * @param diffFromPrevious  what the writer changed since the round before (a unified diff between the
 *                          two rounds' snapshots), null in round 1
 * @param reviewerSessionId the session the reviewer ran in (the same one across rounds while it can
 *                          continue its conversation), 0 before it started
 * @param answer            the reviewer's answer as it gave it, empty until then
 * @param findings          the answer read as findings
 * @param sent              the indexes of the findings sent to the writer
 * @param writerPrompt      the follow-up the writer was given, empty until sent
 * @param problem           why the round failed, one or two sentences, else empty
 */
public record ReviewRound(long reviewId, int number, ReviewFocus focus, WriterDiff diff, String diffFromPrevious,
                          long reviewerSessionId, State state, String answer, List<Finding> findings, Set<Integer> sent,
                          String writerPrompt, String problem, Instant startedAt, Instant endedAt) {

    /** Where a round is. */
    public enum State {
        /** The reviewer is at work. */
        REVIEWING,
        /** The findings are in; the person picks what to send. */
        REVIEWED,
        /** Findings were sent to the writer. */
        SENT,
        /** The reviewer failed or was interrupted; the round can be run again. */
        FAILED
    }

    public ReviewRound {
        answer = answer == null ? "" : answer;
        findings = List.copyOf(findings);
        sent = Set.copyOf(sent);
        writerPrompt = writerPrompt == null ? "" : writerPrompt;
        problem = problem == null ? "" : problem;
    }

    /** The findings that were sent to the writer, in their order. */
    public List<Finding> sentFindings() {
        return findings.stream().filter(f -> sent.contains(f.index())).toList();
    }

    ReviewRound reviewedAs(String text, List<Finding> found, Instant at) {
        return new ReviewRound(reviewId, number, focus, diff, diffFromPrevious, reviewerSessionId, State.REVIEWED, text, found,
                Set.of(), "", "", startedAt, at);
    }

    ReviewRound failed(String why, Instant at) {
        return new ReviewRound(reviewId, number, focus, diff, diffFromPrevious, reviewerSessionId, State.FAILED, answer,
                List.of(), Set.of(), "", why, startedAt, at);
    }

    ReviewRound sentAs(Set<Integer> indexes, String prompt) {
        return new ReviewRound(reviewId, number, focus, diff, diffFromPrevious, reviewerSessionId, State.SENT, answer, findings,
                indexes, prompt, problem, startedAt, endedAt);
    }

    ReviewRound withReviewer(long sessionId) {
        return new ReviewRound(reviewId, number, focus, diff, diffFromPrevious, sessionId, state, answer, findings, sent,
                writerPrompt, problem, startedAt, endedAt);
    }
}
