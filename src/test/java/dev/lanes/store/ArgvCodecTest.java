package dev.lanes.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ArgvCodecTest {

    static final List<String> HOSTILE = List.of("sh", "-c", "echo \"$(touch pwned)\" 'single' `id` && rm -rf ~ ; exit",
            "new\nline\r\n\ttab", "back\\slash \\\" \\u0041 \\n", "ünïcødé ✓ 日本語 🚀", "", "  spaces  ", "]\",[\"",
            "\u0000\u0001\u001f\u007f", "lone \ud800 high", "lone \udc00 low", "\udbff\udfff pair at the top", "/", "null");

    @Test
    void roundTripsAnyString() {
        assertEquals(HOSTILE, ArgvCodec.decode(ArgvCodec.encode(HOSTILE)));
        assertEquals(List.of(), ArgvCodec.decode(ArgvCodec.encode(List.of())));
        assertEquals(List.of(""), ArgvCodec.decode(ArgvCodec.encode(List.of(""))));
    }

    @Test
    void writesPlainJson() {
        assertEquals("[\"a b\",\"q\\\"\",\"\\\\\",\"\\n\",\"\\u0001\",\"✓\",\"\\ud800\"]",
                ArgvCodec.encode(List.of("a b", "q\"", "\\", "\n", "\u0001", "✓", "\ud800")));
        assertEquals("[]", ArgvCodec.encode(List.of()));
    }

    @Test
    void readsJsonWrittenByOthers() {
        assertEquals(List.of("a", "/", "é"), ArgvCodec.decode(" [ \"a\" ,\n\"\\/\", \"\\u00E9\" ] "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[", "]", "x", "[\"a\"", "[\"a\",]", "[\"a\" \"b\"]", "[\"\\q\"]", "[\"\\u12\"]",
            "[\"\\u12zz\"]", "[1]", "[\"a\"] x", "{\"a\": 1}", "[\"unterminated]"})
    void rejectsAnythingElse(String text) {
        assertThrows(IllegalArgumentException.class, () -> ArgvCodec.decode(text));
    }
}
