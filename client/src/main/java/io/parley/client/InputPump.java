package io.parley.client;

import java.io.IOException;

/**
 * Reads the console on its own daemon thread and hands each line to the session. A blocked read
 * of stdin cannot be interrupted, so it must not be the thread that also has to notice the server
 * going away; the process ends without waiting for this thread.
 */
final class InputPump {
    private InputPump() {
    }

    static Thread start(Console console, Inbox inbox) {
        Thread thread = new Thread(() -> pump(console, inbox), "console-input");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void pump(Console console, Inbox inbox) {
        try {
            for (;;) {
                String line;
                try {
                    line = console.readLine();
                } catch (Console.LineInterrupted e) {
                    inbox.add(new SessionEvent.Interrupted(e.partial()));
                    continue;
                }
                if (line == null) {
                    break;
                }
                inbox.add(new SessionEvent.Typed(line));
                if (ChatSession.isQuit(line)) {
                    return; // no prompt after the user has left
                }
            }
        } catch (IOException | RuntimeException e) {
            inbox.add(new SessionEvent.Problem("cannot read input: " + Failures.describe(e)));
        }
        inbox.add(new SessionEvent.InputEnded());
    }
}
