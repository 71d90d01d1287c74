package dev.lanes.fanout;

import dev.lanes.model.AgentProfile;

import java.util.List;
import java.util.Map;

/**
 * What a fan-out run does: one program per item, in {@code folder} (the worktree or repository the
 * item paths are relative to), or in worktrees made for the items ({@link FanoutPlacement}).
 *
 * @param folder          absolute path of the worktree the items live in
 * @param items           the item paths, relative to {@code folder}, in list order
 * @param command         the program's words (from {@link ItemTemplate#split}), placeholders unfilled;
 *                        empty for an agent run
 * @param agent           the agent profile of an agent run, else null
 * @param promptTemplate  the agent's prompt with placeholders (agent runs)
 * @param model           the agent's model, or empty
 * @param permissionMode  the agent's permission mode, or empty
 * @param verify          the verification's words (placeholders unfilled), empty for none
 * @param concurrency     at most this many items at once (-j)
 * @param startSmall      run this many first, then pause until continued (0: no pause)
 * @param ordered         one after another in list order
 * @param stopOnFailure   no new item starts after a failure (the rest are skipped)
 * @param itemBudgetUsd   per item, passed to the agent (--max-budget-usd) and reserved while it runs; null for none
 * @param runBudgetUsd    for the run: no new item starts once spent + reserved would pass it; null for none
 * @param environment     variables added to (null value: removed from) each process's environment
 * @param logFolder       where each item's log goes, or null for no logs
 * @param placement       where the items run: all in {@code folder} (the default), or in worktrees of their own
 *                        made from the repository of {@code folder}; there {@code {file}} stays relative and the
 *                        program's working folder is the worktree's counterpart of {@code folder}
 * @param allowedTools    for an agent: the tools it may use without asking (Claude Code's --allowedTools, e.g.
 *                        {@code Read Edit Bash(mvn -q compile)}), passed as one argument; empty for the agent's default
 */
