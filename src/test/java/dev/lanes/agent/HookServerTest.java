package dev.lanes.agent;

import dev.lanes.model.AgentActivity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HookServerTest {

    private static final String STOP = "{\"hook_event_name\":\"Stop\",\"session_id\":\"agent-1\"}";

    private record Received(long sessionId, HookEvent event) {
    }

    private HookServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        server = HookServer.start();
        server.addListener((id, e) -> received.add(new Received(id, e)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(URI url, String secret, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            b.header(HookServer.SECRET_HEADER, secret);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The next event the listeners got, failing after 5 s. */
    private Received next() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no hook event within 5 s");
        }
        return r;
    }

    /** Nothing reaches the listeners: a marker request sent afterwards is the next event they get. */
    private void assertNothingDelivered(HookServer.Endpoint marker) throws Exception {
        assertEquals(200, post(marker.url(), marker.secret(), "{\"hook_event_name\":\"Marker\"}").statusCode());
        assertEquals("Marker", next().event().name());
    }

    @Test
    void anAcceptedHookIsAnsweredAtOnceWithAnEmptyBodyAndReachesTheListener() throws Exception {
        HookServer.Endpoint ep = server.register(7);
        assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/hooks/7"), ep.url());

        HttpResponse<String> r = post(ep.url(), ep.secret(), STOP);
        assertEquals(200, r.statusCode());
        assertEquals("", r.body(), "an empty body: no decision, and nothing a command hook would print");

        Received got = next();
        assertEquals(7, got.sessionId());
        assertEquals("Stop", got.event().name());
        assertEquals(AgentActivity.WAITING, got.event().activity());
        assertEquals("agent-1", got.event().agentSessionId());
    }

    @Test
    void secretsAre64HexDigitsFreshForEachRegistrationAndKeptOutOfToString() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            HookServer.Endpoint ep = server.register(i);
            assertTrue(ep.secret().matches("[0-9a-f]{64}"), ep.secret());
            assertTrue(seen.add(ep.secret()));
            assertFalse(ep.toString().contains(ep.secret()), ep::toString);
        }
        assertThrows(IllegalArgumentException.class, () -> server.register(-1));
    }

    @Test
    void aWrongMissingOrOtherSessionsSecretGets403AndNothingElse() throws Exception {
        HookServer.Endpoint a = server.register(1);
        HookServer.Endpoint b = server.register(2);
        String almost = a.secret().substring(0, 63) + (a.secret().endsWith("0") ? "1" : "0");
        for (String secret : new String[]{null, "", "wrong", almost, a.secret() + "0", a.secret().toUpperCase(),
                b.secret(), a.secret() + " x", a.secret().substring(1)}) {
            HttpResponse<String> r = post(a.url(), secret, STOP);
            assertEquals(403, r.statusCode(), "secret " + secret);
            assertEquals("", r.body());
        }
        // unknown sessions and other paths: 403 too, even with a valid secret of some session
        for (String path : new String[]{"/hooks/3", "/hooks/", "/hooks/1/x", "/hooks/-1", "/hooks/99999999999999999999",
                "/hooks/1%2F", "/", "/other"}) {
            assertEquals(403, post(server.baseUrl().resolve(path), a.secret(), STOP).statusCode(), path);
        }
        // and a GET without the secret does not learn that only POST is allowed
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(a.url()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, get.statusCode());
        assertNothingDelivered(b);
    }

    @Test
    void theRightSecretWithAnotherMethodGets405() throws Exception {
        HookServer.Endpoint ep = server.register(1);
        for (String method : new String[]{"GET", "PUT", "DELETE"}) {
            HttpRequest req = HttpRequest.newBuilder(ep.url()).header(HookServer.SECRET_HEADER, ep.secret())
                    .method(method, HttpRequest.BodyPublishers.ofString(STOP)).build();
            assertEquals(405, http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode(), method);
        }
        assertNothingDelivered(ep);
    }

    @Test
    void badBodiesGet400AndTheServerGoesOn() throws Exception {
        HookServer.Endpoint ep = server.register(1);
        for (String body : new String[]{"", "   ", "not json", "[1,2]", "\"Stop\"", "42", "null",
                "{\"hook_event_name\":\"Stop\"", "{\"a\":1} trailing", "{\"a\":1}{\"b\":2}", "{'a': 1 ]",
                "[".repeat(100_000), "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000)}) {
            HttpResponse<String> r = post(ep.url(), ep.secret(), body);
            assertEquals(400, r.statusCode(), () -> "body " + (body.length() > 40 ? body.substring(0, 40) + "…" : body));
            assertEquals("", r.body());
        }
        // not UTF-8: the replacement characters do not make it JSON
        HttpRequest binary = HttpRequest.newBuilder(ep.url()).header(HookServer.SECRET_HEADER, ep.secret())
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1})).build();
        assertEquals(400, http.send(binary, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertNothingDelivered(ep);
    }

    @Test
    void aBodyOverTheCapGets413WithOrWithoutALength() throws Exception {
        HookServer.Endpoint ep = server.register(1);
        String big = "{\"hook_event_name\":\"Stop\",\"pad\":\"" + "x".repeat(HookServer.MAX_BODY_BYTES) + "\"}";
        assertEquals(413, post(ep.url(), ep.secret(), big).statusCode());
        // chunked: no Content-Length, the cap is found while reading
        HttpRequest chunked = HttpRequest.newBuilder(ep.url()).header(HookServer.SECRET_HEADER, ep.secret())
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))).build();
        assertEquals(413, http.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode());
        // just under the cap is fine
        String fits = "{\"hook_event_name\":\"Stop\",\"pad\":\"" + "x".repeat(HookServer.MAX_BODY_BYTES - 64) + "\"}";
        assertEquals(200, post(ep.url(), ep.secret(), fits).statusCode());
        assertEquals("Stop", next().event().name());
        assertNothingDelivered(ep);
    }

    @Test
    void afterUnregisterTheSessionsHooksGet403AndARegistrationAgainHasANewSecret() throws Exception {
        HookServer.Endpoint first = server.register(5);
        assertEquals(200, post(first.url(), first.secret(), STOP).statusCode());
        next();
        server.unregister(5);
        assertFalse(server.isRegistered(5));
        assertEquals(403, post(first.url(), first.secret(), STOP).statusCode());

        HookServer.Endpoint again = server.register(5);
        assertNotEquals(first.secret(), again.secret());
        assertEquals(403, post(first.url(), first.secret(), STOP).statusCode(), "the old secret is dead");
        assertEquals(200, post(again.url(), again.secret(), STOP).statusCode());
        assertEquals(5, next().sessionId());
        server.unregister(12345); // not registered: nothing happens
        assertNull(received.poll());
    }

    @Test
    void manySessionsAtOnceEachSessionsEventsInTheOrderItSentThem() throws Exception {
        int sessions = 8;
        int perSession = 50;
        Map<Long, List<String>> got = new ConcurrentHashMap<>();
        server.addListener((id, e) -> got.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(e.detail()));
        List<HookServer.Endpoint> eps = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            eps.add(server.register(100 + s));
        }
        // every session sends its hooks one after another, as the CLI does; the sessions run at once,
        // with strangers hammering the server with wrong secrets in between
        ExecutorService pool = Executors.newFixedThreadPool(sessions + 4);
        try {
            List<Future<Integer>> bad = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                bad.add(pool.submit(() -> {
                    int refused = 0;
                    for (int n = 0; n < perSession; n++) {
                        refused += post(eps.get(n % sessions).url(), "nope", STOP).statusCode() == 403 ? 1 : 0;
                    }
                    return refused;
                }));
            }
            List<Future<?>> good = new ArrayList<>();
            for (HookServer.Endpoint ep : eps) {
                good.add(pool.submit(() -> {
                    for (int n = 0; n < perSession; n++) {
                        String body = "{\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":\"" + n + "\"}";
                        assertEquals(200, post(ep.url(), ep.secret(), body).statusCode());
                    }
                    return null;
                }));
            }
            for (Future<?> f : good) {
                f.get(60, TimeUnit.SECONDS);
            }
            for (Future<Integer> f : bad) {
                assertEquals(perSession, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < perSession; n++) {
            expected.add(String.valueOf(n));
        }
        for (int i = 0; i < sessions * perSession; i++) {
            next();
        }
        for (HookServer.Endpoint ep : eps) {
            assertEquals(expected, got.get(ep.sessionId()), "session " + ep.sessionId());
        }
        assertNull(received.poll(), "the refused requests reached no listener");
    }

    @Test
    void aSlowOrFailingListenerNeitherHoldsUpTheAnswerNorStopsTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HookServer slow = HookServer.start();
        try {
            BlockingQueue<String> after = new LinkedBlockingQueue<>();
            slow.addListener((id, e) -> {
                throw new IllegalStateException("listener bug");
            });
            slow.addListener((id, e) -> {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
                after.add(e.name());
            });
            HookServer.Endpoint ep = slow.register(1);
            long t0 = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                assertEquals(200, post(ep.url(), ep.secret(), STOP).statusCode());
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 5_000, "answered in " + ms + " ms while the listener was blocked");
            release.countDown();
            for (int i = 0; i < 3; i++) {
                assertEquals("Stop", after.poll(5, TimeUnit.SECONDS));
            }
        } finally {
            release.countDown();
            slow.close();
        }
    }

    @Test
    void afterCloseNothingListensAndItsThreadsAreDaemons() throws Exception {
        HookServer.Endpoint ep = server.register(1);
        assertEquals(200, post(ep.url(), ep.secret(), STOP).statusCode());
        next();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("lanes-hook-")) {
                assertTrue(t.isDaemon(), t.getName());
            }
        }
        server.close();
        server.close(); // twice is fine
        assertThrows(ConnectException.class, () -> post(ep.url(), ep.secret(), STOP));
        assertThrows(IllegalStateException.class, () -> server.register(2));
    }

    @Test
    void sessionIdsAreReadOnlyFromAPlainDecimalPath() {
        assertEquals(0, HookServer.sessionOf("/hooks/0"));
        assertEquals(42, HookServer.sessionOf("/hooks/42"));
        assertEquals(Long.MAX_VALUE, HookServer.sessionOf("/hooks/" + Long.MAX_VALUE));
        for (String p : new String[]{null, "", "/hooks/", "/hooks/-1", "/hooks/+1", "/hooks/1a", "/hooks/1/",
                "/hooks/ 1", "/hooks/99999999999999999999", "/hooks/9223372036854775808", "/hook/1", "/HOOKS/1"}) {
            assertEquals(Long.MIN_VALUE, HookServer.sessionOf(p), String.valueOf(p));
        }
    }
}
