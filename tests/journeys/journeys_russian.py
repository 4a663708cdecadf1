"""Issue 21, parts 10 and 11: the program in Russian on a 1024 x 640 screen.

The runner's Xvfb is 1280 x 800; the window is made 1024 x 640 as a person resizes it. Under a
window manager a window is never narrower than the minimum size it asks for (WM_NORMAL_HINTS),
so that minimum is what a person on a 1024 px screen gets."""

import datetime
import re
import subprocess

import pyatspi

from journey import JourneyFailed, focus, focus_window, keys, press, size_of, text_of, type_text
from journey import wait_for

SCREEN_WIDTH = 1024
WEEKDAYS_RU = ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"]


def _windows(app):
    return subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(app.pid)],
                          capture_output=True, text=True).stdout.split()


def resize_window(app, width, height):
    for window in _windows(app):
        subprocess.run(["xdotool", "windowsize", window, str(width), str(height)], check=True)


def minimum_width(app):
    """The narrowest the program lets its window be: what a window manager keeps it at."""
    widest = 0
    for window in _windows(app):
        hints = subprocess.run(["xprop", "-id", window, "WM_NORMAL_HINTS"], capture_output=True,
                               text=True).stdout
        found = re.search(r"program specified minimum size: (\d+) by (\d+)", hints)
        if found:
            widest = max(widest, int(found.group(1)))
    return widest


def extents(node):
    return node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)


def assert_fits(app, frame, when):
    width, least = size_of(frame)[0], minimum_width(app)
    print(f"{when}: the window is {width} px wide, at least {least} px")
    if width > SCREEN_WIDTH or least > SCREEN_WIDTH:
        raise JourneyFailed(f"{when}: the window is {width} px wide and cannot be narrower than "
                            f"{least} px; the screen is {SCREEN_WIDTH} px")


def assert_status_bar_readable(app, frame):
    """Every text in the status bar is inside the 1024 px window; one that does not fit ends in
    "…" and its accessible name (and tooltip) has all of it."""
    bar = app.find("status bar")
    left = extents(frame).x
    for i in range(bar.childCount):
        label = bar.getChildAtIndex(i)
        if label.getRoleName() != "label" or not label.name.strip():
            continue
        if not label.getState().contains(pyatspi.STATE_SHOWING):
            continue
        box = extents(label)
        print(f'status bar: "{label.name}" at {box.x - left}..{box.x - left + box.width} px')
        if box.width <= 0 or box.x < left or box.x + box.width > left + SCREEN_WIDTH:
            raise JourneyFailed(f'the status bar\'s "{label.name}" is at {box.x - left}..'
                                f"{box.x - left + box.width} px, not within the "
                                f"{SCREEN_WIDTH} px screen")


def type_date(app, field_name, typed):
    field = app.find("spin button", field_name)
    focus(app, field)
    type_text(typed)
    keys("Tab")
    try:
        wait_for(f'"{typed}" in {field_name}', lambda: text_of(field) == typed, 5)
    except JourneyFailed as e:
        raise JourneyFailed(f'{e}; it shows "{text_of(field)}"') from None


def start_russian(j, db):
    """The program in Russian, its window made 1024 x 640."""
    app = j.start("--lang", "ru", "--database-url", j.cluster.url(db))
    frame = app.find("frame", "Horoscope Admin")
    wait_for("the main window on screen", lambda: size_of(frame)[0] > 0)
    resize_window(app, SCREEN_WIDTH, 640)
    wait_for("the window 1024 px wide", lambda: size_of(frame)[0] <= SCREEN_WIDTH, 5)
    return app, frame


def open_first(app):
    focus_window(app)
    keys("F6")
    app.find("label", contains="Загружено строк")
    keys("ctrl+Home")


def custom_range(app, day):
    """Dates › Custom range, and the day typed into both fields as they show dates."""
    focus(app, app.find("text", "Поиск по тексту"))
    keys("shift+Tab")
    app.focused("combo box")
    keys("End")
    app.find("combo box", "Произвольный диапазон")
    typed = day.strftime("%d.%m.%Y")
    type_date(app, "Дата начала", typed)
    type_date(app, "Дата окончания", typed)
    wait_for("the 12 horoscopes of the typed day",
             lambda: app.find("label", contains="Загружено строк", timeout=1).name
             == "Загружено строк: 12 из 12", 10)


