"""Board clients as board.js behaves, many at once (asyncio, `websockets`): each adds notes with a reference unique
to it, resends what was not acknowledged when its socket closes, reconnects from the last operation it saw, and keeps
every operation number it was sent, so a drill can tell whether any operation was lost, doubled or missed."""
import asyncio
import json
import random
import time

import websockets


class BoardClient:
    def __init__(self, url, cookie, origin, tag, every):
        self.url, self.cookie, self.origin, self.tag, self.every = url, cookie, origin, tag, every
        self.pending = {}      # ref → message, until acknowledged
        self.acked = {}        # ref → the operation's number
        self.errors = []
        self.seen = set()      # every operation number received
        self.last = 0          # the highest number received with none missing below it (since the first)
        self.first_after = None
        self.reconnects = 0
        self.asked = 0         # "reconnect" frames received
        self.sent = 0
        self.resent = 0        # commands sent again on a new socket

    def _receive(self, m):
        if m["t"] == "op":
            self.seen.add(m["op"]["seq"])
            while self.last + 1 in self.seen:
                self.last += 1
        elif m["t"] == "ack":
            self.pending.pop(m.get("ref"), None)
            self.acked[m["ref"]] = m["seq"]
        elif m["t"] == "error":
            self.errors.append(m)
            self.pending.pop(m.get("ref"), None)
        elif m["t"] == "reconnect":
            self.asked += 1

    async def run(self, until, start_after):
        if self.first_after is None:
            self.first_after = self.last = start_after
        while True:
            try:
                async with websockets.connect(f"{self.url}?after={self.last}", open_timeout=5, close_timeout=2,
                                              additional_headers={"Cookie": self.cookie, "Origin": self.origin}) as ws:
                    async def read():
                        async for raw in ws:
                            m = json.loads(raw)
                            self._receive(m)
                            if m["t"] == "reconnect":
                                await ws.close()
                    reader = asyncio.create_task(read())
                    for ref in sorted(self.pending, key=lambda r: int(r.rsplit("-", 1)[1])):
                        self.resent += 1
                        await ws.send(json.dumps(self.pending[ref]))
                    while time.time() < until and not reader.done():
                        self.sent += 1
                        ref = f"{self.tag}-{self.sent}"
                        self.pending[ref] = {"ref": ref, "op": "add", "body": f"drill {self.tag} {self.sent}"}
                        await ws.send(json.dumps(self.pending[ref]))
                        await asyncio.sleep(self.every * random.uniform(0.5, 1.5))
                    if not reader.done():
                        # stopped adding: wait for the last acknowledgements and operations, then leave
                        deadline = time.time() + 15
                        while self.pending and time.time() < deadline and not reader.done():
                            await asyncio.sleep(0.1)
                        if not reader.done():
                            await asyncio.sleep(2)
                            reader.cancel()
                            return
                    await asyncio.gather(reader, return_exceptions=True)
            except (OSError, asyncio.TimeoutError, websockets.exceptions.WebSocketException):
                pass
            if time.time() >= until and not self.pending:
                return
            self.reconnects += 1
            await asyncio.sleep(random.uniform(0, 0.3))


def run_clients(clients, seconds, start_after):
    until = time.time() + seconds

    async def main():
        await asyncio.gather(*(client.run(until, start_after) for client in clients))
    asyncio.run(main())
