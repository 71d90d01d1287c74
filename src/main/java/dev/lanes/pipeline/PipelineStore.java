package dev.lanes.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where pipelines and their stages are kept, so they survive a restart (the SQLite store). */
public interface PipelineStore {

    /** Records a new pipeline and its stages (their pipeline id is set here); returns it with its id. */
    Pipeline createPipeline(Pipeline pipeline, List<Stage> stages);

    Optional<Pipeline> pipeline(long id);

    /** The pipelines of the repository whose main checkout is {@code repository}, oldest first. */
    List<Pipeline> pipelines(Path repository);

    /** A pipeline's stages, in order. */
    List<Stage> stages(long pipelineId);

    void savePipeline(Pipeline pipeline);

    void saveStage(Stage stage);

    /** Forgets a pipeline and its stages. */
    void deletePipeline(long id);
}
