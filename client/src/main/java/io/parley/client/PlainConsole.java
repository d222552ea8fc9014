package io.parley.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Plain streams: stdin read to its end, one UTF-8 line at a time; lines printed without styles. */
final class PlainConsole implements Console {
    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;
    private final LineRenderer renderer = LineRenderer.plain();

    PlainConsole(InputStream in, PrintStream out, PrintStream err) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.err = err;
    }

    @Override
    public String readLine(String prompt) throws IOException {
        return in.readLine();
    }

    @Override
    public void printLine(String rendered) {
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
    public void close() {
        out.flush();
        err.flush();
    }
}
