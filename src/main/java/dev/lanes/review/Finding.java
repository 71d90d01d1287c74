package dev.lanes.review;

/**
 * One finding of a reviewer: an item of the checklist the person ticks.
 *
 * @param index its number in the reviewer's answer (1, 2, …; unique within a round)
 * @param file  the file it is about, relative to the worktree, or null when it names none
 * @param line  the line in that file (its new version), or null when none was given
 * @param text  what the reviewer says, without the location it started with
 */
public record Finding(int index, String file, Integer line, String text) {

    public Finding {
        if (index < 1) {
            throw new IllegalArgumentException("a finding's index starts at 1");
        }
        file = file == null || file.isBlank() ? null : file;
        if (file == null) {
            line = null;
        }
        text = text == null ? "" : text.strip();
    }

    /** {@code path:line}, {@code path}, or empty when the finding names no file. */
    public String location() {
        if (file == null) {
            return "";
        }
        return line == null ? file : file + ":" + line;
    }

    /** The location, a dash and the text; the text alone when there is no location. */
    public String describe() {
        return file == null ? text : location() + " — " + text;
    }
}
