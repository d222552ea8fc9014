#!/usr/bin/env python3
# The socket tutorial's TCP chat client, as the tutorial wrote it but for the address: each line
# typed is sent without a line end, then the client waits for one answer and prints it. 'q' quits.
#
#   python3 tcp_chat.py [HOST [PORT]]        (defaults: 127.0.0.1 9090)
import socket
import sys

host = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
port = int(sys.argv[2]) if len(sys.argv) > 2 else 9090

family = socket.AF_INET6 if ':' in host else socket.AF_INET  # AF_INET6 for an IPv6 address
s = socket.socket(family, socket.SOCK_STREAM)
s.connect((host, port))
while True:
    try:
        msg = input()
    except EOFError:
        break
    s.send(msg.encode())
    data = s.recv(1024)
    print(data.decode())
    if msg == 'q':
        break
s.close()
