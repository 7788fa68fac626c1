#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The window as a screen reader meets it, through a real AT-SPI client.

Usage: check-a11y.py SHOCKPATH CASE.xml

Starts the app (GTK_A11Y=atspi) on CASE.xml on the session bus it is given
(test.sh runs the display suite under dbus-run-session: the bus activates
at-spi2-core's bus launcher and registry), waits for the app's accessible
to appear on the AT-SPI desktop (polled, with a timeout), then walks its
accessible tree with pyatspi and fails on:
  - a focusable, showing control without an accessible name;
  - a flowchart whose accessible does not announce the active step and its
    state ("<step title>, active step"), with the step's criteria in its
    description.
SP_A11Y_DUMP=1 prints every accessible with its role and states (stderr).
Exits 77 (skipped) only when pyatspi cannot be imported at all (Debian:
python3-pyatspi; it needs the system Python, so a Python without it runs
this script again with /usr/bin/python3 first).
"""
import os
import re
import subprocess
import sys
import time

SYSTEM_PYTHON = "/usr/bin/python3"

# The app runs with the test environment's G_DEBUG (fatal-warnings: a GTK
# warning aborts it, and this script reports that); this client does not:
# libatspi warns about objects that go away while it reads the tree.
if "SP_A11Y_APP_G_DEBUG" not in os.environ:
    os.environ["SP_A11Y_APP_G_DEBUG"] = os.environ.get("G_DEBUG", "")
    os.environ["G_DEBUG"] = ",".join(x for x in os.environ.get("G_DEBUG", "").split(",")
                                     if x and x != "fatal-warnings")
    os.execv(sys.executable, [sys.executable] + sys.argv)

try:
    import pyatspi
except ImportError:
    if os.path.exists(SYSTEM_PYTHON) and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON) \
            and not os.environ.get("SP_A11Y_REEXEC"):
        os.environ["SP_A11Y_REEXEC"] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
    print("pyatspi is not available (Debian: python3-pyatspi): skipped", file=sys.stderr)
    sys.exit(77)

TIMEOUT_S = 60          # generous: the sanitizer build starts slowly
POLL_S = 0.1

# Roles of widgets a user operates (a focusable container such as a list
# box row holding an entry is not one).
CONTROL_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_TEXT, pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_LINK, pyatspi.ROLE_IMAGE,
    pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_PAGE_TAB,
    pyatspi.ROLE_SEPARATOR,
}
# Named by their content (ARIA "name from contents"): a list's item or a tab
# reads its labels.
NAME_FROM_CONTENT = {pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_PAGE_TAB}

# GTK 4.8 names a widget without an accessible name after its type
# ("GtkMenuButton"): that is no name for a listener.
TYPE_NAME = re.compile(r"^(Gtk|Adw|Sp)[A-Z][A-Za-z]*$")


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is None:
            continue
        try:
            if app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def walk(node, path, out):
    try:
        role = node.getRole()
        name = node.name or ""
        states = node.getState()
        n = node.childCount
    except Exception:
        return
    out.append((node, path, role, name, states))
    for i in range(n):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            label = (node.name or "")[:24]
            walk(child, path + [f"{node.getRoleName()} {label!r}[{i}]"], out)


def labelled(node):
    try:
        for rel in node.getRelationSet():
            if rel.getRelationType() == pyatspi.RELATION_LABELLED_BY and rel.getNTargets() > 0:
                return any((rel.getTarget(i).name or "").strip() for i in range(rel.getNTargets()))
    except Exception:
        pass
    return False


def end_with_parent():
    """In the app's process: SIGTERM when this script ends, however it ends."""
    try:
        import ctypes
        import signal
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def content_name(node, depth=0):
    """The text of the labels under @node, as a screen reader reads a list
    item."""
    if depth > 6:
        return ""
    try:
        if depth > 0 and node.getRole() == pyatspi.ROLE_LABEL and (node.name or "").strip():
            return node.name
        for i in range(node.childCount):
            text = content_name(node.getChildAtIndex(i), depth + 1)
            if text:
                return text
    except Exception:
        pass
    return ""


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    app_path, case_path = sys.argv[1], sys.argv[2]

    env = dict(os.environ)
    env["GTK_A11Y"] = "atspi"
    env["G_DEBUG"] = env.pop("SP_A11Y_APP_G_DEBUG", "")
    env.pop("SP_A11Y_REEXEC", None)
    env.pop("NO_AT_BRIDGE", None)
    # The app's own messages: a GTK warning aborts it (G_DEBUG=fatal-warnings
    # from the test environment), which this script reports.
    proc = subprocess.Popen([app_path, case_path], env=env, preexec_fn=end_with_parent)
    try:
        return check(proc)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def check(proc):
    deadline = time.monotonic() + TIMEOUT_S
    app = None
    flowchart = None
    nodes = []
    # The app's accessible appears once it is on the bus; its window and the
    # flowchart's announcement once the case is open and evaluated.
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            print(f"the app exited with status {proc.returncode} before it was checked",
                  file=sys.stderr)
            return 1
        if app is None:
            app = find_app(proc.pid)
        if app is not None:
            nodes = []
            walk(app, [app.name or "app"], nodes)
            flowchart = next((n for n in nodes if ", active step" in n[3]), None)
            if flowchart is not None:
                break
        time.sleep(POLL_S)

    if app is None:
        print(f"no accessible for the app (pid {proc.pid}) on the AT-SPI desktop "
              f"within {TIMEOUT_S} s", file=sys.stderr)
        return 1

    problems = []
    if flowchart is None:
        names = [n[3] for n in nodes if n[2] == pyatspi.ROLE_IMAGE]
        problems.append(f"the flowchart does not announce the active step (images: {names})")
    else:
        node, path, role, name, states = flowchart
        description = node.description or ""
        print(f"flowchart: {name!r}; description: {description[:120]!r}...")
        if role != pyatspi.ROLE_IMAGE:
            problems.append(f"the flowchart's role is {node.getRoleName()}, not image")
        if not description.strip():
            problems.append("the flowchart's active step has no description (its criteria)")

    if os.environ.get("SP_A11Y_DUMP"):
        for node, path, role, name, states in nodes:
            print(node.getRoleName(), repr(name),
                  [pyatspi.stateToString(x) for x in states.getStates()], file=sys.stderr)

    n_focusable = 0
    for node, path, role, name, states in nodes:
        # GTK 4.8 sets "visible", not "showing"
        if not (states.contains(pyatspi.STATE_FOCUSABLE) and states.contains(pyatspi.STATE_VISIBLE)):
            continue
        if role not in CONTROL_ROLES:
            continue
        n_focusable += 1
        if (name.strip() and not TYPE_NAME.match(name.strip())) or labelled(node):
            continue
        if role in NAME_FROM_CONTENT and content_name(node):
            continue
        problems.append(f"unnamed focusable {node.getRoleName()} {name!r}: {' > '.join(path[-4:])}")

    print(f"{len(nodes)} accessibles, {n_focusable} focusable controls checked")
    if n_focusable < 10:
        problems.append(f"only {n_focusable} focusable controls found: the tree was not walked")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
