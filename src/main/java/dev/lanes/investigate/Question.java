package dev.lanes.investigate;

/**
 * One question of an {@link Investigation} and its answer.
 *
 * @param index     0-based, in the order asked
 * @param sessionId the read-only agent session answering it, 0 before it started (or when it could not)
 * @param answer    the agent's final text, empty until answered
 * @param problem   why it failed, else empty
 */
public record Question(long investigationId, int index, String text, long sessionId, State state, String answer,
                       String problem) {

    public enum State {
        ASKING, ANSWERED, FAILED;

        public boolean ended() {
            return this != ASKING;
        }
    }

    public Question {
        answer = answer == null ? "" : answer;
        problem = problem == null ? "" : problem;
    }

    public Question started(long session) {
        return new Question(investigationId, index, text, session, State.ASKING, "", "");
    }

    public Question answered(String text) {
        return new Question(investigationId, index, this.text, sessionId, State.ANSWERED, text, "");
    }

    public Question failed(String why) {
        return new Question(investigationId, index, text, sessionId, State.FAILED, "", why);
    }
}
