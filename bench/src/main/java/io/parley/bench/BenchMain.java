package io.parley.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar chat-bench.jar SCENARIO [options]}: loads a chat server on loopback and reports. */
@Command(name = "chat-bench", mixinStandardHelpOptions = true, version = "Parley bench 0.1.0",
        description = "Load generator for Parley, line-broadcast and IRC servers (loopback only).",
        subcommands = {FanoutCommand.class, RoomsCommand.class, ConnectionsCommand.class, UdpCommand.class})
public final class BenchMain implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Parses a command line and runs its scenario in this JVM: for tests and embedders. */
    public static Report run(String... args) throws Exception {
        CommandLine.ParseResult parsed = new CommandLine(new BenchMain()).parseArgs(args);
        if (!parsed.hasSubcommand()) {
            throw new IllegalArgumentException("no scenario given");
        }
        Scenario scenario = (Scenario) parsed.subcommand().commandSpec().userObject();
        scenario.options().validate();
        return scenario.run();
    }
}
