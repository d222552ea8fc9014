package io.parley.bench;

import java.util.Arrays;

/**
 * Who is in which room and who sends. Clients are numbered 0 .. clients-1; rooms hold consecutive
 * clients; in each room the first members are its senders. Every sender has a global number
 * (0 .. senders-1, for the shared sent/acknowledged counters) and a slot inside its room (for the
 * receivers' trackers). Immutable.
 */
public final class RoomPlan {
    private final int[] roomOf;
    private final int[] senderIndex;
    private final int[] slotInRoom;
    private final int[] roomSize;
    private final int[] sendersInRoom;
    private final int[] witnessOf;
    private final int[] firstOfRoom;
    private final int senders;

    private RoomPlan(int clients, int roomSizeWanted, int[] sendersPerRoom) {
        int rooms = sendersPerRoom.length;
        roomOf = new int[clients];
        senderIndex = new int[clients];
        slotInRoom = new int[clients];
        roomSize = new int[rooms];
        sendersInRoom = sendersPerRoom.clone();
        Arrays.fill(senderIndex, -1);
        Arrays.fill(slotInRoom, -1);
        firstOfRoom = new int[rooms];
        int next = 0;
        for (int c = 0; c < clients; c++) {
            int room = Math.min(c / roomSizeWanted, rooms - 1);
            roomOf[c] = room;
            if (roomSize[room] == 0) {
                firstOfRoom[room] = c;
            }
            int posInRoom = roomSize[room]++;
            if (posInRoom < sendersInRoom[room]) {
                senderIndex[c] = next++;
                slotInRoom[c] = posInRoom;
            }
        }
        senders = next;
        // The witness of a sender (whose receipts pace a closed-loop sender) is the room's last member.
        witnessOf = new int[senders];
        for (int c = 0; c < clients; c++) {
            if (senderIndex[c] >= 0) {
                witnessOf[senderIndex[c]] = firstOfRoom[roomOf[c]] + roomSize[roomOf[c]] - 1;
            }
        }
    }

    /** One room of every client; the first {@code senders} of them send. */
    public static RoomPlan oneRoom(int clients, int senders) {
        check(clients >= 2, "a room needs at least 2 clients");
        check(senders >= 1 && senders < clients, "--senders must be 1 to clients-1");
        return new RoomPlan(clients, clients, new int[] {senders});
    }

    /** Rooms of {@code roomSize} (the last one takes the remainder); {@code senders} spread one per room, round robin. */
    public static RoomPlan rooms(int clients, int roomSize, int senders) {
        check(roomSize >= 2 && roomSize <= clients, "--room-size must be 2 to clients");
        int rooms = clients / roomSize;
        check(senders >= 0, "--senders must not be negative");
        int[] perRoom = new int[rooms];
        for (int s = 0; s < senders; s++) {
            perRoom[s % rooms]++;
        }
        int smallest = roomSize; // the last room may be larger, never smaller
        for (int r = 0; r < rooms; r++) {
            check(perRoom[r] < smallest, "too many senders for rooms of " + roomSize);
        }
        return new RoomPlan(clients, roomSize, perRoom);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public int clients() {
        return roomOf.length;
    }

    public int rooms() {
        return roomSize.length;
    }

    public int senders() {
        return senders;
    }

    public int roomOf(int client) {
        return roomOf[client];
    }

    public int roomSize(int room) {
        return roomSize[room];
    }

    public int sendersInRoom(int room) {
        return sendersInRoom[room];
    }

    /** The lowest-numbered client of {@code room}; its senders come first. */
    public int firstOfRoom(int room) {
        return firstOfRoom[room];
    }

    /** The sender's global number, or -1 if the client does not send. */
    public int senderIndex(int client) {
        return senderIndex[client];
    }

    /** The sender's slot in its room (0 .. sendersInRoom-1), or -1. */
    public int slotInRoom(int client) {
        return slotInRoom[client];
    }

    /** The client whose receipts acknowledge the messages of sender {@code senderIndex}. */
    public int witnessOf(int senderIndex) {
        return witnessOf[senderIndex];
    }

    /** Deliveries the run should see for each message of {@code client}: its room but itself. */
    public int receiversOf(int client) {
        return roomSize[roomOf[client]] - 1;
    }
}
