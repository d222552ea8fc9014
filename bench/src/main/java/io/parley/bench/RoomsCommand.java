package io.parley.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Many small rooms, each with its own senders: tests routing rather than one big fan-out. */
@Command(name = "rooms", mixinStandardHelpOptions = true,
        description = "Rooms of --room-size; --senders spread one per room in turn (0: one per room).")
final class RoomsCommand extends Scenario {
    @Mixin
    BenchOptions options;

    @Override
    BenchOptions options() {
        return options;
    }

    @Override
    Report run() throws Exception {
        BenchOptions.check(dialect(options).hasRooms(), "--target " + options.target + " has no rooms; use fanout");
        int senders = options.senders > 0 ? options.senders : options.clients / options.roomSize;
        RoomPlan plan = RoomPlan.rooms(options.clients, options.roomSize, senders);
        return new ChatRun("rooms", options, plan, dialect(options)).run();
    }
}
