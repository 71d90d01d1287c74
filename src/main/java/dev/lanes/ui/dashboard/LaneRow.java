package dev.lanes.ui.dashboard;

import dev.lanes.coordinate.ConflictForecast;
import dev.lanes.coordinate.CoordinationSnapshot;
import dev.lanes.coordinate.LaneReport;
import dev.lanes.git.GitService;
import dev.lanes.model.AgentSession;
import dev.lanes.model.RepositorySnapshot;
import dev.lanes.model.SessionRecord;
import dev.lanes.model.Worktree;
import dev.lanes.model.WorktreeStatus;
import dev.lanes.model.WorktreeView;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * One row of the dashboard: a lane (a worktree) with what the coordination check found and what its sessions do.
 * The lane's facts, texts and tooltips included, are built off the FX thread by {@link #facts}; its sessions'
 * part ({@link Sessions}) is a cheap summary joined on the FX thread, where the sessions are known.
 *
 * @param path         the worktree's folder
 * @param name         its folder name
 * @param branch       its branch, or a short description of a detached HEAD
 * @param main         the repository's main checkout
 * @param files        files changed against the target (committed, uncommitted, untracked); -1: not known
 * @param added        lines added over the files with line counts
 * @param removed      lines removed
 * @param ahead        commits ahead of its base, or -1 when not known
 * @param behind       commits behind its base, or -1
 * @param base         the branch ahead/behind count against, or null
 * @param shared       file → the other lanes (folder names) that change it too, sorted by file
 * @param outOfScope   changed files outside the lane's scope
 * @param forecast     merging it into the target now, or null when not known
 * @param target       the branch the forecast is for
 * @param problems     sentences about what could not be read
 * @param sessions     its sessions, summed up
 */