public record FanoutSpec(String folder, List<String> items, List<String> command, AgentProfile agent,
                         String promptTemplate, String model, String permissionMode, List<String> verify,
                         int concurrency, int startSmall, boolean ordered, boolean stopOnFailure,
                         Double itemBudgetUsd, Double runBudgetUsd, Map<String, String> environment, String logFolder,
                         FanoutPlacement placement, String allowedTools) {

    public FanoutSpec {
        allowedTools = allowedTools == null ? "" : allowedTools.strip();
        placement = placement == null ? FanoutPlacement.ONE_FOLDER : placement;
        items = List.copyOf(items);
        command = command == null ? List.of() : List.copyOf(command);
        verify = verify == null ? List.of() : List.copyOf(verify);
        promptTemplate = promptTemplate == null ? "" : promptTemplate;
        model = model == null ? "" : model;
        permissionMode = permissionMode == null ? "" : permissionMode;
        environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.HashMap<>(environment));
        if (agent == null && command.isEmpty()) {
            throw new IllegalArgumentException("a fan-out runs a command or an agent");
        }
        if (agent != null && !command.isEmpty()) {
            throw new IllegalArgumentException("a fan-out runs a command or an agent, not both");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
        if (startSmall < 0) {
            throw new IllegalArgumentException("start-small must not be negative");
        }
        if (itemBudgetUsd != null && itemBudgetUsd <= 0 || runBudgetUsd != null && runBudgetUsd <= 0) {
            throw new IllegalArgumentException("a budget must be more than 0");
        }
    }

    /** A run in one folder (no {@link FanoutPlacement}). */
    public FanoutSpec(String folder, List<String> items, List<String> command, AgentProfile agent,
                      String promptTemplate, String model, String permissionMode, List<String> verify,
                      int concurrency, int startSmall, boolean ordered, boolean stopOnFailure,
                      Double itemBudgetUsd, Double runBudgetUsd, Map<String, String> environment, String logFolder) {
        this(folder, items, command, agent, promptTemplate, model, permissionMode, verify, concurrency, startSmall, ordered,
                stopOnFailure, itemBudgetUsd, runBudgetUsd, environment, logFolder, FanoutPlacement.ONE_FOLDER, "");
    }

    /** A plain command over {@code items} with the defaults: -j 4, no start-small, no verification. */
    public static FanoutSpec command(String folder, List<String> items, List<String> command) {
        return new FanoutSpec(folder, items, command, null, "", "", "", List.of(), 4, 0, false, false, null, null,
                Map.of(), null, FanoutPlacement.ONE_FOLDER, "");
    }

    public FanoutSpec withConcurrency(int j) {
        return new FanoutSpec(folder, items, command, agent, promptTemplate, model, permissionMode, verify, j, startSmall,
                ordered, stopOnFailure, itemBudgetUsd, runBudgetUsd, environment, logFolder, placement, allowedTools);
    }

    public FanoutSpec withStartSmall(int n) {
        return new FanoutSpec(folder, items, command, agent, promptTemplate, model, permissionMode, verify, concurrency, n,
                ordered, stopOnFailure, itemBudgetUsd, runBudgetUsd, environment, logFolder, placement, allowedTools);
    }

    public FanoutSpec withOrdered(boolean ordered, boolean stopOnFailure) {
        return new FanoutSpec(folder, items, command, agent, promptTemplate, model, permissionMode, verify, concurrency,
                startSmall, ordered, stopOnFailure, itemBudgetUsd, runBudgetUsd, environment, logFolder, placement, allowedTools);
    }

    public FanoutSpec withVerify(List<String> verify) {
        return new FanoutSpec(folder, items, command, agent, promptTemplate, model, permissionMode, verify, concurrency,
                startSmall, ordered, stopOnFailure, itemBudgetUsd, runBudgetUsd, environment, logFolder, placement, allowedTools);
    }

    public FanoutSpec withBudgets(Double itemBudgetUsd, Double runBudgetUsd) {
        return new FanoutSpec(folder, items, command, agent, promptTemplate, model, permissionMode, verify, concurrency,
                startSmall, ordered, stopOnFailure, itemBudgetUsd, runBudgetUsd, environment, logFolder, placement, allowedTools);
    }

    public FanoutSpec withEnvironment(Map<String, String> environment) {
        return new FanoutSpec(folder, items, command, agent, promptTemplate, model, permissionMode, verify, concurrency,
                startSmall, ordered, stopOnFailure, itemBudgetUsd, runBudgetUsd, environment, logFolder, placement, allowedTools);
    }

    public FanoutSpec withLogFolder(String logFolder) {
        return new FanoutSpec(folder, items, command, agent, promptTemplate, model, permissionMode, verify, concurrency,
                startSmall, ordered, stopOnFailure, itemBudgetUsd, runBudgetUsd, environment, logFolder, placement, allowedTools);
    }

    public FanoutSpec withPlacement(FanoutPlacement placement) {
        return new FanoutSpec(folder, items, command, agent, promptTemplate, model, permissionMode, verify, concurrency,
                startSmall, ordered, stopOnFailure, itemBudgetUsd, runBudgetUsd, environment, logFolder, placement, allowedTools);
    }

    public FanoutSpec withAllowedTools(String allowedTools) {
        return new FanoutSpec(folder, items, command, agent, promptTemplate, model, permissionMode, verify, concurrency,
                startSmall, ordered, stopOnFailure, itemBudgetUsd, runBudgetUsd, environment, logFolder, placement, allowedTools);
    }

    /** An agent run: {@code profile}'s first-run groups with the prompt filled per item. */
    public static FanoutSpec agent(String folder, List<String> items, AgentProfile profile, String promptTemplate,
                                   String model, String permissionMode) {
        return new FanoutSpec(folder, items, List.of(), profile, promptTemplate, model, permissionMode, List.of(), 4, 0,
                false, false, null, null, Map.of(), null, FanoutPlacement.ONE_FOLDER, "");
    }
}
