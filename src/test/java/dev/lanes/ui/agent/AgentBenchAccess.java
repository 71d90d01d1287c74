package dev.lanes.ui.agent;

import java.util.List;

/** What the benchmarks may read of an agent view (FX thread). */
public final class AgentBenchAccess {

    private AgentBenchAccess() {
    }

    /** Whether the view's last row is a run's result that took {@code durationMs}. */
    public static boolean endsWithResultOf(AgentView view, long durationMs) {
        List<AgentView.Entry> e = view.entries();
        return !e.isEmpty() && e.get(e.size() - 1) instanceof AgentView.Entry.Result r && r.durationMs() == durationMs;
    }
}
