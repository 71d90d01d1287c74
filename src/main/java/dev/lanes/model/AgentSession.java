package dev.lanes.model;

/**
 * The agent side of a session (a session that runs an agent profile), as stored beside its
 * {@link SessionRecord}.
 *
 * @param sessionId      the {@link SessionRecord#id()} it belongs to
 * @param profileId      the {@link AgentProfile#id()} it runs
 * @param conversationId the agent's own id of the conversation (Claude Code's session id, Codex's
 *                       thread id), for follow-ups; empty until known
 * @param activity       what it does now
 * @param costUsd        what it has cost so far, in US dollars (0 when the agent does not say)
 * @param budgetUsd      the most it may spend per run, or {@code null} for no cap
 * @param model          the model asked for, or empty for the agent's default
 * @param permissionMode the permission mode asked for, or empty for the agent's default
 * @param outcome        one line about how the last run ended ("budget reached", an error…), or empty
 */
public record AgentSession(long sessionId, String profileId, String conversationId, AgentActivity activity,
                           double costUsd, Double budgetUsd, String model, String permissionMode, String outcome) {

    public AgentSession {
        conversationId = conversationId == null ? "" : conversationId;
        model = model == null ? "" : model;
        permissionMode = permissionMode == null ? "" : permissionMode;
        outcome = outcome == null ? "" : outcome;
    }

    public AgentSession withSessionId(long id) {
        return new AgentSession(id, profileId, conversationId, activity, costUsd, budgetUsd, model, permissionMode, outcome);
    }

    public AgentSession withConversationId(String id) {
        return new AgentSession(sessionId, profileId, id, activity, costUsd, budgetUsd, model, permissionMode, outcome);
    }

    public AgentSession withActivity(AgentActivity a) {
        return new AgentSession(sessionId, profileId, conversationId, a, costUsd, budgetUsd, model, permissionMode, outcome);
    }

    public AgentSession withCost(double usd) {
        return new AgentSession(sessionId, profileId, conversationId, activity, usd, budgetUsd, model, permissionMode, outcome);
    }

    public AgentSession withOutcome(String text) {
        return new AgentSession(sessionId, profileId, conversationId, activity, costUsd, budgetUsd, model, permissionMode, text);
    }
}
