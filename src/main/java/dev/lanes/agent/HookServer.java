package dev.lanes.agent;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Receives the hooks of interactive Claude Code sessions: an HTTP server on 127.0.0.1 and an
 * ephemeral port. Each session Lanes starts is {@linkplain #register registered} and gets its own
 * URL ({@code http://127.0.0.1:<port>/hooks/<sessionId>}) and secret, which
 * {@link ClaudeHookSettings} writes into the settings file the CLI is started with.
 *
 * <p>A request counts only when it is a POST to a registered session's URL with that session's
 * secret in the {@value #SECRET_HEADER} header (compared in constant time); anything else gets 403
 * and nothing more: no body, nothing told to the listeners. A body over {@value #MAX_BODY_BYTES}
 * bytes gets 413, one that is not a JSON object 400. An accepted hook is answered 200 with an empty
 * body (the CLI reads that as "no decision": a permission dialog is still shown to the person, and a
 * command hook's curl prints nothing the CLI would add to the conversation).
 *
 * <p>Listeners are told on one thread of the server's own ("lanes-hook-events"), in the order the
 * hooks arrived. A hook is queued for them before it is answered, but the answer does not wait for
 * them: a slow listener never holds up the agent, and since the CLI sends a session's hooks one
 * after another (each waits for its answer), a session's events reach the listeners in the order it
 * sent them. Keep listeners quick all the same, and hand UI work to the FX thread in batches.
 *
 * <p>No JavaFX; thread-safe. Threads are daemons; {@link #close()} stops them.
 */
public final class HookServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HookServer.class);

    /** The request header that carries a session's secret. */
    public static final String SECRET_HEADER = "X-Lanes-Secret";
    /** Largest hook body accepted (the CLI's hook bodies are a few KB; a tool input can be larger). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Random bytes in a secret (it is sent as twice as many hex digits). */
    static final int SECRET_BYTES = 32;
    static final String PATH_PREFIX = "/hooks/";
    private static final int HANDLER_THREADS = 4;

    /** Told about every accepted hook of a registered session. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param sessionId the id the session was {@linkplain #register registered} with (Lanes's own)
         * @param event     what the hook said
         */
        void hookEvent(long sessionId, HookEvent event);
    }

    /**
     * Where one session's hooks go. {@link #toString()} leaves the secret out (it is safe to log).
     *
     * @param url    the URL the hooks POST to
     * @param secret the value of the {@value #SECRET_HEADER} header: 64 hex digits
     */
    public record Endpoint(long sessionId, URI url, String secret) {
        public Endpoint {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "Endpoint[sessionId=" + sessionId + ", url=" + url + ", secret=(hidden)]";
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ExecutorService delivery;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, byte[]> secrets = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Compared against when the session is unknown, so that case takes the same time as a wrong secret. */
    private final byte[] decoy;
    private volatile boolean closed;

    private HookServer() throws IOException {
        decoy = newSecret().getBytes(StandardCharsets.US_ASCII);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(HANDLER_THREADS, HANDLER_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> daemon(r, "lanes-hook-http-" + n.incrementAndGet()));
        pool.allowCoreThreadTimeOut(true);
        handlers = pool;
        delivery = Executors.newSingleThreadExecutor(r -> daemon(r, "lanes-hook-events"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("Hook server listening on {}", baseUrl());
    }

    /**
     * A running server on 127.0.0.1 and a free port.
     *
     * @throws UncheckedIOException when no port can be opened
     */
    public static HookServer start() {
        try {
            return new HookServer();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the hook server on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Gives the session a URL and a fresh secret (32 random bytes from {@link SecureRandom}, in hex).
     * Registering a session again replaces its secret: the old one stops working.
     *
     * @param sessionId Lanes's id of the session (not negative)
     */
    public Endpoint register(long sessionId) {
        if (sessionId < 0) {
            throw new IllegalArgumentException("session id " + sessionId);
        }
        if (closed) {
            throw new IllegalStateException("the hook server is closed");
        }
        String secret = newSecret();
        secrets.put(sessionId, secret.getBytes(StandardCharsets.US_ASCII));
        return new Endpoint(sessionId, URI.create(baseUrl() + PATH_PREFIX + sessionId), secret);
    }

    /** From now on the session's hooks get 403. Does nothing for a session not registered. */
    public void unregister(long sessionId) {
        secrets.remove(sessionId);
    }

    public boolean isRegistered(long sessionId) {
        return secrets.containsKey(sessionId);
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Stops listening at once (requests in progress are cut off) and ends the server's threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        secrets.clear();
        server.stop(0);
        handlers.shutdownNow();
        delivery.shutdown();
        LOG.info("Hook server on port {} closed", server.getAddress().getPort());
    }

    private String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            long sessionId = sessionOf(ex.getRequestURI().getPath());
            if (!authorized(sessionId, ex.getRequestHeaders().getFirst(SECRET_HEADER))) {
                LOG.debug("Hook request {} {} refused: unknown session or wrong secret", ex.getRequestMethod(),
                        ex.getRequestURI().getPath());
                ex.sendResponseHeaders(403, -1);
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().add("Allow", "POST");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = readBody(ex);
            if (body == null) {
                LOG.warn("Hook of session {} refused: body over {} bytes", sessionId, MAX_BODY_BYTES);
                ex.sendResponseHeaders(413, -1);
                return;
            }
            JsonObject json = ClaudeStreamJsonParser.parseObject(new String(body, StandardCharsets.UTF_8));
            if (json == null) {
                LOG.debug("Hook of session {} refused: the body is not a JSON object", sessionId);
                ex.sendResponseHeaders(400, -1);
                return;
            }
            HookEvent event = ClaudeHooks.event(json);
            deliver(sessionId, event);
            ex.sendResponseHeaders(200, -1);
        } catch (IOException | RuntimeException e) {
            // the client went away, or something unforeseen: never let it out of the handler
            LOG.debug("Hook request {} failed: {}", ex.getRequestURI().getPath(), e.toString());
        }
    }

    /** The session id in {@code /hooks/<id>}; {@link Long#MIN_VALUE} (never registered) for any other path. */
    static long sessionOf(String path) {
        if (path == null || !path.startsWith(PATH_PREFIX)) {
            return Long.MIN_VALUE;
        }
        String id = path.substring(PATH_PREFIX.length());
        if (id.isEmpty() || id.length() > 19) {
            return Long.MIN_VALUE;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private boolean authorized(long sessionId, String given) {
        byte[] expected = sessionId == Long.MIN_VALUE ? null : secrets.get(sessionId);
        byte[] actual = given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8);
        // MessageDigest.isEqual takes time by the first argument's length only, not by where they differ
        boolean equal = MessageDigest.isEqual(expected == null ? decoy : expected, actual);
        return expected != null && equal;
    }

    /**
     * The body, or null when it is over the cap. An oversized body is still read to its end (up to
     * {@link #DRAIN_BYTES}) and dropped, so the client has sent it all when the 413 comes and reads
     * that answer; refused unread, its connection could be reset while it still writes.
     */
    private static byte[] readBody(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
                    drain(in);
                    return null;
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            drain(in);
            return null;
        }
        return body;
    }

    /** How much of a refused body is read and dropped at most. */
    static final long DRAIN_BYTES = 8L * MAX_BODY_BYTES;

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = DRAIN_BYTES;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= n;
        }
    }

    private void deliver(long sessionId, HookEvent event) {
        try {
            delivery.execute(() -> {
                for (Listener l : listeners) {
                    try {
                        l.hookEvent(sessionId, event);
                    } catch (RuntimeException e) {
                        LOG.warn("Hook listener failed on {} of session {}", event.name(), sessionId, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Hook {} of session {} arrived while closing", event.name(), sessionId);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
