#!/usr/bin/env python3
# The socket tutorial's UDP time client, as the tutorial wrote it but for the address: each line
# typed is a strftime format, sent as one datagram; the answer is printed.
#
#   python3 time_client.py [HOST [PORT]]     (defaults: 127.0.0.1 9091)
import socket
import sys

host = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
port = int(sys.argv[2]) if len(sys.argv) > 2 else 9091

family = socket.AF_INET6 if ':' in host else socket.AF_INET  # AF_INET6 for an IPv6 address
s = socket.socket(family, socket.SOCK_DGRAM)
while True:
    try:
        fmt = input()
    except EOFError:
        break
    s.sendto(fmt.encode(), (host, port))
    data, addr = s.recvfrom(1024)
    print(data.decode())
s.close()
