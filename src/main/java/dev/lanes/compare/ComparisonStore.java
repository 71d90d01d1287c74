package dev.lanes.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where comparisons and their lanes are kept, so they survive a restart (the SQLite store). */
public interface ComparisonStore {

    /** Records a new comparison with the lanes it has so far; returns it with its id. */
    Comparison createComparison(Comparison comparison);

    Optional<Comparison> comparison(long id);

    /** The comparisons of the repository whose main checkout is {@code repository}, oldest first. */
    List<Comparison> comparisons(Path repository);

    /** Writes what the person chose and every lane (a lane not stored yet is added). */
    void saveComparison(Comparison comparison);

    /** Forgets a comparison and its lanes (their worktrees and branches are left as they are). */
    void deleteComparison(long id);
}
