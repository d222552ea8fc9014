package io.parley.bench;

/**
 * IRC (RFC 2812 subset): NICK and USER, wait for 001, JOIN #room, wait for the server's echo of
 * our JOIN; messages are {@code PRIVMSG #room :TEXT}. PING is answered with PONG at any time.
 */
final class IrcDialect implements Dialect {
    @Override
    public void start(BenchClient client) {
        client.sendText("NICK " + client.name() + "\r\nUSER " + client.name() + " 0 * :parley bench\r\n");
    }

    @Override
    public void handshake(BenchClient client, String line) {
        if (answeredPing(client, line)) {
            return;
        }
        String[] words = line.split(" ", 4);
        if (words.length >= 2 && words[1].equals("001")) {
            client.sendText("JOIN " + channel(client) + "\r\n");
        } else if (words.length >= 3 && words[1].equals("JOIN")
                && words[0].startsWith(":" + client.name() + "!")
                && words[2].replaceFirst("^:", "").equalsIgnoreCase(channel(client))) {
            client.ready();
        } else if (words[0].equals("ERROR")
                || (words.length >= 2 && words[1].length() == 3 && (words[1].startsWith("4") || words[1].startsWith("5")))) {
            client.fail(line);
        }
    }

    @Override
    public void other(BenchClient client, String line) {
        answeredPing(client, line);
    }

    private static boolean answeredPing(BenchClient client, String line) {
        if (line.startsWith("PING")) {
            client.sendText("PONG" + line.substring(4) + "\r\n");
            return true;
        }
        return false;
    }

    private static String channel(BenchClient client) {
        return "#" + client.roomName();
    }

    @Override
    public byte[] messagePrefix(BenchClient client) {
        return Dialect.ascii("PRIVMSG " + channel(client) + " :");
    }

    @Override
    public byte[] messageSuffix() {
        return CRLF;
    }

    @Override
    public boolean hasRooms() {
        return true;
    }
}
