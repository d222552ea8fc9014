package io.parley.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Plain streams, as a script uses the client: stdin read to its end, one UTF-8 line at a time; no
 * prompt, no bell; lines printed as the renderer gives them (the plain protocol).
 */
final class PlainConsole implements Console {
    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;
    private final LineRenderer renderer;

    PlainConsole(InputStream in, PrintStream out, PrintStream err, LineRenderer renderer) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.err = err;
        this.renderer = renderer;
    }

    @Override
    public String readLine() throws IOException {
        return in.readLine();
    }

    @Override
    public void setPrompt(String prompt) {
        // a script sees no prompt
    }

    @Override
    public void printLine(String rendered, boolean bell) {
        out.println(rendered);
        out.flush();
    }

    @Override
    public void printProblem(String rendered) {
        err.println(rendered);
        err.flush();
    }

    @Override
    public LineRenderer renderer() {
        return renderer;
    }

    @Override
    public boolean interactive() {
        return false;
    }

    @Override
    public void close() {
        out.flush();
        err.flush();
    }
}
