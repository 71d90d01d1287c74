package dev.lanes.investigate;

import java.nio.file.Path;
import java.util.List;

/** What the investigators and the combine session are asked. */
public final class InvestigationPrompt {

    /** The most characters of one answer the combine prompt holds. */
    static final int ANSWER_LIMIT = 20_000;

    private InvestigationPrompt() {
    }

    /** One investigator's prompt: its question, read-only, an answer that stands on its own. */
    public static String question(Path worktree, String question) {
        return "Investigate this question about the code in " + worktree + ":\n\n" + question.strip() + "\n\n"
                + "Look with Read, Grep and Glob only and change nothing. Answer for a developer new to this code: "
                + "the files and functions that matter (path:line) and how they fit together. Your answer will be read "
                + "on its own, beside answers to other questions asked at the same time.";
    }

    /**
     * The combine session's prompt: every question with its answer (or why it failed), and the ask to
     * say how they relate.
     */
    public static String combine(Path worktree, List<Question> questions) {
        StringBuilder b = new StringBuilder("These questions about the code in ").append(worktree)
                .append(" were investigated at the same time, each by a read-only agent:\n");
        List<Question> failed = questions.stream().filter(q -> q.state() == Question.State.FAILED).toList();
        for (Question q : questions) {
            b.append("\n## Question ").append(q.index() + 1).append(": ").append(q.text().strip()).append('\n');
            if (q.state() == Question.State.ANSWERED) {
                String a = q.answer().strip();
                b.append("\nAnswer:\n").append(a.length() > ANSWER_LIMIT
                        ? a.substring(0, ANSWER_LIMIT) + "\n(cut: the answer goes on for " + (a.length() - ANSWER_LIMIT)
                        + " more characters)" : a).append('\n');
            } else {
                b.append("\n(No answer: this investigation failed — ").append(q.problem().strip()).append(")\n");
            }
        }
        b.append("\nSummarise how these answers relate: the parts of the code they share, where one depends on "
                + "another, and any contradictions or gaps between them. Be brief; do not repeat each answer. "
                + "Change nothing.");
        if (!failed.isEmpty()) {
            b.append(" Say that question").append(failed.size() == 1 ? " " : "s ")
                    .append(String.join(", ", failed.stream().map(q -> String.valueOf(q.index() + 1)).toList()))
                    .append(failed.size() == 1 ? " has" : " have").append(" no answer.");
        }
        return b.toString();
    }
}
