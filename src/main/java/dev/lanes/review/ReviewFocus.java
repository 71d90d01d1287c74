package dev.lanes.review;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the reviewer should look for: any of the presets the person ticks and anything they type.
 * Neither: a general review (bugs first).
 */
public record ReviewFocus(Set<Preset> presets, String text) {

    /** The foci offered as tick boxes. */
    public enum Preset {
        EDGE_CASES("Edge cases", "edge cases: empty, missing, very large or malformed input, limits and off-by-one errors, "
                + "unusual states"),
        RACE_CONDITIONS("Race conditions", "race conditions: state shared between threads or processes, ordering, "
                + "check-then-act, missing synchronisation, deadlocks, use after close"),
        ERROR_HANDLING("Error handling", "error handling: failures that are swallowed or reported unclearly, missing "
                + "clean-up, partial writes, retries"),
        SECURITY("Security", "security: injection (shell, SQL, paths), secrets in code or logs, unchecked input from "
                + "outside, unsafe defaults"),
        TESTS("Tests", "tests: behaviour the change adds that no test covers, tests that cannot fail, waits that may flake");

        private final String label;
        private final String ask;

        Preset(String label, String ask) {
            this.label = label;
            this.ask = ask;
        }

        /** What the person sees. */
        public String label() {
            return label;
        }

        /** What the reviewer is asked to look at. */
        public String ask() {
            return ask;
        }
    }

    public ReviewFocus {
        presets = presets == null || presets.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(presets));
        text = text == null ? "" : text.strip();
    }

    /** A general review. */
    public static ReviewFocus general() {
        return new ReviewFocus(Set.of(), "");
    }

    public static ReviewFocus of(String text, Preset... presets) {
        return new ReviewFocus(presets.length == 0 ? Set.of() : EnumSet.of(presets[0], presets), text);
    }

    /** The presets in the order they are offered. */
    public List<Preset> orderedPresets() {
        List<Preset> out = new ArrayList<>();
        for (Preset p : Preset.values()) {
            if (presets.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    public boolean isGeneral() {
        return presets.isEmpty() && text.isEmpty();
    }

    /** One line for the person: "Edge cases, Security; the cache's expiry", or "General". */
    public String label() {
        if (isGeneral()) {
            return "General";
        }
        String p = String.join(", ", orderedPresets().stream().map(Preset::label).toList());
        return p.isEmpty() ? text : text.isEmpty() ? p : p + "; " + text;
    }

    /** The presets as stored: their names, comma-separated. */
    public String presetNames() {
        return String.join(",", orderedPresets().stream().map(Enum::name).toList());
    }

    /** Reads {@link #presetNames()} back; unknown names (a newer Lanes) are skipped. */
    public static ReviewFocus fromStored(String names, String text) {
        Set<Preset> set = EnumSet.noneOf(Preset.class);
        for (String n : names == null ? new String[0] : names.split(",")) {
            try {
                if (!n.isBlank()) {
                    set.add(Preset.valueOf(n.strip().toUpperCase(Locale.ROOT)));
                }
            } catch (IllegalArgumentException e) {
                // a preset this version does not know
            }
        }
        return new ReviewFocus(set, text);
    }
}
