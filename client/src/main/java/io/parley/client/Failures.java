package io.parley.client;

import java.util.regex.Pattern;

/** One readable line for an exception: the innermost cause's message, as the user can act on it. */
final class Failures {
    /** Native transports prefix errno messages with the call that failed; the user needs only the rest. */
    private static final Pattern NATIVE_CALL = Pattern.compile("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ");

    private Failures() {
    }

    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        return NATIVE_CALL.matcher(message).replaceFirst("");
    }
}
