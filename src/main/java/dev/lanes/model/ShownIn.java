package dev.lanes.model;

import java.util.Locale;

/**
 * The view of Lanes that shows a session instead of a tab of its own: the review pane shows its
 * reviewer sessions, an investigation's tab its question sessions. An ordinary session has none
 * ({@code null}), whatever its name.
 */
public enum ShownIn {
    /** A reviewer of the review pane. */
    REVIEW,
    /** A question (or the combine step) of an investigation. */
    INVESTIGATION;

    /** How the store writes it: "review", "investigation". */
    public String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant stored as {@code text}; null for null or a word this Lanes does not know (an ordinary session). */
    public static ShownIn fromStored(String text) {
        if (text == null) {
            return null;
        }
        for (ShownIn s : values()) {
            if (s.stored().equals(text)) {
                return s;
            }
        }
        return null;
    }
}
