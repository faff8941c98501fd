"""Runs django-oidc-provider for the browser tests: a fresh SQLite database, an RSA signing key, users and one
confidential client whose redirect URI is Eyrie's `/signin/callback`. Used by test_single_sign_on.py."""
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request

SITE = pathlib.Path(__file__).parent / "oidc_site"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Provider:
    def __init__(self, workdir, redirect_uri, client_id="eyrie-e2e", client_secret="e2e-client-secret"):
        self.port = free_port()
        self.site_url = f"http://127.0.0.1:{self.port}"
        self.issuer = self.site_url + "/openid"
        self.client_id, self.client_secret, self.redirect_uri = client_id, client_secret, redirect_uri
        self.env = dict(os.environ, DJANGO_SETTINGS_MODULE="settings", PYTHONPATH=str(SITE),
                        OIDC_DB=str(pathlib.Path(workdir) / "provider.sqlite3"), OIDC_SITE_URL=self.site_url)
        self.process = None

    def manage(self, *args, stdin=None):
        return subprocess.run([sys.executable, "-m", "django", *args], env=self.env, cwd=SITE, input=stdin,
                              capture_output=True, text=True, check=True)

    def shell(self, code):
        return self.manage("shell", "-c", code)

    def prepare(self, users):
        """`users`: (username, password, email, name, verified)."""
        self.manage("migrate", "--noinput")
        self.manage("creatersakey")
        lines = ["from django.contrib.auth.models import User", "from oidc_provider.models import Client, ResponseType"]
        for username, password, email, name, verified in users:
            lines.append(f"User.objects.create_user({username!r}, {email!r}, {password!r}, first_name={name!r}, "
                         f"last_name={'' if verified else 'unverified'!r})")
        lines += [
            f"c = Client.objects.create(name='Eyrie', client_type='confidential', client_id={self.client_id!r}, "
            f"client_secret={self.client_secret!r}, jwt_alg='RS256', require_consent=False, reuse_consent=True, "
            f"_redirect_uris={self.redirect_uri!r}, _scope='openid email profile')",
            "c.response_types.add(ResponseType.objects.get(value='code'))",
        ]
        self.shell("\n".join(lines))
        return self

    def start(self):
        self.log = open(pathlib.Path(self.env["OIDC_DB"]).with_suffix(".log"), "w")
        self.process = subprocess.Popen([sys.executable, "-m", "django", "runserver", f"127.0.0.1:{self.port}",
                                         "--noreload"], env=self.env, cwd=SITE, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        for _ in range(100):
            try:
                with urllib.request.urlopen(self.issuer + "/.well-known/openid-configuration", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the OpenID provider did not start: " + pathlib.Path(self.log.name).read_text()[-2000:])

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(10)
