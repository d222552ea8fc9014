package io.parley.protocol;

import java.util.Locale;

/**
 * What a chat name (and a room name) may be: 1 to 32 characters, each a Unicode letter or digit
 * or one of {@code _ - .}. Spaces, colons and control characters can never appear, so a name can
 * always be told apart from the text that follows it.
 */
public final class Names {
    public static final int MAX_LENGTH = 32;

    private Names() {
    }

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        int count = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!Character.isLetterOrDigit(cp) && cp != '_' && cp != '-' && cp != '.') {
                return false;
            }
            if (++count > MAX_LENGTH) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** Names are unique without regard to case: {@code Alice} and {@code alice} are one name. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The error text for a refused name, quoting it safely. */
    public static String invalidReason(String name) {
        return "invalid name \"" + ControlCharacters.strip(name)
                + "\": 1 to " + MAX_LENGTH + " letters, digits, _ - or .";
    }
}
