package dev.lanes.ui.terminal;

import com.techsenger.jeditermfx.core.TtyConnector;
import com.techsenger.jeditermfx.core.util.TermSize;
import dev.lanes.process.PtySession;
import org.jetbrains.annotations.NotNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Connects a JediTermFX terminal to a {@link PtySession}. The session's reader thread pushes raw
 * chunks into a queue; JediTerm's emulator thread pulls them here, decoded as UTF-8 (a character
 * split between two chunks is kept whole; invalid bytes become U+FFFD). When the program ends, a
 * closing line is shown and then the end of input. Closing the connector lets the emulator end; it
 * does not stop the program ({@link TerminalView#dispose()} does).
 */
final class PtyConnector implements TtyConnector {

    private static final byte[] END = new byte[0];

    private final PtySession session;
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final Consumer<byte[]> listener = chunks::add;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** Undecoded bytes (read mode); at most the start of one character between reads. */
    private ByteBuffer bytes = ByteBuffer.allocate(0);
    /** Decoded characters not yet handed out (read mode). */
    private CharBuffer chars = CharBuffer.allocate(0);
    private boolean ended;
    private volatile boolean closed;

    PtyConnector(PtySession session) {
        this.session = session;
        session.addOutputListener(listener);
        session.onExit().whenComplete((code, error) -> {
            if (!closed) {
                String how = code == null ? "ended" : "exited with code " + code;
                chunks.add(("\r\n\u001b[0;2m— " + how + " —\u001b[0m\r\n").getBytes(StandardCharsets.UTF_8));
            }
            chunks.add(END);
        });
    }

    /** Blocks until output is there; -1 once the program has ended (or the connector closed) and all is read. */
    @Override
    public int read(char[] buf, int offset, int length) throws IOException {
        while (!chars.hasRemaining()) {
            if (ended || closed) {
                return -1;
            }
            byte[] chunk;
            try {
                chunk = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("terminal read interrupted");
            }
            decode(chunk);
        }
        int n = Math.min(length, chars.remaining());
        chars.get(buf, offset, n);
        return n;
    }

    /** Called only when every decoded character has been handed out. */
    private void decode(byte[] chunk) {
        boolean last = chunk == END;
        ended = last;
        ByteBuffer in = ByteBuffer.allocate(bytes.remaining() + chunk.length);
        in.put(bytes).put(chunk).flip();
        // UTF-8 never gives more chars than bytes; +2 for a replaced or flushed remainder
        chars = CharBuffer.allocate(in.remaining() + 2);
        decoder.decode(in, chars, last);
        if (last) {
            decoder.flush(chars);
            decoder.reset();
        }
        chars.flip();
        bytes = in.slice();
    }

    @Override
    public void write(byte[] data) throws IOException {
        session.write(data);
    }

    @Override
    public void write(String text) throws IOException {
        session.write(text);
    }

    @Override
    public boolean isConnected() {
        return !closed && session.isAlive();
    }

    @Override
    public void resize(@NotNull TermSize termSize) {
        session.resize(termSize.getColumns(), termSize.getRows());
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return session.onExit().get();
        } catch (java.util.concurrent.ExecutionException e) {
            return -1;
        }
    }

    @Override
    public boolean ready() {
        return chars.hasRemaining() || !chunks.isEmpty();
    }

    @Override
    public String getName() {
        return session.name();
    }

    /** Detaches from the session and ends a blocked {@link #read}. The program keeps running. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            session.removeOutputListener(listener);
            chunks.add(END);
        }
    }

    CompletableFuture<Integer> onExit() {
        return session.onExit();
    }
}
