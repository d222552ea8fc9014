package io.parley.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** One room of every client; some send, everyone receives everything but their own. */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "One room of --clients; --senders of them send, every other member must receive each message.")
final class FanoutCommand extends Scenario {
    @Mixin
    BenchOptions options;

    @Override
    BenchOptions options() {
        return options;
    }

    @Override
    Report run() throws Exception {
        return new ChatRun("fanout", options, RoomPlan.oneRoom(options.clients, options.senders), dialect(options)).run();
    }
}
