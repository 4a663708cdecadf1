"""Helpers for the journeys: a throwaway PostgreSQL, the real program on an X display with the
accessibility bus, controls found by role and accessible name through AT-SPI, keys through
xdotool, waits on conditions with a deadline, and a screenshot when a journey fails.

Run with Debian's /usr/bin/python3 (pyatspi is a Debian package), inside dbus-run-session
(run.py arranges both)."""

import json
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import time

import pyatspi

SIGNS = ["aries", "taurus", "gemini", "cancer", "leo", "virgo", "libra", "scorpio",
         "sagittarius", "capricorn", "aquarius", "pisces"]


class JourneyFailed(AssertionError):
    pass


class ProgramEnded(JourneyFailed):
    """Not worth waiting on: the program is gone."""


def wait_for(what, condition, timeout=30.0, interval=0.05):
    """Polls `condition` until it returns something true; returns that, or fails saying `what`."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = condition()
            if value:
                return value
        except ProgramEnded:
            raise
        except Exception as e:  # a node that went away while it was read: poll again
            last_error = e
        if time.monotonic() > deadline:
            detail = f" (last error: {last_error})" if last_error else ""
            raise JourneyFailed(f"timed out after {timeout:.0f} s waiting for {what}{detail}")
        time.sleep(interval)


def _as_postgres():
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _pg_bin():
    for version in ("15", "16", "17"):
        path = pathlib.Path(f"/usr/lib/postgresql/{version}/bin")
        if (path / "initdb").exists():
            return path
    raise JourneyFailed("PostgreSQL server programs not found (install postgresql)")


class Cluster:
    """A PostgreSQL server on a Unix socket in a temporary folder, like tests/support/TestCluster."""

    def __init__(self, root):
        self.dir = pathlib.Path(root) / "pg"
        self.data = self.dir / "data"
        self.socket = self.dir / "s"
        self.dir.mkdir(mode=0o700)
        self.socket.mkdir(mode=0o700)
        if os.geteuid() == 0:  # the server refuses to run as root
            os.chmod(root, 0o755)
            shutil.chown(self.dir, "postgres", "postgres")
            shutil.chown(self.socket, "postgres", "postgres")
        bin_dir = _pg_bin()
        self._pg_ctl = str(bin_dir / "pg_ctl")
        subprocess.run(_as_postgres() + [str(bin_dir / "initdb"), "-D", str(self.data), "-U",
                                         "postgres", "-A", "trust", "-E", "UTF8",
                                         "--locale=C.UTF-8", "--no-sync"],
                       check=True, capture_output=True)
        self.start()

    def start(self):
        options = f"-k {self.socket} -c listen_addresses='' -c fsync=off"
        subprocess.run(_as_postgres() + [self._pg_ctl, "-D", str(self.data), "-o", options,
                                         "-l", str(self.dir / "server.log"), "-w", "start"],
                       check=True, capture_output=True)

    def stop(self):
        subprocess.run(_as_postgres() + [self._pg_ctl, "-D", str(self.data), "-m", "immediate",
                                         "stop"], capture_output=True)

    def url(self, database):
        return f"postgresql://postgres@/{database}?host={self.socket}"

    def psql(self, sql, database="postgres"):
        """Runs `sql`; returns the rows as lists of strings."""
        out = subprocess.run(["psql", "-X", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-h",
                              str(self.socket), "-U", "postgres", "-d", database, "-c", sql],
                             check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines()]

    def create_database(self, name, executable, days=3):
        """A database migrated by the program itself, with `days` days of all twelve signs."""
        self.psql(f'CREATE DATABASE "{name}"')
        subprocess.run([executable, "--database-url", self.url(name), "migrate", "up",
                        "--create-bot-tables"], check=True, capture_output=True)
        self.psql("INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content) "
                  "SELECT s, d::date, initcap(s) || ' on ' || d::date || ': the stars smile.' "
                  f"FROM unnest(ARRAY{SIGNS!r}) s, generate_series(current_date - {days - 1},"
                  " current_date, interval '1 day') d", name)


class App:
    """The built horoscope-admin, started as a person starts it, with its own HOME."""

    def __init__(self, executable, home, args=(), log_dir=None):
        self.executable = executable
        self.home = pathlib.Path(home)
        self.log = (pathlib.Path(log_dir or home) / f"app-{time.monotonic_ns()}.log")
        env = dict(os.environ)
        runtime = self.home / "runtime"
        for d in (self.home, runtime):
            d.mkdir(mode=0o700, exist_ok=True)
        env.update({
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local/share"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_RUNTIME_DIR": str(runtime),
            "QT_QPA_PLATFORM": "xcb",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "QT_ACCESSIBILITY": "1",
            "LC_ALL": "C.UTF-8",
            "LANGUAGE": "en",
        })
        env.pop("DATABASE_URL", None)
        env.pop("QT_QPA_PLATFORMTHEME", None)
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen([executable, *args], env=env, stdout=out,
                                            stderr=subprocess.STDOUT)
        self.pid = self.process.pid
        self._root = None

    def drafts_dir(self):
        return self.home / ".local/share/horoscope-admin/horoscope-admin/drafts"

    def draft_files(self):
        return sorted(self.drafts_dir().glob("*/*.json"))

    def alive(self):
        return self.process.poll() is None

    def assert_alive(self, when=""):
        if not self.alive():
            raise ProgramEnded(f"the program ended {when}(exit code {self.process.returncode});"
                                f" its output:\n{self.output()}")

    def output(self):
        try:
            return self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def root(self, timeout=20):
        """The program's node on the accessibility bus, once it is there."""
        def find():
            desktop = pyatspi.Registry.getDesktop(0)
            for i in range(desktop.childCount):
                node = desktop.getChildAtIndex(i)
                if node is not None and node.get_process_id() == self.pid:
                    return node
            self.assert_alive("before it showed a window ")
            return None
        if self._root is None:
            self._root = wait_for("the program on the accessibility bus", find, timeout)
        return self._root

    def find(self, role, name=None, timeout=30, contains=None, showing=True):
        """The first control with this role and accessible name (or name containing `contains`)."""
        label = f'{role} "{name if name is not None else contains}"'

        def look():
            self.assert_alive(f"while looking for {label} ")
            return find_node(self.root(), role, name, contains, showing)
        return wait_for(label, look, timeout)

    def find_all(self, role, contains="", showing=True):
        return find_nodes(self.root(), role, None, contains, showing)

    def focused(self, role, timeout=10):
        """The control with the keyboard focus, once it has this role."""
        def look():
            self.assert_alive(f"while waiting for the focus on a {role} ")
            for node in find_nodes(self.root(), role):
                if node.getState().contains(pyatspi.STATE_FOCUSED):
                    return node
            return None
        return wait_for(f"the keyboard focus on a {role}", look, timeout)

    def missing(self, role, name=None, contains=None, timeout=10):
        wait_for(f'{role} "{name or contains}" to go away',
                 lambda: find_node(self.root(), role, name, contains, True) is None, timeout)

    def wait_exit(self, timeout):
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def signal(self, sig):
        self.process.send_signal(sig)

    def stop(self):
        if self.alive():
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)