def journey_russian_1024(j):
    """Russian, 1024 x 640: a horoscope with a long title open, then a custom date range (two
    more fields): the window stays 1024 px wide, the status bar is readable."""
    db = j.database()
    # The longest title: Scorpio on a Monday (the newest row, so it opens first).
    today = datetime.date.today()
    monday = today + datetime.timedelta(days=7 - today.weekday())
    j.cluster.psql("INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content) VALUES "
                   f"('scorpio', '{monday}', 'Scorpio on {monday}: the stars smile.')", db)
    app, frame = start_russian(j, db)
    open_first(app)
    title = app.find("label", contains="Скорпион — понедельник")
    print(f'title: "{title.name}", {size_of(title)[0]} px')
    j.shot("horoscope")
    assert_fits(app, frame, "with the horoscope open")
    assert_status_bar_readable(app, frame)
    # The editor's count line is there to be read, not squeezed beside the buttons.
    count = wait_for("the character count", lambda: app.find("label", contains="символ"))
    print(f'count: "{count.name}", {size_of(count)[0]} x {size_of(count)[1]} px')
    if size_of(count)[0] < 200 or size_of(count)[1] <= 0:
        raise JourneyFailed(f'the count "{count.name}" is {size_of(count)} px on screen')
    custom_range(app, today - datetime.timedelta(days=1))
    j.shot("custom-range")
    assert_fits(app, frame, "with a custom date range")
    assert_status_bar_readable(app, frame)


def journey_date_typing(j):
    """A date typed into the browser's date fields with its separators is the date shown and
    filtered: 12 horoscopes of that one day."""
    db = j.database()
    app, frame = start_russian(j, db)
    open_first(app)
    custom_range(app, datetime.date.today() - datetime.timedelta(days=1))
    j.shot("typed-range")


def journey_russian_regenerate(j):
    """Regenerate › All signs of this day in Russian: the day is said in the right case."""
    db = j.database()
    app, frame = start_russian(j, db)
    open_first(app)  # today's first sign: its day is the one asked about
    day = datetime.date.today()
    regenerate_menu(app, 1)
    question = app.find("label", contains="для всех 12 знаков")
    print(f'asked: "{question.name}"')
    said = question.name.lower()
    j.shot("question")
    if any(f"на {weekday}" in said for weekday in WEEKDAYS_RU):
        raise JourneyFailed(f'a weekday in the wrong case: "{question.name}"')
    if day.strftime("%Y") not in said:
        raise JourneyFailed(f'the question does not say which day: "{question.name}"')


def regenerate_menu(app, up):
    """Перегенерировать › the item `up` from the bottom (1: Все знаки за этот день…,
    2: Выбранные гороскопы…)."""
    button = app.find("push button", "Перегенерировать")
    for _ in range(12):  # Tab from the list to it, as the keyboard gets there
        if button.getState().contains(pyatspi.STATE_FOCUSED):
            break
        keys("Tab")
    keys("space")  # its menu
    keys(*(["Up"] * up), "Return")


def journey_russian_provider(j):
    """Regenerating the selected horoscope in Russian: the dialog says the provider once."""
    db = j.database()
    app, frame = start_russian(j, db)
    open_first(app)
    regenerate_menu(app, 2)
    provider = app.find("label", contains="Поставщик:")
    print(f'provider: "{provider.name}"')
    j.shot("provider")
    if provider.name.lower().count("демо") != 1 or provider.name.lower().count("офлайн") != 1:
        raise JourneyFailed(f'the provider is said twice: "{provider.name}"')


ENGLISH_DESCRIPTIONS = ["Horoscope cache and view counters", "Keep every previous text",
                        "Trigram index", "History trigger", "Indexes for the browser",
                        "History names the person"]


def journey_russian_migrations(j):
    """The Migrations page in Russian: the descriptions of the shipped migrations are Russian.
    Needs the merged Russian translations (the MigrationDescription strings)."""
    db = j.database()
    app = j.start("--lang", "ru", "--database-url", j.cluster.url(db))
    frame = app.find("frame", "Horoscope Admin")
    wait_for("the main window on screen", lambda: size_of(frame)[0] > 0)
    press(app.find("menu item", "Миграции", showing=False))
    table = app.find("table", "Миграции")

    def descriptions():
        cells = table.queryTable()
        found = [cells.getAccessibleAt(row, 1).name for row in range(cells.nRows)]
        return found if len(found) >= 7 and all(found) else None
    shown = wait_for("the migrations in the table", descriptions, 10)
    j.shot("migrations")
    english = [d for d in shown if any(d.startswith(e) for e in ENGLISH_DESCRIPTIONS)]
    print(f"{len(shown)} descriptions, {len(english)} in English")
    if english:
        raise JourneyFailed(f"{len(english)} of {len(shown)} migration descriptions are English: "
                            + "; ".join(english))
