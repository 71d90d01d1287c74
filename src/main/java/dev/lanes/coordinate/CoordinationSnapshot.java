package dev.lanes.coordinate;

import dev.lanes.model.RepositoryInfo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the coordination view shows for one repository, read in one go off the FX thread: per lane its
 * changed files, overlaps, out-of-scope files and conflict forecast. Immutable.
 *
 * @param repository    the repository
 * @param target        the branch lanes are compared with and would merge into
 * @param targetCommit  the target's commit when this was taken
 * @param takenAt       when the refresh started
 * @param lanes         every worktree of the repository (bare entries left out): the main checkout first, then
 *                      the others by folder. Lists of lanes elsewhere in the snapshot keep this order
 * @param overlaps      every file changed in two or more lanes → those lanes' folders, sorted by file
 * @param problems      sentences about the request itself (a scope given for a folder that is no lane…)
 * @param took          wall time of the whole refresh
 * @param forecastTook  wall time of the conflict forecast ({@code git merge-tree}, all lanes in one process;
 *                      zero when every forecast came from the cache)
 */
public record CoordinationSnapshot(RepositoryInfo repository, String target, String targetCommit, Instant takenAt,
                                   List<LaneReport> lanes, Map<String, List<Path>> overlaps, List<String> problems,
                                   Duration took, Duration forecastTook) {

    public CoordinationSnapshot {
        lanes = List.copyOf(lanes);
        Map<String, List<Path>> o = new TreeMap<>();
        overlaps.forEach((k, v) -> o.put(k, List.copyOf(v)));
        overlaps = Collections.unmodifiableMap(o);
        problems = List.copyOf(problems);
    }

    /** The lane in {@code folder} (compared as normalised absolute paths). */
    public Optional<LaneReport> lane(Path folder) {
        Path want = folder.toAbsolutePath().normalize();
        return lanes.stream().filter(l -> l.path().toAbsolutePath().normalize().equals(want)).findFirst();
    }

    /** Lanes whose branch would conflict with the target now. */
    public List<LaneReport> conflicting() {
        return lanes.stream().filter(l -> l.forecast().conflicts()).toList();
    }
}
