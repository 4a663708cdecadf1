#!/usr/bin/python3
"""Runs journeys: the real horoscope-admin walked through AT-SPI, as a person would.

    /usr/bin/python3 tests/journeys/run.py build/app/horoscope-admin [journey ...]

Without names it runs them all. It starts a session D-Bus (dbus-run-session), an Xvfb display
and the accessibility bus, unless --visible is given: then the journeys run on $DISPLAY (your
desktop, whose session bus and accessibility bus are used), so you can watch them.
A failed journey leaves a screenshot in --artifacts (default: ./journey-failures)."""

import argparse
import os
import pathlib
import subprocess
import random
import shutil
import sys
import tempfile
import time
import traceback

HERE = pathlib.Path(__file__).resolve().parent


def start_xvfb():
    # A random display far from the usual :0 and :99 (scripts, xvfb-run, other journeys running
    # at the same time); one that is taken or does not stay up is replaced by another.
    for _ in range(10):
        display_number = random.randrange(100, 1000)
        if os.path.exists(f"/tmp/.X{display_number}-lock"):
            continue
        read_end, write_end = os.pipe()
        xvfb = subprocess.Popen(["Xvfb", f":{display_number}", "-displayfd", str(write_end),
                                 "-screen", "0", "1280x800x24", "-nolisten", "tcp",
                                 "-noreset"],  # no reset when the last program goes
                                pass_fds=(write_end,), stderr=subprocess.DEVNULL)
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        if number and xvfb.poll() is None:
            display = f":{number}"
            probe = subprocess.run(["xdotool", "getdisplaygeometry"], capture_output=True,
                                   env=dict(os.environ, DISPLAY=display))
            if probe.returncode == 0 and xvfb.poll() is None:
                os.environ["DISPLAY"] = display
                return xvfb
        xvfb.kill()
        xvfb.wait()
    sys.exit("Xvfb did not start")


def start_accessibility_bus():
    launcher = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        got = subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus",
                              "/org/a11y/bus", "org.a11y.Bus.GetAddress"],
                             capture_output=True, text=True)
        if got.returncode == 0 and "unix:" in got.stdout:
            return launcher
        time.sleep(0.05)
    sys.exit("the accessibility bus did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("executable")
    parser.add_argument("journeys", nargs="*")
    parser.add_argument("--visible", action="store_true",
                        help="run on $DISPLAY instead of a private Xvfb, to watch")
    parser.add_argument("--artifacts", default="journey-failures")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    parser.add_argument("--shots", help="also keep the screenshots a journey takes on its way")
    args = parser.parse_args()
    executable = str(pathlib.Path(args.executable).resolve())

    if not args.visible and "HA_JOURNEY_SESSION" not in os.environ:
        # A private session bus for the program and the accessibility bus.
        os.environ["HA_JOURNEY_SESSION"] = "1"
        # What the bus starts (a keyring, the accessibility bus) keeps its files in here.
        home = tempfile.mkdtemp(prefix="ha-journey-session-")
        os.environ.update({"HOME": home, "XDG_CONFIG_HOME": f"{home}/.config",
                           "XDG_DATA_HOME": f"{home}/.local/share",
                           "XDG_CACHE_HOME": f"{home}/.cache", "XDG_RUNTIME_DIR": home})
        os.execvp("dbus-run-session", ["dbus-run-session", "--", sys.executable,
                                       *sys.argv])

    helpers = []
    if not args.visible:
        helpers.append(start_xvfb())
        helpers.append(start_accessibility_bus())
    sys.path.insert(0, str(HERE))
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    import importlib
    import journey  # after the buses: pyatspi connects on import

    # Journeys live in journeys.py and journeys_<topic>.py, as functions named journey_<name>.
    available = {}
    for path in sorted(HERE.glob("journeys*.py")):
        module = importlib.import_module(path.stem)
        available.update({name[len("journey_"):]: f for name, f in vars(module).items()
                          if name.startswith("journey_") and callable(f)})
    names = args.journeys or list(available)
    failed = []
    for name in names:
        if name not in available:
            sys.exit(f"no journey named {name}; there are: {', '.join(available)}")
        started = time.monotonic()
        j = journey.Journey(name, executable, args.artifacts, args.shots)
        ok = False
        try:
            available[name](j)
            ok = True
        except Exception:
            traceback.print_exc()
            shot = j.fail_screenshot()
            print(f"screenshot: {shot.resolve()}")
            for app in j.apps:
                print(f"-- program output ({app.log}):\n{app.output()}")
        finally:
            j.close(keep=args.keep or not ok)
            if not ok:
                print(f"kept: {j.tmp}")
        print(f"{'PASS' if ok else 'FAIL'} {name} ({time.monotonic() - started:.1f} s)",
              flush=True)
        if not ok:
            failed.append(name)
    for helper in reversed(helpers):
        helper.terminate()
        helper.wait(10)
    if "HA_JOURNEY_SESSION" in os.environ:
        shutil.rmtree(os.environ["HOME"], ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
