#!/usr/bin/env python3
"""The tutorial's UDP chat client, reconstructed.

Type your name, then lines: each is sent as one datagram "NAME : LINE", and then one datagram
is read and printed, every sender's name in its own colour. Type q to leave.

    python3 udp_chat.py [HOST [PORT]]
"""
import socket
import sys

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 9090
COLOURS = ['\033[31m', '\033[32m', '\033[33m', '\033[34m', '\033[35m', '\033[36m']
RESET = '\033[0m'


def colour(name):
    return COLOURS[sum(name.encode('utf-8')) % len(COLOURS)]


def show(data):
    for line in data.decode('utf-8', 'replace').split('\n'):
        name, sep, text = line.partition(' : ')
        if sep and ' ' not in name:
            print(colour(name) + name + RESET + ' : ' + text)
        else:
            print(line)


def main():
    name = input('name: ')
    family = socket.AF_INET6 if ':' in HOST else socket.AF_INET
    s = socket.socket(family, socket.SOCK_DGRAM)
    while True:
        try:
            msg = input()
        except EOFError:
            break
        s.sendto((name + ' : ' + msg).encode('utf-8'), (HOST, PORT))
        data, addr = s.recvfrom(1024)
        show(data)
        if msg == 'q':
            break
    s.close()


if __name__ == '__main__':
    main()
