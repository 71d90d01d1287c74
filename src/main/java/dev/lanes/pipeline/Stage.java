package dev.lanes.pipeline;

/**
 * One stage of a {@link Pipeline}.
 *
 * @param index          0-based
 * @param profileId      the agent profile it runs
 * @param model          the model asked for, empty for the profile's default
 * @param permissionMode the permission mode asked for (stages edit: acceptEdits by default)
 * @param sessionId      its agent session, 0 before it started
 * @param result         the agent's final text once it succeeded
 * @param problem        why it failed or was interrupted, else empty
 */
public record Stage(long pipelineId, int index, String name, String prompt, String profileId, String model,
                    String permissionMode, State state, long sessionId, String result, String problem) {

    public enum State { WAITING, RUNNING, SUCCEEDED, FAILED, INTERRUPTED }

    public Stage {
        model = model == null ? "" : model;
        permissionMode = permissionMode == null ? "" : permissionMode;
        result = result == null ? "" : result;
        problem = problem == null ? "" : problem;
    }

    public Stage with(State newState, long newSessionId, String newResult, String newProblem) {
        return new Stage(pipelineId, index, name, prompt, profileId, model, permissionMode, newState, newSessionId, newResult,
                newProblem);
    }
}
