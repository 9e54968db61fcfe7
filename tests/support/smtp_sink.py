"""An aiosmtpd handler for the mail tests: every message received is written whole to a
folder, as NNNNNN.eml with its envelope recipients in NNNNNN.rcpt (one per line).

Started by tests/digest.rs as
    PYTHONPATH=tests/support python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c smtp_sink.Sink DIR
"""

import itertools
import os


class Sink:
    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        self.numbers = itertools.count(1)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("smtp_sink.Sink takes one argument: the folder to write to")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        n = next(self.numbers)
        base = os.path.join(self.folder, "%06d" % n)
        with open(base + ".rcpt.part", "w") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        with open(base + ".eml.part", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        # The .eml appears last, so a reader that sees it sees everything.
        os.rename(base + ".rcpt.part", base + ".rcpt")
        os.rename(base + ".eml.part", base + ".eml")
        return "250 Message accepted for delivery"
