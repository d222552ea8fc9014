package io.parley.server.chat;

import io.parley.protocol.ControlCharacters;
import io.parley.protocol.Names;
import io.parley.protocol.ServerLine;
import io.parley.server.metrics.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code /} commands. Each runs on the executor of the member who sent it. */
final class ChatCommands {
    static final List<String> HELP = List.of(
            "commands:",
            "  NAME : TEXT      say TEXT to your room (the first one also claims NAME)",
            "  /nick NAME       claim or change your name",
            "  /nick NAME TOKEN take back your name after a dropped connection (TOKEN: see /tags)",
            "  /join ROOM       move to ROOM (everyone starts in " + ChatHub.DEFAULT_ROOM + ")",
            "  /msg NAME TEXT   private message, shown to NAME as @you : TEXT",
            "  /who             names in your room",
            "  /rooms           rooms and how many are in each",
            "  /help            this list",
            "  /ping            answered with * pong (keeps an idle session alive)",
            "  /time [FORMAT]   the server's time, in a strftime FORMAT (default ISO-8601)",
            "  /history [N]     the last N (50) messages of your room; also /history after ID,",
            "                   /history before ID, /history @NAME for your private messages with NAME",
            "  /tags on|off     ids, times and resume tokens on lines, for programs (docs/protocol.md)",
            "  /quit or q       leave");
    private static final List<String> HELP_NOTICES = HELP.stream().map(ServerLine::notice).toList();

    private final ChatService chat;
    private final ChatHub hub;

    ChatCommands(ChatService chat, ChatHub hub) {
        this.chat = chat;
        this.hub = hub;
    }

    void run(Member member, String verb, String args) {
        switch (verb) {
            case "quit" -> chat.quit(member);
            case "help" -> chat.answer(member, HELP_NOTICES);
            case "ping" -> member.send(ServerLine.notice("pong"));
            case "time" -> time(member, args);
            case "nick" -> nick(member, args);
            case "rooms" -> rooms(member);
            case "tags" -> tags(member, args);
            case "join", "who", "msg", "history" -> {
                if (member.name() == null) {
                    chat.refuse(member, Refusal.NO_NAME, "claim a name first: /nick NAME");
                } else if (verb.equals("join")) {
                    join(member, args);
                } else if (verb.equals("who")) {
                    who(member);
                } else if (verb.equals("history")) {
                    history(member, args);
                } else {
                    privateMessage(member, args);
                }
            }
            default -> chat.refuse(member, Refusal.UNKNOWN_COMMAND, "unknown command /" + verb + "; /help lists commands");
        }
    }

    /** Longest {@code /time} answer: a format is short, and a longer answer would only amplify. */
    static final int MAX_TIME_ANSWER_CHARS = 256;

    private void time(Member member, String format) {
        // One line on a chat connection: a %n in the format must not start a second one.
        String answer = ControlCharacters.strip(chat.time().tell(format));
        if (answer.length() > MAX_TIME_ANSWER_CHARS) {
            chat.refuse(member, Refusal.BAD_USAGE, "time answer over " + MAX_TIME_ANSWER_CHARS + " characters; use a shorter format");
        } else {
            member.send(ServerLine.notice(answer));
        }
    }

    private void nick(Member member, String args) {
        String[] words = args.isEmpty() ? new String[0] : args.split("\\s+");
        if (words.length == 1) {
            chat.claimName(member, words[0]);
        } else if (words.length == 2) {
            chat.claimName(member, words[0], words[1]); // a resume: NAME and its token
        } else {
            chat.refuse(member, Refusal.BAD_USAGE, "usage: /nick NAME [TOKEN]");
        }
    }

    /** {@code /tags on|off}: message ids, times and resume tokens on the lines this member gets. */
    private void tags(Member member, String args) {
        switch (args.toLowerCase(Locale.ROOT)) {
            case "on" -> {
                member.tags = true;
                member.send(ServerLine.notice("tags on"));
            }
            case "off" -> {
                member.tags = false;
                member.send(ServerLine.notice("tags off"));
            }
            default -> chat.refuse(member, Refusal.BAD_USAGE, "usage: /tags on|off");
        }
    }

    private void history(Member member, String args) {
        if (member.isDatagram()) {
            chat.refuse(member, Refusal.BAD_USAGE, "/history is not available over UDP; use TCP");
            return;
        }
        ChatHistory.Request request = ChatHistory.parse(args);
        if (request == null) {
            chat.refuse(member, Refusal.BAD_USAGE, ChatHistory.USAGE);
        } else {
            hub.history().answer(member, request);
        }
    }

    private void join(Member member, String args) {
        String requested = args.startsWith("#") ? args.substring(1) : args;
        String room = Names.enforce(requested); // as shown: ｌｏｂｂｙ is lobby
        if (requested.isEmpty()) {
            chat.refuse(member, Refusal.BAD_USAGE, "usage: /join ROOM");
        } else if (room == null) {
            chat.refuse(member, Refusal.BAD_USAGE, "invalid room name \"" + ControlCharacters.strip(requested) + "\": "
                    + Names.problem(requested));
        } else if (member.room() != null && hub.findRoom(room) == member.room()) {
            member.send(ServerLine.notice("you are already in " + member.room().name()));
        } else {
            chat.joinRoom(member, room);
        }
    }

    private void who(Member member) {
        Room room = member.room();
        chat.await(member, chat.cluster().who(room), (found, failed) -> {
            List<String> names = new ArrayList<>(found != null ? found : List.of());
            names.sort(String.CASE_INSENSITIVE_ORDER);
            chat.sendList(member, "in " + room.name() + " (" + names.size() + "): ", names);
        });
    }

    private void rooms(Member member) {
        chat.await(member, chat.cluster().rooms(), (found, failed) -> {
            List<String> items = new ArrayList<>();
            for (Cluster.RoomCount room : found != null ? found : List.<Cluster.RoomCount>of()) {
                items.add(room.name() + " (" + room.members() + ")");
            }
            chat.sendList(member, "rooms: ", items);
        });
    }

    private void privateMessage(Member member, String args) {
        int space = args.indexOf(' ');
        String text = space < 0 ? "" : args.substring(space + 1).strip();
        if (space < 0 || text.isEmpty()) {
            chat.refuse(member, Refusal.BAD_USAGE, "usage: /msg NAME TEXT");
            return;
        }
        String to = args.substring(0, space);
        chat.await(member, chat.cluster().tell(member, to, text), (told, failed) -> {
            if (!Boolean.TRUE.equals(told)) {
                chat.refuse(member, Refusal.NO_SUCH_NAME, "no one here is called " + to);
            }
        });
    }
}
