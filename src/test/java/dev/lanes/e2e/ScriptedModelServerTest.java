package dev.lanes.e2e;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.lanes.e2e.ScriptedModelServer.Kind;
import dev.lanes.e2e.ScriptedModelServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scripted server on its own, spoken to as the Messages API's clients do (without the CLI). */
class ScriptedModelServerTest {

    private static final String TOOLS = "\"tools\":[{\"name\":\"Write\",\"input_schema\":{}}]";
    private final ScriptedModelServer server = ScriptedModelServer.start();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        server.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String conversation(boolean stream, String userText) {
        return "{\"model\":\"claude-test\",\"stream\":" + stream + ",\"max_tokens\":100," + TOOLS
                + ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + userText + "\"}]}]}";
    }

    /** The data of each server-sent event, in order, with its event name checked against its type. */
    private static List<JsonObject> events(String sse) {
        List<JsonObject> out = new ArrayList<>();
        for (String block : sse.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String[] lines = block.split("\n");
            assertTrue(lines[0].startsWith("event: ") && lines[1].startsWith("data: "), block);
            JsonObject data = JsonParser.parseString(lines[1].substring(6)).getAsJsonObject();
            assertEquals(lines[0].substring(7), data.get("type").getAsString());
            out.add(data);
        }
        return out;
    }

    @Test
    void streamsTextAndToolCallsAsServerSentEvents() throws Exception {
        server.enqueue(Reply.text("Hi there").andToolUse("Write", Map.of("file_path", "a.txt", "content", "A")).usage(300, 30));
        HttpResponse<String> r = post("/v1/messages?beta=true", conversation(true, "go"));
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(""));
        List<JsonObject> ev = events(r.body());
        assertEquals(List.of("message_start", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_stop", "content_block_start", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop"),
                ev.stream().map(e -> e.get("type").getAsString()).toList());
        assertEquals("claude-test", ev.get(0).getAsJsonObject("message").get("model").getAsString());
        assertEquals(300, ev.get(0).getAsJsonObject("message").getAsJsonObject("usage").get("input_tokens").getAsInt());
        String text = ev.get(2).getAsJsonObject("delta").get("text").getAsString()
                + ev.get(3).getAsJsonObject("delta").get("text").getAsString();
        assertEquals("Hi there", text);
        JsonObject tool = ev.get(5).getAsJsonObject("content_block");
        assertEquals("Write", tool.get("name").getAsString());
        assertTrue(tool.get("id").getAsString().startsWith("toolu_"));
        assertEquals("input_json_delta", ev.get(6).getAsJsonObject("delta").get("type").getAsString());
        String json = ev.get(6).getAsJsonObject("delta").get("partial_json").getAsString()
                + ev.get(7).getAsJsonObject("delta").get("partial_json").getAsString();
        assertEquals("a.txt", JsonParser.parseString(json).getAsJsonObject().get("file_path").getAsString());
        assertEquals("tool_use", ev.get(9).getAsJsonObject("delta").get("stop_reason").getAsString());
        assertEquals(30, ev.get(9).getAsJsonObject("usage").get("output_tokens").getAsInt());
    }

    @Test
    void answersWithoutStreamingAndThenWithTheDefaultOnceTheScriptIsUsedUp() throws Exception {
        server.enqueue(Reply.text("Only once"));
        JsonObject first = JsonParser.parseString(post("/v1/messages", conversation(false, "a")).body()).getAsJsonObject();
        assertEquals("message", first.get("type").getAsString());
        assertEquals("Only once", first.getAsJsonArray("content").get(0).getAsJsonObject().get("text").getAsString());
        assertEquals("end_turn", first.get("stop_reason").getAsString());
        assertEquals(0, server.pending());
        JsonObject second = JsonParser.parseString(post("/v1/messages", conversation(false, "b")).body()).getAsJsonObject();
        assertEquals("Done.", second.getAsJsonArray("content").get(0).getAsJsonObject().get("text").getAsString());
        assertEquals(List.of("a", "b"), server.conversation().stream().map(ScriptedModelServer.Request::lastUserText).toList());
    }

    @Test
    void errorsCarryTheApiErrorBody() throws Exception {
        server.enqueue(Reply.overloaded(), Reply.rateLimited(), Reply.serverError());
        for (int status : new int[] {529, 429, 500}) {
            HttpResponse<String> r = post("/v1/messages", conversation(true, "x"));
            assertEquals(status, r.statusCode());
            JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
            assertEquals("error", body.get("type").getAsString());
            assertFalse(body.getAsJsonObject("error").get("message").getAsString().isEmpty());
        }
    }

    @Test
    void sideRequestsCountTokensAndOtherPathsAreAnsweredWithoutUsingTheScript() throws Exception {
        server.enqueue(Reply.text("for the conversation"));
        HttpResponse<String> side = post("/v1/messages", "{\"model\":\"claude-haiku\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"title?\"}]}");
        assertEquals(200, side.statusCode());
        assertTrue(side.body().contains("Scripted side reply."));
        HttpResponse<String> count = post("/v1/messages/count_tokens?beta=true", conversation(false, "x"));
        assertTrue(JsonParser.parseString(count.body()).getAsJsonObject().get("input_tokens").getAsInt() > 0);
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/hello"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals("{}", http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/whatever")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(1, server.pending(), "the script is untouched");
        assertEquals(List.of(Kind.SIDE, Kind.COUNT_TOKENS, Kind.OTHER, Kind.OTHER),
                server.requests().stream().map(ScriptedModelServer.Request::kind).toList());
    }

    @Test
    void aDelayedReplyArrivesLaterAndRequestsCanBeAwaited() throws Exception {
        server.enqueue(Reply.text("slow").delayed(Duration.ofMillis(300)));
        long t0 = System.nanoTime();
        CompletableFuture<HttpResponse<String>> f = http.sendAsync(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/messages"))
                        .POST(HttpRequest.BodyPublishers.ofString(conversation(true, "wait"))).build(),
                HttpResponse.BodyHandlers.ofString());
        ScriptedModelServer.Request r = server.awaitRequest(q -> q.lastUserText().equals("wait"), Duration.ofSeconds(10));
        assertTrue(r.streamed());
        String text = events(f.get().body()).stream().filter(e -> e.has("delta") && e.getAsJsonObject("delta").has("text"))
                .map(e -> e.getAsJsonObject("delta").get("text").getAsString()).reduce("", String::concat);
        assertEquals("slow", text);
        assertTrue(System.nanoTime() - t0 >= 300_000_000L);
    }

    @Test
    void aHangingReplyIsReleasedWhenTheServerCloses() throws Exception {
        server.enqueue(Reply.hang());
        CompletableFuture<HttpResponse<String>> f = http.sendAsync(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/messages"))
                        .POST(HttpRequest.BodyPublishers.ofString(conversation(true, "hang"))).build(),
                HttpResponse.BodyHandlers.ofString());
        server.awaitRequest(q -> q.kind() == Kind.CONVERSATION, Duration.ofSeconds(10));
        assertFalse(f.isDone());
        server.close();
        try {
            f.get(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException expected) {
            // the connection was cut: as good as an end
        }
        assertTrue(f.isDone());
    }
}
