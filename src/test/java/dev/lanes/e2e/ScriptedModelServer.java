package dev.lanes.e2e;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A scripted stand-in for the Anthropic Messages API on 127.0.0.1 (an ephemeral port), for running
 * the real Claude Code CLI offline: point it here with {@code ANTHROPIC_BASE_URL=}{@link #baseUrl()}.
 *
 * <p>Each request of the conversation itself ({@code POST /v1/messages} with tools: the CLI's main
 * loop) takes the next scripted {@link Reply}: text, tool calls the CLI then runs in its folder,
 * usage (so the CLI's cost is non-zero), a delay, an HTTP error, or a reply that hangs until the
 * server closes. {@code stream: true} is answered with server-sent events, as the API does; other
 * requests with one JSON message. When the script runs out, the conversation gets "Done.".
 * Side requests (no tools: title generation, small-model helpers) get a short text without using
 * the script; {@code count_tokens} gets a count; any other path 200 and an empty object. Every
 * request is recorded for the test to inspect, and logged.
 */
public final class ScriptedModelServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptedModelServer.class);
    private static final Gson GSON = new Gson();

    /** What the server took a request for. */
    public enum Kind { CONVERSATION, SIDE, COUNT_TOKENS, OTHER }

    /** A request as received. {@code json} is the parsed body, or null when it was not a JSON object. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body, JsonObject json,
                          Kind kind) {

        /** The text of the last user message (its text blocks joined by line breaks). */
        public String lastUserText() {
            JsonObject last = lastMessage();
            if (last == null) {
                return "";
            }
            JsonElement c = last.get("content");
            if (c != null && c.isJsonPrimitive()) {
                return c.getAsString();
            }
            StringBuilder b = new StringBuilder();
            for (JsonObject block : blocks(last)) {
                if ("text".equals(string(block, "type"))) {
                    b.append(b.length() > 0 ? "\n" : "").append(string(block, "text"));
                }
            }
            return b.toString();
        }

        /** The tool_result blocks of the last message (empty unless it answers tool calls). */
        public List<JsonObject> toolResults() {
            JsonObject last = lastMessage();
            List<JsonObject> out = new ArrayList<>();
            if (last != null) {
                for (JsonObject block : blocks(last)) {
                    if ("tool_result".equals(string(block, "type"))) {
                        out.add(block);
                    }
                }
            }
            return out;
        }

        /** All messages of the request, in order. */
        public List<JsonObject> messages() {
            List<JsonObject> out = new ArrayList<>();
            JsonElement m = json == null ? null : json.get("messages");
            if (m != null && m.isJsonArray()) {
                m.getAsJsonArray().forEach(e -> {
                    if (e.isJsonObject()) {
                        out.add(e.getAsJsonObject());
                    }
                });
            }
            return out;
        }

        public String model() {
            return string(json, "model");
        }

        public boolean streamed() {
            return json != null && json.has("stream") && json.get("stream").getAsBoolean();
        }

        private JsonObject lastMessage() {
            List<JsonObject> all = messages();
            for (int i = all.size() - 1; i >= 0; i--) {
                if ("user".equals(string(all.get(i), "role"))) {
                    return all.get(i);
                }
            }
            return null;
        }

        private static List<JsonObject> blocks(JsonObject message) {
            List<JsonObject> out = new ArrayList<>();
            JsonElement c = message.get("content");
            if (c != null && c.isJsonArray()) {
                c.getAsJsonArray().forEach(e -> {
                    if (e.isJsonObject()) {
                        out.add(e.getAsJsonObject());
                    }
                });
            }
            return out;
        }
    }

    /** One scripted answer to a conversation request. Build with the static methods; immutable. */
    public static final class Reply {
        final List<Map<String, Object>> blocks;
        final int status;
        final String errorType;
        final String errorMessage;
        final int inputTokens;
        final int outputTokens;
        final Duration delay;
        final boolean hang;

        private Reply(List<Map<String, Object>> blocks, int status, String errorType, String errorMessage,
                      int inputTokens, int outputTokens, Duration delay, boolean hang) {
            this.blocks = List.copyOf(blocks);
            this.status = status;
            this.errorType = errorType;
            this.errorMessage = errorMessage;
            this.inputTokens = inputTokens;
            this.outputTokens = outputTokens;
            this.delay = delay;
            this.hang = hang;
        }

        /** The assistant says {@code text} and ends its turn. */
        public static Reply text(String text) {
            return new Reply(List.of(textBlock(text)), 200, null, null, 1_000, 100, Duration.ZERO, false);
        }

        /** The assistant calls {@code tool} with {@code input} (its id is made up by the server). */
        public static Reply toolUse(String tool, Map<String, ?> input) {
            return new Reply(List.of(toolBlock(tool, input)), 200, null, null, 1_000, 100, Duration.ZERO, false);
        }

        /** An HTTP error with the API's error body ({@code {"type":"error","error":{type,message}}}). */
        public static Reply error(int status, String type, String message) {
            return new Reply(List.of(), status, type, message, 0, 0, Duration.ZERO, false);
        }

        public static Reply serverError() {
            return error(500, "api_error", "Internal server error (scripted)");
        }

        public static Reply overloaded() {
            return error(529, "overloaded_error", "Overloaded (scripted)");
        }

        public static Reply rateLimited() {
            return error(429, "rate_limit_error", "Rate limited (scripted)");
        }

        /** Sends the response headers and message_start, then nothing until the server closes. */
        public static Reply hang() {
            return new Reply(List.of(), 200, null, null, 10, 0, Duration.ZERO, true);
        }

        /** This reply with one more text block after the others. */
        public Reply andText(String text) {
            List<Map<String, Object>> b = new ArrayList<>(blocks);
            b.add(textBlock(text));
            return new Reply(b, status, errorType, errorMessage, inputTokens, outputTokens, delay, hang);
        }

        /** This reply with one more tool call after the others. */
        public Reply andToolUse(String tool, Map<String, ?> input) {
            List<Map<String, Object>> b = new ArrayList<>(blocks);
            b.add(toolBlock(tool, input));
            return new Reply(b, status, errorType, errorMessage, inputTokens, outputTokens, delay, hang);
        }

        /** The tokens this reply reports (the CLI prices them: the cost in its result). */
        public Reply usage(int input, int output) {
            return new Reply(blocks, status, errorType, errorMessage, input, output, delay, hang);
        }

        /** Waits this long before answering. */
        public Reply delayed(Duration d) {
            return new Reply(blocks, status, errorType, errorMessage, inputTokens, outputTokens, d, hang);
        }

        private static Map<String, Object> textBlock(String text) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "text");
            m.put("text", text);
            return m;
        }

        private static Map<String, Object> toolBlock(String tool, Map<String, ?> input) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "tool_use");
            m.put("name", tool);
            m.put("input", new LinkedHashMap<>(input));
            return m;
        }

        boolean hasToolUse() {
            return blocks.stream().anyMatch(b -> "tool_use".equals(b.get("type")));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Reply whenEmpty = Reply.text("Done.");
    private volatile java.util.function.Function<Request, Reply> responder;

    private ScriptedModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scripted-model-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A running server on 127.0.0.1 and a free port. */
    public static ScriptedModelServer start() {
        try {
            return new ScriptedModelServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the value for ANTHROPIC_BASE_URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds replies for the next conversation requests, in order. */
    public synchronized ScriptedModelServer enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The reply once the script is used up (default: the text "Done."). */
    public ScriptedModelServer whenEmpty(Reply reply) {
        this.whenEmpty = reply;
        return this;
    }

    /**
     * Once the script is used up, each conversation request is answered by {@code responder} (instead
     * of {@link #whenEmpty}): for several CLIs at once, where the reply depends on which one asks.
     */
    public ScriptedModelServer respondWith(java.util.function.Function<Request, Reply> responder) {
        this.responder = responder;
        return this;
    }

    /** Replies not yet used. */
    public synchronized int pending() {
        return script.size();
    }

    /** Every request so far, in arrival order. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The conversation requests so far. */
    public List<Request> conversation() {
        return requests().stream().filter(r -> r.kind() == Kind.CONVERSATION).toList();
    }

    /** Forgets the recorded requests (the script stays). */
    public synchronized void clearRequests() {
        requests.clear();
    }

    /** Blocks until a request matching {@code p} has arrived; fails after {@code timeout}. */
    public synchronized Request awaitRequest(Predicate<Request> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Request r : requests) {
                if (p.test(r)) {
                    return r;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching request within " + timeout + "; got " + summary());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Method, path and kind of each request, for failure messages. */
    public synchronized String summary() {
        StringBuilder b = new StringBuilder();
        for (Request r : requests) {
            b.append(b.length() == 0 ? "" : ", ").append(r.method()).append(' ').append(r.path()).append(" (")
                    .append(r.kind()).append(')');
        }
        return b.length() == 0 ? "no requests" : b.toString();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().toString();
            String body = readBody(ex);
            JsonObject json = null;
            if (!body.isEmpty()) {
                try {
                    JsonElement e = JsonParser.parseString(body);
                    json = e.isJsonObject() ? e.getAsJsonObject() : null;
                } catch (RuntimeException e) {
                    LOG.debug("request body is not JSON: {}", e.toString());
                }
            }
            String bare = ex.getRequestURI().getPath();
            Kind kind;
            if ("POST".equals(method) && bare.endsWith("/v1/messages/count_tokens")) {
                kind = Kind.COUNT_TOKENS;
            } else if ("POST".equals(method) && bare.endsWith("/v1/messages")) {
                JsonElement tools = json == null ? null : json.get("tools");
                kind = tools != null && tools.isJsonArray() && !tools.getAsJsonArray().isEmpty() ? Kind.CONVERSATION : Kind.SIDE;
            } else {
                kind = Kind.OTHER;
            }
            Request request = new Request(method, path, Map.copyOf(ex.getRequestHeaders()), body, json, kind);
            synchronized (this) {
                requests.add(request);
                notifyAll();
            }
            LOG.info("{} {} → {}", method, path, kind);
            switch (kind) {
                case CONVERSATION -> answer(ex, request, nextReply(request));
                case SIDE -> answer(ex, request, Reply.text("Scripted side reply.").usage(10, 5));
                case COUNT_TOKENS -> sendJson(ex, 200, Map.of("input_tokens", Math.max(1, body.length() / 4)));
                default -> {
                    if ("HEAD".equals(method)) {
                        ex.sendResponseHeaders(200, -1);
                    } else {
                        sendJson(ex, 200, Map.of());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the CLI hung up (it was stopped, or it gave up): nothing to answer
            LOG.debug("answering {} failed: {}", ex.getRequestURI(), e.toString());
        }
    }

    private Reply nextReply(Request request) {
        Reply r;
        synchronized (this) {
            r = script.poll();
        }
        if (r != null) {
            return r;
        }
        java.util.function.Function<Request, Reply> f = responder;
        return f == null ? whenEmpty : f.apply(request);
    }

    private void answer(HttpExchange ex, Request request, Reply reply) throws IOException {
        if (!reply.delay.isZero() && pause(reply.delay)) {
            return;
        }
        if (reply.status != 200) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("type", reply.errorType);
            error.put("message", reply.errorMessage);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", "error");
            body.put("error", error);
            ex.getResponseHeaders().add("request-id", "req_scripted_" + ids.incrementAndGet());
            sendJson(ex, reply.status, body);
            return;
        }
        String model = request.model().isEmpty() ? "claude-scripted" : request.model();
        String messageId = "msg_scripted_" + ids.incrementAndGet();
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (Map<String, Object> b : reply.blocks) {
            Map<String, Object> copy = new LinkedHashMap<>(b);
            if ("tool_use".equals(copy.get("type"))) {
                copy.put("id", "toolu_scripted_" + ids.incrementAndGet());
            }
            blocks.add(copy);
        }
        String stopReason = reply.hasToolUse() ? "tool_use" : "end_turn";
        if (request.streamed()) {
            stream(ex, reply, model, messageId, blocks, stopReason);
        } else {
            Map<String, Object> m = message(messageId, model, blocks, stopReason);
            m.put("usage", Map.of("input_tokens", reply.inputTokens, "output_tokens", reply.outputTokens));
            sendJson(ex, 200, m);
        }
    }

    private static Map<String, Object> message(String id, String model, List<Map<String, Object>> content, String stop) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", "message");
        m.put("role", "assistant");
        m.put("model", model);
        m.put("content", content);
        m.put("stop_reason", stop);
        m.put("stop_sequence", null);
        return m;
    }

    private void stream(HttpExchange ex, Reply reply, String model, String messageId, List<Map<String, Object>> blocks,
                        String stopReason) throws IOException {
        ex.getResponseHeaders().add("content-type", "text/event-stream");
        ex.getResponseHeaders().add("cache-control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        Map<String, Object> start = message(messageId, model, List.of(), null);
        start.put("usage", Map.of("input_tokens", reply.inputTokens, "output_tokens", 1));
        event(out, "message_start", Map.of("type", "message_start", "message", start));
        if (reply.hang) {
            pause(Duration.ofDays(1));
            return;
        }
        for (int i = 0; i < blocks.size(); i++) {
            Map<String, Object> b = blocks.get(i);
            boolean tool = "tool_use".equals(b.get("type"));
            Map<String, Object> empty = new LinkedHashMap<>();
            empty.put("type", b.get("type"));
            if (tool) {
                empty.put("id", b.get("id"));
                empty.put("name", b.get("name"));
                empty.put("input", Map.of());
            } else {
                empty.put("text", "");
            }
            event(out, "content_block_start", Map.of("type", "content_block_start", "index", i, "content_block", empty));
            String whole = tool ? GSON.toJson(b.get("input")) : (String) b.get("text");
            // in two pieces, as the API splits text and a tool's input JSON anywhere
            int cut = whole.length() / 2;
            for (String piece : cut == 0 ? List.of(whole) : List.of(whole.substring(0, cut), whole.substring(cut))) {
                Map<String, Object> delta = tool ? Map.of("type", "input_json_delta", "partial_json", piece)
                        : Map.of("type", "text_delta", "text", piece);
                event(out, "content_block_delta", Map.of("type", "content_block_delta", "index", i, "delta", delta));
            }
            event(out, "content_block_stop", Map.of("type", "content_block_stop", "index", i));
        }
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("stop_reason", stopReason);
        delta.put("stop_sequence", null);
        event(out, "message_delta", Map.of("type", "message_delta", "delta", delta,
                "usage", Map.of("output_tokens", reply.outputTokens)));
        event(out, "message_stop", Map.of("type", "message_stop"));
    }

    private static void event(OutputStream out, String name, Object data) throws IOException {
        out.write(("event: " + name + "\ndata: " + GSON.toJson(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Waits {@code d}, or less when the server closes; true when it closed. */
    private boolean pause(Duration d) {
        try {
            return closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("content-type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static String readBody(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        String encoding = ex.getRequestHeaders().getFirst("content-encoding");
        if (encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("gzip")) {
            in = new GZIPInputStream(in);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        return e == null || e.isJsonNull() ? "" : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

}
