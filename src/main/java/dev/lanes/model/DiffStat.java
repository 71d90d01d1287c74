package dev.lanes.model;

/** Size of a change: files touched, lines added and removed. */
public record DiffStat(int files, int insertions, int deletions) {

    public static final DiffStat EMPTY = new DiffStat(0, 0, 0);

    public boolean isEmpty() {
        return files == 0;
    }

    /** "3 files, +120 −8". */
    public String describe() {
        return files + (files == 1 ? " file" : " files") + ", +" + insertions + " −" + deletions;
    }
}
