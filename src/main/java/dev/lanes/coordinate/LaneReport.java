package dev.lanes.coordinate;

import dev.lanes.model.Worktree;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one lane (a worktree of the repository) changed, whom it overlaps, what lies outside its scope and
 * whether it would merge cleanly into the target.
 *
 * @param worktree       the worktree as {@code git worktree list} gave it
 * @param mergeBase      the commit the changes are counted from (merge base of HEAD and the target), or
 *                       {@code null} when there is none (see {@link #problems()})
 * @param changedFiles   sorted by path; committed since the base, uncommitted and untracked (not ignored)
 * @param overlaps       file → the other lanes (their folders) that changed it too; sorted by file
 * @param scope          the globs the caller gave for this lane (empty: no scope, nothing is flagged)
 * @param outOfScope     paths of changed files matching none of the scope's globs, sorted
 * @param forecast       merging its branch into the target now
 * @param problems       sentences for a person about what could not be read; empty when all is well
 * @param took           time spent reading this lane (its git processes and in-process reads)
 */
public record LaneReport(Worktree worktree, String mergeBase, List<ChangedFile> changedFiles,
                         Map<String, List<Path>> overlaps, List<String> scope, List<String> outOfScope,
                         ConflictForecast forecast, List<String> problems, Duration took) {

    public LaneReport {
        changedFiles = List.copyOf(changedFiles);
        Map<String, List<Path>> o = new TreeMap<>();
        overlaps.forEach((k, v) -> o.put(k, List.copyOf(v)));
        overlaps = Collections.unmodifiableMap(o);
        scope = List.copyOf(scope);
        outOfScope = List.copyOf(outOfScope);
        problems = List.copyOf(problems);
    }

    public Path path() {
        return worktree.path();
    }

    /** The lane's branch, or {@code null} when its HEAD is detached. */
    public String branch() {
        return worktree.branch();
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** True when any changed file holds uncommitted work. */
    public boolean hasUncommitted() {
        return changedFiles.stream().anyMatch(ChangedFile::uncommitted) || forecast.committedOnly();
    }

    /** The other lanes this one shares files with, each with the shared files (sorted), in lane order of first overlap. */
    public Map<Path, List<String>> sharedWith() {
        Map<Path, List<String>> by = new LinkedHashMap<>();
        overlaps.forEach((file, lanes) -> lanes.forEach(l -> by.computeIfAbsent(l, k -> new ArrayList<>()).add(file)));
        Map<Path, List<String>> out = new LinkedHashMap<>();
        by.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    /** Added and removed lines over the files with line counts: {added, removed}. */
    public int[] lineTotals() {
        int a = 0;
        int r = 0;
        for (ChangedFile f : changedFiles) {
            if (f.hasLineCounts()) {
                a += f.added();
                r += f.removed();
            }
        }
        return new int[] {a, r};
    }
}
