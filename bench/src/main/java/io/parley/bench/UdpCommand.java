package io.parley.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * UDP members in one room with TCP members: the first --senders UDP members send datagrams
 * {@code NAME : TEXT}; every other member, UDP or TCP, must receive each one. Everyone stays in
 * the room names start in. Parley only. UDP may lose datagrams: losses are counted, not hidden.
 */
@Command(name = "udp", mixinStandardHelpOptions = true,
        description = "--udp-clients UDP members and --clients TCP members in one room; --senders UDP members send.")
final class UdpCommand extends Scenario {
    @Mixin
    BenchOptions options;

    @Option(names = "--udp-port", required = true, description = "The server's UDP chat port.")
    int udpPort;

    @Option(names = "--udp-clients", defaultValue = "10", description = "UDP members (default: ${DEFAULT-VALUE}).")
    int udpClients;

    @Option(names = "--udp-hello", defaultValue = "{name} : /ping",
            description = "Datagram a UDP member sends to register, {name} replaced (default: ${DEFAULT-VALUE}).")
    String udpHello;

    @Override
    BenchOptions options() {
        return options;
    }

    @Override
    Report run() throws Exception {
        BenchOptions.check(options.target == BenchOptions.Target.parley, "udp runs against --target parley only");
        BenchOptions.check(udpPort > 0 && udpPort <= 65535, "--udp-port must be 1 to 65535");
        BenchOptions.check(udpClients >= 1 && udpClients <= 10_000, "--udp-clients must be 1 to 10000");
        BenchOptions.check(options.senders >= 1 && options.senders <= udpClients, "--senders must be 1 to --udp-clients");
        // UDP members are clients 0 .. udpClients-1 (the senders first), TCP members follow.
        RoomPlan plan = RoomPlan.oneRoom(udpClients + options.clients, options.senders);
        Dialect udp = new UdpDialect(udpHello);
        Dialect tcp = new ParleyDialect(false);
        return new ChatRun("udp", options, plan, tcp) {
            @Override
            double connectAll(Fleet fleet, RunState run) throws Exception {
                double seconds = fleet.connectUdp(0, udpClients, id -> newClient(id, run, udp), udpPort,
                        options.connectConcurrency, options.connectTimeout);
                return seconds + fleet.connect(udpClients, options.clients, id -> newClient(id, run, tcp),
                        options.connectConcurrency, options.connectTimeout);
            }
        }.run();
    }
}