public record LaneRow(Path path, String name, String branch, boolean main, int files, int added, int removed,
                      int ahead, int behind, String base, Map<String, List<String>> shared, List<String> outOfScope,
                      ConflictForecast forecast, String target, List<String> problems, Sessions sessions) {

    public LaneRow {
        shared = Collections.unmodifiableMap(new LinkedHashMap<>(shared));
        outOfScope = List.copyOf(outOfScope);
        problems = List.copyOf(problems);
    }

    /** The lane's sessions as the dashboard shows them. */
    public record Sessions(List<Long> ids, List<Long> live, String agent, String status, String statusClass,
                           double cost, Instant started, Instant ended, String resources) {

        public static final Sessions NONE = new Sessions(List.of(), List.of(), "", "", "", 0, null, null, "");

        public Sessions {
            ids = List.copyOf(ids);
            live = List.copyOf(live);
        }

        /**
         * Sums up a lane's sessions (oldest first) as the tabs show them: the session that shows is the newest live
         * one, else the newest; its agent's activity (working ●, waiting for you ◆, done ✓, failed ✗) or its status.
         */
        public static Sessions of(List<SessionRecord> sessions, LongFunction<AgentSession> agentOf) {
            return of(sessions, agentOf, null);
        }

        /**
         * As {@link #of(List, LongFunction)}, with the named resources the lane's live sessions hold ("holds
         * database") or wait for ("waits for database, held by lane-b") from {@code resources} (null: none).
         */
        public static Sessions of(List<SessionRecord> sessions, LongFunction<AgentSession> agentOf,
                                  dev.lanes.lane.LaneResources resources) {
            if (sessions.isEmpty()) {
                return NONE;
            }
            List<Long> ids = new ArrayList<>();
            List<Long> live = new ArrayList<>();
            double cost = 0;
            for (SessionRecord s : sessions) {
                ids.add(s.id());
                if (s.status().isLive()) {
                    live.add(s.id());
                }
                AgentSession a = agentOf.apply(s.id());
                if (a != null) {
                    cost += a.costUsd();
                }
            }
            SessionRecord shown = sessions.stream().filter(s -> s.status().isLive())
                    .max(Comparator.comparingLong(SessionRecord::id))
                    .orElse(sessions.get(sessions.size() - 1));
            AgentSession agent = agentOf.apply(shown.id());
            String status;
            String statusClass;
            if (agent != null) {
                status = agent.activity().glyph() + " " + agent.activity().label();
                statusClass = "activity-" + agent.activity().name().toLowerCase(Locale.ROOT);
            } else {
                status = shown.status().glyph() + " " + shown.status().label();
                statusClass = "status-" + shown.status().name().toLowerCase(Locale.ROOT);
            }
            String more = sessions.size() > 1 ? " (+" + (sessions.size() - 1) + ")" : "";
            return new Sessions(ids, live, shown.name() + more, status, statusClass, cost, shown.startedAt(),
                    shown.status().isLive() ? null : shown.endedAt(), resourcesText(live, resources));
        }

        private static String resourcesText(List<Long> live, dev.lanes.lane.LaneResources resources) {
            if (resources == null || live.isEmpty()) {
                return "";
            }
            java.util.TreeSet<String> held = new java.util.TreeSet<>();
            List<String> waits = new ArrayList<>();
            for (long id : live) {
                held.addAll(resources.held(id));
                resources.waitingFor(id).ifPresent(w -> waits.add(w.name()
                        + (w.holder() == null ? "" : ", held by " + w.holder().worktree().getFileName())));
            }
            List<String> parts = new ArrayList<>();
            if (!held.isEmpty()) {
                parts.add("holds " + String.join(", ", held));
            }
            if (!waits.isEmpty()) {
                parts.add("waits for " + String.join("; ", waits));
            }
            return String.join(" · ", parts);
        }

        /** "4m 05s" from its start to its end (or now, while it runs); "" before it started. */
        public String elapsed(Instant now) {
            if (started == null) {
                return "";
            }
            Duration d = Duration.between(started, ended != null ? ended : now);
            long s = Math.max(0, d.getSeconds());
            if (s < 60) {
                return s + "s";
            }
            if (s < 3600) {
                return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
            }
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s / 60) % 60);
        }
    }

    public LaneRow withSessions(Sessions s) {
        return new LaneRow(path, name, branch, main, files, added, removed, ahead, behind, base, shared, outOfScope,
                forecast, target, problems, s);
    }

    /**
     * The rows of every lane, from the repository's listing (ahead/behind) and the coordination check (changes,
     * overlaps, scope, forecast); sessions are left empty. Call off the FX thread: it builds every text.
     *
     * @param coordination may be null (not checked yet): the changes are then unknown
     */
    public static List<LaneRow> facts(RepositorySnapshot snapshot, CoordinationSnapshot coordination) {
        List<LaneRow> rows = new ArrayList<>();
        List<WorktreeView> views = snapshot.worktrees().stream().filter(v -> !v.worktree().bare()).toList();
        for (WorktreeView v : views) {
            Worktree wt = v.worktree();
            Optional<LaneReport> lane = coordination == null ? Optional.empty() : coordination.lane(wt.path());
            WorktreeStatus st = v.status();
            int files = -1;
            int added = 0;
            int removed = 0;
            Map<String, List<String>> shared = new LinkedHashMap<>();
            List<String> outOfScope = List.of();
            ConflictForecast forecast = null;
            List<String> problems = new ArrayList<>();
            if (v.statusError() != null) {
                problems.add(v.statusError());
            }
            if (lane.isPresent()) {
                LaneReport l = lane.get();
                files = l.changedFiles().size();
                int[] totals = l.lineTotals();
                added = totals[0];
                removed = totals[1];
                l.overlaps().forEach((file, others) -> shared.put(file,
                        others.stream().map(p -> String.valueOf(p.getFileName())).toList()));
                outOfScope = l.outOfScope();
                forecast = l.forecast();
                problems.addAll(l.problems());
            }
            String branch = wt.branch() != null ? wt.branch()
                    : "detached at " + (wt.head() == null ? "?" : wt.head().substring(0, Math.min(8, wt.head().length())));
            rows.add(new LaneRow(wt.path(), String.valueOf(wt.path().getFileName()), branch, wt.main(), files, added, removed,
                    st == null ? -1 : st.ahead(), st == null ? -1 : st.behind(), st == null ? null : st.base(), shared,
                    outOfScope, forecast, coordination == null ? null : coordination.target(), problems, Sessions.NONE));
        }
        return rows;
    }

    public boolean samePath(Path other) {
        return GitService.samePath(path, other);
    }

    // ------------------------------------------------------------------ texts the cells show

    /** "12 files", "1 file", "" when not known. */
    public String filesText() {
        return files < 0 ? "" : files + (files == 1 ? " file" : " files");
    }

    /** "↑3 ↓1", "" when not known. */
    public String aheadBehindText() {
        return ahead < 0 ? "" : "↑" + ahead + " ↓" + behind;
    }

    /** "⚠ shared.txt with beta", "⚠ 3 files with beta, gamma"; "" without overlaps. */
    public String overlapText() {
        if (shared.isEmpty()) {
            return "";
        }
        List<String> lanes = otherLanes();
        return "⚠ " + (shared.size() == 1 ? shared.keySet().iterator().next() : shared.size() + " files")
                + " with " + String.join(", ", lanes);
    }

    /** The other lanes this one shares files with, in order of first appearance. */
    public List<String> otherLanes() {
        List<String> lanes = new ArrayList<>();
        shared.values().forEach(l -> l.forEach(x -> {
            if (!lanes.contains(x)) {
                lanes.add(x);
            }
        }));
        return lanes;
    }

    /** One line per shared file naming the other lanes; a note on files outside the scope. */
    public String overlapTooltip() {
        StringBuilder b = new StringBuilder(sharedTooltip());
        if (!outOfScope.isEmpty()) {
            b.append(b.length() > 0 ? "\n\n" : "").append(outOfScope.size() == 1 ? "Outside its scope:" : outOfScope.size()
                    + " files outside its scope:");
            outOfScope.stream().limit(30).forEach(f -> b.append("\n").append(f));
            if (outOfScope.size() > 30) {
                b.append("\n… and ").append(outOfScope.size() - 30).append(" more");
            }
        }
        return b.toString();
    }

    /** One line per file this lane shares with other lanes, naming them; "" when it shares none. */
    public String sharedTooltip() {
        StringBuilder b = new StringBuilder();
        if (!shared.isEmpty()) {
            b.append(shared.size() == 1 ? "This file is" : "These " + shared.size() + " files are")
                    .append(" also changed in other lanes:");
            int shown = 0;
            for (Map.Entry<String, List<String>> e : shared.entrySet()) {
                if (shown++ == 30) {
                    b.append("\n… and ").append(shared.size() - 30).append(" more");
                    break;
                }
                b.append("\n").append(e.getKey()).append("  —  ").append(String.join(", ", e.getValue()));
            }
        }
        return b.toString();
    }

    /** "⇲ 2 out of scope", "" when all is inside (or there is no scope). */
    public String scopeText() {
        return outOfScope.isEmpty() ? "" : "⇲ " + outOfScope.size() + " out of scope";
    }

    /** "✗ 2 conflicts", "✓ clean", "✓ fast-forward", "up to date", "target" (it is the target), "?" or "" (not checked yet). */
    public String conflictText() {
        if (forecast == null) {
            return "";
        }
        return switch (forecast.outcome()) {
            case CONFLICTS -> "✗ " + forecast.conflictedFiles().size() + (forecast.conflictedFiles().size() == 1 ? " conflict" : " conflicts");
            case CLEAN -> "✓ clean";
            case FAST_FORWARD -> "✓ fast-forward";
            case UP_TO_DATE -> "up to date";
            case TARGET_ITSELF -> "target";
            case UNKNOWN -> "?";
        };
    }

    /** The forecast's sentence, with the conflicting files. */
    public String conflictTooltip() {
        if (forecast == null) {
            return "Not checked yet.";
        }
        StringBuilder b = new StringBuilder(forecast.sentence());
        forecast.conflictedFiles().stream().limit(30).forEach(f -> b.append("\n").append(f));
        return b.toString();
    }

    public boolean conflicts() {
        return forecast != null && forecast.conflicts();
    }

    /** What the changes are counted against, and what could not be read. */
    public String changesTooltip() {
        StringBuilder b = new StringBuilder();
        if (files >= 0) {
            b.append(filesText()).append(" changed since this lane left ").append(target)
                    .append(" (committed, uncommitted and new files): +").append(added).append(" −").append(removed).append(" lines");
        }
        if (ahead >= 0 && base != null) {
            b.append(b.length() > 0 ? "\n" : "").append(ahead).append(ahead == 1 ? " commit" : " commits").append(" ahead of ")
                    .append(base).append(", ").append(behind).append(" behind");
        }
        problems.forEach(p -> b.append(b.length() > 0 ? "\n" : "").append(p));
        return b.toString();
    }
}
