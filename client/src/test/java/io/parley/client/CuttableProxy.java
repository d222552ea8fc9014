package io.parley.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay to a server, whose connections the test can cut, as a network fault would, and
 * which can stand in for a server that is not there (connections closed at once).
 */
final class CuttableProxy implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile int serverPort;

    CuttableProxy(int serverPort) throws IOException {
        this.serverPort = serverPort;
        acceptor = new Thread(() -> {
            try {
                for (;;) {
                    Socket client = listener.accept();
                    int to = this.serverPort;
                    if (to == 0) {
                        closeQuietly(client);
                        continue;
                    }
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), to);
                    open.add(client);
                    open.add(server);
                    pump(client, server);
                    pump(server, client);
                }
            } catch (IOException e) {
                // closed
            }
        }, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** From now on, connections are closed as soon as they come. */
    void refuse() {
        serverPort = 0;
    }

    /** From now on, connections go to this server. */
    void relayTo(int port) {
        serverPort = port;
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    void cut() {
        open.forEach(CuttableProxy::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
