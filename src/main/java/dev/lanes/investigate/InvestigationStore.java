package dev.lanes.investigate;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where investigations and their questions are kept, so they survive a restart (the SQLite store). */
public interface InvestigationStore {

    /** Records a new investigation and its questions (as asking, no session yet); returns it with its id. */
    Investigation createInvestigation(Investigation investigation, List<String> questions);

    Optional<Investigation> investigation(long id);

    /** The investigations of the repository whose main checkout is {@code repository}, oldest first. */
    List<Investigation> investigations(Path repository);

    /** An investigation's questions, in the order asked. */
    List<Question> questions(long investigationId);

    void saveInvestigation(Investigation investigation);

    void saveQuestion(Question question);

    /** Forgets an investigation and its questions. */
    void deleteInvestigation(long id);
}
