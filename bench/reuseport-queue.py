#!/usr/bin/env python3
# Usage: python3 bench/reuseport-queue.py [port]
#        unshare -n sh -c 'ip link set lo up; sysctl -w net.ipv4.tcp_migrate_req=1; python3 bench/reuseport-queue.py'
# Two SO_REUSEPORT listeners on one port, as an old and a new proxy during an SO_REUSEPORT hand-over. Clients
# connect; the kernel spreads them over both accept queues. The old one then closes its socket without accepting
# what is queued (what a process that stops does): count how many clients are reset.
import socket, sys
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 24999
N = 200
def listener():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    s.bind(("127.0.0.1", PORT)); s.listen(1024)
    return s
old, new = listener(), listener()
clients = []
for i in range(N):
    c = socket.create_connection(("127.0.0.1", PORT)); clients.append(c)   # handshake completes in either queue
old.close()                                   # the old process stops: its queue is dropped
reset = ok = 0
new.setblocking(False)
accepted = []
while True:
    try: accepted.append(new.accept()[0])
    except BlockingIOError: break
for c in clients:
    try:
        c.sendall(b"x"); c.settimeout(0.5); data = c.recv(1)
        reset += 0
    except ConnectionResetError: reset += 1; continue
    except socket.timeout: pass
    ok += 1
print(f"clients={N} accepted-by-new={len(accepted)} reset={reset} alive={ok}")
