package dev.lanes.process;

/** Receives a process's output, decoded, on its reader threads (never on the FX thread). */
public interface ProcessOutput {

    /**
     * @param text   decoded text (invalid UTF-8 became U+FFFD; a character split across reads is
     *               delivered whole with the next chunk)
     * @param stderr true for the error stream
     */
    void output(String text, boolean stderr);

    ProcessOutput IGNORE = (text, stderr) -> { };
}
