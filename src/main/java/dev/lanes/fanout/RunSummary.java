package dev.lanes.fanout;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts of a run's items by state and what it cost. */
public record RunSummary(long runId, int total, Map<ItemState, Integer> counts, double spentUsd, List<FanoutItem> items) {

    public RunSummary {
        counts = Map.copyOf(counts);
        items = List.copyOf(items);
    }

    public static RunSummary of(long runId, List<FanoutItem> items) {
        Map<ItemState, Integer> counts = new EnumMap<>(ItemState.class);
        double spent = 0;
        for (FanoutItem i : items) {
            counts.merge(i.state(), 1, Integer::sum);
            spent += i.costUsd();
        }
        return new RunSummary(runId, items.size(), counts, spent, items);
    }

    public int count(ItemState s) {
        return counts.getOrDefault(s, 0);
    }

    /** Every item passed. */
    public boolean allPassed() {
        return count(ItemState.PASSED) == total;
    }

    /** One line for the person: "12 passed, 1 failed, 0 verify-failed… of 13; $0.42". */
    public String line() {
        StringBuilder b = new StringBuilder();
        for (ItemState s : ItemState.values()) {
            int n = count(s);
            if (n > 0) {
                b.append(b.length() == 0 ? "" : ", ").append(n).append(' ').append(s.label());
            }
        }
        return b + " of " + total + String.format(java.util.Locale.ROOT, "; spent $%.2f", spentUsd);
    }
}
