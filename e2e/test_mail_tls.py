"""Mail over TLS, against aiosmtpd speaking TLS: `eyrie mail test` sends through smtps:// (TLS from the first byte)
and through smtp:// with STARTTLS, trusting the test's certificate authority; a certificate made out to another
host, or signed by an authority nobody trusts, is refused and nothing is sent."""
import asyncio
import email
import os
import socket
import ssl
import subprocess

import pytest
import trustme
from aiosmtpd.controller import Controller

EYRIE = os.environ.get("EYRIE_BIN", ".build/debug/eyrie")


class Collect:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    """A certificate authority of the test's own, its PEM file, and certificates it issues."""
    ca = trustme.CA()
    path = tmp_path_factory.mktemp("tls") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return ca, str(path)


def server_context(ca, host):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(host).configure_cert(context)
    return context


def mail_test(url, ca_file):
    env = dict(os.environ, EYRIE_SMTP_URL=url, EYRIE_MAIL_FROM="Eyrie <eyrie@localhost>")
    env.pop("EYRIE_SMTP_CA_FILE", None)
    env["EYRIE_LANGUAGE"] = "en"
    if ca_file:
        env["EYRIE_SMTP_CA_FILE"] = ca_file
    return subprocess.run([EYRIE, "mail", "test", "--to", "tls@example.org"], env=env, capture_output=True, text=True,
                          timeout=60)


def serve(handler, **kwargs):
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    return controller, port


def test_smtps_delivers_over_tls_from_the_first_byte(authority):
    ca, ca_file = authority
    handler = Collect()
    controller, port = serve(handler, ssl_context=server_context(ca, "localhost"))
    try:
        sent = mail_test(f"smtps://localhost:{port}", ca_file)
        assert sent.returncode == 0, sent.stderr
        assert "the mail server accepted it" in sent.stdout
        assert len(handler.messages) == 1
        message = handler.messages[0]
        assert message["To"] == "tls@example.org" and message["Subject"] == "Eyrie can send e-mail"
    finally:
        controller.stop()


def test_starttls_is_used_when_offered(authority):
    ca, ca_file = authority
    handler = Collect()
    controller, port = serve(handler, tls_context=server_context(ca, "localhost"), require_starttls=True)
    try:
        sent = mail_test(f"smtp://localhost:{port}", ca_file)
        assert sent.returncode == 0, sent.stderr
        # The server required STARTTLS before MAIL: the message could only have come over TLS.
        assert len(handler.messages) == 1
    finally:
        controller.stop()


@pytest.mark.parametrize("tls", ["smtps", "starttls"])
def test_a_certificate_for_another_host_or_an_unknown_authority_is_refused(authority, tls):
    ca, ca_file = authority
    for context, trusted in [(server_context(ca, "mail.other.example"), ca_file),  # wrong host
                             (server_context(ca, "localhost"), None)]:  # an authority the system does not know
        handler = Collect()
        kwargs = {"ssl_context": context} if tls == "smtps" else {"tls_context": context}
        controller, port = serve(handler, **kwargs)
        try:
            scheme = "smtps" if tls == "smtps" else "smtp"
            sent = mail_test(f"{scheme}://localhost:{port}", trusted)
            assert sent.returncode == 1, sent.stdout
            assert "Not sent" in sent.stderr and "localhost" in sent.stderr
            # The reason is the certificate, not a connection closed under the next command.
            assert "certificate" in sent.stderr.lower() and "closed channel" not in sent.stderr, sent.stderr
            assert handler.messages == []
        finally:
            controller.stop()


def test_a_password_is_not_sent_in_plain_text_to_another_machine():
    """A server without TLS reached through this machine's network address (not loopback): no AUTH, nothing sent."""
    address = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    address = [a for a in address if "." in a and not a.startswith("127.")]
    if not address:
        pytest.skip("this machine has no network address besides loopback")
    handler = Collect()
    port = free_port()
    controller = Controller(handler, hostname="0.0.0.0", port=port, auth_require_tls=False)
    controller.start()
    try:
        sent = mail_test(f"smtp://mailer:secret@{address[0]}:{port}", None)
        assert sent.returncode == 1 and "password is not sent in plain text" in sent.stderr, sent.stderr
        assert handler.messages == []
    finally:
        controller.stop()
