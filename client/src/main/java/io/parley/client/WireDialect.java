package io.parley.client;

import io.parley.protocol.ClientLineParser;

/**
 * How typed input becomes lines on the wire. Over TCP the connection knows who is talking, so
 * commands go as typed; over UDP every datagram must carry the sender's name, commands too.
 */
enum WireDialect {
    TCP {
        @Override
        String outgoing(String name, String typed) {
            return typed.startsWith("/") ? typed : said(name, typed);
        }

        @Override
        String quit(String name) {
            return "/quit";
        }

        @Override
        String ping(String name) {
            return "/ping";
        }
    },
    UDP {
        @Override
        String outgoing(String name, String typed) {
            return said(name, typed);
        }

        @Override
        String quit(String name) {
            return said(name, "q");
        }

        @Override
        String ping(String name) {
            return said(name, "/ping");
        }
    };

    abstract String outgoing(String name, String typed);

    abstract String quit(String name);

    abstract String ping(String name);

    static String said(String name, String text) {
        return name + ClientLineParser.SEPARATOR + text;
    }
}
