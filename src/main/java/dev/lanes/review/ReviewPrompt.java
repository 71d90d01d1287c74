package dev.lanes.review;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two prompts of a review: the reviewer's (the writer's diff against its base, the focus, and
 * the answer format {@link Findings} reads best) and the writer's follow-up (the findings the person
 * chose, numbered, with their locations).
 */
public final class ReviewPrompt {

    /** How much of the diff a reviewer's prompt holds by default, in characters (about 15,000 tokens). */
    public static final int DEFAULT_DIFF_LIMIT = 60_000;
    /** What the reviewer answers when it has nothing to report. */
    public static final String NO_FINDINGS = "NO FINDINGS";

    private static final Pattern FILE_HEADER = Pattern.compile("(?m)^diff --git a/(.*) b/(.*)$");

    private ReviewPrompt() {
    }

    /**
     * A diff cut to a size.
     *
     * @param text     what is shown (the whole diff when it fits)
     * @param cut      whether something was left out
     * @param notShown the files not shown at all, then the one shown only in part (in the diff's order)
     */
    public record Cut(String text, boolean cut, List<String> notShown) {
    }

    /**
     * {@code diff} cut to at most {@code limit} characters, at the end of a file when one ends in the
     * second half of the limit, else at the end of a line; never in the middle of a line.
     *
     * @param files the diff's files (to name those left out)
     */
    public static Cut cut(String diff, List<String> files, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the limit must be positive");
        }
        if (diff.length() <= limit) {
            return new Cut(diff, false, List.of());
        }
        int end = -1;
        Matcher m = FILE_HEADER.matcher(diff);
        while (m.find() && m.start() <= limit) {
            if (m.start() >= limit / 2) {
                end = m.start();
            }
        }
        if (end < 0) {
            end = diff.lastIndexOf('\n', limit - 1) + 1;
        }
        String shown = diff.substring(0, end);
        Set<String> shownFiles = new LinkedHashSet<>();
        Matcher h = FILE_HEADER.matcher(shown);
        String last = null;
        while (h.find()) {
            shownFiles.add(h.group(2));
            last = h.group(2);
        }
        boolean lastComplete = end < diff.length() && diff.startsWith("diff --git ", end);
        List<String> notShown = new ArrayList<>();
        for (String f : files) {
            if (!shownFiles.contains(f)) {
                notShown.add(f);
            }
        }
        if (last != null && !lastComplete) {
            notShown.add(last);
        }
        return new Cut(shown, true, notShown);
    }

    /**
     * The reviewer's prompt for a round.
     *
     * @param worktree      where the writer works (the reviewer runs there)
     * @param round         this round's number, from 1
     * @param sentLastRound the findings of the round before that the person sent to the writer (empty in round 1)
     * @param diffLimit     the most characters of diff to include ({@link #DEFAULT_DIFF_LIMIT})
     */
    public static String forReviewer(Path worktree, WriterDiff diff, ReviewFocus focus, int round, int maxRounds,
                                     List<Finding> sentLastRound, int diffLimit) {
        StringBuilder b = new StringBuilder();
        b.append("Review another agent's work in the git worktree ").append(worktree).append(". ")
                .append("Review only: change nothing. You have read-only tools (Read, Grep, Glob); use them to read the code ")
                .append("around the changes when the diff is not enough.\n\n");
        if (round > 1) {
            b.append("This is round ").append(round).append(" of ").append(maxRounds).append(". ");
            if (sentLastRound.isEmpty()) {
                b.append("None of your last findings were sent to the writer. ");
            } else {
                b.append("The writer was asked to act on these findings of the last round:\n");
                appendList(b, sentLastRound);
                b.append("Check whether they are resolved; report those that are not again. ");
            }
            b.append("The diff below is again all of the writer's work against the base.\n\n");
        }
        b.append("Focus on ");
        if (focus.isGeneral()) {
            b.append("correctness: bugs first, then anything else worth fixing before this is merged.");
        } else {
            List<String> asks = new ArrayList<>();
            focus.orderedPresets().forEach(p -> asks.add(p.ask()));
            if (!focus.text().isEmpty()) {
                asks.add(focus.text());
            }
            b.append(asks.size() == 1 ? asks.get(0) : "these:\n- " + String.join("\n- ", asks)).append(
                    asks.size() == 1 && !asks.get(0).endsWith(".") ? "." : "");
            b.append("\nReport other serious problems you notice too.");
        }
        b.append("\n\n");

        String shortBase = diff.baseCommit().length() > 12 ? diff.baseCommit().substring(0, 12) : diff.baseCommit();
        b.append("The changes: the worktree's files against ").append(diff.baseBranch()).append(" (where it forked, ")
                .append(shortBase).append("), committed and uncommitted, new files included; ")
                .append(diff.files().size()).append(diff.files().size() == 1 ? " file.\n" : " files.\n");
        Cut cut = cut(diff.text(), diff.files(), diffLimit);
        b.append("```diff\n").append(cut.text());
        if (!cut.text().endsWith("\n")) {
            b.append('\n');
        }
        b.append("```\n");
        if (cut.cut()) {
            b.append(String.format(Locale.ROOT, "(Lanes cut the diff here: it has %,d characters, the first %,d are shown.",
                    diff.text().length(), cut.text().length()));
            if (!cut.notShown().isEmpty()) {
                b.append(" Not shown, or only in part: ").append(String.join(", ", first(cut.notShown(), 50)))
                        .append(cut.notShown().size() > 50 ? " and " + (cut.notShown().size() - 50) + " more" : "")
                        .append('.');
            }
            b.append(" Read those files in the worktree.)\n");
        }
        b.append('\n');
        b.append("""
                Answer with your findings only, most important first, one numbered line each, in exactly this form:
                1. path/to/file.ext:LINE — what is wrong, why it matters, what to do
                2. path/to/other.ext — a finding about a whole file
                3. — a finding about no particular file
                Paths relative to the worktree; LINE is a line number in the file as it is now. \
                No headings, no preamble, no summary. If there is nothing worth acting on, answer exactly:\s""")
                .append(NO_FINDINGS).append('\n');
        return b.toString();
    }

    /** The writer's follow-up: exactly {@code chosen}, renumbered 1, 2, …, each with its location. */
    public static String forWriter(List<Finding> chosen) {
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("Tick at least one finding to send to the writer.");
        }
        StringBuilder b = new StringBuilder();
        b.append("A reviewer looked at your changes. Act on ")
                .append(chosen.size() == 1 ? "this finding" : "these " + chosen.size() + " findings")
                .append(" (chosen by the person you work for); fix each one, or say why it needs no change:\n");
        appendList(b, chosen);
        b.append("\nWhen you are done, say in one line per finding what you did.\n");
        return b.toString();
    }

    /** {@code 1. path:line — text}, continuation lines indented under their item. */
    private static void appendList(StringBuilder b, List<Finding> findings) {
        int n = 1;
        for (Finding f : findings) {
            String prefix = n + ". ";
            String indent = " ".repeat(prefix.length());
            b.append(prefix).append(f.describe().replace("\n", "\n" + indent)).append('\n');
            n++;
        }
    }

    private static List<String> first(List<String> list, int n) {
        return list.size() <= n ? list : list.subList(0, n);
    }
}