# Whole subtrees a journey never looks into: the rows of a table are many and change often.
_SKIP_BELOW = {"table", "tree table", "list"}


def _children(node):
    try:
        return [node.getChildAtIndex(i) for i in range(node.childCount)]
    except Exception:
        return []


def _matches(node, role, name, contains, showing):
    try:
        if node.getRoleName() != role:
            return False
        if name is not None and node.name != name:
            return False
        if contains is not None and contains not in node.name:
            return False
        return not showing or node.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:
        return False


def find_nodes(root, role, name=None, contains=None, showing=True, first=False):
    found, queue = [], [root]
    while queue:
        node = queue.pop(0)
        if node is None:
            continue
        if _matches(node, role, name, contains, showing):
            found.append(node)
            if first:
                return found
        try:
            skip = node.getRoleName() in _SKIP_BELOW and node.getRoleName() != role
        except Exception:
            skip = True
        if not skip:
            queue.extend(_children(node))
    return found


def find_node(root, role, name=None, contains=None, showing=True):
    found = find_nodes(root, role, name, contains, showing, first=True)
    return found[0] if found else None


def text_of(node):
    """What a person reads in a control: its text, or else its name."""
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except NotImplementedError:
        return node.name


def size_of(node):
    box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return box.width, box.height


def press(node):
    """Presses a button as the keyboard's Space or a screen reader's default action does."""
    node.queryAction().doAction(0)


def focus(app, node):
    """Puts the keyboard focus on `node`: its window gets X's input focus, the control Qt's."""
    focus_window(app)
    node.queryComponent().grabFocus()
    wait_for("the keyboard focus on " + node.name,
             lambda: node.getState().contains(pyatspi.STATE_FOCUSED), 5)


def focus_window(app):
    # No window manager under Xvfb: give the program's newest mapped window X's input focus.
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(app.pid)],
                         capture_output=True, text=True).stdout.split()
    if out:
        subprocess.run(["xdotool", "windowfocus", "--sync", out[-1]], capture_output=True,
                       timeout=10)


def keys(*names):
    subprocess.run(["xdotool", "key", "--delay", "30", *names], check=True)


def type_text(text):
    subprocess.run(["xdotool", "type", "--delay", "20", text], check=True)


def screenshot(path):
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["import", "-window", "root", str(path)], capture_output=True, timeout=30)
    return path


def read_json(path):
    return json.loads(pathlib.Path(path).read_text())


class Journey:
    """One journey's world: a cluster, a database, a HOME; apps started in it are stopped at
    the end, and a failure leaves a screenshot in `artifacts`."""

    def __init__(self, name, executable, artifacts, shots=None):
        self.name = name
        self.shots = pathlib.Path(shots) if shots else None
        self.executable = executable
        self.artifacts = pathlib.Path(artifacts)
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix=f"ha-journey-{name}-"))
        self.home = self.tmp / "home"
        self.cluster = Cluster(self.tmp)
        self.apps = []

    def database(self, days=3):
        self.cluster.create_database(self.name, self.executable, days)
        return self.name

    def start(self, *args):
        app = App(self.executable, self.home, args, log_dir=self.tmp)
        self.apps.append(app)
        return app

    def shot(self, label):
        """A screenshot on the way, kept only when asked for (run.py --shots DIR)."""
        if self.shots:
            screenshot(self.shots / f"{self.name}-{label}.png")

    def fail_screenshot(self):
        return screenshot(self.artifacts / f"{self.name}.png")

    def close(self, keep):
        for app in self.apps:
            app.stop()
        self.cluster.stop()
        if not keep:
            shutil.rmtree(self.tmp, ignore_errors=True)


def dump(node, depth=0, limit=12):
    """The tree below `node`, one line a node (role, name, size): to write a journey."""
    lines = []
    try:
        w, h = size_of(node)
        lines.append(f"{'  ' * depth}{node.getRoleName()} \"{node.name}\" {w}x{h}")
    except Exception as e:
        lines.append(f"{'  ' * depth}? {e}")
    if depth < limit and node.getRoleName() not in _SKIP_BELOW:
        for child in _children(node):
            lines.extend(dump(child, depth + 1, limit))
    return lines
